/**
 * kv's RDB files and DUMP payloads against a real Redis 7.0 (skipped when
 * redis-server is not installed): Redis loads what kv writes, holds the same
 * data, and kv reads what Redis writes.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdbValue } from '../test/arbitraries.js';
import { REFERENCE_NAMES, referenceRdb } from '../test/reference-data.js';
import { checkRdb, ErrorReplyValue, HAVE_CHECK_RDB, HAVE_REDIS, RedisProcess, scratchDir, type Reply } from '../test/real-redis.js';
import { dumpPayload, parseDumpPayload } from './dump-payload.js';
import type { RdbKey, RdbKeyInput, RdbValue } from './model.js';
import { decodeRdb } from './rdb-reader.js';
import { encodeRdb } from './rdb-writer.js';

const keysOf = (buf: Buffer): RdbKey[] => decodeRdb(buf).filter((i): i is RdbKey => i.kind === 'key');
const id = (k: RdbKey): string => `${k.db}:${k.key}`;
const plain = (k: RdbKey): unknown => ({ db: k.db, key: k.key, type: k.type, value: k.value, expireAt: k.expireAt, encoding: k.encoding });

describe.skipIf(!HAVE_REDIS)('RDB files kv writes, loaded by a real Redis 7.0', () => {
  it.each(REFERENCE_NAMES)('%s.rdb: decoded, re-encoded by kv, checked by redis-check-rdb, loaded by redis-server: same data', async (name) => {
    const keys = keysOf(referenceRdb(name));
    const dir = scratchDir();
    const file = path.join(dir, 'kv.rdb');
    writeFileSync(file, encodeRdb(keys, { compression: name !== 'nocompress' }));
    if (HAVE_CHECK_RDB) {
      const check = checkRdb(file);
      expect(check.ok, check.output).toBe(true);
    }
    const redis = await RedisProcess.start({ dir, dbfilename: 'kv.rdb' });
    try {
      // Redis's own view, key by key: type, encoding, expiry.
      for (const k of keys) {
        await redis.ok('SELECT', k.db);
        expect(await redis.ok('TYPE', k.key)).toBe(k.type);
        expect(await redis.ok('PEXPIRETIME', k.key)).toBe(k.expireAt);
        const enc = await redis.ok('OBJECT', 'ENCODING', k.key);
        if (k.type !== 'string') expect(enc, id(k)).toBe(k.encoding);
      }
      // And every value: Redis saves what it loaded, kv reads it back.
      await redis.ok('SAVE');
      const saved = keysOf(readFileSync(file));
      const byId = new Map(saved.map((k) => [id(k), k]));
      expect(saved.length).toBe(keys.length);
      for (const k of keys) expect(plain(byId.get(id(k))!), id(k)).toEqual(plain(k));
    } finally {
      await redis.stop();
    }
  });
});

describe.skipIf(!HAVE_REDIS)('random values of every type', () => {
  it.each([true, false])('compression %s: accepted by redis-check-rdb, loaded by redis-server with the same values and encodings', async (compression) => {
    const values = fc.sample(rdbValue, { numRuns: 300, seed: compression ? 7 : 8 });
    const keys: RdbKeyInput[] = values.map((v, i) => ({ ...v, key: `k${i}`, db: i % 16, expireAt: i % 5 === 0 ? 4102444800000 + i : -1 }));
    const dir = scratchDir();
    const file = path.join(dir, 'random.rdb');
    writeFileSync(file, encodeRdb(keys, { compression }));
    if (HAVE_CHECK_RDB) {
      const check = checkRdb(file);
      expect(check.ok, check.output).toBe(true);
    }
    const ours = keysOf(readFileSync(file));
    const redis = await RedisProcess.start({ dir, dbfilename: 'random.rdb' });
    try {
      for (const k of ours) {
        await redis.ok('SELECT', k.db);
        expect(await redis.ok('OBJECT', 'ENCODING', k.key), id(k)).toBe(k.encoding);
      }
      await redis.ok('SAVE');
      const saved = new Map(keysOf(readFileSync(file)).map((k) => [id(k), k]));
      expect(saved.size).toBe(keys.length);
      for (const k of ours) expect(plain(saved.get(id(k))!), id(k)).toEqual(plain(k));
    } finally {
      await redis.stop();
    }
  });
});

describe.skipIf(!HAVE_REDIS)('DUMP and RESTORE payloads against a real Redis 7.0', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await RedisProcess.start();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const long = (n: number, seed: string): string => Array.from({ length: n }, (_, i) => `${seed}${i}`).join(',');

  /** Commands that build a value in Redis, and the plain value they build. */
  const cases: { name: string; build: (string | number)[][]; value: RdbValue; sameBytes: boolean }[] = [
    { name: 'small int string', build: [['SET', 'k', '12345']], value: { type: 'string', value: '12345' }, sameBytes: true },
    { name: 'big int string', build: [['SET', 'k', '-9223372036854775808']], value: { type: 'string', value: '-9223372036854775808' }, sameBytes: true },
    { name: 'short string', build: [['SET', 'k', 'hello\x00\xff']], value: { type: 'string', value: 'hello\x00\xff' }, sameBytes: true },
    { name: 'LZF string', build: [['SET', 'k', 'abc'.repeat(100)]], value: { type: 'string', value: 'abc'.repeat(100) }, sameBytes: true },
    { name: 'incompressible string', build: [['SET', 'k', 'q0w9e8r7t6y5u4i3o2p1']], value: { type: 'string', value: 'q0w9e8r7t6y5u4i3o2p1' }, sameBytes: true },
    {
      name: 'small list', build: [['RPUSH', 'k', 'a', '1', '-300', '70000', 'x'.repeat(100)]],
      value: { type: 'list', value: ['a', '1', '-300', '70000', 'x'.repeat(100)] }, sameBytes: true,
    },
    {
      name: 'list of many quicklist nodes',
      build: [['RPUSH', 'k', ...long(3000, 'element-').split(',')], ['RPUSH', 'k', 'y'.repeat(9000), 'z', ...Array.from({ length: 500 }, (_, i) => String(i * 1000))]],
      value: { type: 'list', value: [...long(3000, 'element-').split(','), 'y'.repeat(9000), 'z', ...Array.from({ length: 500 }, (_, i) => String(i * 1000))] },
      sameBytes: true,
    },
    { name: 'intset', build: [['SADD', 'k', '5', '-2', '100000', '3']], value: { type: 'set', value: new Set(['5', '-2', '100000', '3']) }, sameBytes: true },
    { name: 'intset of 64-bit members', build: [['SADD', 'k', '1', '9223372036854775807']], value: { type: 'set', value: new Set(['1', '9223372036854775807']) }, sameBytes: true },
    { name: 'hashtable set', build: [['SADD', 'k', 'a', 'b', '3']], value: { type: 'set', value: new Set(['a', 'b', '3']) }, sameBytes: false },
    {
      name: 'listpack hash', build: [['HSET', 'k', 'f1', 'v1', 'n', '42', 'e', '']],
      value: { type: 'hash', value: new Map([['f1', 'v1'], ['n', '42'], ['e', '']]) }, sameBytes: true,
    },
    {
      name: 'hashtable hash (long value)', build: [['HSET', 'k', 'f', 'v'.repeat(65), 'g', 'w']],
      value: { type: 'hash', value: new Map([['f', 'v'.repeat(65)], ['g', 'w']]) }, sameBytes: false,
    },
    {
      name: 'listpack zset', build: [['ZADD', 'k', '1.5', 'a', '3', 'b', '-0', 'c', 'inf', 'd', '-inf', 'e', '1e17', 'f', '0.1', 'g', '2', 'h']],
      // -0 is stored as the integer 0 in a listpack (double2ll), so it reads back as 0.
      value: { type: 'zset', value: new Map([['a', 1.5], ['b', 3], ['c', 0], ['d', Infinity], ['e', -Infinity], ['f', 1e17], ['g', 0.1], ['h', 2]]) },
      sameBytes: true,
    },
    {
      name: 'skiplist zset', build: [['ZADD', 'k', ...Array.from({ length: 200 }, (_, i) => [String(i % 7 === 0 ? i / 3 : i), `m${i}`]).flat()]],
      value: { type: 'zset', value: new Map(Array.from({ length: 200 }, (_, i) => [`m${i}`, i % 7 === 0 ? i / 3 : i])) },
      sameBytes: true,
    },
    {
      name: 'stream with nodes, groups, consumers and pending entries',
      build: [
        ...Array.from({ length: 230 }, (_, i) => ['XADD', 'k', `1700000000000-${i}`, 'field', `value-${i}`, ...(i % 5 === 0 ? ['extra', 'x'.repeat(i)] : [])]),
        ['XGROUP', 'CREATE', 'k', 'g2', '0'],
        ['XGROUP', 'CREATE', 'k', 'g1', '$'],
        ['XREADGROUP', 'GROUP', 'g2', 'alice', 'COUNT', '3', 'STREAMS', 'k', '>'],
        ['XREADGROUP', 'GROUP', 'g2', 'bob', 'COUNT', '2', 'STREAMS', 'k', '>'],
        ['XACK', 'k', 'g2', '1700000000000-1'],
        ['XGROUP', 'CREATECONSUMER', 'k', 'g1', 'carol'],
      ],
      value: { type: 'string', value: '' }, // checked against XINFO below
      sameBytes: true,
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s: Redis DUMP -> kv, kv DUMP -> Redis RESTORE', async (_name, c) => {
    await redis.ok('DEL', 'k', 'k2');
    for (const cmd of c.build) await redis.ok(...cmd);
    const dumped = await redis.ok('DUMP', 'k');
    const payload = Buffer.from(dumped as string, 'latin1');
    const decoded = parseDumpPayload(payload);
    expect(decoded.encoding).toBe(await redis.ok('OBJECT', 'ENCODING', 'k'));
    let value: RdbValue = c.value;
    if (decoded.type === 'stream') {
      value = decoded;
      const s = decoded.value;
      expect(s.entries.length).toBe(230);
      expect(s.entries[5]!.fields).toEqual([['field', 'value-5'], ['extra', 'xxxxx']]);
      const info = await redis.ok('XINFO', 'STREAM', 'k', 'FULL') as Reply[];
      const field = (arr: Reply[], f: string): Reply => arr[arr.indexOf(f) + 1]!;
      expect(s.lastId).toBe(field(info, 'last-generated-id'));
      expect(s.entriesAdded).toBe(field(info, 'entries-added'));
      expect(s.maxDeletedId).toBe(field(info, 'max-deleted-entry-id'));
      expect(s.firstId).toBe(field(info, 'recorded-first-entry-id'));
      const groups = field(info, 'groups') as Reply[][];
      expect(s.groups.map((g) => g.name)).toEqual(groups.map((g) => field(g, 'name')));
      for (const [i, g] of s.groups.entries()) {
        const rg = groups[i]!;
        expect(g.lastId).toBe(field(rg, 'last-delivered-id'));
        expect(g.entriesRead).toBe(field(rg, 'entries-read') ?? -1);
        const pel = field(rg, 'pending') as Reply[][];
        expect(g.pending.map((p) => [p.id, p.deliveryTime, p.deliveryCount])).toEqual(pel.map((p) => [p[0], p[2], p[3]]));
        const consumers = field(rg, 'consumers') as Reply[][];
        expect(g.consumers.map((cn) => [cn.name, cn.seenTime, cn.pending])).toEqual(
          consumers.map((cn) => [field(cn, 'name'), field(cn, 'seen-time'), (field(cn, 'pending') as Reply[][]).map((p) => p[0])]));
      }
    } else {
      expect({ type: decoded.type, value: decoded.value }).toEqual(value);
    }
    const ours = dumpPayload(value);
    if (c.sameBytes) expect(ours.toString('hex')).toBe(payload.toString('hex'));
    expect(await redis.ok('RESTORE', 'k2', 0, ours)).toBe('OK');
    const back = parseDumpPayload(Buffer.from(await redis.ok('DUMP', 'k2') as string, 'latin1'));
    expect({ type: back.type, value: back.value }).toEqual({ type: value.type, value: value.value });
  });

  it('refuses payloads as RESTORE does', async () => {
    await redis.ok('SET', 'k', 'v');
    const payload = Buffer.from(await redis.ok('DUMP', 'k') as string, 'latin1');
    const bad = Buffer.from(payload);
    bad[1] ^= 1;
    const redisError = await redis.command('RESTORE', 'x', 0, bad);
    expect(redisError).toBeInstanceOf(ErrorReplyValue);
    expect(() => parseDumpPayload(bad)).toThrow((redisError as ErrorReplyValue).message.replace(/^ERR /, ''));
  });
});
