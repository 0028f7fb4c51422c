import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveRedis, startKv, startRedis, type TestServer } from './servers.js';
import { kvCli, runKvCli, runRedisCli } from './run.js';

// The special modes against kv and against a real Redis 7.0: --pipe, --scan,
// --bigkeys, --memkeys, --hotkeys, --stat, --latency(-history). Where the
// output is deterministic it is compared with redis-cli's byte for byte.

function resp(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** Runs kv-cli until its output satisfies `enough` (or 15 s pass), then SIGINT; resolves with what it printed. */
function runUntil(enough: (out: string) => boolean, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [kvCli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const stop = () => child.kill('SIGINT');
    const timer = setTimeout(stop, 15_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (enough(out)) stop();
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

const servers: { name: string; start: () => Promise<TestServer> }[] = [
  { name: 'kv', start: () => startKv() },
  ...(haveRedis ? [{ name: 'redis', start: () => startRedis() }] : []),
];

for (const { name, start } of servers) {
  describe(`modes against ${name}`, () => {
    let server: TestServer;
    let p: string;
    const cli = (args: string[], stdin?: string) => runKvCli(['-p', p, ...args], { stdin });
    beforeAll(async () => {
      server = await start();
      p = String(server.port);
    });
    afterAll(async () => server?.stop());

    it('--pipe sends everything, counts replies and errors, prints the errors on stderr', async () => {
      await cli(['FLUSHALL']);
      let input = '';
      for (let i = 0; i < 5000; i++) input += resp('SET', `key:${i}`, `value ${i}`);
      input += resp('INCR', 'key:1') + 'PING\r\n' + resp('RPUSH', 'list', 'a', 'b');
      const r = await cli(['--pipe'], input);
      expect(r.out).toBe('All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 1, replies: 5003\n');
      expect(r.err).toBe('ERR value is not an integer or out of range\n');
      expect(r.code).toBe(1);
      expect((await cli(['DBSIZE'])).out).toBe('5001\n');
      expect((await cli(['GET', 'key:4999'])).out).toBe('value 4999\n');
    });

    it('--pipe with a few MB of input and no errors exits 0', async () => {
      await cli(['FLUSHALL']);
      const parts: string[] = [];
      const big = 'x'.repeat(200);
      for (let i = 0; i < 20000; i++) parts.push(resp('HSET', `h:${i % 100}`, `f${i}`, big));
      const r = await cli(['--pipe'], parts.join(''));
      expect(r.out.split('\n').slice(-2)).toEqual(['errors: 0, replies: 20000', '']);
      expect(r.code).toBe(0);
      expect((await cli(['HLEN', 'h:7'])).out).toBe('200\n');
    });

    it('--scan lists every key once; --pattern filters; quoted on a terminal', async () => {
      await cli(['FLUSHALL']);
      let input = '';
      for (let i = 0; i < 300; i++) input += resp('SET', `k:${i}`, 'v');
      for (let i = 0; i < 40; i++) input += resp('SET', `other:${i}`, 'v');
      input += resp('SET', 'k:bin\x01\n', 'v');
      await cli(['--pipe'], input);
      const all = (await cli(['--scan'])).out.split('\n').filter(Boolean);
      // Raw output prints the binary key as it is; its own \n ends its line.
      expect(all.length).toBe(341);
      const ks = (await cli(['--scan', '--pattern', 'k:*'])).out.split('\n').filter(Boolean);
      expect(ks.length).toBe(301);
      expect(new Set(ks)).toEqual(new Set([...Array.from({ length: 300 }, (_, i) => `k:${i}`), 'k:bin\x01']));
      const quoted = (await runKvCli(['-p', p, '--scan', '--pattern', 'k:b*'], { env: { FAKETTY: '1' } })).out;
      expect(quoted).toBe('"k:bin\\x01\\n"\n');
    });

    it('--bigkeys reports the biggest key of each type and a summary', async () => {
      await cli(['FLUSHALL']);
      // 8 keys, 9 bytes of names: an average of exactly 1.125, which C prints as 1.12 (JS's toFixed says 1.13).
      await cli([], ['RPUSH a a b c', 'RPUSH b a b c d e', 'SET c abc', 'SET dd abcdefgh', 'HSET e f v', 'SADD f a b', 'ZADD g 1 a', 'SET h 1'].join('\n') + '\n');
      const r = await cli(['--bigkeys']);
      expect(r.code).toBe(0);
      expect(r.out).toContain("Biggest   list found '\"b\"' has 5 items\n");
      expect(r.out).toContain("Biggest string found '\"dd\"' has 8 bytes\n");
      expect(r.out).toContain('Sampled 8 keys in the keyspace!\nTotal key length in bytes is 9 (avg len 1.12)\n');
      expect(r.out).toContain('2 lists with 8 items (25.00% of keys, avg size 4.00)\n');
      expect(r.out).toContain('3 strings with 12 bytes (37.50% of keys, avg size 4.00)\n');
      expect(r.out).toContain('0 streams with 0 entries (00.00% of keys, avg size 0.00)\n');
      expect(r.out).toMatch(/^\[00\.00%\] Biggest (list|hash|string|set|zset) +found so far/m);
    });

    it('--stat prints a header and one line per interval with the key count', async () => {
      await cli(['FLUSHALL']);
      await cli(['MSET', 'a', '1', 'b', '2', 'c', '3']);
      const started = Date.now();
      const out = await runUntil((o) => o.split('\n').length >= 6, ['-p', p, '--stat', '-i', '0.2']);
      // Three lines are two intervals apart at least.
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      const lines = out.split('\n');
      expect(lines[0]).toBe('------- data ------ --------------------- load -------------------- - child -');
      expect(lines[1]).toBe('keys       mem      clients blocked requests            connections          ');
      expect(lines.length).toBeGreaterThanOrEqual(5);
      for (const l of lines.slice(2, -1)) expect(l).toMatch(/^3 {10}\d+(\.\d\d[KMG]|B) *\s\d+ +\d+ +\d+ \(\+\d+\) +\s\d+ *$/);
      expect(lines[2]).toMatch(/ \(\+0\) /);
    });

    it('--latency with --raw samples for -i seconds and prints one line; --csv too', async () => {
      const started = Date.now();
      const raw = await cli(['--latency', '--raw', '-i', '0.3']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(raw.code).toBe(0);
      expect(raw.out).toMatch(/^\d+ \d+ \d+\.\d\d \d+\n$/);
      expect(Number(raw.out.trim().split(' ')[3])).toBeGreaterThan(5);
      const csv = await cli(['--latency', '--csv', '-i', '0.2']);
      expect(csv.out).toMatch(/^\d+,\d+,\d+\.\d\d,\d+\n$/);
    });

    it('--latency-history starts a new range every -i seconds', async () => {
      const out = await runUntil((o) => o.split('seconds range').length >= 3, ['-p', p, '--latency-history', '-i', '0.3', '--no-raw']);
      const ranges = out.split('\n').filter((l) => l.includes('seconds range'));
      expect(ranges.length).toBeGreaterThanOrEqual(2);
      for (const r of ranges) expect(r).toMatch(/min: \d+, max: \d+, avg: \d+\.\d\d \(\d+ samples\) -- 0\.[3-9]\d seconds range$/);
    });
  });
}

describe.skipIf(!haveRedis)('modes byte for byte like redis-cli (real Redis)', () => {
  let redis: TestServer;
  let p: string;
  beforeAll(async () => {
    redis = await startRedis(['--maxmemory-policy', 'allkeys-lfu']);
    p = String(redis.port);
    const setup = ['RPUSH biglist a b c d', 'SET str1 hello', 'SET "str 2" "hello world"', 'HSET h f v f2 v2', 'ZADD z 1 a', 'SADD s1 a b c', 'XADD st 1-1 f v'];
    for (let i = 0; i < 30; i++) setup.push(`SET n:${i} ${'v'.repeat(i)}`);
    for (let i = 0; i < 10; i++) setup.push('GET n:5');
    await runRedisCli(['-p', p], { stdin: setup.join('\n') + '\n' });
  });
  afterAll(async () => redis?.stop());

  // redis-cli lists the per-type summary in its hash table's order, which depends on its own rehashing, and
  // SCAN's batches (so the progress percentages and their order) change while the server rehashes: compare
  // those parts as sets of lines, without the percentages.
  const normalise = (s: string) => {
    const [head = '', summary = ''] = s.split('-------- summary -------');
    const lines = (b: string) => b.split('\n').map((l) => l.replace(/^\[\d\d\.\d\d%\] /, '[%] ')).sort().join('\n');
    return [lines(head), ...summary.split('\n\n').map(lines)];
  };

  for (const mode of [['--bigkeys'], ['--memkeys'], ['--memkeys-samples', '2'], ['--bigkeys', '--pattern', 'n:1*'], ['--hotkeys']]) {
    it(mode.join(' '), async () => {
      const theirs = await runRedisCli(['-p', p, ...mode]);
      const ours = await runKvCli(['-p', p, ...mode]);
      expect(ours.code).toBe(theirs.code);
      expect(ours.err).toBe(theirs.err);
      expect(normalise(ours.out)).toEqual(normalise(theirs.out));
    });
  }

  it('--scan and --scan --pattern', async () => {
    for (const mode of [['--scan'], ['--scan', '--pattern', 'n:2*'], ['--scan', '--quoted-pattern', '"n:1*"']]) {
      const theirs = await runRedisCli(['-p', p, ...mode]);
      expect(theirs.out.length).toBeGreaterThan(10);
      expect((await runKvCli(['-p', p, ...mode])).out).toBe(theirs.out);
    }
  });

  it('--pipe', async () => {
    const input = resp('SET', 'p1', 'x') + resp('INCR', 'p1') + resp('LPUSH', 'p2', 'a') + 'PING\r\n' + resp('GET', 'p1');
    const theirs = await runRedisCli(['-p', p, '--pipe'], { stdin: input });
    const ours = await runKvCli(['-p', p, '--pipe'], { stdin: input });
    expect({ out: ours.out, err: ours.err, code: ours.code }).toEqual({ out: theirs.out, err: theirs.err, code: theirs.code });
  });
});
