import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SortedSet } from './sorted-set.js';
import type { LexRange, ScoreRange } from './ranges.js';
import { LEX_MAX, LEX_MIN, compareLex, normalizeRankRange, parseLexRange, parseScoreRange } from './ranges.js';

/** The naive model: entries kept sorted by (score, member bytes). */
type Entry = [member: string, score: number];

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}

function modelSort(entries: Entry[]): Entry[] {
  return [...entries].sort((x, y) => (x[1] !== y[1] ? (x[1] < y[1] ? -1 : 1) : byteCompare(x[0], y[0])));
}

function inScore(s: number, r: ScoreRange): boolean {
  return (r.minExclusive ? s > r.min : s >= r.min) && (r.maxExclusive ? s < r.max : s <= r.max);
}

function inLex(m: string, r: LexRange): boolean {
  const lo = compareLex(m, r.min);
  const hi = compareLex(m, r.max);
  return (r.minExclusive ? lo > 0 : lo >= 0) && (r.maxExclusive ? hi < 0 : hi <= 0);
}

function window(entries: Entry[], reverse: boolean, offset: number, limit: number): Entry[] {
  const ordered = reverse ? [...entries].reverse() : entries;
  if (offset < 0) return [];
  return ordered.slice(offset, limit < 0 ? undefined : offset + limit);
}

function collect(f: (emit: (m: string, s: number) => void) => unknown): Entry[] {
  const out: Entry[] = [];
  f((m, s) => out.push([m, s]));
  return out;
}

const memberArb = fc.array(fc.constantFrom('a', 'b', 'A', '\x00', '\x80', '\xff', 'ab'), { maxLength: 3 }).map((a) => a.join(''));
const scoreArb = fc.constantFrom(-Infinity, -2, -0.5, 0, 1, 1.5, 3, Infinity);
const scoreRangeArb: fc.Arbitrary<ScoreRange> = fc.record({ min: scoreArb, max: scoreArb, minExclusive: fc.boolean(), maxExclusive: fc.boolean() });
const lexBoundArb = fc.oneof(
  fc.constant('-'),
  fc.constant('+'),
  fc.tuple(fc.constantFrom('[', '('), memberArb).map(([p, m]) => p + m),
);
const lexRangeArb: fc.Arbitrary<LexRange> = fc.tuple(lexBoundArb, lexBoundArb).map(([a, b]) => parseLexRange(a, b)!);
const optsArb = fc.record({ reverse: fc.boolean(), offset: fc.integer({ min: -1, max: 8 }), limit: fc.integer({ min: -1, max: 8 }) });

type Op =
  | { op: 'set'; member: string; score: number }
  | { op: 'delete'; member: string }
  | { op: 'popMin' | 'popMax'; count: number }
  | { op: 'delScore'; range: ScoreRange }
  | { op: 'delRank'; start: number; end: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('set' as const), member: memberArb, score: scoreArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), member: memberArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('popMin' as const, 'popMax' as const), count: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delScore' as const), range: scoreRangeArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delRank' as const), start: fc.integer({ min: -6, max: 6 }), end: fc.integer({ min: -6, max: 6 }) }) },
);

/** Applies one op to both the set and the model, checking what the op itself returns. */
function apply(z: SortedSet, model: Map<string, number>, o: Op): void {
  const sorted = () => modelSort([...model]);
  switch (o.op) {
    case 'set':
      expect(z.set(o.member, o.score)).toBe(!model.has(o.member));
      // zsetAdd leaves the score alone when it compares equal (0 and -0).
      if (model.get(o.member) !== o.score) model.set(o.member, o.score);
      break;
    case 'delete':
      expect(z.delete(o.member)).toBe(model.delete(o.member));
      break;
    case 'popMin':
    case 'popMax': {
      const all = sorted();
      const want = (o.op === 'popMin' ? all : all.reverse()).slice(0, o.count);
      expect(collect((e) => (o.op === 'popMin' ? z.popMin(o.count, e) : z.popMax(o.count, e)))).toEqual(want);
      for (const [m] of want) model.delete(m);
      break;
    }
    case 'delScore': {
      const want = sorted().filter(([, s]) => inScore(s, o.range));
      expect(collect((e) => z.deleteRangeByScore(o.range, e))).toEqual(want);
      for (const [m] of want) model.delete(m);
      break;
    }
    case 'delRank': {
      const r = normalizeRankRange(o.start, o.end, model.size);
      if (r === null) break;
      const want = sorted().slice(r[0], r[1] + 1);
      expect(collect((e) => z.deleteRangeByRank(r[0], r[1], e))).toEqual(want);
      for (const [m] of want) model.delete(m);
      break;
    }
  }
}

function checkAgainstModel(z: SortedSet, model: Map<string, number>): void {
  const sorted = modelSort([...model]);
  expect(z.size).toBe(sorted.length);
  expect([...z].map((e) => [e.member, e.score])).toEqual(sorted);
  expect([...z.entries(true)].map((e) => [e.member, e.score])).toEqual([...sorted].reverse());
  sorted.forEach(([m, s], i) => {
    expect(Object.is(z.score(m), s)).toBe(true);
    expect(z.rank(m)).toBe(i);
    expect(z.rank(m, true)).toBe(sorted.length - 1 - i);
    expect(z.at(i)?.member).toBe(m);
    expect(z.at(sorted.length - 1 - i, true)?.member).toBe(m);
  });
  expect(z.at(sorted.length)).toBeUndefined();
  expect(z.at(-1)).toBeUndefined();
  expect(new Set(z.members())).toEqual(new Set(model.keys()));
}

describe('SortedSet against a sorted-array model', () => {
  it('keeps order, scores and ranks through adds, updates, deletes, pops and range deletes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const z = new SortedSet();
        const model = new Map<string, number>();
        for (const o of ops) {
          apply(z, model, o);
          expect(z.size).toBe(model.size);
        }
        checkAgainstModel(z, model);
      }),
      { numRuns: 300 },
    );
  });

  it('ranges and counts by score, with reverse, offset and limit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(memberArb, scoreArb), { maxLength: 40 }), fc.array(fc.tuple(scoreRangeArb, optsArb), { minLength: 1, maxLength: 10 }), (adds, queries) => {
        const z = new SortedSet();
        const model = new Map<string, number>();
        for (const [m, s] of adds) apply(z, model, { op: 'set', member: m, score: s });
        const sorted = modelSort([...model]);
        for (const [range, opts] of queries) {
          const inRange = sorted.filter(([, s]) => inScore(s, range));
          expect(collect((e) => z.rangeByScore(range, opts, e))).toEqual(window(inRange, opts.reverse, opts.offset, opts.limit));
          expect(z.rangeByScore(range, opts, () => {})).toBe(window(inRange, opts.reverse, opts.offset, opts.limit).length);
          expect(z.countByScore(range)).toBe(inRange.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ranges, counts and deletes by lex when all scores are equal', () => {
    fc.assert(
      fc.property(fc.uniqueArray(memberArb, { maxLength: 30 }), fc.array(fc.tuple(lexRangeArb, optsArb), { minLength: 1, maxLength: 10 }), (members, queries) => {
        const z = new SortedSet();
        const model = new Map<string, number>();
        for (const m of members) apply(z, model, { op: 'set', member: m, score: 0 });
        const sorted = modelSort([...model]);
        for (const [range, opts] of queries) {
          const inRange = sorted.filter(([m]) => inLex(m, range));
          expect(collect((e) => z.rangeByLex(range, opts, e))).toEqual(window(inRange, opts.reverse, opts.offset, opts.limit));
          expect(z.countByLex(range)).toBe(inRange.length);
        }
        const [range] = queries[0]!;
        const gone = sorted.filter(([m]) => inLex(m, range));
        expect(collect((e) => z.deleteRangeByLex(range, e))).toEqual(gone);
        for (const [m] of gone) model.delete(m);
        checkAgainstModel(z, model);
      }),
      { numRuns: 300 },
    );
  });

  it('ranges by rank, forwards and from the top', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(memberArb, scoreArb), { maxLength: 40 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.boolean(), (adds, start, end, reverse) => {
        const z = new SortedSet();
        const model = new Map<string, number>();
        for (const [m, s] of adds) apply(z, model, { op: 'set', member: m, score: s });
        const sorted = modelSort([...model]);
        const r = normalizeRankRange(start, end, sorted.length);
        const ordered = reverse ? [...sorted].reverse() : sorted;
        const want = r === null ? [] : ordered.slice(r[0], r[1] + 1);
        expect(r === null ? [] : collect((e) => z.rangeByRank(r[0], r[1], reverse, e))).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('stays consistent over many score updates on a larger set', () => {
    const z = new SortedSet();
    const model = new Map<string, number>();
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const m = `m${rnd(3000)}`;
      const s = rnd(50) - 25 + (rnd(2) ? 0.5 : 0);
      if (rnd(10) === 0) apply(z, model, { op: 'delete', member: m });
      else apply(z, model, { op: 'set', member: m, score: s });
    }
    checkAgainstModel(z, model);
  });
});

describe('SortedSet details', () => {
  it('orders members by bytes, as latin1 string comparison does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) }), fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) }), (a, b) => {
        expect(Math.sign(a < b ? -1 : a > b ? 1 : 0)).toBe(Math.sign(byteCompare(a, b)));
      }),
      { numRuns: 300 },
    );
    const z = new SortedSet();
    for (const m of ['b', '\xff', 'a', 'ab', '', '\x00', 'B']) z.set(m, 1);
    expect([...z].map((e) => e.member)).toEqual(['', '\x00', 'B', 'a', 'ab', 'b', '\xff']);
  });

  it('refuses NaN and keeps the first of 0 / -0', () => {
    const z = new SortedSet();
    expect(() => z.set('a', NaN)).toThrow(RangeError);
    expect(z.size).toBe(0);
    z.set('a', -0);
    expect(Object.is(z.score('a'), -0)).toBe(true);
    expect(z.set('a', 0)).toBe(false);
    expect(Object.is(z.score('a'), -0)).toBe(true);
    z.set('b', -Infinity);
    z.set('c', Infinity);
    expect([...z].map((e) => e.member)).toEqual(['b', 'a', 'c']);
  });

  it('gives random entries from the whole set', () => {
    const z = new SortedSet();
    expect(z.randomEntry()).toBeUndefined();
    for (let i = 0; i < 20; i++) z.set(`m${i}`, i);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(z.randomEntry()!.member);
    expect(seen.size).toBe(20);
  });

  it('skips to an offset by rank, not by walking', () => {
    const z = new SortedSet();
    for (let i = 0; i < 200_000; i++) z.set(`m${i}`, i);
    const all: ScoreRange = { min: -Infinity, max: Infinity, minExclusive: false, maxExclusive: false };
    const t = performance.now();
    for (let i = 0; i < 2000; i++) {
      expect(collect((e) => z.rangeByScore(all, { offset: 150_000 + i, limit: 1 }, e))).toEqual([[`m${150_000 + i}`, 150_000 + i]]);
    }
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('range parsing', () => {
  it('reads lex bounds as zslParseLexRangeItem', () => {
    expect(parseLexRange('-', '+')).toEqual({ min: LEX_MIN, max: LEX_MAX, minExclusive: true, maxExclusive: true });
    expect(parseLexRange('[a', '(b')).toEqual({ min: 'a', max: 'b', minExclusive: false, maxExclusive: true });
    expect(parseLexRange('[', '(')).toEqual({ min: '', max: '', minExclusive: false, maxExclusive: true });
    expect(parseLexRange('+\x00junk', '-')).toEqual({ min: LEX_MAX, max: LEX_MIN, minExclusive: true, maxExclusive: true });
    for (const bad of ['', 'a', '+a', '-a', '{a']) expect(parseLexRange(bad, '+')).toBeNull();
  });

  it('reads score bounds with ( for exclusive, rejecting NaN', () => {
    const toDouble = (s: string) => (s === '' ? 0 : /^[+-]?(inf|[\d.]+)$/i.test(s) ? Number(s.replace(/inf/i, 'Infinity')) : null);
    expect(parseScoreRange('(1.5', '+inf', toDouble)).toEqual({ min: 1.5, max: Infinity, minExclusive: true, maxExclusive: false });
    expect(parseScoreRange('(', '2', toDouble)).toEqual({ min: 0, max: 2, minExclusive: true, maxExclusive: false });
    expect(parseScoreRange('x', '2', toDouble)).toBeNull();
    expect(parseScoreRange('1', '(nan', () => NaN)).toBeNull();
  });

  it('normalizes rank ranges as ZRANGE does', () => {
    expect(normalizeRankRange(0, -1, 5)).toEqual([0, 4]);
    expect(normalizeRankRange(-100, 100, 5)).toEqual([0, 4]);
    expect(normalizeRankRange(3, 1, 5)).toBeNull();
    expect(normalizeRankRange(5, 10, 5)).toBeNull();
    expect(normalizeRankRange(0, -1, 0)).toBeNull();
  });
});
