import { RespConnection } from '@kv/client';
import { encodeCommand, ErrorReply, PushReply, type RespValue } from '@kv/resp';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_META } from '../src/command-table/meta.generated.js';
import { HANDLERS } from '../src/commands/index.js';
import type { ServerHandle } from '../src/index.js';
import { connectTo, startTestServer } from './fixture.js';
import { haveRedis, startRedis, stopRedis, type RealRedis } from './real-redis.js';

// Keyspace notifications against a real Redis 7.0: the same commands go to
// kv and to redis-server, each with a connection PSUBSCRIBEd to `*`, and the
// (channel, message) pairs each command published must be the same, in the
// same order. After every command the writer PUBLISHes a marker, so each
// command's notifications are told apart. Active expiry is off on both
// (DEBUG SET-ACTIVE-EXPIRE 0) except in its own test, so keys expire only
// when touched and the order of `expired` events is deterministic.

const MARKER = 'kv-test-marker';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connection in RESP3 subscribed to every channel, cutting what it hears at each marker. */
class Listener {
  private current: string[] = [];
  segments: string[][] = [];
  /** Every notification heard since the last take(), marker or not (for the active expiry and eviction tests). */
  heard: string[] = [];
  private wake: (() => void) | undefined;

  private constructor(readonly conn: RespConnection) {}

  static async open(port: number): Promise<Listener> {
    const conn = await RespConnection.connect({ port });
    await conn.call('HELLO', '3');
    const l = new Listener(conn);
    let subscribed!: () => void;
    const ready = new Promise<void>((r) => (subscribed = r));
    conn.onUnsolicited = (v: RespValue) => {
      if (!(v instanceof PushReply)) return;
      const [kind, , channel, message] = v.items as string[];
      if (kind === 'psubscribe') subscribed();
      if (kind !== 'pmessage') return;
      if (channel === MARKER) {
        l.segments.push(l.current);
        l.current = [];
      } else {
        l.current.push(`${channel} ${message}`);
        l.heard.push(`${channel} ${message}`);
      }
      l.wake?.();
    };
    // PSUBSCRIBE answers with a push, not a reply: sent raw, awaited through onUnsolicited.
    conn.writeRaw(encodeCommand(['PSUBSCRIBE', '*']));
    await ready;
    return l;
  }

  async waitFor(test: () => boolean, ms = 5000): Promise<void> {
    const until = Date.now() + ms;
    while (!test()) {
      if (Date.now() > until) throw new Error('timed out waiting for notifications');
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 20);
      });
    }
  }

  reset(): void {
    this.current = [];
    this.segments = [];
    this.heard = [];
  }
}

interface Side {
  readonly name: 'redis' | 'kv';
  readonly port: number;
  writer: RespConnection;
  listener: Listener;
}

/** A command, or a pause: `['@sleep', ms]`. */
type Step = readonly string[];

/**
 * Runs the steps on one side; returns each command with the notifications it
 * published. A MULTI … EXEC (or DISCARD) is one step: markers sent inside it
 * would be queued (or discarded) with the transaction.
 */
async function play(side: Side, steps: readonly Step[]): Promise<string[]> {
  side.listener.reset();
  const groups: Step[][] = [];
  let open: Step[] | undefined;
  for (const s of steps) {
    const name = s[0]!.toUpperCase();
    if (open !== undefined) {
      open.push(s);
      if (name === 'EXEC' || name === 'DISCARD') open = undefined;
    } else if (name === 'MULTI') groups.push((open = [s]));
    else groups.push([s]);
  }
  let chunk: string[][] = [];
  let sent = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await side.writer.pipeline(chunk);
    chunk = [];
  };
  const labels: string[] = [];
  for (const g of groups) {
    if (g[0]![0] === '@sleep') {
      await flush();
      await sleep(Number(g[0]![1]));
      continue;
    }
    chunk.push(...g.map((c) => [...c]), ['PUBLISH', MARKER, String(sent++)]);
    labels.push(`> ${g.map((c) => c.join(' ')).join(' ; ')}`);
  }
  await flush();
  await side.listener.waitFor(() => side.listener.segments.length >= sent);
  return labels.flatMap((label, i) => [label, ...side.listener.segments[i]!.map((e) => `    ${e}`)]);
}

describe.runIf(haveRedis)('keyspace notifications against a real Redis 7.0', () => {
  let dir = '';
  let redis: RealRedis;
  let kv: ServerHandle;
  const sides: Side[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kv-notify-'));
    // Both start with the flags given at start-up (KEAmn: `n` is then hidden from CONFIG GET but on).
    redis = await startRedis(dir, ['--notify-keyspace-events', 'KEAmn', '--enable-debug-command', 'yes']);
    mkdirSync(path.join(dir, 'kv'));
    kv = await startTestServer({ 'notify-keyspace-events': 'KEAmn', 'enable-debug-command': 'yes', dir: path.join(dir, 'kv') });
    const ports: [Side['name'], number][] = [['redis', await portOf(redis.conn)], ['kv', kv.port]];
    for (const [name, port] of ports) {
      const writer = await RespConnection.connect({ port });
      sides.push({ name, port, writer, listener: await Listener.open(port) });
      await writer.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    }
  });
  afterAll(async () => {
    for (const s of sides) {
      s.writer.close();
      s.listener.conn.close();
    }
    await kv?.close();
    if (redis !== undefined) await stopRedis(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  async function both(...args: string[]): Promise<RespValue[]> {
    return Promise.all(sides.map((s) => s.writer.call(...args)));
  }

  /**
   * Plays the steps on both (at once) and compares what each command
   * published; then the keyspace hits and misses, as the lookups that give
   * key-miss events are the ones Redis counts.
   */
  async function compare(steps: readonly Step[]): Promise<string[]> {
    await both('CONFIG', 'RESETSTAT');
    const [r, k] = await Promise.all(sides.map((s) => play(s, steps)));
    expect(k).toEqual(r);
    const stats = (await both('INFO', 'stats')).map((x) => String(x).split('\r\n').filter((l) => /^keyspace_(hits|misses):/.test(l)));
    expect(stats[1]).toEqual(stats[0]);
    expect(stats[0]).toHaveLength(2);
    return r!;
  }

  const split = (lines: string): Step[] => lines.trim().split('\n').map((l) => l.trim().split(' ').map((a) => (a === '""' ? '' : a)));

  beforeEach(async () => {
    await both('FLUSHALL');
    await both('CONFIG', 'SET', 'notify-keyspace-events', 'KEAmn');
  });

  it('starts with the configured flags, and shows them as Redis does', async () => {
    const [r, k] = await both('CONFIG', 'GET', 'notify-keyspace-events');
    expect(r).toEqual(['notify-keyspace-events', 'AKEm']);
    expect(k).toEqual(r);
    for (const flags of ['', 'KEA', 'Kg$', 'Elshz', 'KEx', 'nKE', 'Am', 'KEAmn']) {
      const [rs, ks] = await both('CONFIG', 'SET', 'notify-keyspace-events', flags);
      expect(ks).toEqual(rs);
      const [rg, kg] = await both('CONFIG', 'GET', 'notify-keyspace-events');
      expect(kg).toEqual(rg);
    }
    for (const bad of ['KEQ', 'kea', 'K E']) {
      const [rs, ks] = await both('CONFIG', 'SET', 'notify-keyspace-events', bad);
      expect(ks).toEqual(rs);
      expect((rs as ErrorReply).message).toContain("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }
  });

  it('strings, counters and bits', async () => {
    const out = await compare(split(`
      SETNX a 1
      SETNX a 2
      SETEX b 100 v
      PSETEX c 100000 v
      SET a 5 KEEPTTL
      SET a 6 XX
      SET z 1 XX
      SET a 7 NX
      SET a 8 GET
      SET c v GET
      SET nokey v GET
      GETEX a EX 100
      GETEX a PERSIST
      GETEX a PERSIST
      GETEX a
      GETEX a PXAT 1
      GETEX nokey EX 10
      SET a 1
      GETDEL a
      GETDEL a
      GETSET a 3
      GETSET a 4
      MSET a 1 b 2
      MSETNX a 1 x 2
      MSETNX x 1 y 2
      APPEND a xyz
      APPEND new v
      SETRANGE a 1 QQ
      SETRANGE a 1 ""
      SETRANGE sr 0 ""
      SETRANGE sr2 3 x
      INCR n
      DECR n
      INCRBY n 5
      DECRBY n 2
      INCRBYFLOAT n 1.5
      INCR a
      GET nokey
      MGET a nokey b nokey2
      STRLEN nokey
      GETRANGE nokey 0 1
      SETBIT bits 7 1
      SETBIT bits 7 1
      SETBIT bits 100 0
      GETBIT nokey 1
      BITCOUNT nokey
      BITPOS nokey 1
      BITFIELD bf SET u8 0 1
      BITFIELD bf GET u8 0
      BITFIELD bf2 GET u8 0
      BITFIELD bf INCRBY u8 0 0
      BITFIELD bf INCRBY u8 0 1
      BITFIELD bf3 OVERFLOW FAIL INCRBY u8 0 300
      BITFIELD_RO nokey GET u8 0
      BITOP AND dest bits bf
      BITOP AND dest nokey
      BITOP AND dest nokey
      BITOP NOT dest2 bits
      LCS a nokey
    `));
    expect(out.filter((l) => l.startsWith('    ')).length).toBeGreaterThan(60);
  });

  it('lists', async () => {
    await compare(split(`
      LPUSH l a b c
      RPUSH l d
      LPUSHX nol a
      RPUSHX l e
      LINSERT l BEFORE a z
      LINSERT l AFTER nope z
      LINSERT nol BEFORE a z
      LSET l 0 y
      LSET l 99 y
      LPOP l
      RPOP l 2
      LPOP l 0
      LPOP nol
      LPOP nol 0
      LREM l 0 nope
      LREM l 1 b
      LTRIM l 0 -1
      LTRIM nol 0 1
      LMOVE l l2 LEFT RIGHT
      RPOPLPUSH l2 l2
      LMOVE l l2 LEFT LEFT
      LMOVE nol l2 LEFT LEFT
      RPUSH m 1 2
      LMPOP 2 nol m LEFT COUNT 5
      LMPOP 1 nol LEFT
      RPUSH t 1 2 3
      LTRIM t 5 10
      LRANGE nol 0 -1
      LLEN nol
      LINDEX nol 0
      LPOS nol a
      BLPOP l2 0
      BRPOP l2 nol 0
      RPUSH l2 a b
      BRPOPLPUSH l2 x 0
      BLMOVE x y LEFT LEFT 0
      BLMPOP 0 2 nol y RIGHT COUNT 3
      BLPOP nol 0.01
      RPUSH r 1 2 3 1
      LREM r 0 1
      LREM r -1 2
      LREM r 0 3
    `));
  });

  it('hashes', async () => {
    await compare(split(`
      HSET h a 1 b 2
      HSET h a 1
      HMSET h c 3
      HSETNX h a 9
      HSETNX h z 9
      HSETNX h2 z 9
      HINCRBY h n 1
      HINCRBY h a x
      HINCRBYFLOAT h f 1.5
      HDEL h nope
      HDEL nohash a
      HDEL h a b
      HDEL h c n f z
      HGET noh a
      HMGET noh a b
      HGETALL noh
      HKEYS noh
      HLEN noh
      HEXISTS noh a
      HRANDFIELD noh
      HSCAN noh 0
    `));
  });

  it('sets', async () => {
    await compare(split(`
      SADD s a b
      SADD s a
      SREM s nope
      SREM s a
      SMOVE s s2 b
      SMOVE s2 s3 nope
      SADD s4 b
      SMOVE s3 s4 b
      SMOVE s4 s4 b
      SADD s5 c
      SMOVE s4 s5 b
      SADD p 1 2 3 4
      SPOP p 0
      SPOP p 10
      SPOP nos
      SPOP nos 3
      SADD big 1 2 3 4 5 6 7 8 9 10
      SPOP big 9
      SADD big 1 2 3 4 5 6 7 8 9 10
      SPOP big 1
      SPOP big
      SADD one x
      SPOP one
      SADD a1 1 2
      SADD a2 2 3
      SINTERSTORE d a1 a2
      SINTERSTORE d a1 nos
      SINTERSTORE d a1 nos
      SUNIONSTORE d a1 a2
      SDIFFSTORE d a1 a1
      SDIFFSTORE d a1 a2
      SUNIONSTORE d nos nos2
      SINTER a1 nos
      SUNION nos a1
      SDIFF nos a1
      SMEMBERS nos
      SINTERCARD 2 a1 nos
      SISMEMBER nos a
      SMISMEMBER nos a
      SRANDMEMBER nos
      SCARD nos
      SSCAN nos 0
    `));
  });

  it('sorted sets and geo', async () => {
    await compare(split(`
      ZADD z 1 a 2 b
      ZADD z 1 a
      ZADD z XX 5 nope
      ZADD noz XX 1 a
      ZADD z INCR 1 a
      ZADD z NX INCR 1 a
      ZINCRBY z 1 c
      ZADD z CH 9 a
      ZADD z GT 1 a
      ZREM z nope
      ZREM z a
      ZADD w 1 a 2 b 3 c 4 d 5 e
      ZREMRANGEBYRANK w 0 0
      ZREMRANGEBYRANK w 10 20
      ZREMRANGEBYSCORE w 2 2
      ZREMRANGEBYLEX w [c [c
      ZPOPMIN w
      ZPOPMAX w 0
      ZPOPMAX w 5
      ZPOPMIN noz
      ZPOPMIN noz 2
      ZADD w 1 a 2 b
      ZMPOP 2 noz w MIN COUNT 1
      ZMPOP 1 noz MIN
      BZPOPMIN w 0
      BZPOPMAX noz 0.01
      ZADD z 3 x
      BZMPOP 0 1 z MAX COUNT 10
      ZADD y 1 a 2 b
      ZUNIONSTORE d 2 y noz
      ZINTERSTORE d 2 y noz
      ZINTERSTORE d 2 y noz
      ZDIFFSTORE d 1 y
      ZRANGESTORE d2 y 0 -1
      ZRANGESTORE d2 y 5 6
      ZRANGESTORE d2 noz 0 1
      ZUNION 2 y noz
      ZINTER 2 noz y
      ZRANGE noz 0 1
      ZRANGEBYSCORE noz 0 1
      ZSCORE noz a
      ZMSCORE noz a
      ZCARD noz
      ZCOUNT noz 0 1
      ZRANK noz a
      ZRANDMEMBER noz
      ZINTERCARD 2 y noz
      ZADD z3 1 a
      ZADD z3 INCR +inf a
      ZADD z3 1 b INCR -inf a
      ZADD z3 2 c 3 b
      ZINCRBY z3 -inf a
      GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
      GEOADD g 13.361389 38.115556 Palermo
      GEOADD nog XX 1 1 a
      GEOSEARCHSTORE gd g FROMLONLAT 15 37 BYRADIUS 200 km
      GEOSEARCHSTORE gd g FROMLONLAT 15 37 BYRADIUS 1 m
      GEOSEARCHSTORE gd g FROMLONLAT 15 37 BYRADIUS 1 m
      GEOSEARCHSTORE gd nog FROMLONLAT 15 37 BYRADIUS 1 m
      GEORADIUS g 15 37 200 km STORE gr
      GEORADIUS g 15 37 200 km STOREDIST gr
      GEORADIUS nog 15 37 200 km STOREDIST gr
      GEORADIUSBYMEMBER g Palermo 10 km STORE gr2
      GEORADIUSBYMEMBER nog a 10 km STORE gr2
      GEOPOS nog a
      GEODIST nog a b
      GEOHASH nog a
      GEOSEARCH nog FROMLONLAT 15 37 BYRADIUS 1 m
      GEORADIUS_RO nog 15 37 200 km
    `));
  });

  it('HyperLogLog', async () => {
    await compare(split(`
      PFADD hl a b
      PFADD hl a
      PFADD hl2
      PFADD hl2
      PFCOUNT hl
      PFCOUNT nohl
      PFCOUNT hl nohl
      PFMERGE hm hl
      PFMERGE hm
      PFMERGE hm3 nohl
      PFDEBUG TODENSE hl
      PFDEBUG GETREG nohl
      SET notahll x
      PFADD notahll a
    `));
  });

  it('keys: DEL, RENAME, MOVE, COPY, expiries, SORT, SCAN and friends', async () => {
    await compare(split(`
      SET a 1
      SET b 2
      RENAME a c
      RENAME c c
      RENAME c b
      RENAME nokey x
      RENAMENX b b
      RENAMENX b d
      SET e 1
      RENAMENX d e
      SET t 1 EX 100
      RENAME t t2
      MOVE t2 1
      MOVE t2 1
      SELECT 1
      MOVE t2 0
      MOVE nokey 0
      SELECT 0
      COPY d d2
      COPY d d2
      COPY d d2 REPLACE
      COPY d d3 DB 2
      COPY nokey x
      EXPIRE d 100
      EXPIRE d 100 NX
      PEXPIRE d 100000
      EXPIREAT d 1
      EXPIRE nokey 10
      EXPIRE e 0
      PEXPIREAT d2 99999999999999
      PERSIST d2
      PERSIST d2
      PERSIST nokey
      SET x v
      TOUCH x nokey
      DEL x nokey x
      UNLINK nokey
      SET x v
      UNLINK x
      EXISTS a b d2
      TYPE nokey
      TYPE d2
      TTL nokey
      PTTL nokey
      EXPIRETIME nokey
      PEXPIRETIME d2
      OBJECT ENCODING nokey
      OBJECT FREQ nokey
      DUMP nokey
      RPUSH l 3 1 2
      SORT l STORE dst
      SORT l STORE dst
      SORT nol STORE dst
      SORT nol STORE dst
      SORT l BY nosort GET k_* STORE dst2
      SORT l BY w_* GET # GET k_*
      SORT_RO l BY w_* GET h_*->f
      SORT nol
      SCAN 0 TYPE string
      SCAN 0 MATCH nomatch
      KEYS nomatch
      RANDOMKEY
      DBSIZE
      SWAPDB 0 1
      SWAPDB 0 1
      SELECT 2
      SET c2 v
      FLUSHDB
      SELECT 0
      FLUSHALL
    `));
  });

  it('DEBUG RELOAD and FLUSHALL publish nothing (keys loaded from the RDB are not new)', async () => {
    const out = await compare(split(`
      SET a 1
      RPUSH l x
      SELECT 3
      SADD s m
      SELECT 0
      DEBUG RELOAD
      GET a
      FLUSHALL
    `));
    expect(out.slice(out.indexOf('> DEBUG RELOAD'))).toEqual(['> DEBUG RELOAD', '> GET a', '> FLUSHALL']);
  });

  it('RESTORE, with and without REPLACE, and with a TTL already past', async () => {
    await both('SET', 'src', 'hello');
    await both('RPUSH', 'srclist', 'a', 'b');
    // Redis's payloads, fed to both.
    const str = String(await sides[0]!.writer.call('DUMP', 'src'));
    const list = String(await sides[0]!.writer.call('DUMP', 'srclist'));
    const past = String(Date.now() - 10_000);
    await compare([
      ['RESTORE', 'r1', '0', str],
      ['RESTORE', 'r1', '0', str],
      ['RESTORE', 'r1', '0', list, 'REPLACE'],
      ['RESTORE', 'r2', '100000', str],
      ['RESTORE', 'r2', past, str, 'REPLACE', 'ABSTTL'],
      ['RESTORE', 'r3', past, str, 'ABSTTL'],
      ['RESTORE', 'r1', past, str, 'REPLACE', 'ABSTTL'],
      ['RESTORE', 'r1', '0', 'not a payload'],
      // REPLACE deletes without a lookup: a key whose time has passed goes without `expired`.
      ['SET', 'r4', '1', 'PXAT', '1'],
      ['RESTORE', 'r4', '0', str, 'REPLACE'],
      ['SET', 'r4', '1', 'PXAT', '1'],
      ['RESTORE', 'r4', past, str, 'REPLACE', 'ABSTTL'],
    ]);
  });

  it('lazy expiry: every kind of access to a key whose time has passed', async () => {
    const steps: Step[] = [];
    const expireThen = (...cmd: string[]) => steps.push(['SET', 'e', 'v', 'PX', '1'], ['@sleep', '5'], cmd);
    expireThen('GET', 'e');
    expireThen('SET', 'e', 'v2');
    expireThen('DEL', 'e');
    expireThen('EXISTS', 'e');
    expireThen('TYPE', 'e');
    expireThen('TTL', 'e');
    expireThen('LPUSH', 'e', 'x');
    steps.push(['DEL', 'e']);
    expireThen('SCAN', '0', 'TYPE', 'string');
    expireThen('SCAN', '0', 'TYPE', 'none');
    expireThen('SCAN', '0');
    expireThen('KEYS', '*');
    expireThen('RENAME', 'e', 'f');
    expireThen('OBJECT', 'ENCODING', 'e');
    expireThen('GETEX', 'e', 'PERSIST');
    expireThen('INCR', 'e');
    expireThen('APPEND', 'e', 'x');
    expireThen('EXPIRE', 'e', '100');
    expireThen('COPY', 'e', 'f');
    expireThen('MOVE', 'e', '1');
    expireThen('RANDOMKEY');
    steps.push(['SET', 'f', 'v'], ['SET', 'e', 'v', 'PX', '1'], ['@sleep', '5'], ['RENAME', 'f', 'e']);
    steps.push(['SELECT', '3'], ['SET', 'e', 'v', 'PX', '1'], ['SELECT', '0'], ['@sleep', '5'], ['MOVE', 'e', '3']);
    steps.push(['SET', 'q', 'v', 'PXAT', '1'], ['GET', 'q']);
    steps.push(['HSET', 'h', 'f', 'v'], ['PEXPIRE', 'h', '1'], ['@sleep', '5'], ['HSET', 'h', 'g', 'w']);
    steps.push(['SADD', 's', 'a'], ['PEXPIRE', 's', '1'], ['@sleep', '5'], ['SUNIONSTORE', 'd', 's', 's']);
    // A STORE with an empty result deletes its destination unlooked (dbDelete): a due key goes as `del`, not `expired`.
    for (const store of [
      ['SINTERSTORE', 'd', 'nos'], ['SUNIONSTORE', 'd', 'nos'], ['SDIFFSTORE', 'd', 'nos'], ['SORT', 'nol', 'STORE', 'd'],
      ['BITOP', 'AND', 'd', 'nos'], ['ZUNIONSTORE', 'd', '1', 'nos'], ['ZINTERSTORE', 'd', '1', 'nos'], ['ZDIFFSTORE', 'd', '1', 'nos'],
      ['ZRANGESTORE', 'd', 'nos', '0', '-1'], ['GEOSEARCHSTORE', 'd', 'nos', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'm'],
      ['GEORADIUS', 'nos', '0', '0', '1', 'm', 'STORE', 'd'],
    ]) steps.push(['SET', 'd', '1', 'PXAT', '1'], store);
    // With a result it is looked up first (setKey): `expired`, then the command's event.
    steps.push(['SADD', 'ss', 'a'], ['SET', 'd', '1', 'PXAT', '1'], ['SINTERSTORE', 'd', 'ss']);
    const out = await compare(steps);
    expect(out.filter((l) => l.endsWith(' expired')).length).toBeGreaterThan(20);
  });

  it('active expiry: keys expire in the background, in every database', async () => {
    await both('SET', 'a1', 'v', 'PX', '20');
    await both('SELECT', '5');
    await both('SET', 'a2', 'v', 'PX', '20');
    await both('SELECT', '0');
    for (const s of sides) s.listener.reset();
    await both('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    try {
      const heard: string[][] = [];
      for (const s of sides) {
        // Nothing touches the keys: only the active cycle can expire them.
        await s.listener.waitFor(() => s.listener.heard.length >= 4);
        heard.push([...s.listener.heard].sort());
      }
      expect(heard[1]).toEqual(heard[0]);
      expect(heard[0]).toEqual([
        '__keyevent@0__:expired a1', '__keyevent@5__:expired a2', '__keyspace@0__:a1 expired', '__keyspace@5__:a2 expired',
      ]);
    } finally {
      await both('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    }
  });

  it('eviction: evicted for every key maxmemory removes', async () => {
    await both('SET', 'a', '1');
    await both('RPUSH', 'b', 'x');
    await both('SELECT', '4');
    await both('HSET', 'c', 'f', 'v');
    await both('SELECT', '0');
    await both('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    for (const s of sides) s.listener.reset();
    try {
      // Any memory is too much: the next command (CONFIG SET itself in Redis) evicts every key.
      await both('CONFIG', 'SET', 'maxmemory', '1');
      await both('SET', 'd', 'v');
      const heard: string[][] = [];
      for (const s of sides) {
        await s.listener.waitFor(() => s.listener.heard.length >= 6);
        heard.push([...s.listener.heard].sort());
      }
      expect(heard[1]).toEqual(heard[0]);
      expect(heard[0]).toEqual([
        '__keyevent@0__:evicted a', '__keyevent@0__:evicted b', '__keyevent@4__:evicted c',
        '__keyspace@0__:a evicted', '__keyspace@0__:b evicted', '__keyspace@4__:c evicted',
      ]);
    } finally {
      await both('CONFIG', 'SET', 'maxmemory', '0');
      await both('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('transactions and clients served after a block', async () => {
    await compare(split(`
      MULTI
      SET a 1
      LPUSH l x
      INCR a
      DEL a l nokey
      EXEC
      MULTI
      SET a 1
      DISCARD
    `));
    // A client blocked on an empty list is served by the push: its pop's events follow the push's.
    const blockers = await Promise.all(sides.map((s) => RespConnection.connect({ port: s.port })));
    try {
      const waits = blockers.map((b) => b.call('BLPOP', 'q', 'zq', '0'));
      await waitBlocked(1);
      await compare(split(`
        RPUSH q a b
        RPUSH q c
      `));
      expect((await Promise.all(waits)).map(String)).toEqual(['q,a', 'q,a']);
      const bmoves = blockers.map((b) => b.call('BLMOVE', 'q2', 'dst', 'LEFT', 'RIGHT', '0'));
      await waitBlocked(1);
      await compare(split(`
        LPUSH q2 x
      `));
      await Promise.all(bmoves);
      const bz = blockers.map((b) => b.call('BZPOPMIN', 'zq', '0'));
      await waitBlocked(1);
      await compare(split(`
        ZADD zq 1 m
      `));
      await Promise.all(bz);
    } finally {
      for (const b of blockers) b.close();
    }
  });

  async function waitBlocked(n: number): Promise<void> {
    for (let i = 0; i < 250; i++) {
      const info = String(await sides[0]!.writer.call('INFO', 'clients'));
      if (info.includes(`blocked_clients:${n}\r\n`) && kv.server.blocking.blockedCount === n) return;
      await sleep(10);
    }
    throw new Error('clients did not block');
  }

  it('only the classes asked for, on the channels asked for', async () => {
    const steps = split(`
      SET a 1
      GET nokey
      LPUSH l x
      SADD s m
      HSET h f v
      ZADD z 1 m
      EXPIRE a 100
      DEL a l s h z
      SET e v PX 1
      @sleep 5
      GET e
      PFADD hll x
    `);
    let total = 0;
    for (const flags of ['K', 'E', 'A', 'Kg', 'E$', 'Klshz', 'Ex', 'Km', 'En', 'gKE', 'KEn', 'KEm', 'KElm', 'KEAmn']) {
      await both('CONFIG', 'SET', 'notify-keyspace-events', flags);
      const out = await compare(steps);
      total += out.filter((l) => l.startsWith('    ')).length;
      await both('FLUSHALL');
    }
    expect(total).toBeGreaterThan(100);
    // Empty: nothing at all, for any command.
    await both('CONFIG', 'SET', 'notify-keyspace-events', '');
    const none = await compare(steps);
    expect(none.filter((l) => l.startsWith('    '))).toEqual([]);
  });

  // --- A random stream of every write command kv has ---------------------------------------------

  const STR = ['s1', 's2', 'x'];
  const LIST = ['l1', 'l2', 'x'];
  const HASH = ['h1', 'h2', 'x'];
  const SET = ['t1', 't2', 'x'];
  const ZSET = ['z1', 'z2', 'x'];
  const ANY = [...new Set([...STR, ...LIST, ...HASH, ...SET, ...ZSET, 'nokey'])];
  const VALUES = ['1', '2', '-1', '10', 'abc', '1.5', ''];
  const MEMBERS = ['a', 'b', 'c', '1', '2'];

  const k = (pool: string[]) => fc.constantFrom(...pool);
  const v = fc.constantFrom(...VALUES);
  const m = fc.constantFrom(...MEMBERS);
  const n = fc.constantFrom('0', '1', '2', '-1', '5', '-3');
  const score = fc.constantFrom('1', '2', '-1', '0', '1.5', '+inf', '-inf');
  const cmd = (...parts: fc.Arbitrary<string | string[]>[]): fc.Arbitrary<string[]> =>
    fc.tuple(...parts).map((xs) => xs.flatMap((x) => (Array.isArray(x) ? x : [x])));
  const lit = (s: string) => fc.constant(s.split(' '));
  const opt = (...choices: string[]) => fc.constantFrom(...choices.map((c) => (c === '' ? [] : c.split(' '))));
  const some = <T>(a: fc.Arbitrary<T>, max = 3) => fc.array(a, { minLength: 1, maxLength: max });
  const flat = (a: fc.Arbitrary<string[][]>) => a.map((xs) => xs.flat());
  const where = fc.constantFrom('LEFT', 'RIGHT');

  // RESTORE payloads: DUMPed by Redis in the random test; the arbitrary reads the array when it draws.
  const payloads: string[] = [];

  /** One generator per write command (the test below checks that none is missing). */
  const WRITES: Record<string, fc.Arbitrary<string[]>> = {
    append: cmd(lit('APPEND'), k(STR), v),
    bitfield: cmd(lit('BITFIELD'), k(STR), opt('SET u8 0 1', 'INCRBY u8 0 1', 'INCRBY u8 0 0', 'GET u8 0', 'OVERFLOW FAIL INCRBY u4 0 100')),
    bitop: cmd(lit('BITOP'), opt('AND', 'OR', 'XOR'), k(STR), some(k(STR))),
    blmove: cmd(lit('BLMOVE'), k(LIST), k(LIST), where, where, lit('0')),
    blmpop: cmd(lit('BLMPOP 0 2'), k(LIST), k(LIST), where, opt('', 'COUNT 2')),
    blpop: cmd(lit('BLPOP'), some(k(LIST), 2), lit('0')),
    brpop: cmd(lit('BRPOP'), some(k(LIST), 2), lit('0')),
    brpoplpush: cmd(lit('BRPOPLPUSH'), k(LIST), k(LIST), lit('0')),
    bzmpop: cmd(lit('BZMPOP 0 2'), k(ZSET), k(ZSET), opt('MIN', 'MAX'), opt('', 'COUNT 2')),
    bzpopmax: cmd(lit('BZPOPMAX'), some(k(ZSET), 2), lit('0')),
    bzpopmin: cmd(lit('BZPOPMIN'), some(k(ZSET), 2), lit('0')),
    copy: cmd(lit('COPY'), k(ANY), k(ANY), opt('', 'REPLACE', 'DB 1', 'DB 1 REPLACE')),
    decr: cmd(lit('DECR'), k(STR)),
    decrby: cmd(lit('DECRBY'), k(STR), n),
    del: cmd(lit('DEL'), some(k(ANY))),
    expire: cmd(lit('EXPIRE'), k(ANY), opt('100', '0', '-1', '200 NX', '300 XX', '50 GT', '60 LT')),
    expireat: cmd(lit('EXPIREAT'), k(ANY), opt('1', '99999999999', '4102444800 NX')),
    flushall: lit('FLUSHALL'),
    flushdb: lit('FLUSHDB'),
    geoadd: cmd(lit('GEOADD'), k(ZSET), opt('', 'NX', 'XX', 'CH'), opt('13.361389 38.115556 a', '15.087269 37.502669 b', '200 1 c')),
    georadius: cmd(lit('GEORADIUS'), k(ZSET), lit('15 37'), opt('10', '300'), lit('km'), opt('STORE', 'STOREDIST'), k(ZSET)),
    georadiusbymember: cmd(lit('GEORADIUSBYMEMBER'), k(ZSET), m, opt('10', '300'), lit('km STORE'), k(ZSET)),
    geosearchstore: cmd(lit('GEOSEARCHSTORE'), k(ZSET), k(ZSET), lit('FROMLONLAT 15 37 BYRADIUS'), opt('10', '300'), lit('km')),
    getdel: cmd(lit('GETDEL'), k(STR)),
    getex: cmd(lit('GETEX'), k(STR), opt('', 'EX 100', 'PX 100000', 'EXAT 1', 'PXAT 1', 'PERSIST')),
    getset: cmd(lit('GETSET'), k(STR), v),
    hdel: cmd(lit('HDEL'), k(HASH), some(m)),
    hincrby: cmd(lit('HINCRBY'), k(HASH), m, n),
    hincrbyfloat: cmd(lit('HINCRBYFLOAT'), k(HASH), m, opt('1.5', '-2', 'x')),
    hmset: cmd(lit('HMSET'), k(HASH), flat(some(fc.tuple(m, v).map(([a, b]) => [a, b])))),
    hset: cmd(lit('HSET'), k(HASH), flat(some(fc.tuple(m, v).map(([a, b]) => [a, b])))),
    hsetnx: cmd(lit('HSETNX'), k(HASH), m, v),
    incr: cmd(lit('INCR'), k(STR)),
    incrby: cmd(lit('INCRBY'), k(STR), n),
    incrbyfloat: cmd(lit('INCRBYFLOAT'), k(STR), opt('1.5', '-2', 'x')),
    linsert: cmd(lit('LINSERT'), k(LIST), opt('BEFORE', 'AFTER'), m, m),
    lmove: cmd(lit('LMOVE'), k(LIST), k(LIST), where, where),
    lmpop: cmd(lit('LMPOP 2'), k(LIST), k(LIST), where, opt('', 'COUNT 2', 'COUNT 9')),
    lpop: cmd(lit('LPOP'), k(LIST), opt('', '0', '1', '9')),
    lpush: cmd(lit('LPUSH'), k(LIST), some(m)),
    lpushx: cmd(lit('LPUSHX'), k(LIST), some(m)),
    lrem: cmd(lit('LREM'), k(LIST), n, m),
    lset: cmd(lit('LSET'), k(LIST), n, m),
    ltrim: cmd(lit('LTRIM'), k(LIST), n, n),
    move: cmd(lit('MOVE'), k(ANY), opt('1', '0')),
    mset: cmd(lit('MSET'), flat(some(fc.tuple(k(STR), v).map(([a, b]) => [a, b])))),
    msetnx: cmd(lit('MSETNX'), flat(some(fc.tuple(k(STR), v).map(([a, b]) => [a, b])))),
    persist: cmd(lit('PERSIST'), k(ANY)),
    pexpire: cmd(lit('PEXPIRE'), k(ANY), opt('100000', '0', '-5')),
    pexpireat: cmd(lit('PEXPIREAT'), k(ANY), opt('1', '99999999999999')),
    pfadd: cmd(lit('PFADD'), k(STR), fc.array(m, { maxLength: 3 })),
    pfdebug: cmd(lit('PFDEBUG'), opt('GETREG', 'TODENSE', 'ENCODING'), k(STR)),
    pfmerge: cmd(lit('PFMERGE'), k(STR), fc.array(k(STR), { maxLength: 2 })),
    psetex: cmd(lit('PSETEX'), k(STR), opt('100000', '0'), v),
    rename: cmd(lit('RENAME'), k(ANY), k(ANY)),
    renamenx: cmd(lit('RENAMENX'), k(ANY), k(ANY)),
    restore: cmd(lit('RESTORE'), k(ANY), opt('0', '100000'), fc.nat(2).map((i) => payloads[i] ?? 'no payload'), opt('', 'REPLACE')),
    rpop: cmd(lit('RPOP'), k(LIST), opt('', '0', '1', '9')),
    rpoplpush: cmd(lit('RPOPLPUSH'), k(LIST), k(LIST)),
    rpush: cmd(lit('RPUSH'), k(LIST), some(m)),
    rpushx: cmd(lit('RPUSHX'), k(LIST), some(m)),
    sadd: cmd(lit('SADD'), k(SET), some(m)),
    sdiffstore: cmd(lit('SDIFFSTORE'), k(SET), some(k(SET))),
    set: cmd(lit('SET'), k(STR), v, opt('', 'NX', 'XX', 'GET', 'KEEPTTL', 'EX 100', 'PX 100000', 'PXAT 1', 'XX GET', 'NX EX 10')),
    setbit: cmd(lit('SETBIT'), k(STR), opt('0', '7', '20'), opt('0', '1')),
    setex: cmd(lit('SETEX'), k(STR), opt('100', '0'), v),
    setnx: cmd(lit('SETNX'), k(STR), v),
    setrange: cmd(lit('SETRANGE'), k(STR), opt('0', '3'), v),
    sinterstore: cmd(lit('SINTERSTORE'), k(SET), some(k(SET))),
    smove: cmd(lit('SMOVE'), k(SET), k(SET), m),
    // Without BY (whose order for equal weights is unspecified), and over lists and sorted sets.
    sort: cmd(lit('SORT'), k([...LIST, ...ZSET]), opt('', 'ALPHA', 'DESC ALPHA', 'ALPHA GET #', 'ALPHA GET s*'), opt('', 'STORE l2', 'STORE x')),
    // SPOP removes random members: the two keyspaces would drift apart (the hand-picked tests cover it).
    spop: cmd(lit('SPOP'), k(['nokey', ...STR])),
    srem: cmd(lit('SREM'), k(SET), some(m)),
    sunionstore: cmd(lit('SUNIONSTORE'), k(SET), some(k(SET))),
    swapdb: lit('SWAPDB 0 1'),
    unlink: cmd(lit('UNLINK'), some(k(ANY))),
    zadd: fc.oneof(
      cmd(lit('ZADD'), k(ZSET), opt('', 'NX', 'XX', 'GT', 'LT', 'CH', 'INCR', 'XX CH'), flat(some(fc.tuple(score, m).map(([a, b]) => [a, b]), 2))),
      cmd(lit('ZADD zl 0'), m),
    ),
    zdiffstore: cmd(lit('ZDIFFSTORE'), k(ZSET), lit('2'), k(ZSET), k([...ZSET, ...SET])),
    zincrby: cmd(lit('ZINCRBY'), k(ZSET), score, m),
    zinterstore: cmd(lit('ZINTERSTORE'), k(ZSET), lit('2'), k(ZSET), k([...ZSET, ...SET]), opt('', 'AGGREGATE MAX')),
    zmpop: cmd(lit('ZMPOP 2'), k(ZSET), k(ZSET), opt('MIN', 'MAX'), opt('', 'COUNT 9')),
    zpopmax: cmd(lit('ZPOPMAX'), k(ZSET), opt('', '0', '2')),
    zpopmin: cmd(lit('ZPOPMIN'), k(ZSET), opt('', '0', '2')),
    zrangestore: fc.oneof(
      cmd(lit('ZRANGESTORE'), k(ZSET), k(ZSET), opt('0 -1', '5 9', '(1 +inf BYSCORE')),
      cmd(lit('ZRANGESTORE'), k(ZSET), lit('zl'), opt('[a [b BYLEX', '- + BYLEX')),
    ),
    zrem: cmd(lit('ZREM'), k(ZSET), some(m)),
    // Lex ranges only over a set whose scores are all equal: otherwise Redis's answer depends on its encoding.
    zremrangebylex: cmd(lit('ZREMRANGEBYLEX zl'), opt('[a [b', '- +', '(z +', '(1 [b')),
    zremrangebyrank: cmd(lit('ZREMRANGEBYRANK'), k(ZSET), n, n),
    zremrangebyscore: cmd(lit('ZREMRANGEBYSCORE'), k(ZSET), opt('1 2', '-inf +inf', '(5 6')),
    zunionstore: cmd(lit('ZUNIONSTORE'), k(ZSET), lit('2'), k(ZSET), k([...ZSET, ...SET]), opt('', 'WEIGHTS 2 3')),
  };
  /** A few reads among the writes: their key misses are events too (m). */
  const READS: fc.Arbitrary<string[]>[] = [
    cmd(lit('GET'), k(ANY)), cmd(lit('EXISTS'), some(k(ANY))), cmd(lit('TYPE'), k(ANY)), cmd(lit('LRANGE'), k(ANY), lit('0 -1')),
    cmd(lit('SMEMBERS'), k(ANY)), cmd(lit('ZRANGE'), k(ANY), lit('0 -1')), cmd(lit('HGETALL'), k(ANY)), cmd(lit('TTL'), k(ANY)),
    lit('SELECT 1'), lit('SELECT 0'), cmd(lit('PFCOUNT'), k(STR)), cmd(lit('MGET'), some(k(STR))),
  ];

  const BLOCKING = new Set(['BLMOVE', 'BLMPOP', 'BLPOP', 'BRPOP', 'BRPOPLPUSH', 'BZMPOP', 'BZPOPMAX', 'BZPOPMIN']);

  /** Every run starts from keys of each type, so that most commands find something to change. */
  const PRELUDE: Step[] = [
    ['SET', 's1', '10'], ['SET', 's2', 'abc'], ['RPUSH', 'l1', 'a', 'b', 'c', 'a'], ['RPUSH', 'l2', '2', '1'],
    ['HSET', 'h1', 'a', '1', 'b', '2'], ['HSET', 'h2', 'c', '1.5'], ['SADD', 't1', 'a', 'b', 'c'], ['SADD', 't2', 'b', '1', '2'],
    ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z2', '2', 'b', '5', '1'], ['EXPIRE', 'z2', '1000'],
    ['ZADD', 'zl', '0', 'a', '0', 'b', '0', '1'],
  ];

  it('has a generator for every write command kv implements', () => {
    const writes = Object.keys(HANDLERS).filter((name) => COMMAND_META[name]?.flags.includes('write') === true).sort();
    expect(Object.keys(WRITES).sort()).toEqual(writes);
  });

  it('random streams of write commands publish what Redis publishes', async () => {
    await both('SET', 'p1', 'v');
    await both('HSET', 'p2', 'f', 'v');
    await both('ZADD', 'p3', '1', 'a');
    payloads.length = 0;
    for (const key of ['p1', 'p2', 'p3']) payloads.push(String(await sides[0]!.writer.call('DUMP', key)));
    const step = fc.oneof({ weight: 6, arbitrary: fc.oneof(...Object.values(WRITES)) }, { weight: 1, arbitrary: fc.oneof(...READS) });
    let events = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60, size: 'max' }), async (steps) => {
        await both('SELECT', '0');
        await both('FLUSHALL');
        // Blocking commands run inside MULTI, where they never block (the tests above cover the waits).
        const played = steps.flatMap((c) => (BLOCKING.has(c[0]!) ? [['MULTI'], c, ['EXEC']] : [c]));
        const out = await compare([...PRELUDE, ...played, ['SELECT', '0']]);
        events += out.filter((l) => l.startsWith('    ')).length;
      }),
      { numRuns: 300 },
    );
    expect(events).toBeGreaterThan(500);
  }, 120_000);
});

async function portOf(conn: RespConnection): Promise<number> {
  const r = await conn.call('CONFIG', 'GET', 'port');
  return Number((r as string[])[1]);
}
