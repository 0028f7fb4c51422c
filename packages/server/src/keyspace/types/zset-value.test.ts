import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZADD_GT, ZADD_INCR, ZADD_LT, ZADD_NX, ZADD_XX, ZSetValue } from './zset-value.js';

const limits = { maxListpackEntries: 4, maxListpackValue: 8 };

/** Every member a full ZSCAN-style walk of a skiplist set returns. */
function scanAll(z: ZSetValue): Set<string> {
  const seen = new Set<string>();
  let cursor = 0n;
  do cursor = BigInt(z.scan(cursor, 3, (m) => seen.add(m)));
  while (cursor !== 0n);
  return seen;
}

describe('ZSetValue', () => {
  it('is a listpack until an insert would pass the entry or length limit, and never converts back by itself', () => {
    const z = ZSetValue.forFirstMember(1, limits);
    for (const m of ['a', 'b', 'c', 'd']) z.add(m, 1, 0, limits);
    expect(z.encoding()).toBe('listpack');
    z.add('e', 1, 0, limits);
    expect(z.encoding()).toBe('skiplist');
    z.delete('e');
    z.delete('d');
    expect(z.encoding()).toBe('skiplist');
    z.convertToListpackIfNeeded(1, limits);
    expect(z.encoding()).toBe('listpack');
    expect(ZSetValue.forFirstMember(9, limits).encoding()).toBe('skiplist');
    expect(ZSetValue.forFirstMember(1, { maxListpackEntries: 0, maxListpackValue: 64 }).encoding()).toBe('skiplist');
  });

  it('applies NX, XX, GT, LT and INCR as zsetAdd does', () => {
    const z = ZSetValue.listpack();
    expect(z.add('a', 5, 0, limits)).toEqual({ outcome: 'added', score: 5 });
    expect(z.add('a', 5, 0, limits).outcome).toBe('unchanged');
    expect(z.add('a', 9, ZADD_NX, limits).outcome).toBe('nop');
    expect(z.add('b', 9, ZADD_XX, limits).outcome).toBe('nop');
    expect(z.add('a', 4, ZADD_GT, limits).outcome).toBe('nop');
    expect(z.add('a', 6, ZADD_GT, limits)).toEqual({ outcome: 'updated', score: 6 });
    expect(z.add('a', 7, ZADD_LT, limits).outcome).toBe('nop');
    expect(z.add('a', 1.5, ZADD_INCR, limits)).toEqual({ outcome: 'updated', score: 7.5 });
    expect(z.add('a', -1, ZADD_INCR | ZADD_GT, limits).outcome).toBe('nop');
    z.add('inf', Infinity, 0, limits);
    expect(z.add('inf', -Infinity, ZADD_INCR, limits).outcome).toBe('nan');
    expect(z.score('inf')).toBe(Infinity);
  });

  it('stores -0 as 0 in a listpack but keeps it in a skiplist, as Redis 7.0 does', () => {
    const small = ZSetValue.listpack();
    small.add('a', -0, 0, limits);
    expect(Object.is(small.score('a'), 0)).toBe(true);
    const big = ZSetValue.skiplist();
    big.add('a', -0, 0, limits);
    expect(Object.is(big.score('a'), -0)).toBe(true);
    big.convertToListpackIfNeeded(1, limits);
    expect(Object.is(big.score('a'), 0)).toBe(true);
  });

  it('keeps its scan table in step with every removal path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('add', 'del', 'popmin', 'popmax', 'remscore', 'remrank'), fc.integer({ min: 0, max: 40 })), { maxLength: 200 }),
        (ops) => {
          const z = ZSetValue.skiplist();
          const model = new Map<string, number>();
          for (const [op, n] of ops) {
            const m = `m${n}`;
            if (op === 'add') {
              z.add(m, n, 0, limits);
              model.set(m, n);
            } else if (op === 'del') {
              z.delete(m);
              model.delete(m);
            } else if (op === 'popmin' || op === 'popmax') {
              z.pop(op === 'popmax', 2, (member) => model.delete(member));
            } else if (op === 'remscore') {
              z.deleteRangeByScore({ min: n, max: n + 5, minExclusive: false, maxExclusive: false });
              for (const [k, v] of [...model]) if (v >= n && v <= n + 5) model.delete(k);
            } else {
              const removed: string[] = [];
              z.set.rangeByRank(0, Math.min(1, z.size - 1), false, (member) => removed.push(member));
              if (z.size > 0) z.deleteRangeByRank(0, Math.min(1, z.size - 1));
              for (const r of removed) model.delete(r);
            }
          }
          expect(z.size).toBe(model.size);
          expect(scanAll(z)).toEqual(new Set(model.keys()));
        },
      ),
    );
  });
});
