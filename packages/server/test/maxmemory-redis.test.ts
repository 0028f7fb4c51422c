import { RespConnection } from '@kv/client';
import { afterEach, describe, expect, it } from 'vitest';
import { connectTo } from './fixture.js';
import { haveRedis } from './real-redis.js';
import { useRedisBesideKv } from './redis-beside-kv.js';

// maxmemory against a live Redis 7.0.15: the same commands to both, the same
// replies expected (error texts to the letter), and the LFU counter's growth
// compared on the same access sequences.

describe.runIf(haveRedis)('maxmemory against a real Redis 7.0', () => {
  const servers = useRedisBesideKv('kv-maxmemory-');
  afterEach(async () => {
    for (const conn of [servers.redis.conn, servers.kvConn]) {
      await conn.pipeline([
        ['CONFIG', 'SET', 'maxmemory', '0'], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
        ['CONFIG', 'SET', 'lfu-decay-time', '1'], ['CONFIG', 'SET', 'lfu-log-factor', '10'], ['FLUSHALL'], ['CONFIG', 'RESETSTAT'],
      ]);
    }
  });

  /**
   * Runs the commands on both, one after the other; expects the same replies.
   * OBJECT IDLETIME within 1: Redis's LRU clock is refreshed by its cron, kv's per command.
   */
  async function same(commands: string[][]): Promise<void> {
    for (const cmd of commands) {
      const [r, k] = await Promise.all([servers.redis.conn.call(...cmd), servers.kvConn.call(...cmd)]);
      if (cmd[1] === 'IDLETIME' && typeof r === 'number') {
        expect(typeof k, cmd.join(' ')).toBe('number');
        expect(Math.abs((k as number) - r), cmd.join(' ')).toBeLessThanOrEqual(1);
      } else expect(k, cmd.join(' ')).toEqual(r);
    }
  }
  const words = (lines: string) => lines.trim().split('\n').map((l) => l.trim().split(' '));

  it('noeviction over the limit: -OOM for every denyoom command, the rest as usual', async () => {
    await same(words(`
      SET k v
      RPUSH l a b
      HSET h f v
      CONFIG SET maxmemory-policy noeviction
      CONFIG SET maxmemory 1
      SET a b
      SETNX a b
      SETEX a 10 b
      MSET a b c d
      APPEND k x
      SETRANGE k 0 x
      INCR n
      INCRBYFLOAT n 1.5
      LPUSH l x
      RPUSHX l x
      LINSERT l BEFORE a x
      LSET l 0 x
      HSET h f2 v
      HINCRBY h n 1
      SADD s m
      ZADD z 1 m
      PFADD p a
      COPY k k2
      BITFIELD k SET u8 0 1
      GETSET k v2
      GET k
      LRANGE l 0 -1
      HGETALL h
      EXISTS k l h
      TTL k
      EXPIRE k 100
      PERSIST k
      LPOP l
      HDEL h f
      RENAME k k3
      DEL k3 l
      DBSIZE
      OBJECT ENCODING h
      CONFIG SET maxmemory 0
      SET a b
      GET a
    `));
    const [r, k] = await Promise.all([servers.redis.conn.call('INFO', 'stats'), servers.kvConn.call('INFO', 'stats')]);
    const evicted = (info: unknown) => /evicted_keys:(\d+)/.exec(String(info))![1];
    expect(evicted(k)).toBe(evicted(r));
  });

  it('inside MULTI everything but EXEC/DISCARD is refused, and EXEC of a queued write aborts', async () => {
    // A second connection on each side changes maxmemory while the first is queuing.
    const redisPort = Number(((await servers.redis.conn.call('CONFIG', 'GET', 'port')) as string[])[1]);
    const [redis2, kv2] = await Promise.all([RespConnection.connect({ port: redisPort }), connectTo(servers.kv)]);
    try {
      const both = async (first: boolean, ...cmd: string[]) => {
        const [r, k] = first
          ? await Promise.all([servers.redis.conn.call(...cmd), servers.kvConn.call(...cmd)])
          : await Promise.all([redis2.call(...cmd), kv2.call(...cmd)]);
        expect(k, cmd.join(' ')).toEqual(r);
      };
      await both(true, 'MULTI');
      await both(true, 'SET', 'x', '1');
      await both(true, 'GET', 'x');
      await both(false, 'CONFIG', 'SET', 'maxmemory', '1');
      await both(true, 'EXEC');
      await both(true, 'PING');
      await both(true, 'MULTI');
      await both(true, 'GET', 'x');
      await both(true, 'MULTI');
      await both(true, 'SET', 'y', '1');
      await both(true, 'EXEC');
      await both(true, 'MULTI');
      await both(true, 'DISCARD');
      await both(true, 'MULTI');
      await both(false, 'CONFIG', 'SET', 'maxmemory', '0');
      await both(true, 'GET', 'x');
      await both(false, 'CONFIG', 'SET', 'maxmemory', '1');
      // EXEC of reads only still runs.
      await both(true, 'EXEC');
      await both(true, 'GET', 'x');
    } finally {
      redis2.close();
      kv2.close();
    }
  });

  it('an allkeys policy under a 1-byte limit evicts every key, then refuses writes', async () => {
    for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random']) {
      await same([
        ['FLUSHALL'], ['CONFIG', 'SET', 'maxmemory', '0'], ['CONFIG', 'RESETSTAT'],
        ['MSET', 'a', '1', 'b', '2', 'c', '3'], ['SET', 'd', 'x', 'EX', '100'], ['SELECT', '3'], ['SET', 'other', 'db'], ['SELECT', '0'],
        ['CONFIG', 'SET', 'maxmemory-policy', policy], ['CONFIG', 'SET', 'maxmemory', '1'],
        ['DBSIZE'], ['SET', 'e', 'x'], ['GET', 'a'], ['SELECT', '3'], ['DBSIZE'], ['SELECT', '0'],
      ]);
      const [r, k] = await Promise.all([servers.redis.conn.call('INFO', 'stats'), servers.kvConn.call('INFO', 'stats')]);
      const evicted = (info: unknown) => /evicted_keys:(\d+)/.exec(String(info))![1];
      expect(evicted(k), policy).toBe(evicted(r));
      expect(evicted(k)).toBe('5');
    }
  });

  it('a volatile policy evicts only keys with a TTL, then refuses writes', async () => {
    await same(words(`
      MSET a 1 b 2
      SET t1 x EX 100
      SET t2 x PX 100000
      CONFIG SET maxmemory-policy volatile-ttl
      CONFIG SET maxmemory 1
      DBSIZE
      EXISTS t1 t2
      MGET a b
      SET c 3
    `));
  });

  it('OBJECT FREQ and IDLETIME answer by policy, with the same errors', async () => {
    await same(words(`
      CONFIG SET lfu-decay-time 0
      SET k v
      OBJECT FREQ k
      OBJECT FREQ nokey
      OBJECT IDLETIME nokey
      CONFIG SET maxmemory-policy volatile-lfu
      OBJECT IDLETIME k
      OBJECT IDLETIME nokey
      SET fresh v
      OBJECT FREQ fresh
      GET fresh
      OBJECT FREQ fresh
      CONFIG SET maxmemory-policy allkeys-lru
      OBJECT FREQ fresh
      OBJECT IDLETIME fresh
      CONFIG SET maxmemory-policy allkeys-random
      OBJECT FREQ fresh
      CONFIG GET lfu-log-factor
      CONFIG GET lfu-decay-time
      CONFIG GET maxmemory-samples
      CONFIG SET lfu-log-factor -1
      CONFIG SET lfu-decay-time abc
      CONFIG SET maxmemory-policy allkeys-foo
      CONFIG SET maxmemory-samples 0
      CONFIG SET maxmemory-eviction-tenacity 101
    `));
  });

  it('RESTORE FREQ applies under LFU only, IDLETIME under the others', async () => {
    const payloads = await Promise.all([servers.redis.conn, servers.kvConn].map(async (c) => {
      await c.call('SET', 'src', 'hello');
      return (await c.call('DUMP', 'src')) as string;
    }));
    expect(payloads[1]).toEqual(payloads[0]);
    const p = payloads[0]!;
    await same([
      ['CONFIG', 'SET', 'lfu-decay-time', '0'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['RESTORE', 'f', '0', p, 'FREQ', '100'], ['OBJECT', 'FREQ', 'f'],
      ['RESTORE', 'i', '0', p, 'IDLETIME', '1000'], ['OBJECT', 'FREQ', 'i'],
      ['RESTORE', 'bad', '0', p, 'FREQ', '256'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['RESTORE', 'i2', '0', p, 'IDLETIME', '1000'], ['OBJECT', 'IDLETIME', 'i2'],
      ['RESTORE', 'f2', '0', p, 'FREQ', '100'], ['OBJECT', 'IDLETIME', 'f2'],
    ]);
  });

  it('RENAME and MOVE keep the LFU counter and the idle time, COPY starts afresh', async () => {
    const payloads = await Promise.all([servers.redis.conn, servers.kvConn].map(async (c) => {
      await c.call('SET', 'src', 'hello');
      return (await c.call('DUMP', 'src')) as string;
    }));
    const p = payloads[0]!;
    await same([
      ['CONFIG', 'SET', 'lfu-decay-time', '0'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['RESTORE', 'a', '0', p, 'FREQ', '200'],
      ['RENAME', 'a', 'b'], ['OBJECT', 'FREQ', 'b'],
      ['MOVE', 'b', '2'], ['SELECT', '2'], ['OBJECT', 'FREQ', 'b'],
      ['COPY', 'b', 'c'], ['OBJECT', 'FREQ', 'c'], ['SELECT', '0'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['RESTORE', 'i', '0', p, 'IDLETIME', '5000'],
      ['RENAME', 'i', 'j'], ['OBJECT', 'IDLETIME', 'j'],
    ]);
  });

  it('no eviction while clients are paused; it resumes with the next command after', async () => {
    await same(words(`
      MSET a 1 b 2 c 3
      CONFIG SET maxmemory-policy allkeys-random
      CLIENT PAUSE 10000 WRITE
      CONFIG SET maxmemory 1
      GET a
      EXISTS a b c
      CLIENT UNPAUSE
      DBSIZE
    `));
  });

  it('small integers are their own objects under maxmemory with an LRU/LFU policy', async () => {
    await same(words(`
      SET shared 100
      OBJECT REFCOUNT shared
      CONFIG SET maxmemory-policy allkeys-lru
      OBJECT REFCOUNT shared
      CONFIG SET maxmemory 1gb
      SET own 100
      OBJECT REFCOUNT own
      OBJECT ENCODING own
      INCR own
      OBJECT REFCOUNT own
      CONFIG SET maxmemory-policy volatile-random
      SET again 100
      OBJECT REFCOUNT again
      CONFIG SET maxmemory-policy allkeys-lfu
      SET lfu 7
      OBJECT REFCOUNT lfu
      OBJECT FREQ lfu
      CONFIG SET maxmemory 0
      SET back 100
      OBJECT REFCOUNT back
    `));
  });

  it('the LFU counter grows like Redis\'s for the same number of reads', async () => {
    const keys = 100;
    const reads = [1, 10, 100, 1000, 4000];
    type Sample = { mean: number; variance: number };
    const levels: { reads: number; redis: Sample; kv: Sample }[] = [];
    for (const conn of [servers.redis.conn, servers.kvConn]) {
      await conn.pipeline([['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['CONFIG', 'SET', 'lfu-decay-time', '0']]);
    }
    for (const n of reads) {
      const side = async (conn: RespConnection): Promise<Sample> => {
        const names = Array.from({ length: keys }, (_, i) => `lfu:${n}:${i}`);
        await conn.pipeline(names.map((k) => ['SET', k, 'v']));
        const gets: string[][] = [];
        for (let r = 0; r < n; r++) for (const k of names) gets.push(['GET', k]);
        for (let i = 0; i < gets.length; i += 5000) await conn.pipeline(gets.slice(i, i + 5000));
        const freqs = (await conn.pipeline(names.map((k) => ['OBJECT', 'FREQ', k]))) as number[];
        const mean = freqs.reduce((a, b) => a + b, 0) / keys;
        return { mean, variance: freqs.reduce((a, f) => a + (f - mean) ** 2, 0) / (keys - 1) };
      };
      const [redis, kv] = await Promise.all([side(servers.redis.conn), side(servers.kvConn)]);
      levels.push({ reads: n, redis, kv });
    }
    for (const { redis, kv, reads: n } of levels) {
      // The counter is random: the two means are compared as samples, within
      // 4.5 standard errors of their difference (a false alarm about once in
      // 150,000 levels). At 4000 reads that is about ±2, less than the shift
      // (about 2.3) if one read in five did not count.
      const standardError = Math.sqrt((redis.variance + kv.variance) / keys);
      expect(Math.abs(kv.mean - redis.mean), JSON.stringify({ n, redis, kv })).toBeLessThanOrEqual(Math.max(0.25, 4.5 * standardError));
    }
    // One read from LFU_INIT_VAL always counts; the growth is logarithmic.
    expect(levels[0]!.redis.mean).toBe(6);
    expect(levels[0]!.kv.mean).toBe(6);
    expect(levels.at(-1)!.kv.mean).toBeGreaterThan(28);
    expect(levels.at(-1)!.kv.mean).toBeLessThan(40);
  });
});
