/**
 * Encodings Redis 7.0 no longer writes but still loads (RDB versions before
 * 10), in hand-built files; when redis-server is installed, Redis loads the
 * same file and must hold what kv decoded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildZiplist, buildZipmap, RdbBuilder } from '../test/builders.js';
import { HAVE_REDIS, RedisProcess, scratchDir } from '../test/real-redis.js';
import { RDB_OPCODE, RDB_TYPE } from './constants.js';
import { RdbError } from './errors.js';
import { encodeIntset } from './intset.js';
import { encodeListpack } from './listpack.js';
import type { RdbItem, RdbKey } from './model.js';
import { moduleTypeId } from './module-value.js';
import { decodeRdb } from './rdb-reader.js';
import { encodeRdb } from './rdb-writer.js';

const LEGACY_LIB = "redis.register_function('legacyfn', function(keys, args) return 'old' end)";

function oldFile(): Buffer {
  const b = new RdbBuilder(9);
  const w = b.w;
  const aux = (k: string, v: string): void => { w.u8(RDB_OPCODE.AUX); w.string(k); w.string(v); };
  aux('redis-ver', '6.2.14');
  // The function format of Redis 7.0 release candidates.
  w.u8(RDB_OPCODE.FUNCTION); w.string('legacylib'); w.string('LUA'); w.len(1); w.string('a description'); w.string(LEGACY_LIB);
  w.u8(RDB_OPCODE.SELECTDB); w.len(0);
  w.u8(RDB_OPCODE.RESIZEDB); w.len(14); w.len(1);
  const key = (type: number, name: string): void => { w.u8(type); w.string(name); };

  key(RDB_TYPE.LIST, 'linked'); w.len(3); w.string('a'); w.string('1'); w.string('x'.repeat(30));
  key(RDB_TYPE.LIST_ZIPLIST, 'ziplist-list'); w.blob(buildZiplist(['a', '7', '-300', 'y'.repeat(300)]));
  key(RDB_TYPE.LIST_QUICKLIST, 'quicklist-v1'); w.len(2); w.blob(buildZiplist(['n1', '1'])); w.blob(buildZiplist(['n2', '2', '3']));
  key(RDB_TYPE.SET, 'set-ints'); w.len(3); w.string('3'); w.string('-1'); w.string('20');
  key(RDB_TYPE.SET_INTSET, 'intset'); w.blob(encodeIntset([5, 100000, -7]));
  key(RDB_TYPE.ZSET, 'zset-v1'); w.len(4);
  for (const [m, s] of [['a', '1.5'], ['b', '3'], ['c', 'inf'], ['d', '-inf']] as const) {
    w.string(m);
    if (s === 'inf') w.u8(254); else if (s === '-inf') w.u8(255); else { w.u8(s.length); w.latin1(s); }
  }
  key(RDB_TYPE.ZSET_ZIPLIST, 'zset-ziplist'); w.blob(buildZiplist(['m1', '1', 'm2', '2.5', 'm3', '100000']));
  key(RDB_TYPE.HASH_ZIPMAP, 'zipmap'); w.blob(buildZipmap([['f1', 'v1'], ['f2', 'v'.repeat(300)]], 2));
  key(RDB_TYPE.HASH_ZIPLIST, 'hash-ziplist'); w.blob(buildZiplist(['f', 'v', 'n', '12']));
  key(RDB_TYPE.HASH, 'hash-v1'); w.len(2); w.string('a'); w.string('1'); w.string('b'); w.string('2');
  key(RDB_TYPE.STRING, 'int-string'); w.string('-12345');
  w.u8(RDB_OPCODE.EXPIRETIME); w.reserve(4); w.buf.writeInt32LE(2145916800, w.pos); w.pos += 4; // 2038-01-01, in seconds
  w.u8(RDB_OPCODE.IDLE); w.len(300);
  w.u8(RDB_OPCODE.FREQ); w.u8(7);
  key(RDB_TYPE.STRING, 'expiring'); w.string('soon');
  key(RDB_TYPE.STRING, 'long-string'); w.string('z'.repeat(50));
  key(RDB_TYPE.STREAM_LISTPACKS, 'stream-v1');
  w.len(1);
  const nodeKey = Buffer.alloc(16);
  nodeKey.writeBigUInt64BE(1n, 0);
  w.blob(nodeKey);
  w.blob(encodeListpack([
    2, 1, 1, 'a', 0, // master entry: 2 live, 1 deleted, fields [a]
    2, 0, 0, '1', 4, // 1-0 a=1 (same fields)
    0, 0, 1, 2, 'a', '2', 'b', '3', 8, // 1-1 a=2 b=3
    3, 1, 0, '9', 4, // 2-0 deleted
  ]));
  w.len(2); w.len(2); w.len(0); // length, last ID 2-0
  w.len(1); w.string('g'); w.len(1); w.len(1); // group g, last delivered 1-1 (no entries-read before RDB 10)
  const raw10 = Buffer.alloc(16);
  raw10.writeBigUInt64BE(1n, 0);
  w.len(1); w.bytes(raw10); w.millis(1700000000000); w.len(2);
  w.len(1); w.string('c'); w.millis(1700000000001); w.len(1); w.bytes(raw10);
  // An empty key, which Redis skips.
  key(RDB_TYPE.LIST_ZIPLIST, 'empty'); w.blob(buildZiplist([]));
  return b.finish();
}

const keysOf = (items: RdbItem[]): Map<string, RdbKey> =>
  new Map(items.filter((i): i is RdbKey => i.kind === 'key').map((k) => [k.key, k]));

describe('RDB files of older versions', () => {
  const items = decodeRdb(oldFile());
  const keys = keysOf(items);

  it('decodes every legacy encoding', () => {
    const v = (k: string): unknown => keys.get(k)?.value;
    expect(v('linked')).toEqual(['a', '1', 'x'.repeat(30)]);
    expect(v('ziplist-list')).toEqual(['a', '7', '-300', 'y'.repeat(300)]);
    expect(v('quicklist-v1')).toEqual(['n1', '1', 'n2', '2', '3']);
    expect(v('set-ints')).toEqual(new Set(['3', '-1', '20']));
    expect(v('intset')).toEqual(new Set(['-7', '5', '100000']));
    expect(v('zset-v1')).toEqual(new Map([['a', 1.5], ['b', 3], ['c', Infinity], ['d', -Infinity]]));
    expect(v('zset-ziplist')).toEqual(new Map([['m1', 1], ['m2', 2.5], ['m3', 100000]]));
    expect(v('zipmap')).toEqual(new Map([['f1', 'v1'], ['f2', 'v'.repeat(300)]]));
    expect(v('hash-ziplist')).toEqual(new Map([['f', 'v'], ['n', '12']]));
    expect(v('hash-v1')).toEqual(new Map([['a', '1'], ['b', '2']]));
    expect(v('int-string')).toBe('-12345');
    expect(keys.get('expiring')).toMatchObject({ value: 'soon', expireAt: 2145916800000, lruIdle: 300, lfuFreq: 7 });
    expect(keys.get('long-string')).toMatchObject({ expireAt: -1 });
    expect(keys.get('long-string')?.lruIdle).toBeUndefined();
    expect(v('stream-v1')).toEqual({
      entries: [{ id: '1-0', fields: [['a', '1']] }, { id: '1-1', fields: [['a', '2'], ['b', '3']] }],
      lastId: '2-0', firstId: '1-0', maxDeletedId: '0-0', entriesAdded: 2,
      groups: [{
        name: 'g', lastId: '1-1', entriesRead: -1,
        pending: [{ id: '1-0', deliveryTime: 1700000000000, deliveryCount: 2 }],
        consumers: [{ name: 'c', seenTime: 1700000000001, pending: ['1-0'] }],
      }],
    });
  });

  it('reports the encoding Redis 7.0 gives each value on load, skips empty keys, and translates old functions', () => {
    const enc = Object.fromEntries([...keys].map(([k, v]) => [k, v.encoding]));
    expect(enc).toEqual({
      linked: 'quicklist', 'ziplist-list': 'quicklist', 'quicklist-v1': 'quicklist', 'set-ints': 'intset', intset: 'intset',
      'zset-v1': 'listpack', 'zset-ziplist': 'listpack', zipmap: 'hashtable', 'hash-ziplist': 'listpack', 'hash-v1': 'listpack',
      'int-string': 'int', expiring: 'embstr', 'long-string': 'raw', 'stream-v1': 'stream',
    });
    expect(items.at(-1)).toMatchObject({ kind: 'eof', emptyKeysSkipped: 1, checksumVerified: true });
    expect(items.find((i) => i.kind === 'function')).toEqual({ kind: 'function', code: `#!LUA name=legacylib\n${LEGACY_LIB}` });
  });

  it.skipIf(!HAVE_REDIS)('holds what a real Redis 7.0 holds after loading the same file', async () => {
    const dir = scratchDir();
    writeFileSync(path.join(dir, 'dump.rdb'), oldFile());
    const redis = await RedisProcess.start({ dir });
    try {
      for (const k of keys.values()) expect(await redis.ok('OBJECT', 'ENCODING', k.key), k.key).toBe(k.encoding);
      expect(await redis.ok('EXISTS', 'empty')).toBe(0);
      expect(await redis.ok('FCALL', 'legacyfn', 0)).toBe('old');
      const info = await redis.ok('XINFO', 'GROUPS', 'stream-v1');
      expect(info).toEqual([['name', 'g', 'consumers', 1, 'pending', 1, 'last-delivered-id', '1-1', 'entries-read', null, 'lag', null]]);
      await redis.ok('SAVE');
      const saved = keysOf(decodeRdb(readFileSync(path.join(dir, 'dump.rdb'))));
      for (const k of keys.values()) {
        const s = saved.get(k.key)!;
        expect({ type: s.type, value: s.value, expireAt: s.expireAt }, k.key).toEqual({ type: k.type, value: k.value, expireAt: k.expireAt });
      }
    } finally {
      await redis.stop();
    }
  });
});

describe('module data', () => {
  const id = moduleTypeId('mymodtype', 3);
  function withModule(): Buffer {
    const b = new RdbBuilder(10);
    const w = b.w;
    w.u8(RDB_OPCODE.MODULE_AUX); w.len(id); w.len(2); w.len(1); w.len(5); w.string('aux data'); w.len(0);
    w.u8(RDB_OPCODE.SELECTDB); w.len(0);
    w.u8(RDB_TYPE.MODULE_2); w.string('modkey'); w.len(id);
    w.len(2); w.len(42n); w.len(4); w.double(1.25); w.len(3); w.reserve(4); w.buf.writeFloatLE(0.5, w.pos); w.pos += 4; w.len(5); w.string('hello'); w.len(0);
    w.u8(RDB_TYPE.STRING); w.string('after'); w.string('ok');
    return b.finish();
  }

  it('refuses module data by default, naming the module', () => {
    expect(() => decodeRdb(withModule())).toThrow(RdbError);
    expect(() => decodeRdb(withModule())).toThrow("no matching module 'mymodtype'");
  });

  it('keeps module values as opaque bytes when asked, and reads on', () => {
    const items = decodeRdb(withModule(), { modules: 'keep' });
    expect(items.find((i) => i.kind === 'module-aux')).toMatchObject({ moduleName: 'mymodtype', when: 1, moduleId: id });
    const mod = items.find((i) => i.kind === 'key' && i.key === 'modkey');
    expect(mod).toMatchObject({ type: 'module', value: { moduleName: 'mymodtype', encodingVersion: 3, moduleId: id } });
    expect(items.find((i) => i.kind === 'key' && i.key === 'after')).toMatchObject({ value: 'ok' });
  });

  it('writes kept module values back unchanged', () => {
    const keys = decodeRdb(withModule(), { modules: 'keep' }).filter((i): i is RdbKey => i.kind === 'key');
    const again = decodeRdb(encodeRdb(keys), { modules: 'keep' }).filter((i): i is RdbKey => i.kind === 'key');
    expect(again.map((k) => k.value)).toEqual(keys.map((k) => k.value));
  });
});
