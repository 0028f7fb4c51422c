import { decodeRdb, encodeRdb, type RdbKey, type RdbKeyInput } from '@kv/persistence';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTo, startTestServer } from './fixture.js';

// dump.rdb: SAVE/BGSAVE write what real Redis reads, start-up loads it back,
// and a BGSAVE is the dataset at the moment it started, whatever clients do
// while its slices run.

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'kv-rdb-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function keysOf(file: string): Map<string, RdbKey> {
  const out = new Map<string, RdbKey>();
  for (const item of decodeRdb(readFileSync(file))) if (item.kind === 'key') out.set(`${item.db}:${item.key}`, item);
  return out;
}

async function waitForBgsave(conn: Awaited<ReturnType<typeof connectTo>>): Promise<void> {
  for (;;) {
    const info = String(await conn.call('INFO', 'persistence'));
    if (info.includes('rdb_bgsave_in_progress:0')) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('RDB persistence', () => {
  it('SAVE writes every type, and a restart loads it back with TTLs', async () => {
    const dir = tempDir();
    const a = await startTestServer({ dir });
    const c = await connectTo(a);
    await c.pipeline([
      ['SET', 's', 'hello'], ['SET', 'n', '12345'], ['SET', 'ttl', 'v', 'PX', '100000'], ['RPUSH', 'l', 'a', 'b'],
      ['SADD', 'si', '1', '2'], ['SADD', 'ss', 'x'], ['HSET', 'h', 'f', 'v'], ['ZADD', 'z', '1.5', 'm'],
      ['SELECT', '5'], ['SET', 'in5', 'x'], ['SELECT', '0'],
    ]);
    const before = (await c.call('LASTSAVE')) as number;
    expect(await c.call('SAVE')).toEqual({ value: 'OK' });
    expect((await c.call('LASTSAVE')) as number).toBeGreaterThanOrEqual(before);
    expect(String(await c.call('INFO', 'persistence'))).toMatch(/rdb_changes_since_last_save:0\r\n/);
    c.close();
    await a.close();

    const b = await startTestServer({ dir });
    const d = await connectTo(b);
    expect(await d.pipeline([
      ['GET', 's'], ['OBJECT', 'ENCODING', 'n'], ['LRANGE', 'l', '0', '-1'], ['OBJECT', 'ENCODING', 'si'],
      ['HGET', 'h', 'f'], ['ZSCORE', 'z', 'm'], ['DBSIZE'],
    ])).toEqual(['hello', 'int', ['a', 'b'], 'intset', 'v', '1.5', 8]);
    expect((await d.call('PTTL', 'ttl')) as number).toBeGreaterThan(90000);
    await d.call('SELECT', '5');
    expect(await d.call('GET', 'in5')).toBe('x');
    expect(String(await d.call('INFO', 'persistence'))).toMatch(/rdb_last_load_keys_loaded:9\r\n/);
    d.close();
    await b.close();
  });

  it('BGSAVE holds the dataset as it was when it started, while writes go on', async () => {
    const dir = tempDir();
    const server = await startTestServer({ dir });
    const c = await connectTo(server);
    const n = 60_000;
    for (let i = 0; i < n; i += 1000) {
      await c.pipeline(Array.from({ length: 1000 }, (_, k) => ['SET', `key:${i + k}`, `v${i + k}`]));
    }
    await c.pipeline([['HSET', 'big', 'f', 'old'], ['RPUSH', 'list', 'a'], ['SET', 'gone', 'x'], ['SET', 'ttl', 'v']]);
    // One pipeline: the snapshot starts, then these run between its slices.
    const replies = await c.pipeline([
      ['BGSAVE'],
      ['SET', `key:${n - 1}`, 'changed'], ['HSET', 'big', 'f', 'new'], ['RPUSH', 'list', 'b'], ['DEL', 'gone'],
      ['EXPIRE', 'ttl', '1000'], ['SET', 'created', 'after'], ['DEL', 'key:0'], ['SET', 'key:0', 'again'],
      ['INFO', 'persistence'],
    ]);
    expect(replies[0]).toEqual({ value: 'Background saving started' });
    expect(String(replies[replies.length - 1])).toMatch(/rdb_bgsave_in_progress:1/);
    expect(await c.call('BGSAVE')).toMatchObject({ message: 'ERR Background save already in progress' });
    await waitForBgsave(c);
    expect(String(await c.call('INFO', 'persistence'))).toMatch(/rdb_last_bgsave_status:ok/);

    const keys = keysOf(path.join(dir, 'dump.rdb'));
    expect(keys.size).toBe(n + 4);
    expect(keys.get(`0:key:${n - 1}`)?.value).toBe(`v${n - 1}`);
    expect(keys.get('0:key:0')?.value).toBe('v0');
    expect(keys.get('0:big')?.value).toEqual(new Map([['f', 'old']]));
    expect(keys.get('0:list')?.value).toEqual(['a']);
    expect(keys.get('0:gone')?.value).toBe('x');
    expect(keys.get('0:ttl')?.expireAt).toBe(-1);
    expect(keys.has('0:created')).toBe(false);
    // The live data kept every write.
    expect(await c.pipeline([['HGET', 'big', 'f'], ['GET', 'created'], ['GET', 'key:0']])).toEqual(['new', 'after', 'again']);
    c.close();
    await server.close();
  }, 60_000);

  it('FLUSHALL stops a BGSAVE and, with save points set, saves the empty dataset', async () => {
    const dir = tempDir();
    const server = await startTestServer({ dir, save: '3600 1' });
    const c = await connectTo(server);
    await c.pipeline(Array.from({ length: 5000 }, (_, i) => ['SET', `k${i}`, 'v']));
    expect(await c.pipeline([['BGSAVE'], ['FLUSHALL'], ['INFO', 'persistence']])).toMatchObject([
      { value: 'Background saving started' }, { value: 'OK' }, expect.stringMatching(/rdb_bgsave_in_progress:0/),
    ]);
    expect(keysOf(path.join(dir, 'dump.rdb')).size).toBe(0);
    c.close();
    await server.close();
  });

  it('DEBUG RELOAD saves, empties and loads the dataset back', async () => {
    const dir = tempDir();
    const server = await startTestServer({ dir, 'enable-debug-command': 'yes' });
    const c = await connectTo(server);
    await c.pipeline([['SET', 'a', '1'], ['ZADD', 'z', '2', 'm'], ['SET', 't', 'v', 'PX', '100000']]);
    expect(await c.call('DEBUG', 'RELOAD')).toEqual({ value: 'OK' });
    expect(await c.pipeline([['GET', 'a'], ['ZSCORE', 'z', 'm'], ['DBSIZE']])).toEqual(['1', '2', 3]);
    expect((await c.call('PTTL', 't')) as number).toBeGreaterThan(90000);
    expect(await c.call('DEBUG', 'RELOAD', 'BOGUS')).toMatchObject({ message: 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.' });
    c.close();
    await server.close();
  });

  /** A directory holding a dump.rdb of `keys`. */
  function dirWith(keys: RdbKeyInput[]): string {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dump.rdb'), encodeRdb(keys));
    return dir;
  }

  it('start-up refuses a file that holds a key twice, as Redis does, naming the key', async () => {
    const dir = dirWith([{ key: 'a', type: 'string', value: '1' }, { key: 'b', type: 'string', value: '2' }, { key: 'a', type: 'string', value: '3' }]);
    await expect(startTestServer({ dir })).rejects.toThrow(/RDB has duplicated key 'a' in DB 0/);
  });

  it('start-up gives loaded keys the idle time or frequency the file gives, under the policy that keeps each', async () => {
    const keys: RdbKeyInput[] = [
      { key: 'idle', type: 'string', value: 'x'.repeat(30), lruIdle: 5000 },
      { key: 'hot', type: 'set', value: new Set(['a', 'b']), lfuFreq: 77 },
      { key: 'plain', type: 'string', value: 'y'.repeat(30) },
      { key: 'big', type: 'hash', value: new Map(Array.from({ length: 1000 }, (_, i) => [`f${i}`, `v${i}`])) },
    ];
    const lru = await startTestServer({ dir: dirWith(keys), 'maxmemory-policy': 'allkeys-lru' });
    const c = await connectTo(lru);
    const idle = (await c.call('OBJECT', 'IDLETIME', 'idle')) as number;
    expect(idle).toBeGreaterThanOrEqual(5000);
    expect(idle).toBeLessThan(5010);
    // No IDLE in the file: idle since the load.
    expect((await c.call('OBJECT', 'IDLETIME', 'plain')) as number).toBeLessThanOrEqual(2);
    expect((await c.call('OBJECT', 'IDLETIME', 'big')) as number).toBeLessThanOrEqual(2);
    // Read, it is fresh again; the others keep theirs.
    await c.call('GET', 'idle');
    expect((await c.call('OBJECT', 'IDLETIME', 'idle')) as number).toBeLessThanOrEqual(1);
    expect(await c.pipeline([['OBJECT', 'ENCODING', 'big'], ['HLEN', 'big'], ['HGET', 'big', 'f999']])).toEqual(['hashtable', 1000, 'v999']);
    c.close();
    await lru.close();

    const lfu = await startTestServer({ dir: dirWith(keys), 'maxmemory-policy': 'allkeys-lfu' });
    const d = await connectTo(lfu);
    expect(await d.call('OBJECT', 'FREQ', 'hot')).toBe(77);
    // Without FREQ in the file: LFU_INIT_VAL, as createObject sets it.
    expect(await d.call('OBJECT', 'FREQ', 'plain')).toBe(5);
    await d.call('GET', 'plain');
    expect((await d.call('OBJECT', 'FREQ', 'plain')) as number).toBeGreaterThanOrEqual(5);
    d.close();
    await lfu.close();
  });

  const redisInstalled = spawnSync('redis-check-rdb', ['--version']).status !== null && spawnSync('redis-server', ['--version']).status === 0;
  it.runIf(redisInstalled)('redis-check-rdb accepts what SAVE writes', async () => {
    const dir = tempDir();
    const server = await startTestServer({ dir });
    const c = await connectTo(server);
    await c.pipeline([['SET', 'a', '1'], ['ZADD', 'z', '1', 'x'], ['HSET', 'h', 'f', 'v'], ['SAVE']]);
    c.close();
    await server.close();
    const check = spawnSync('redis-check-rdb', [path.join(dir, 'dump.rdb')], { encoding: 'utf8' });
    expect(check.stdout).toContain('RDB looks OK!');
  });
});
