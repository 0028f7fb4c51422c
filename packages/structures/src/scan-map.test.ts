import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScanMap } from './scan-map.js';

/** What may happen to the map, between two SCAN calls or anywhere. */
type Op = { kind: 'set'; n: number; v: number } | { kind: 'delete'; n: number } | { kind: 'random' } | { kind: 'rehash' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), n: fc.integer({ min: 0, max: 300 }), v: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), n: fc.integer({ min: 0, max: 300 }) }),
  fc.record({ kind: fc.constant('random' as const) }),
  fc.record({ kind: fc.constant('rehash' as const) }),
);

function apply(m: ScanMap<number>, model: Map<string, number>, op: Op): void {
  if (op.kind === 'set') {
    const k = `k${op.n}`;
    expect(m.set(k, op.v)).toBe(!model.has(k));
    model.set(k, op.v);
  } else if (op.kind === 'delete') {
    const k = `k${op.n}`;
    expect(m.delete(k)).toBe(model.delete(k));
  } else if (op.kind === 'random') {
    const k = m.randomKey();
    if (model.size === 0) expect(k).toBeUndefined();
    else expect(model.has(k!)).toBe(true);
  } else {
    m.rehashFor(1);
  }
}

function fullScan(m: ScanMap<number>, count: number): Map<string, number> {
  const out = new Map<string, number>();
  let c = 0;
  do c = m.scan(c, count, (k, v) => out.set(k, v));
  while (c !== 0);
  return out;
}

describe('ScanMap', () => {
  it('behaves as a Map', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
        const m = new ScanMap<number>();
        const model = new Map<string, number>();
        for (const op of ops) {
          apply(m, model, op);
          expect(m.size).toBe(model.size);
        }
        for (const [k, v] of model) {
          expect(m.has(k)).toBe(true);
          expect(m.get(k)).toBe(v);
        }
        expect(new Map(m)).toEqual(model);
        expect([...m.keys()].sort()).toEqual([...model.keys()].sort());
        expect([...m.values()].length).toBe(model.size);
        expect(fullScan(m, 10)).toEqual(model);
      }),
      { numRuns: 200 },
    );
  });

  it('a scan returns every entry present throughout, with its current value, whatever changes between calls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.array(opArb, { maxLength: 30 }), { maxLength: 40 }),
        (initial, count, between) => {
          const m = new ScanMap<number>();
          const model = new Map<string, number>();
          for (let i = 0; i < initial; i++) apply(m, model, { kind: 'set', n: i, v: i });
          const present = new Set(model.keys());
          const seen = new Set<string>();
          let c = 0;
          let step = 0;
          do {
            c = m.scan(c, count, (k, v) => {
              expect(model.get(k)).toBe(v);
              seen.add(k);
            });
            for (const op of between[step++] ?? []) {
              apply(m, model, op);
              // A key deleted (or re-added) mid-scan is no longer "present throughout".
              if (op.kind === 'delete') present.delete(`k${op.n}`);
            }
          } while (c !== 0);
          for (const k of present) expect(seen.has(k)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('clear empties it', () => {
    const m = new ScanMap<string>();
    m.set('a', '1');
    m.set('b', '2');
    m.clear();
    expect(m.size).toBe(0);
    expect(m.randomKey()).toBeUndefined();
    expect(m.scan(0, 10, () => expect.unreachable())).toBe(0);
  });
});
