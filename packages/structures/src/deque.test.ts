import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from './deque.js';

/** One step applied to both the deque and a plain-array model. */
type Op =
  | { kind: 'pushBack' | 'pushFront'; v: number }
  | { kind: 'popBack' | 'popFront' }
  | { kind: 'set'; i: number; v: number }
  | { kind: 'insert'; i: number; v: number }
  | { kind: 'dropFront' | 'dropBack'; n: number }
  | { kind: 'remove'; v: number; limit: number; fromBack: boolean };

const small = fc.integer({ min: 0, max: 5 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('pushBack' as const, 'pushFront' as const), v: small }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('popBack' as const, 'popFront' as const) }) },
  fc.record({ kind: fc.constant('set' as const), i: fc.integer({ min: -2, max: 40 }), v: small }),
  fc.record({ kind: fc.constant('insert' as const), i: fc.integer({ min: 0, max: 40 }), v: small }),
  fc.record({ kind: fc.constantFrom('dropFront' as const, 'dropBack' as const), n: fc.integer({ min: -1, max: 12 }) }),
  fc.record({ kind: fc.constant('remove' as const), v: small, limit: fc.integer({ min: 0, max: 3 }), fromBack: fc.boolean() }),
);

/** The model's answer for removeWhere: removes up to limit copies of v from one end. */
function modelRemove(model: number[], v: number, limit: number, fromBack: boolean): number {
  let removed = 0;
  const order = [...model.keys()];
  if (fromBack) order.reverse();
  const gone = new Set<number>();
  for (const i of order) {
    if (limit !== 0 && removed >= limit) break;
    if (model[i] === v) {
      gone.add(i);
      removed++;
    }
  }
  const kept = model.filter((_, i) => !gone.has(i));
  model.splice(0, model.length, ...kept);
  return removed;
}

function apply(d: Deque<number>, model: number[], op: Op): void {
  switch (op.kind) {
    case 'pushBack':
      d.pushBack(op.v);
      model.push(op.v);
      break;
    case 'pushFront':
      d.pushFront(op.v);
      model.unshift(op.v);
      break;
    case 'popBack':
      expect(d.popBack()).toBe(model.pop());
      break;
    case 'popFront':
      expect(d.popFront()).toBe(model.shift());
      break;
    case 'set': {
      const ok = op.i >= 0 && op.i < model.length;
      expect(d.set(op.i, op.v)).toBe(ok);
      if (ok) model[op.i] = op.v;
      break;
    }
    case 'insert': {
      const i = Math.min(op.i, model.length);
      d.insert(i, op.v);
      model.splice(i, 0, op.v);
      break;
    }
    case 'dropFront':
      d.dropFront(op.n);
      model.splice(0, Math.max(op.n, 0));
      break;
    case 'dropBack': {
      const n = Math.min(Math.max(op.n, 0), model.length);
      d.dropBack(op.n);
      model.splice(model.length - n, n);
      break;
    }
    case 'remove':
      expect(d.removeWhere((x) => x === op.v, op.limit, op.fromBack)).toBe(modelRemove(model, op.v, op.limit, op.fromBack));
      break;
  }
}

describe('Deque', () => {
  it('behaves as a plain array under any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 20 }), fc.array(opArb, { maxLength: 200 }), (init, ops) => {
        const d = Deque.from(init);
        const model = [...init];
        for (const op of ops) {
          apply(d, model, op);
          expect(d.length).toBe(model.length);
        }
        expect(d.toArray()).toEqual(model);
        expect([...d]).toEqual(model);
        for (let i = -1; i <= model.length; i++) expect(d.at(i)).toBe(model[i]);
        expect(d.clone().toArray()).toEqual(model);
      }),
      { numRuns: 500 },
    );
  });

  it('slices and finds like an array', () => {
    fc.assert(
      fc.property(fc.array(small, { maxLength: 30 }), fc.integer({ min: -3, max: 35 }), fc.integer({ min: -3, max: 35 }), small, (init, a, b, v) => {
        const d = new Deque<number>();
        for (const x of init) d.pushFront(x);
        const model = [...init].reverse();
        expect(d.slice(a, b)).toEqual(model.slice(Math.max(a, 0), Math.max(b, 0)));
        expect(d.indexOf((x) => x === v, a)).toBe(model.indexOf(v, Math.max(a, 0)));
      }),
    );
  });

  it('grows and shrinks its ring as it fills and empties', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 10000; i++) if (i % 2) d.pushBack(i); else d.pushFront(i);
    expect(d.length).toBe(10000);
    expect(d.at(0)).toBe(9998);
    expect(d.at(9999)).toBe(9999);
    d.dropFront(9990);
    expect(d.toArray()).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19].map((x) => x + 9980));
    while (d.length > 0) d.popBack();
    expect(d.popFront()).toBeUndefined();
    expect(d.popBack()).toBeUndefined();
    expect(() => d.insert(1, 0)).toThrow(RangeError);
  });
});
