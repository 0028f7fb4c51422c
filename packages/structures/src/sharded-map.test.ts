import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShardedMap } from './sharded-map.js';

type Op = { op: 'set'; key: string; value: number } | { op: 'delete'; key: string } | { op: 'clear' };

const key = fc.oneof(fc.integer({ min: 0, max: 50 }).map((n) => `k${n}`), fc.string({ maxLength: 4 }));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), key, value: fc.integer() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

/** The same operations on a ShardedMap and a Map, preloaded with `preload` keys. */
function agree(preload: number, ops: Op[]): void {
  const sharded = new ShardedMap<number>();
  const model = new Map<string, number>();
  for (let i = 0; i < preload; i++) {
    sharded.set(`pre:${i}`, i);
    model.set(`pre:${i}`, i);
  }
  for (const o of ops) {
    if (o.op === 'set') {
      // setNew says whether the key was new, and sets it either way.
      if (o.value % 2 === 0) expect(sharded.setNew(o.key, o.value)).toBe(!model.has(o.key));
      else sharded.set(o.key, o.value);
      model.set(o.key, o.value);
    } else if (o.op === 'delete') {
      expect(sharded.delete(o.key)).toBe(model.delete(o.key));
    } else {
      sharded.clear();
      model.clear();
    }
    expect(sharded.size).toBe(model.size);
  }
  for (const [k, v] of model) {
    expect(sharded.get(k)).toBe(v);
    expect(sharded.has(k)).toBe(true);
  }
  expect(sharded.has('absent:key')).toBe(false);
  const entries = [...sharded].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  expect(entries).toEqual([...model].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  expect([...sharded.keys()].length).toBe(model.size);
  expect([...sharded.values()].reduce((s, v) => s + v, 0)).toBe([...model.values()].reduce((s, v) => s + v, 0));
}

describe('ShardedMap', () => {
  it('behaves as a Map while small', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => agree(0, ops)), { numRuns: 300 });
  });

  it('behaves as a Map across the split and after it', () => {
    // 32,760 keys: the operations push it over 32,768 (and clear brings it back to one Map).
    fc.assert(fc.property(fc.array(op, { minLength: 20, maxLength: 100 }), (ops) => agree(32_760, ops)), { numRuns: 20 });
  });

  it('spreads keys over its shards once split, so growing rebuilds a small Map', () => {
    const m = new ShardedMap<number>();
    for (let i = 0; i < 100_000; i++) m.set(`key:${i}`, i);
    const sizes = (m as unknown as { shards: Map<string, number>[] }).shards.map((s) => s.size);
    expect(sizes.length).toBe(256);
    // 390 per shard on average: none is far off.
    expect(Math.max(...sizes)).toBeLessThan(600);
    expect(Math.min(...sizes)).toBeGreaterThan(200);
  });

  it('reserve splits an empty map for a known large size, and leaves small ones one Map', () => {
    const shardsOf = (m: ShardedMap<number>) => (m as unknown as { shards: Map<string, number>[] }).shards.length;
    const small = new ShardedMap<number>();
    small.reserve(100);
    expect(shardsOf(small)).toBe(1);
    const big = new ShardedMap<number>();
    big.reserve(1_000_000);
    expect(shardsOf(big)).toBe(256);
    agreeAfter(big);
  });
});

/** A reserved map holds what a Map holds. */
function agreeAfter(m: ShardedMap<number>): void {
  for (let i = 0; i < 1000; i++) m.set(`key:${i}`, i);
  expect(m.size).toBe(1000);
  for (let i = 0; i < 1000; i++) expect(m.get(`key:${i}`)).toBe(i);
}
