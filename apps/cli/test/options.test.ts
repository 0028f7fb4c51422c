import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveRedis, startKv, startRedis, type TestServer } from './servers.js';
import { runKvCli, runRedisCli, type RunResult } from './run.js';

// redis-cli's connection and command options, against kv and a real Redis:
// -n, -a/--pass, --user, -u URL, REDISCLI_AUTH, -x, -r/-i, -e, --eval,
// --quoted-input and commands piped on standard input.

const WARNING = "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n";

const servers: { name: string; start: (flags: Record<string, string>) => Promise<TestServer> }[] = [
  { name: 'kv', start: (f) => startKv(f) },
  ...(haveRedis ? [{ name: 'redis', start: (f: Record<string, string>) => startRedis(Object.entries(f).flatMap(([k, v]) => [`--${k}`, v])) }] : []),
];

for (const { name, start } of servers) {
  describe(`options against ${name}`, () => {
    let server: TestServer;
    let secured: TestServer;
    let p: string;
    const cli = (args: string[], stdin?: string, env?: Record<string, string>) => runKvCli(['-p', p, ...args], { stdin, env });
    beforeAll(async () => {
      server = await start({});
      secured = await start({ requirepass: 's3cret' });
      p = String(server.port);
    });
    afterAll(async () => {
      await server?.stop();
      await secured?.stop();
    });

    it('-n selects the database for the command', async () => {
      await cli(['FLUSHALL']);
      expect((await cli(['-n', '3', 'SET', 'k', 'in three'])).out).toBe('OK\n');
      expect((await cli(['GET', 'k'])).out).toBe('\n');
      expect((await cli(['-n', '3', 'GET', 'k'])).out).toBe('in three\n');
      const bad = await cli(['-n', '99', 'PING']);
      expect(bad.err).toBe('SELECT 99 failed: ERR DB index is out of range\n');
      expect(bad.out).toBe('PONG\n');
    });

    it('-u redis://host:port/db', async () => {
      expect((await runKvCli(['-u', `redis://127.0.0.1:${p}/3`, 'GET', 'k'])).out).toBe('in three\n');
      const r = await runKvCli(['-u', 'redis2://x']);
      expect(r.err).toBe('Invalid URI scheme\n');
      expect(r.code).toBe(1);
    });

    it('-a / --pass / REDISCLI_AUTH / -u with a password', async () => {
      const sp = String(secured.port);
      const noauth = await runKvCli(['-p', sp, 'PING']);
      expect(noauth.out).toBe('NOAUTH Authentication required.\n\n');
      const ok = await runKvCli(['-p', sp, '-a', 's3cret', 'PING']);
      expect({ out: ok.out, err: ok.err }).toEqual({ out: 'PONG\n', err: WARNING });
      expect((await runKvCli(['-p', sp, '--pass', 's3cret', '--no-auth-warning', 'PING'])).err).toBe('');
      expect((await runKvCli(['-p', sp, 'PING'], { env: { REDISCLI_AUTH: 's3cret' } })).out).toBe('PONG\n');
      expect((await runKvCli(['-u', `redis://s3cret@127.0.0.1:${sp}`, 'PING'])).out).toBe('PONG\n');
      const wrong = await runKvCli(['-p', sp, '-a', 'nope', '--no-auth-warning', 'PING']);
      expect(wrong.err).toMatch(/^AUTH failed: WRONGPASS invalid username-password pair/);
      expect(wrong.out).toBe('NOAUTH Authentication required.\n\n');
    });

    it('AUTH typed in piped input keeps the selected database', async () => {
      const sp = String(secured.port);
      const r = await runKvCli(['-p', sp, '-n', '0'], { stdin: 'AUTH s3cret\nSELECT 4\nSET a b\nAUTH s3cret\nGET a\n' });
      expect(r.out).toBe('OK\nOK\nOK\nOK\nb\n');
    });

    it('-x sends standard input, bytes unchanged, as the last argument', async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const set = await runKvCli(['-p', p, '-x', 'SET', 'blob'], { stdin: bytes });
      expect(set.out).toBe('OK\n');
      const got = await runKvCli(['-p', p, 'GET', 'blob']);
      expect(got.stdout.subarray(0, 256).equals(bytes)).toBe(true);
      expect(got.stdout.length).toBe(257);
      expect((await cli(['STRLEN', 'blob'])).out).toBe('256\n');
    });

    it('-r repeats and -i waits between repeats', async () => {
      await cli(['DEL', 'n']);
      const started = Date.now();
      const r = await cli(['-r', '4', '-i', '0.1', 'INCR', 'n']);
      expect(r.out).toBe('1\n2\n3\n4\n');
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect((await cli(['-r', '0', 'INCR', 'n'])).out).toBe('');
      expect((await cli(['--no-raw', '-r', '2', 'INCR', 'n'])).out).toBe('(integer) 5\n(integer) 6\n');
    });

    it('-e exits 1 on an error reply and prints it on stderr', async () => {
      const r = await cli(['-e', 'INCR', 'blob']);
      expect({ code: r.code, out: r.out, err: r.err }).toEqual({ code: 1, out: '', err: 'ERR value is not an integer or out of range\n' });
      expect((await cli(['INCR', 'blob'])).code).toBe(0);
    });

    it('piped commands run one by one, with quoting, SELECT and quit', async () => {
      const stdin = 'SET "a b" "x y"\r\nGET "a b"\nSELECT 5\nSET k five\nGET k\nGET "unbalanced\n\nquit\nGET k\n';
      const r = await cli([], stdin);
      expect(r.out).toBe('OK\nx y\nOK\nOK\nfive\nInvalid argument(s)\n');
      expect((await cli(['-n', '5', 'GET', 'k'])).out).toBe('five\n');
      const last = await cli([], 'PING\nECHO "no newline at the end"');
      expect(last.out).toBe('PONG\nno newline at the end\n');
    });

    it('--quoted-input unquotes every argument', async () => {
      expect((await cli(['--quoted-input', 'SET', '"q\\x00k"', '"v\\n"'])).out).toBe('OK\n');
      expect((await cli(['--no-raw', '--quoted-input', 'GET', '"q\\x00k"'])).out).toBe('"v\\n"\n');
      expect((await cli(['--no-raw', 'GET', 'q\\x00k'])).out).toBe('(nil)\n');
      const bad = await cli(['--quoted-input', 'GET', '"x']);
      expect(bad.out).toBe('Invalid quoted string\n');
    });

    it('connection refused, unknown options, --help, --version', async () => {
      const refused = await runKvCli(['-p', '1', 'PING']);
      expect({ code: refused.code, err: refused.err }).toEqual({ code: 1, err: 'Could not connect to Redis at 127.0.0.1:1: Connection refused\n' });
      const unknown = await runKvCli(['--frobnicate']);
      expect({ code: unknown.code, err: unknown.err }).toEqual({ code: 1, err: "Unrecognized option or bad number of args for: '--frobnicate'\n" });
      const help = await runKvCli(['--help']);
      expect(help.code).toBe(1);
      expect(help.err).toContain('Usage: kv-cli [OPTIONS] [cmd [arg [arg ...]]]');
      expect((await runKvCli(['-v'])).out).toMatch(/^kv-cli \d+\.\d+\.\d+\n$/);
    });
  });
}

describe.skipIf(!haveRedis)('options only a real Redis can check (ACL users, EVAL)', () => {
  let redis: TestServer;
  let p: string;
  let dir: string;
  const both = async (args: string[], stdin?: string): Promise<[RunResult, RunResult]> => [
    await runRedisCli(args, { stdin }),
    await runKvCli(args, { stdin }),
  ];
  const same = ([theirs, ours]: [RunResult, RunResult]) => expect({ out: ours.out, err: ours.err, code: ours.code }).toEqual({ out: theirs.out, err: theirs.err, code: theirs.code });

  beforeAll(async () => {
    redis = await startRedis(['--requirepass', 'adminpw']);
    p = String(redis.port);
    dir = mkdtempSync(path.join(tmpdir(), 'kv-cli-eval-'));
    await runRedisCli(['-p', p, '-a', 'adminpw', '--no-auth-warning', 'ACL', 'SETUSER', 'bob', 'on', '>bob pw', '+@all', '~*']);
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--user with --pass or -a authenticates as an ACL user', async () => {
    same(await both(['-p', p, '--user', 'bob', '--pass', 'bob pw', 'ACL', 'WHOAMI']));
    same(await both(['-p', p, '--user', 'bob', '-a', 'wrong', 'ACL', 'WHOAMI']));
    same(await both(['-u', `redis://bob:bob%20pw@127.0.0.1:${p}/2`, 'ACL', 'WHOAMI']));
    same(await both(['-u', `redis://bob:bob%2@127.0.0.1:${p}`, 'PING']));
    const [, ours] = await both(['-p', p, '--user', 'bob', '--pass', 'bob pw', 'ACL', 'WHOAMI']);
    expect(ours.out).toBe('bob\n');
  });

  it('--eval file keys , args', async () => {
    const file = path.join(dir, 'script.lua');
    writeFileSync(file, "return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}\n");
    for (const mode of [[], ['--no-raw']]) {
      same(await both(['-p', p, '-a', 'adminpw', '--no-auth-warning', ...mode, '--eval', file, 'k1', 'k2', ',', 'a1', 'a2']));
      same(await both(['-p', p, '-a', 'adminpw', '--no-auth-warning', ...mode, '--eval', file, 'only', 'keys']));
    }
    same(await both(['-p', p, '-a', 'adminpw', '--no-auth-warning', '--eval', path.join(dir, 'missing.lua')]));
  });

  it('-s connects through a Unix socket', async () => {
    const sock = path.join(dir, 'redis.sock');
    const viaSocket = await startRedis(['--unixsocket', sock, '--unixsocketperm', '700']);
    try {
      same(await both(['-s', sock, 'PING']));
      const [, ours] = await both(['-s', sock, 'ECHO', 'over the socket']);
      expect(ours.out).toBe('over the socket\n');
      same(await both(['-s', path.join(dir, 'nothing.sock'), 'PING']));
    } finally {
      await viaSocket.stop();
    }
  });

  it('HELLO 3 failing with -3 is reported and the session goes on in RESP2', async () => {
    same(await both(['-p', p, '-3', 'PING']));
  });
});
