import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LcsTable } from './lcs.js';

describe('LcsTable', () => {
  it('gives the example of the Redis docs', () => {
    const t = new LcsTable('ohmytext', 'mynewtext');
    expect(t.length).toBe(6);
    const w = t.walk();
    expect(w.text).toBe('mytext');
    expect(w.matches).toEqual([{ aStart: 4, aEnd: 7, bStart: 5, bEnd: 8 }, { aStart: 2, aEnd: 3, bStart: 0, bEnd: 1 }]);
  });

  it('handles empty strings and bytes above 0x7f', () => {
    expect(new LcsTable('', 'abc').walk()).toEqual({ text: '', matches: [] });
    const w = new LcsTable('a\x00b\xffc', '\x00\xff').walk();
    expect(w.text).toBe('\x00\xff');
  });

  it('walks to a common subsequence whose ranges match and add up', () => {
    const s = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\xff'), maxLength: 30 });
    fc.assert(fc.property(s, s, (a, b) => {
      const t = new LcsTable(a, b);
      const { text, matches } = t.walk();
      expect(text.length).toBe(t.length);
      let rebuilt = '';
      let lastA = a.length, lastB = b.length;
      for (const m of matches) {
        expect(a.slice(m.aStart, m.aEnd + 1)).toBe(b.slice(m.bStart, m.bEnd + 1));
        expect(m.aEnd).toBeLessThan(lastA);
        expect(m.bEnd).toBeLessThan(lastB);
        lastA = m.aStart;
        lastB = m.bStart;
        rebuilt = a.slice(m.aStart, m.aEnd + 1) + rebuilt;
      }
      expect(rebuilt).toBe(text);
    }), { numRuns: 300 });
  });

  it('is symmetric in length', () => {
    const s = fc.string({ unit: fc.constantFrom('x', 'y', 'z'), maxLength: 25 });
    fc.assert(fc.property(s, s, (a, b) => {
      expect(new LcsTable(a, b).length).toBe(new LcsTable(b, a).length);
    }), { numRuns: 200 });
  });
});
