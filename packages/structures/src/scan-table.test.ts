import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScanTable } from './scan-table.js';

function fullScan(t: ScanTable, count = 10): string[] {
  const out: string[] = [];
  let c = 0;
  do c = t.scan(c, count, (k) => out.push(k));
  while (c !== 0);
  return out;
}

/** What may happen between two SCAN calls. */
type Op =
  | { kind: 'add'; n: number }
  | { kind: 'delete'; n: number }
  | { kind: 'random' }
  | { kind: 'sample'; n: number }
  | { kind: 'rehash' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('delete' as const), n: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('random' as const) }),
  fc.record({ kind: fc.constant('sample' as const), n: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('rehash' as const) }),
);

describe('ScanTable', () => {
  it('behaves as a set', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 60 })), { maxLength: 300 }), (ops) => {
        const t = new ScanTable();
        const model = new Set<string>();
        for (const [add, n] of ops) {
          const k = `k${n}`;
          if (add) {
            if (!model.has(k)) {
              t.add(k);
              model.add(k);
            }
          } else {
            expect(t.delete(k)).toBe(model.delete(k));
          }
          expect(t.size).toBe(model.size);
          expect(t.has(k)).toBe(model.has(k));
        }
        for (const k of model) expect(t.has(k)).toBe(true);
        const scanned = fullScan(t);
        expect(new Set(scanned)).toEqual(model);
        if (!t.rehashing) expect(scanned.length).toBe(model.size); // no duplicates without concurrent changes
        expect(new Set(t)).toEqual(model);
        expect([...t].length).toBe(model.size);
      }),
      { numRuns: 200 },
    );
  });

  it('a scan returns every key present throughout, whatever adds, deletes and resizes happen between calls', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(opArb, { minLength: 1, maxLength: 60 }),
        (stableCount, count, ops) => {
          const t = new ScanTable();
          const stable = Array.from({ length: stableCount }, (_, i) => `s${i}`);
          for (const k of stable) t.add(k);
          const extra: string[] = [];
          let nextExtra = 0;
          const seen = new Set<string>();
          let cursor = 0;
          let step = 0;
          do {
            cursor = t.scan(cursor, count, (k) => seen.add(k));
            expect(Number.isSafeInteger(cursor) && cursor >= 0).toBe(true);
            // Each op once, then the scan runs to its end (endless growth could outrun it).
            const op = ops[step++];
            switch (op?.kind) {
              case 'add':
                for (let i = 0; i < op.n; i++) {
                  const k = `x${nextExtra++}`;
                  extra.push(k);
                  t.add(k);
                }
                break;
              case 'delete':
                for (const k of extra.splice(0, op.n)) expect(t.delete(k)).toBe(true);
                break;
              case 'random':
                t.randomKey();
                break;
              case 'sample':
                t.sample(op.n, () => {});
                break;
              case 'rehash':
                t.rehashFor(1);
                break;
              case undefined:
                break;
            }
            expect(t.size).toBe(stable.length + extra.length);
          } while (cursor !== 0);
          for (const k of stable) expect(seen.has(k)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the guarantee through a scan that spans both a growth and a shrink', () => {
    const t = new ScanTable();
    for (let i = 0; i < 64; i++) t.add(`s${i}`);
    const seen = new Set<string>();
    let sawRehash = 0;
    let cursor = 0;
    let round = 0;
    do {
      cursor = t.scan(cursor, (k) => seen.add(k));
      // Grow far, then shrink back, one step at a time.
      if (round < 40) for (let i = 0; i < 50; i++) t.add(`g${round}-${i}`);
      else if (round < 80) for (let i = 0; i < 50; i++) t.delete(`g${round - 40}-${i}`);
      if (t.rehashing) sawRehash++;
      round++;
    } while (cursor !== 0);
    for (let i = 0; i < 64; i++) expect(seen.has(`s${i}`)).toBe(true);
    expect(sawRehash).toBeGreaterThan(0);
  });

  it('grows at load factor 1 and shrinks under 10% fill', () => {
    const t = new ScanTable();
    for (let i = 0; i < 4; i++) t.add(`k${i}`);
    expect(t.stats().tables[0]!.buckets).toBe(4);
    t.add('k4');
    while (t.rehashFor(10));
    expect(t.stats().tables[0]!.buckets).toBe(8);
    for (let i = 5; i < 1000; i++) t.add(`k${i}`);
    while (t.rehashFor(10));
    expect(t.stats().tables[0]!.buckets).toBe(1024);
    for (let i = 0; i < 990; i++) t.delete(`k${i}`);
    while (t.rehashFor(10));
    expect(t.stats().tables[0]!.buckets).toBeLessThanOrEqual(128);
    expect(new Set(fullScan(t))).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `k${990 + i}`)));
  });

  it('reserve sizes an empty table at once, as dictExpand does, and starts a resize of a full one', () => {
    const t = new ScanTable();
    t.reserve(1000);
    expect(t.stats()).toEqual({ tables: [{ buckets: 1024, used: 0, chains: 0, maxChain: 0 }], rehashing: false });
    for (let i = 0; i < 1000; i++) t.add(`k${i}`);
    // No add grew it: the table is the one reserve made.
    expect(t.rehashing).toBe(false);
    expect(t.stats().tables[0]!.buckets).toBe(1024);
    t.reserve(10); // smaller than it is: nothing
    expect(t.stats().tables[0]!.buckets).toBe(1024);
    t.reserve(3000);
    expect(t.rehashing).toBe(true);
    while (t.rehashFor(10));
    expect(t.stats().tables[0]!.buckets).toBe(4096);
    expect(new Set(fullScan(t))).toEqual(new Set(Array.from({ length: 1000 }, (_, i) => `k${i}`)));
  });

  it('addIfAbsent adds once', () => {
    const t = new ScanTable();
    expect(t.addIfAbsent('a')).toBe(true);
    expect(t.addIfAbsent('a')).toBe(false);
    expect(t.addIfAbsent('b')).toBe(true);
    expect([...t].sort()).toEqual(['a', 'b']);
  });

  it('scan with a count visits buckets until count keys or 10*count buckets', () => {
    const t = new ScanTable();
    for (let i = 0; i < 1000; i++) t.add(`k${i}`);
    while (t.rehashFor(10));
    let n = 0;
    const c = t.scan(0, 100, () => n++);
    expect(n).toBeGreaterThanOrEqual(100);
    expect(n).toBeLessThan(130);
    expect(c).not.toBe(0);
    expect(new ScanTable().scan(0, 10, () => {})).toBe(0);
  });

  it('reduces client cursors to the bits the table uses', () => {
    const t = new ScanTable();
    t.add('a');
    expect(t.scanCursorFromUser(18446744073709551615n)).toBe(0xffffffff);
    expect(t.scan(t.scanCursorFromUser(18446744073709551615n), () => {})).toBe(0);
    expect(t.scanCursorFromUser(5n)).toBe(5);
  });

  it('gives random keys from all buckets and samples, also while rehashing', () => {
    const t = new ScanTable();
    for (let i = 0; i < 100; i++) t.add(`k${i}`);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(t.randomKey()!);
    expect(seen.size).toBe(100);
    const sample: string[] = [];
    t.sample(10, (k) => sample.push(k));
    expect(sample.length).toBe(10);
    for (const k of sample) expect(t.has(k)).toBe(true);
    expect(new ScanTable().randomKey()).toBeUndefined();

    const r = new ScanTable();
    for (let i = 0; i < 1024; i++) r.add(`k${i}`);
    while (r.rehashFor(10));
    r.add('trigger');
    expect(r.rehashing).toBe(true);
    const k = r.randomKey();
    expect(k !== undefined && r.has(k)).toBe(true);
    const got: string[] = [];
    r.sample(5, (key) => got.push(key));
    expect(got.length).toBeGreaterThan(0);
    for (const key of got) expect(r.has(key)).toBe(true);
  });

  it('holds many keys without an array per key, and lets them all go', () => {
    const n = 200_000;
    const t = new ScanTable();
    for (let i = 0; i < n; i++) t.add(`key:${i}`);
    while (t.rehashFor(1000));
    expect(t.size).toBe(n);
    expect(t.has(`key:${n - 1}`)).toBe(true);
    const st = t.stats().tables[0]!;
    expect(st.buckets).toBe(1 << 18);
    // Only colliding buckets hold an array: at load 0.76 a Poisson spread gives about 17% of them.
    expect(st.chains).toBeLessThan(70_000);
    expect(st.maxChain).toBeLessThan(16);
    for (let i = 0; i < n; i++) t.delete(`key:${i}`);
    expect(t.size).toBe(0);
    t.add('x');
    expect(fullScan(t)).toEqual(['x']);
  });
});
