import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVPOOL_SIZE, EvictionPool } from '../src/eviction/pool.js';

describe('eviction pool', () => {
  it('keeps entries sorted by idle, best last, filling from the left', () => {
    const pool = new EvictionPool();
    pool.insert(30, 'c', 0);
    pool.insert(10, 'a', 0);
    pool.insert(20, 'b', 1);
    expect(pool.entries()).toEqual([
      { key: 'a', idle: 10, db: 0 },
      { key: 'b', idle: 20, db: 1 },
      { key: 'c', idle: 30, db: 0 },
    ]);
  });

  it('when full, skips a key worse than all and otherwise drops the worst', () => {
    const pool = new EvictionPool();
    for (let i = 1; i <= EVPOOL_SIZE; i++) pool.insert(i * 10, `k${i}`, 0);
    pool.insert(5, 'worse', 0);
    expect(pool.entries().map((e) => e.key)).not.toContain('worse');
    pool.insert(15, 'mid', 0);
    const keys = pool.entries().map((e) => e.key);
    expect(keys).toHaveLength(EVPOOL_SIZE);
    expect(keys[0]).toBe('mid');
    expect(keys).not.toContain('k1');
    pool.insert(1000, 'best', 0);
    expect(pool.entries().at(-1)!.key).toBe('best');
  });

  it('holds the EVPOOL_SIZE largest idle values ever inserted, in order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 80 }), (idles) => {
        const pool = new EvictionPool();
        idles.forEach((idle, i) => pool.insert(idle, `k${i}`, 0));
        const got = pool.entries().map((e) => e.idle);
        const want = [...idles].sort((a, b) => a - b).slice(-EVPOOL_SIZE);
        expect(got).toEqual(want);
      }),
    );
  });

  it('takes entries from the right and stays a left-filled prefix', () => {
    const pool = new EvictionPool();
    for (let i = 0; i < 5; i++) pool.insert(i, `k${i}`, 0);
    pool.clear(4);
    pool.insert(2.5, 'x', 0);
    expect(pool.entries().map((e) => e.key)).toEqual(['k0', 'k1', 'k2', 'x', 'k3']);
  });
});
