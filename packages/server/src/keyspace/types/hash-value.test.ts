import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashValue, type HashLimits } from './hash-value.js';

// HashValue against a plain Map, with Redis 7.0's encoding rules as the model:
// listpack until a field or value longer than maxValue is written or the hash
// grows past maxEntries, then hashtable for good.

type Op = { kind: 'set'; f: string; v: string } | { kind: 'delete'; f: string };

const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\0', '\xff'), maxLength: 6 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), f: text, v: text }),
  fc.record({ kind: fc.constant('delete' as const), f: text }),
);

describe('HashValue', () => {
  it('holds what a Map holds and converts exactly when Redis would', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 200 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 6 }),
        (ops, maxEntries, maxValue) => {
          const limits: HashLimits = { maxEntries, maxValue };
          const h = new HashValue();
          const model = new Map<string, string>();
          let converted = false;
          for (const op of ops) {
            if (op.kind === 'set') {
              expect(h.set(op.f, op.v, limits)).toBe(!model.has(op.f));
              model.set(op.f, op.v);
              if (op.f.length > maxValue || op.v.length > maxValue || model.size > maxEntries) converted = true;
            } else {
              expect(h.delete(op.f)).toBe(model.delete(op.f));
            }
            expect(h.size).toBe(model.size);
            expect(h.encoding()).toBe(converted ? 'hashtable' : 'listpack');
          }
          expect(new Map(h.entries())).toEqual(model);
          // A listpack keeps insertion order (updates stay in place), as Map does.
          if (!converted) expect([...h.entries()]).toEqual([...model]);
          for (const [f, v] of model) expect(h.get(f)).toBe(v);
          const copy = h.clone();
          expect(copy.encoding()).toBe(h.encoding());
          expect(new Map(copy.entries())).toEqual(model);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('scans a listpack whole with cursor 0, a hashtable to completion', () => {
    const limits = { maxEntries: 4, maxValue: 64 };
    const h = new HashValue();
    for (let i = 0; i < 4; i++) h.set(`f${i}`, `v${i}`, limits);
    const seen: string[] = [];
    expect(h.scan(123n, 1, (f) => seen.push(f))).toBe(0);
    expect(seen).toEqual(['f0', 'f1', 'f2', 'f3']);
    for (let i = 4; i < 100; i++) h.set(`f${i}`, `v${i}`, limits);
    expect(h.encoding()).toBe('hashtable');
    const all = new Map<string, string>();
    let cursor = 0n;
    do cursor = BigInt(h.scan(cursor, 3, (f, v) => all.set(f, v)));
    while (cursor !== 0n);
    expect(all.size).toBe(100);
    expect(all.get('f57')).toBe('v57');
  });

  it('converts before a write whose arguments are too long (hashTypeTryConversion)', () => {
    const h = new HashValue();
    h.convertForArgs(['HSET', 'k', 'a', 'xxxx'], 2, { maxEntries: 10, maxValue: 3 });
    expect(h.encoding()).toBe('hashtable');
  });

  it('picks random entries by the rules: repeats or distinct', () => {
    const limits = { maxEntries: 512, maxValue: 64 };
    for (const n of [5, 600]) {
      const h = new HashValue();
      for (let i = 0; i < n; i++) h.set(`f${i}`, `v${i}`, limits);
      const distinct = h.randomDistinctEntries(n - 1);
      expect(new Set(distinct.map(([f]) => f)).size).toBe(n - 1);
      for (const [f, v] of distinct) expect(v).toBe(`v${f.slice(1)}`);
      expect(h.randomDistinctEntries(2).length).toBe(2);
      for (const count of [3, 50, 5000]) {
        const r = h.randomEntriesWithRepeats(count);
        expect(r.length).toBe(count);
        for (const [f, v] of r) expect(h.get(f)).toBe(v);
      }
    }
  });
});
