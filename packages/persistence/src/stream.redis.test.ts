/**
 * Streams and function libraries through a real Redis 7.0 (skipped without
 * redis-server): Redis saves them, kv reads the file and must agree with
 * XINFO STREAM FULL; kv writes them back and a fresh Redis must report the same.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_REDIS, RedisProcess, scratchDir, type Reply } from '../test/real-redis.js';
import type { RdbFunction, RdbKey, StreamValue } from './model.js';
import { decodeRdb } from './rdb-reader.js';
import { encodeRdb } from './rdb-writer.js';

const field = (arr: Reply[], f: string): Reply => arr[arr.indexOf(f) + 1]!;

/** What XINFO STREAM FULL reports, from kv's decoded value. */
function asXinfo(s: StreamValue): unknown {
  return {
    length: s.entries.length,
    'last-generated-id': s.lastId,
    'max-deleted-entry-id': s.maxDeletedId,
    'entries-added': s.entriesAdded,
    'recorded-first-entry-id': s.firstId,
    entries: s.entries.map((e) => [e.id, e.fields.flat()]),
    groups: s.groups.map((g) => ({
      name: g.name,
      'last-delivered-id': g.lastId,
      'entries-read': g.entriesRead === -1 ? null : g.entriesRead,
      pending: g.pending.map((p) => [p.id, g.consumers.find((c) => c.pending.includes(p.id))?.name ?? null, p.deliveryTime, p.deliveryCount]),
      consumers: g.consumers.map((c) => ({ name: c.name, 'seen-time': c.seenTime, pending: c.pending })),
    })),
  };
}

/** XINFO STREAM FULL in the same shape. */
async function xinfo(redis: RedisProcess, key: string): Promise<unknown> {
  const info = await redis.ok('XINFO', 'STREAM', key, 'FULL', 'COUNT', '0') as Reply[];
  const groups = field(info, 'groups') as Reply[][];
  return {
    length: field(info, 'length'),
    'last-generated-id': field(info, 'last-generated-id'),
    'max-deleted-entry-id': field(info, 'max-deleted-entry-id'),
    'entries-added': field(info, 'entries-added'),
    'recorded-first-entry-id': field(info, 'recorded-first-entry-id'),
    entries: field(info, 'entries'),
    groups: groups.map((g) => ({
      name: field(g, 'name'),
      'last-delivered-id': field(g, 'last-delivered-id'),
      'entries-read': field(g, 'entries-read'),
      pending: field(g, 'pending'),
      consumers: (field(g, 'consumers') as Reply[][]).map((c) => ({
        name: field(c, 'name'),
        'seen-time': field(c, 'seen-time'),
        pending: (field(c, 'pending') as Reply[][]).map((p) => p[0]),
      })),
    })),
  };
}

const build: (string | number)[][] = [
  // A stream with tombstones in several nodes, a trimmed one, empty ones, and groups in every state.
  ...Array.from({ length: 250 }, (_, i) => ['XADD', 'tomb', `1700000000${String(i).padStart(3, '0')}-${i % 3}`, 'a', String(i), 'b', 'x'.repeat(i % 40)]),
  ['XDEL', 'tomb', '1700000000005-2', '1700000000100-1', '1700000000249-0'],
  ['XGROUP', 'CREATE', 'tomb', 'readers', '0'],
  ['XREADGROUP', 'GROUP', 'readers', 'r1', 'COUNT', '4', 'STREAMS', 'tomb', '>'],
  ['XREADGROUP', 'GROUP', 'readers', 'r2', 'COUNT', '2', 'STREAMS', 'tomb', '>'],
  ['XCLAIM', 'tomb', 'readers', 'r2', '0', '1700000000001-1'],
  ['XGROUP', 'CREATE', 'tomb', 'late', '1700000000050-2'],
  ...Array.from({ length: 120 }, (_, i) => ['XADD', 'trimmed', '*', 'n', String(i)]),
  ['XTRIM', 'trimmed', 'MAXLEN', '10'],
  ['XGROUP', 'CREATE', 'trimmed', 'g', '0'],
  ['XGROUP', 'CREATE', 'empty', 'g', '$', 'MKSTREAM'],
  ['XADD', 'emptied', '5-5', 'f', 'v'],
  ['XDEL', 'emptied', '5-5'],
  ['XADD', 'maxlen0', 'MAXLEN', '0', '*', 'f', 'v'],
  ['XADD', 'bigids', '18446744073709551614-18446744073709551615', 'f', 'v'],
  ['XADD', 'bigids', '18446744073709551615-0', 'g', 'w'],
  ['XADD', 'bigids', '18446744073709551615-1', 'f', 'v'],
];

describe.skipIf(!HAVE_REDIS)('streams and functions saved by Redis, read by kv, written back by kv', () => {
  it('agrees with XINFO STREAM FULL before and after the round trip', async () => {
    const dir = scratchDir();
    const first = await RedisProcess.start({ dir });
    let keys: RdbKey[];
    const expected = new Map<string, unknown>();
    let functionsBefore: Reply;
    try {
      for (const cmd of build) await first.ok(...cmd);
      await first.ok('FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)");
      functionsBefore = await first.ok('FUNCTION', 'LIST', 'WITHCODE');
      for (const k of ['tomb', 'trimmed', 'empty', 'emptied', 'maxlen0', 'bigids']) expected.set(k, await xinfo(first, k));
      await first.ok('SAVE');
      const items = decodeRdb(readFileSync(path.join(dir, 'dump.rdb')));
      keys = items.filter((i): i is RdbKey => i.kind === 'key');
      const fns = items.filter((i): i is RdbFunction => i.kind === 'function');
      expect(fns.map((f) => f.code)).toEqual(["#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)"]);
      for (const k of keys) {
        expect(k.type).toBe('stream');
        if (k.type === 'stream') expect(asXinfo(k.value), k.key).toEqual(expected.get(k.key));
      }
      expect(keys.length).toBe(6);
    } finally {
      await first.stop();
    }

    const dir2 = scratchDir();
    writeFileSync(path.join(dir2, 'dump.rdb'), encodeRdb(keys, { functions: ["#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)"] }));
    const second = await RedisProcess.start({ dir: dir2 });
    try {
      for (const [k, info] of expected) expect(await xinfo(second, k), k).toEqual(info);
      expect(await second.ok('FUNCTION', 'LIST', 'WITHCODE')).toEqual(functionsBefore);
    } finally {
      await second.stop();
    }
  });
});
