import type { RespConnection } from '@kv/client';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTo, startTestServer } from './fixture.js';
import { haveRedis, startRedis, stopRedis } from './real-redis.js';

// Files move between kv and Debian's real Redis 7.0 in both directions: a
// dump.rdb and an appendonlydir written by one are loaded by the other with
// the same data, key by key. Skipped where redis-server is not installed.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'kv-interop-'));
  dirs.push(d);
  return d;
}

/** Writes one key of each type and encoding, in two databases, some with TTLs. */
async function fill(conn: RespConnection): Promise<void> {
  const long = 'x'.repeat(100);
  await conn.pipeline([
    ['SET', 'str', 'hello'], ['SET', 'int', '-12345'], ['SET', 'big', 'y'.repeat(5000)], ['SET', 'ttl', 'v', 'PX', '500000'],
    ['RPUSH', 'list', 'a', '1', long], ['SADD', 'intset', '3', '1', '2'], ['SADD', 'set', 'a', long],
    ['HSET', 'hash', 'f', 'v', 'n', '1'], ['HSET', 'bighash', 'f', long], ['ZADD', 'zset', '1.5', 'a', '-inf', 'b'],
    ['ZADD', 'bigzset', '2', long], ['SELECT', '7'], ['SET', 'in7', 'seven'], ['SELECT', '0'],
  ]);
}

/** Everything readable about the keys `fill` wrote. */
async function read(conn: RespConnection): Promise<unknown[]> {
  const out = await conn.pipeline([
    ['DBSIZE'], ['GET', 'str'], ['GET', 'int'], ['STRLEN', 'big'], ['GET', 'ttl'], ['LRANGE', 'list', '0', '-1'],
    ['SORT', 'intset'], ['SORT', 'set', 'ALPHA'], ['HGET', 'hash', 'f'], ['HGET', 'hash', 'n'], ['HGET', 'bighash', 'f'],
    ['ZRANGE', 'zset', '0', '-1', 'WITHSCORES'], ['ZRANGE', 'bigzset', '0', '-1', 'WITHSCORES'],
    ['OBJECT', 'ENCODING', 'intset'], ['OBJECT', 'ENCODING', 'set'], ['OBJECT', 'ENCODING', 'hash'], ['OBJECT', 'ENCODING', 'bighash'],
    ['OBJECT', 'ENCODING', 'zset'], ['OBJECT', 'ENCODING', 'bigzset'], ['OBJECT', 'ENCODING', 'int'],
    ['SELECT', '7'], ['GET', 'in7'], ['SELECT', '0'],
  ]);
  const pttl = (await conn.call('PTTL', 'ttl')) as number;
  return [...out, pttl > 400000 && pttl <= 500000];
}

describe.runIf(haveRedis)('files shared with Redis 7.0', () => {
  it('a dump.rdb written by kv loads into Redis, and one written by Redis loads into kv', async () => {
    const dir = tempDir();
    const kv = await startTestServer({ dir });
    const c = await connectTo(kv);
    await fill(c);
    const expected = await read(c);
    await c.call('SAVE');
    c.close();
    await kv.close();

    const redis = await startRedis(dir, []);
    expect(await read(redis.conn)).toEqual(expected);
    await redis.conn.call('SET', 'written-by', 'redis');
    await redis.conn.call('SAVE');
    await stopRedis(redis);

    const back = await startTestServer({ dir });
    const d = await connectTo(back);
    expect(await d.call('GET', 'written-by')).toBe('redis');
    await d.call('DEL', 'written-by');
    expect(await read(d)).toEqual(expected);
    d.close();
    await back.close();
  });

  it('an appendonlydir written by kv loads into Redis, and one written by Redis loads into kv', async () => {
    const dir = tempDir();
    const kv = await startTestServer({ dir, appendonly: 'yes' });
    const c = await connectTo(kv);
    await fill(c);
    // Writes propagated with rewrites: relative expiry, SPOP, INCRBYFLOAT.
    await c.pipeline([['EXPIRE', 'str', '100000'], ['INCRBYFLOAT', 'fl', '1.5'], ['SADD', 'pop', 'only'], ['SPOP', 'pop']]);
    const expected = await read(c);
    expect(await c.call('GET', 'fl')).toBe('1.5');
    c.close();
    await kv.close();
    const check = spawnSync('redis-check-aof', [path.join(dir, 'appendonlydir', 'appendonly.aof.manifest')], { encoding: 'utf8' });
    expect(check.stdout).toContain('All AOF files and manifest are valid');

    const redis = await startRedis(dir, ['--appendonly', 'yes']);
    expect(await read(redis.conn)).toEqual(expected);
    expect(await redis.conn.call('GET', 'fl')).toBe('1.5');
    expect((await redis.conn.call('TTL', 'str')) as number).toBeGreaterThan(90000);
    await redis.conn.call('SET', 'written-by', 'redis');
    await redis.conn.call('BGREWRITEAOF');
    await new Promise((r) => setTimeout(r, 500));
    await redis.conn.call('SET', 'after-rewrite', '1');
    await stopRedis(redis);

    const back = await startTestServer({ dir, appendonly: 'yes' });
    const d = await connectTo(back);
    expect(await d.pipeline([['GET', 'written-by'], ['GET', 'after-rewrite'], ['GET', 'fl']])).toEqual(['redis', '1', '1.5']);
    await d.pipeline([['DEL', 'written-by'], ['DEL', 'after-rewrite']]);
    expect(await read(d)).toEqual(expected);
    d.close();
    await back.close();
  });
});
