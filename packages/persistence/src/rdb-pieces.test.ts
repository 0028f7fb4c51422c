/**
 * Collections in pieces: written element by element (RdbEncoder.beginCollection
 * and friends) they are the same bytes as written whole, and read through a
 * visitor's collection sink they are the same elements as read whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteString } from '../test/arbitraries.js';
import { REFERENCE_NAMES, referenceRdb } from '../test/reference-data.js';
import { RDB_TYPE } from './constants.js';
import { RdbError } from './errors.js';
import type { RdbCollectionStart, RdbItem, RdbKey, RdbVisitor } from './model.js';
import { QuicklistSplitter } from './quicklist.js';
import { decodeRdb } from './rdb-reader.js';
import { readRdbInto, RdbStream, visitRdb } from './rdb-stream.js';
import { encodeRdb, RdbEncoder } from './rdb-writer.js';

const fixed = { ctime: 1, usedMem: 2 };

/** The bytes of one key written by `write` into a fresh encoder (after its header). */
function keyBytes(write: (enc: RdbEncoder) => void): Buffer {
  const enc = new RdbEncoder(fixed);
  enc.selectDb(0);
  enc.take();
  write(enc);
  return enc.take();
}

/** Elements in the order Redis writes a skiplist: from the highest (score, member) down. */
function ranked(z: Map<string, number>): [string, number][] {
  return [...z].sort((a, b) => (a[1] !== b[1] ? b[1] - a[1] : a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
}

const listArb = fc.array(fc.oneof(byteString, fc.string({ minLength: 60, maxLength: 3000 }).map((s) => s.replace(/[^\x00-\xff]/g, 'x'))), { minLength: 1, maxLength: 400 });

describe('writing a collection in pieces', () => {
  it('gives the bytes of the whole value, for every type and list-max-listpack-size', () => {
    fc.assert(
      fc.property(
        listArb,
        fc.uniqueArray(byteString, { minLength: 1, maxLength: 60 }),
        fc.uniqueArray(fc.tuple(byteString, fc.double({ noNaN: true })), { minLength: 1, maxLength: 60, selector: (e) => e[0] }),
        fc.constantFrom(-5, -2, -1, 1, 3, 128),
        (list, members, pairs, fill) => {
          const limits = { listMaxListpackSize: fill };
          const enc = (w: (e: RdbEncoder) => void): Buffer => {
            const e = new RdbEncoder({ ...fixed, limits });
            e.selectDb(0);
            e.take();
            w(e);
            return e.take();
          };
          // A list: nodes where the splitter cuts them.
          const whole = enc((e) => e.key({ key: 'l', type: 'list', value: list }));
          const pieces = enc((e) => {
            const splitter = new QuicklistSplitter(fill);
            const starts: number[] = [];
            list.forEach((el, i) => splitter.push(el) && starts.push(i));
            e.beginCollection({ key: 'l' }, 'list', starts.length);
            starts.forEach((s, j) => e.listNode(list, s, starts[j + 1] ?? list.length));
            e.endCollection();
          });
          expect(pieces.equals(whole)).toBe(true);

          const hash = new Map(members.map((m, i) => [m, `v${i}`]));
          expect(enc((e) => {
            e.beginCollection({ key: 'h', expireAt: 4102444800000 }, 'hash', hash.size);
            for (const [f, v] of hash) e.hashEntry(f, v);
            e.endCollection();
          }).equals(enc((e) => e.key({ key: 'h', type: 'hash', value: hash, encoding: 'hashtable', expireAt: 4102444800000 })))).toBe(true);

          const set = new Set(members);
          expect(enc((e) => {
            e.beginCollection({ key: 's' }, 'set', set.size);
            for (const m of set) e.setMember(m);
            e.endCollection();
          }).equals(enc((e) => e.key({ key: 's', type: 'set', value: set, encoding: 'hashtable' })))).toBe(true);

          const zset = new Map(pairs);
          expect(enc((e) => {
            e.beginCollection({ key: 'z' }, 'zset', zset.size);
            for (const [m, s] of ranked(zset)) e.zsetEntry(m, s);
            e.endCollection();
          }).equals(enc((e) => e.key({ key: 'z', type: 'zset', value: zset, encoding: 'skiplist' })))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses what would make a bad file: wrong counts, mixed types, interleaved keys', () => {
    const enc = new RdbEncoder(fixed);
    expect(() => enc.beginCollection({ key: 'e' }, 'set', 0)).toThrow(/empty set/);
    enc.beginCollection({ key: 'h' }, 'hash', 2);
    enc.hashEntry('a', '1');
    expect(() => enc.setMember('x')).toThrow(/No set is being written/);
    expect(() => enc.stringKey(0, 'k', 'v')).toThrow(/not finished/);
    expect(() => enc.key({ key: 'k', type: 'string', value: 'v' })).toThrow(/not finished/);
    expect(() => enc.selectDb(1)).toThrow(/not finished/);
    expect(() => enc.endCollection()).toThrow(/announced with 2 elements but got 1/);
    enc.hashEntry('b', '2');
    expect(() => enc.hashEntry('c', '3')).toThrow(/already has its 2 elements/);
    enc.endCollection();
    expect(() => enc.endCollection()).toThrow(/No collection/);
    enc.beginCollection({ key: 'z' }, 'zset', 1);
    expect(() => enc.zsetEntry('m', NaN)).toThrow(RdbError);
    expect(() => enc.listNode([])).toThrow(/No list|empty/);
    expect(() => enc.end()).toThrow(/not finished/);
  });

  it('string keys written by stringKey read back with their expiry, as with key()', () => {
    const a = keyBytes((e) => e.stringKey(0, 'k', 'v', 1700000000123));
    const b = keyBytes((e) => e.key({ key: 'k', type: 'string', value: 'v', expireAt: 1700000000123 }));
    expect(a.equals(b)).toBe(true);
    for (const t of [-1700000000123, 2 ** 40 + 7, -1, 0]) {
      const enc = new RdbEncoder(fixed);
      enc.stringKey(3, 'k', 'v', t === -1 ? 0 : t);
      const item = decodeRdb(Buffer.concat([enc.end()])).find((i): i is RdbKey => i.kind === 'key')!;
      expect(item.expireAt).toBe(t === -1 ? 0 : t);
      expect(item.db).toBe(3);
    }
  });
});

/** A visitor rebuilding collections from the sink, so they can be compared with decodeRdb's keys. */
function collectingVisitor(): { visitor: RdbVisitor; items: RdbItem[]; starts: RdbCollectionStart[]; calls: number[] } {
  const items: RdbItem[] = [];
  const starts: RdbCollectionStart[] = [];
  const calls: number[] = [];
  let current: { start: RdbCollectionStart; values: string[]; scores: number[] } | undefined;
  const visitor: RdbVisitor = {
    item: (item) => items.push(item),
    stringKey: (db, key, value, expireAt) => items.push({ kind: 'key', db, key, expireAt, type: 'string', value } as RdbKey),
    collection: {
      begin(start) {
        starts.push(start);
        current = { start, values: [], scores: [] };
      },
      elements(values, scores) {
        calls.push(values.length);
        current!.values.push(...values);
        if (scores) current!.scores.push(...scores);
      },
      end() {
        const { start, values, scores } = current!;
        current = undefined;
        if (values.length === 0) return;
        const base = { kind: 'key' as const, db: start.db, key: start.key, expireAt: start.expireAt };
        switch (start.type) {
          case 'list': items.push({ ...base, type: 'list', value: values } as RdbKey); break;
          case 'set': items.push({ ...base, type: 'set', value: new Set(values) } as RdbKey); break;
          case 'hash': {
            const m = new Map<string, string>();
            for (let i = 0; i < values.length; i += 2) m.set(values[i]!, values[i + 1]!);
            items.push({ ...base, type: 'hash', value: m } as RdbKey);
            break;
          }
          case 'zset': items.push({ ...base, type: 'zset', value: new Map(values.map((v, i) => [v, scores[i]!])) } as RdbKey); break;
        }
      },
    },
  };
  return { visitor, items, starts, calls };
}

const plain = (i: RdbItem): unknown => (i.kind === 'key' ? { db: i.db, key: i.key, expireAt: i.expireAt, type: i.type, value: i.value } : i);

describe('reading collections in pieces', () => {
  it.each(REFERENCE_NAMES)('%s.rdb through a visitor: the items of decodeRdb, in chunks of any size', async (name) => {
    const file = referenceRdb(name);
    const expected = decodeRdb(file);
    // Keys from the sink arrive when their collection ends: keys by name, the other items in order.
    const split = (items: RdbItem[]): [Map<string, unknown>, unknown[]] => [
      new Map(items.flatMap((i) => (i.kind === 'key' ? [[`${i.db}:${i.key}`, plain(i)] as const] : []))),
      items.filter((i) => i.kind !== 'key'),
    ];
    const [keys, others] = split(expected);
    for (const size of [1, 7, 100, 65536, file.length]) {
      const { visitor, items } = collectingVisitor();
      const chunks = Array.from({ length: Math.ceil(file.length / size) }, (_, i) => file.subarray(i * size, (i + 1) * size));
      await readRdbInto(chunks, visitor);
      const [gotKeys, gotOthers] = split(items);
      expect(gotKeys).toEqual(keys);
      expect(gotOthers).toEqual(others);
    }
    const whole = collectingVisitor();
    visitRdb(file, { item: whole.visitor.item });
    expect(whole.items).toEqual(expected);
  });

  it('hands over a big collection in bounded chunks, whatever the window', () => {
    const n = 10_000;
    const hash = new Map(Array.from({ length: n }, (_, i) => [`field:${i}`, `value:${i}`]));
    const zset = new Map(Array.from({ length: n }, (_, i) => [`m:${i}`, i / 7]));
    const file = encodeRdb([
      { key: 'h', type: 'hash', value: hash, expireAt: 4102444800000 },
      { key: 'z', type: 'zset', value: zset },
      { key: 'l', type: 'list', value: Array.from({ length: n }, (_, i) => `e${i}`) },
    ], fixed);
    const { visitor, items, starts, calls } = collectingVisitor();
    const stream = new RdbStream(visitor);
    for (let i = 0; i < file.length; i += 3000) stream.push(file.subarray(i, i + 3000));
    stream.finish();
    expect(starts.map((s) => [s.key, s.type, s.rdbType, s.count, s.expireAt])).toEqual([
      ['h', 'hash', RDB_TYPE.HASH, n, 4102444800000], ['z', 'zset', RDB_TYPE.ZSET_2, n, -1],
      ['l', 'list', RDB_TYPE.LIST_QUICKLIST_2, expect.any(Number), -1],
    ]);
    expect(Math.max(...calls)).toBeLessThanOrEqual(2048 + 1000);
    const byKey = new Map(items.filter((i): i is RdbKey => i.kind === 'key').map((k) => [k.key, k.value]));
    expect(byKey.get('h')).toEqual(hash);
    expect(byKey.get('z')).toEqual(zset);
    expect((byKey.get('l') as string[]).length).toBe(n);
    expect(items.at(-1)).toMatchObject({ kind: 'eof', checksumVerified: true });
  });

  it('calls the visitor\'s methods on the visitor itself', () => {
    class Counter implements RdbVisitor {
      strings = 0;
      others = 0;
      item(): void {
        this.others++;
      }
      stringKey(): void {
        this.strings++;
      }
    }
    const counter = new Counter();
    visitRdb(encodeRdb([{ key: 'a', type: 'string', value: '1' }, { key: 'b', type: 'string', value: 'x', expireAt: 4102444800000 }], fixed), counter);
    expect(counter.strings).toBe(2);
    expect(counter.others).toBeGreaterThan(2); // header, aux fields, select-db, eof
  });

  it('fails on a truncated file and on a bad checksum, as the other readers do', () => {
    const file = encodeRdb([{ key: 's', type: 'set', value: new Set(Array.from({ length: 3000 }, (_, i) => `m${i}`)) }], fixed);
    for (const cut of [10, 100, file.length - 20, file.length - 1]) {
      const { visitor } = collectingVisitor();
      expect(() => visitRdb(file.subarray(0, cut), visitor)).toThrow(expect.objectContaining({ code: 'truncated' }));
    }
    const bad = Buffer.from(file);
    bad[500] ^= 0x55;
    const { visitor } = collectingVisitor();
    expect(() => visitRdb(bad, visitor)).toThrow(RdbError);
  });
});
