import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Keyspace } from '../src/keyspace/keyspace.js';
import type { Database } from '../src/keyspace/database.js';
import { ListValue } from '../src/keyspace/types/list-value.js';
import { HashValue } from '../src/keyspace/types/hash-value.js';
import { SetValue } from '../src/keyspace/types/set-value.js';
import { ZSetValue } from '../src/keyspace/types/zset-value.js';
import { CHARGE_OBJECT_BYTES, collectionKeyBytes, stringBytes, stringKeyBytes, TTL_OVERHEAD } from '../src/eviction/memory-model.js';

// The dataset estimate behind maxmemory and used_memory: kept exactly equal to
// the sum of its per-key estimates through any sequence of changes, and close
// to what V8 really spends on the same data.

const HASH_LIMITS = { maxEntries: 128, maxValue: 64 };
const ZSET_LIMITS = { maxListpackEntries: 128, maxListpackValue: 64 };

/** The estimate of one key: a string's from its length, a collection's as charged at its last change. */
function keyEstimate(db: Database, key: string): number {
  const value = db.values.get(key)!;
  let bytes: number;
  if (typeof value === 'string') {
    bytes = stringKeyBytes(key, value);
    expect(db.charges.has(key)).toBe(false);
  } else bytes = db.charges.get(key)!.bytes + CHARGE_OBJECT_BYTES;
  if (db.expires.has(key)) bytes += TTL_OVERHEAD;
  return bytes;
}

function recount(ks: Keyspace): number {
  let total = 0;
  for (const db of ks.databases) {
    let sum = 0;
    for (const key of db.values.keys()) sum += keyEstimate(db, key);
    expect(db.bytes).toBe(sum + db.tableBytes());
    expect(db.charges.size).toBeLessThanOrEqual(db.size);
    expect(db.expireKeys.size).toBe(ks.volatileSampling ? db.expires.size : 0);
    if (ks.volatileSampling) for (const k of db.expires.keys()) expect(db.expireKeys.has(k)).toBe(true);
    total += sum + db.tableBytes();
  }
  return total;
}

const key = fc.constantFrom('a', 'b', 'c', 'key:1', 'key:2', 'some-longer-key-name');
const text = fc.string({ maxLength: 90 }).map((s) => s.replace(/[^\x00-\xff]/g, 'x'));
const op = fc.oneof(
  fc.record({ t: fc.constant('set' as const), db: fc.nat(1), key, value: fc.oneof(text, fc.nat(20000).map(String)), keepTtl: fc.boolean() }),
  fc.record({ t: fc.constant('expire' as const), db: fc.nat(1), key, past: fc.boolean() }),
  fc.record({ t: fc.constant('persist' as const), db: fc.nat(1), key }),
  fc.record({ t: fc.constant('del' as const), db: fc.nat(1), key }),
  fc.record({ t: fc.constant('evict' as const), db: fc.nat(1), key }),
  fc.record({ t: fc.constant('get' as const), db: fc.nat(1), key }),
  fc.record({ t: fc.constant('push' as const), db: fc.nat(1), key, items: fc.array(text, { minLength: 1, maxLength: 20 }) }),
  fc.record({ t: fc.constant('pop' as const), db: fc.nat(1), key }),
  fc.record({ t: fc.constant('hset' as const), db: fc.nat(1), key, items: fc.array(text, { minLength: 2, maxLength: 300 }) }),
  fc.record({ t: fc.constant('sadd' as const), db: fc.nat(1), key, items: fc.array(fc.oneof(text, fc.nat(999).map(String)), { minLength: 1, maxLength: 30 }) }),
  fc.record({ t: fc.constant('zadd' as const), db: fc.nat(1), key, items: fc.array(text, { minLength: 1, maxLength: 150 }) }),
  fc.record({ t: fc.constant('flush' as const), db: fc.nat(1) }),
  fc.record({ t: fc.constant('swap' as const) }),
  fc.record({ t: fc.constant('policy' as const), shared: fc.boolean(), volatile: fc.boolean() }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(ks: Keyspace, o: Op): void {
  if (o.t === 'swap') return ks.swap(0, 1);
  if (o.t === 'policy') {
    ks.sharedIntegers = o.shared;
    if (ks.volatileSampling !== o.volatile) {
      ks.volatileSampling = o.volatile;
      for (const db of ks.databases) db.syncExpireKeys();
    }
    return;
  }
  const db = ks.databases[o.db]!;
  if (o.t === 'flush') return void db.flush();
  const k = o.key;
  switch (o.t) {
    case 'set': return db.set(k, o.value, { keepTtl: o.keepTtl });
    case 'expire': if (db.has(k)) db.setExpire(k, o.past ? ks.now - 1 : ks.now + 100_000); return;
    case 'persist': return void db.persist(k);
    case 'del': return void db.delete(k);
    case 'evict': return void db.evict(k);
    case 'get': return void db.get(k);
    case 'push': case 'pop': {
      const v = db.getForWrite(k);
      if (v !== undefined && !(v instanceof ListValue)) return;
      if (o.t === 'pop') {
        if (v === undefined) return;
        v.items.popFront();
        if (v.length === 0) db.delete(k);
        else db.touchModified(k);
        return;
      }
      const list = v ?? new ListValue();
      for (const item of o.items) list.items.pushBack(item);
      if (v === undefined) db.set(k, list);
      else db.touchModified(k);
      return;
    }
    case 'hset': {
      const v = db.getForWrite(k);
      if (v !== undefined && !(v instanceof HashValue)) return;
      const h = v ?? new HashValue();
      for (let i = 0; i + 1 < o.items.length; i += 2) h.set(o.items[i]!, o.items[i + 1]!, HASH_LIMITS);
      if (v === undefined) db.set(k, h);
      else db.touchModified(k);
      return;
    }
    case 'sadd': {
      const v = db.getForWrite(k);
      if (v !== undefined && !(v instanceof SetValue)) return;
      const s = v ?? new SetValue(o.items[0]!);
      for (const m of o.items) s.add(m, 16);
      if (v === undefined) db.set(k, s);
      else db.touchModified(k);
      return;
    }
    case 'zadd': {
      const v = db.getForWrite(k);
      if (v !== undefined && !(v instanceof ZSetValue)) return;
      const z = v ?? ZSetValue.forFirstMember(o.items[0]!.length, ZSET_LIMITS);
      if (v === undefined) db.set(k, z);
      o.items.forEach((m, i) => z.add(m, i, 0, ZSET_LIMITS));
      db.touchModified(k);
      return;
    }
  }
}

describe('dataset estimate', () => {
  it('always equals the sum of what its keys were charged, through any changes (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const ks = new Keyspace(2);
        for (const o of ops) {
          apply(ks, o);
          expect(ks.datasetBytes).toBe(recount(ks));
        }
        const empty = new Keyspace(2).datasetBytes;
        for (const db of ks.databases) db.flush();
        expect(ks.datasetBytes).toBe(empty);
      }),
      { numRuns: 300 },
    );
  });

  it('charges strings by length, a TTL by a constant, the tables as they grow', () => {
    const ks = new Keyspace(1);
    const db = ks.databases[0]!;
    const keysOnly = () => ks.datasetBytes - db.tableBytes();
    const empty = ks.datasetBytes;
    db.set('k', 'x'.repeat(100));
    expect(keysOnly()).toBe(stringKeyBytes('k', 'x'.repeat(100)));
    expect(stringBytes(100)).toBe(120);
    db.setExpire('k', ks.now + 1000);
    expect(keysOnly()).toBe(stringKeyBytes('k', 'x'.repeat(100)) + TTL_OVERHEAD);
    db.set('k', 'y', { keepTtl: true, encoding: 'raw' });
    expect(keysOnly()).toBe(stringKeyBytes('k', 'y') + TTL_OVERHEAD);
    db.set('k', 'y');
    expect(keysOnly()).toBe(stringKeyBytes('k', 'y'));
    db.delete('k');
    expect(ks.datasetBytes).toBe(empty);
    // 1000 keys grow the maps to 1024 slots each (V8 doubles them from 4).
    for (let i = 0; i < 1000; i++) db.set(`key:${i}`, 'v');
    const tables = db.tableBytes() - new Keyspace(1).databases[0]!.tableBytes();
    expect(tables).toBe(2 * 8 * (3 + 512 + 3 * 1024) - 2 * 8 * (3 + 2 + 3 * 4) + 8 * (1024 - 4));
  });

  it('follows a collection through its changes, sampling its strings again as it moves', () => {
    const ks = new Keyspace(1);
    const db = ks.databases[0]!;
    const list = new ListValue();
    db.set('l', list);
    const empty = ks.datasetBytes;
    // One element at a time, as LPUSH does: the charge keeps up with a fresh estimate.
    for (let i = 0; i < 10_000; i++) {
      list.items.pushBack('e'.repeat(16));
      db.touchModified('l');
    }
    const fresh = collectionKeyBytes('l', list);
    expect(Math.abs(ks.datasetBytes - fresh) / fresh).toBeLessThan(0.01);
    const short = ks.datasetBytes - empty;
    expect(short).toBeGreaterThan(10_000 * stringBytes(16));
    // Elements rewritten in place, one command each (LSET): the size stays, the strings are sampled again.
    for (let i = 0; i < 10_000; i++) {
      list.items.set(i, 'e'.repeat(160));
      db.touchModified('l');
    }
    const long = ks.datasetBytes - empty;
    const want = 10_000 * (stringBytes(160) - stringBytes(16));
    expect(Math.abs(long - short - want) / want).toBeLessThan(0.05);
    // Popped down to nothing.
    while (list.length > 1) {
      list.items.popBack();
      db.touchModified('l');
    }
    expect(ks.datasetBytes - empty).toBeLessThan(300);
  });
});

/** A real gc(), as --expose-gc would give. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapUsed(gc: () => void): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** A fresh flat string, as the RESP parser makes them. */
function fresh(prefix: string, n: number, len: number): string {
  const s = `${prefix}${n}`.padEnd(len, 'x');
  return Buffer.from(s, 'latin1').toString('latin1');
}

describe('estimate against the V8 heap', () => {
  const gc = exposeGc();
  const shapes: { name: string; keys: number; load: (db: Database, i: number) => void }[] = [
    { name: 'strings of 16 bytes', keys: 100_000, load: (db, i) => db.set(fresh('key:', i, 16), fresh('v', i, 16)) },
    { name: 'strings of 200 bytes', keys: 50_000, load: (db, i) => db.set(fresh('key:', i, 16), fresh('v', i, 200)) },
    { name: 'strings with a TTL', keys: 100_000, load: (db, i) => {
      const k = fresh('key:', i, 16);
      db.set(k, fresh('v', i, 16));
      db.setExpire(k, Date.now() + 1e9 + i);
    } },
    { name: 'lists of 50', keys: 4_000, load: (db, i) => db.set(fresh('key:', i, 16), ListValue.of(Array.from({ length: 50 }, (_, j) => fresh('e', i * 100 + j, 20)))) },
    { name: 'hashes of 20 (listpack)', keys: 4_000, load: (db, i) => {
      const h = new HashValue();
      for (let j = 0; j < 20; j++) h.set(fresh('f', j, 10), fresh('v', i * 100 + j, 20), HASH_LIMITS);
      db.set(fresh('key:', i, 16), h);
    } },
    { name: 'hashes of 300 (hashtable)', keys: 500, load: (db, i) => {
      const h = new HashValue();
      for (let j = 0; j < 300; j++) h.set(fresh('f', j, 10), fresh('v', i * 1000 + j, 20), HASH_LIMITS);
      db.set(fresh('key:', i, 16), h);
    } },
    { name: 'sets of 100 strings', keys: 2_000, load: (db, i) => {
      const s = new SetValue(fresh('m', i * 1000, 16));
      for (let j = 0; j < 100; j++) s.add(fresh('m', i * 1000 + j, 16), 512);
      db.set(fresh('key:', i, 16), s);
    } },
    { name: 'sets of 100 integers (intset)', keys: 4_000, load: (db, i) => {
      const s = new SetValue('0');
      for (let j = 0; j < 100; j++) s.add(String(i * 1000 + j), 512);
      db.set(fresh('key:', i, 16), s);
    } },
    { name: 'sorted sets of 100', keys: 1_000, load: (db, i) => {
      const z = ZSetValue.forFirstMember(16, ZSET_LIMITS);
      for (let j = 0; j < 100; j++) z.add(fresh('m', i * 1000 + j, 16), j * 1.5, 0, ZSET_LIMITS);
      db.set(fresh('key:', i, 16), z);
    } },
  ];
  it('stays within 25% of the measured heap under churn (keys added and deleted for a long time)', () => {
    const ks = new Keyspace(1);
    const db = ks.databases[0]!;
    const before = heapUsed(gc);
    const start = ks.datasetBytes;
    const live = 150_000;
    let next = 0, oldest = 0;
    for (; next < live; next++) db.set(fresh('key:', next, 16), fresh('v', next, 200));
    const fillEstimate = ks.datasetBytes - start;
    for (let i = 0; i < 600_000; i++) {
      db.delete(fresh('key:', oldest++, 16));
      db.set(fresh('key:', next, 16), fresh('v', next++, 200));
    }
    const measured = heapUsed(gc) - before;
    const estimate = ks.datasetBytes - start;
    expect(db.size).toBe(live);
    // The same keys, but the maps carry deleted slots now: the estimate grew with them.
    expect(estimate).toBeGreaterThan(fillEstimate * 1.1);
    expect(estimate / measured, `estimate ${estimate} B, heap ${measured} B`).toBeGreaterThan(0.75);
    expect(estimate / measured, `estimate ${estimate} B, heap ${measured} B`).toBeLessThan(1.25);
  });

  for (const shape of shapes) {
    it(`stays within 35% of the measured heap for ${shape.name}`, () => {
      const ks = new Keyspace(1);
      const db = ks.databases[0]!;
      const before = heapUsed(gc);
      for (let i = 0; i < shape.keys; i++) shape.load(db, i);
      const measured = heapUsed(gc) - before;
      const ratio = ks.datasetBytes / measured;
      expect(db.size).toBe(shape.keys);
      expect(ratio, `estimate ${ks.datasetBytes} B, heap ${measured} B`).toBeGreaterThan(0.65);
      expect(ratio, `estimate ${ks.datasetBytes} B, heap ${measured} B`).toBeLessThan(1.35);
    });
  }
});
