import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { glibcMergeSort, pqsort } from './sort.js';

interface Item {
  key: number;
  id: number;
}
const byKey = (a: Item, b: Item): number => (a.key > b.key ? 1 : a.key === b.key ? 0 : -1);
const items = fc
  .array(fc.integer({ min: 0, max: 12 }), { maxLength: 200 })
  .map((keys) => keys.map((key, id): Item => ({ key, id })));

describe('glibcMergeSort', () => {
  it('sorts stably', () => {
    fc.assert(
      fc.property(items, (xs) => {
        const expected = [...xs].sort(byKey);
        const got = [...xs];
        glibcMergeSort(got, byKey);
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('pqsort', () => {
  it('puts the smallest k in order at the front, from the same elements', () => {
    fc.assert(
      fc.property(items, fc.nat(), (xs, k0) => {
        fc.pre(xs.length > 0);
        const k = (k0 % xs.length) + 1;
        const got = [...xs];
        pqsort(got, byKey, 0, k - 1);
        expect(got.slice(0, k).map((x) => x.key)).toEqual([...xs].sort(byKey).slice(0, k).map((x) => x.key));
        expect([...got].sort((a, b) => a.id - b.id)).toEqual(xs);
      }),
      { numRuns: 300 },
    );
  });

  it('sorts everything when asked for the whole range', () => {
    fc.assert(
      fc.property(items, (xs) => {
        const got = [...xs];
        pqsort(got, byKey, 0, Math.max(0, xs.length - 1));
        expect(got.map((x) => x.key)).toEqual([...xs].sort(byKey).map((x) => x.key));
      }),
      { numRuns: 200 },
    );
  });

  it('is not stable', () => {
    // Equal keys leave the partitioning in another order than they came:
    // why COUNT results with equal distances differ from a stable sort in Redis.
    const xs: Item[] = Array.from({ length: 12 }, (_, id) => ({ key: id % 3 === 0 ? 0 : 1, id }));
    pqsort(xs, byKey, 0, 5);
    const zeros = xs.filter((x) => x.key === 0).map((x) => x.id);
    expect(zeros).toHaveLength(4);
    const stable = Array.from({ length: 12 }, (_, id) => ({ key: id % 3 === 0 ? 0 : 1, id })).sort(byKey);
    expect(xs.slice(0, 6).map((x) => x.id)).not.toEqual(stable.slice(0, 6).map((x) => x.id));
  });
});
