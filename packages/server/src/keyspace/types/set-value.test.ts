import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLongLong } from '../../util/integers.js';
import { SetValue } from './set-value.js';

// SetValue against a plain Set, with Redis 7.0's encoding rules as the model:
// intset while every member is a canonical 64-bit integer and there are at
// most maxIntset of them, then hashtable for good.

const member = fc.oneof(
  fc.integer({ min: -20, max: 20 }).map(String),
  fc.constantFrom('9223372036854775807', '-9223372036854775808', '9223372036854775808', '9007199254740993', '01', '-0', '+1', ' 1', '1.0', ''),
  fc.string({ unit: fc.constantFrom('a', '1', '\0'), maxLength: 3 }),
);
type Op = { add: boolean; m: string };
const opArb: fc.Arbitrary<Op> = fc.record({ add: fc.boolean(), m: member });

function compareNumeric(a: string, b: string): number {
  const x = BigInt(a), y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

describe('SetValue', () => {
  it('holds what a Set holds and converts exactly when Redis would', () => {
    fc.assert(
      fc.property(member, fc.array(opArb, { maxLength: 200 }), fc.integer({ min: 0, max: 20 }), (first, ops, maxIntset) => {
        const s = new SetValue(first);
        const model = new Set<string>();
        let converted = parseLongLong(first) === null;
        for (const op of [{ add: true, m: first }, ...ops]) {
          if (op.add) {
            expect(s.add(op.m, maxIntset)).toBe(!model.has(op.m));
            model.add(op.m);
            if (parseLongLong(op.m) === null || model.size > maxIntset) converted = true;
          } else {
            expect(s.delete(op.m)).toBe(model.delete(op.m));
          }
          expect(s.size).toBe(model.size);
          expect(s.has(op.m)).toBe(model.has(op.m));
          expect(s.encoding()).toBe(converted ? 'hashtable' : 'intset');
        }
        const members = [...s.members()];
        expect(new Set(members)).toEqual(model);
        expect(members.length).toBe(model.size);
        // An intset lists its members in ascending order.
        if (!converted) expect(members).toEqual([...model].sort(compareNumeric));
        const copy = s.clone();
        expect(copy.encoding()).toBe(s.encoding());
        expect(new Set(copy.members())).toEqual(model);
        if (model.size > 0) expect(model.has(s.randomMember())).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('scans an intset whole with cursor 0, a hashtable to completion', () => {
    const s = new SetValue('1');
    for (let i = 0; i < 10; i++) s.add(String(10 - i), 512);
    const seen: string[] = [];
    expect(s.scan(99n, 1, (m) => seen.push(m))).toBe(0);
    expect(seen).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    for (let i = 0; i < 100; i++) s.add(`m${i}`, 512);
    const all = new Set<string>();
    let cursor = 0n;
    do cursor = BigInt(s.scan(cursor, 3, (m) => all.add(m)));
    while (cursor !== 0n);
    expect(all.size).toBe(110);
  });

  it('picks members with repeats, uniformly, by both of its methods', () => {
    for (const [n, count] of [[1000, 20], [1000, 4000], [10, 4000]] as const) {
      const s = new SetValue(n === 10 ? '0' : 'm');
      for (let i = 0; i < n; i++) s.add(n === 10 ? String(i) : `m${i}`, 512);
      const r = s.randomMembersWithRepeats(count);
      expect(r.length).toBe(count);
      for (const m of r) expect(s.has(m)).toBe(true);
      if (count >= 4000) {
        const buckets = [0, 0, 0, 0];
        for (const m of r) buckets[Number(m.replace('m', '')) % 4]!++;
        // Each bucket expects its share of the n members (for n = 10: 3, 3, 2 and 2 of them).
        buckets.forEach((b, i) => {
          const members = Math.floor(n / 4) + (i < n % 4 ? 1 : 0);
          expect(Math.abs(b - (count * members) / n)).toBeLessThan(count / 16);
        });
      }
    }
  });

  it('picks distinct random members', () => {
    for (const n of [5, 600]) {
      const s = new SetValue('m');
      for (let i = 0; i < n; i++) s.add(`m${i}`, 512);
      for (const count of [1, 2, n - 1]) {
        const r = s.randomDistinctMembers(count);
        expect(r.length).toBe(count);
        expect(new Set(r).size).toBe(count);
      }
    }
  });
});
