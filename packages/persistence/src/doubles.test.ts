import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { d2string, doubleToInteger, parseDouble } from './doubles.js';
import { parseStrictInt } from './integers.js';

describe('doubles as Redis 7.0 prints and reads them', () => {
  it('d2string', () => {
    expect(d2string(1.5)).toBe('1.5');
    expect(d2string(0.1)).toBe('0.10000000000000001');
    expect(d2string(3)).toBe('3');
    expect(d2string(-0)).toBe('-0');
    expect(d2string(Infinity)).toBe('inf');
    expect(d2string(-Infinity)).toBe('-inf');
    expect(d2string(1e300)).toBe('1.0000000000000001e+300');
    expect(d2string(1e-7)).toBe('9.9999999999999995e-08');
    expect(d2string(2 ** 62 * 4)).toBe('1.8446744073709552e+19');
  });

  it('double2ll: integers within ±LLONG_MAX/2, -0 as 0', () => {
    expect(doubleToInteger(1e17)).toBe(100000000000000000n);
    expect(doubleToInteger(-0)).toBe(0);
    expect(doubleToInteger(1.5)).toBeUndefined();
    expect(doubleToInteger(2 ** 63)).toBeUndefined();
  });

  it('parses back exactly what it prints', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), (d) => {
      expect(parseDouble(d2string(d))).toBe(d);
    }), { numRuns: 300 });
    expect(parseDouble('inf')).toBe(Infinity);
    expect(parseDouble('-Infinity')).toBe(-Infinity);
    expect(parseDouble(' 12abc')).toBe(12);
    expect(parseDouble('abc')).toBeUndefined();
  });

  it('strict integers', () => {
    expect(parseStrictInt('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseStrictInt('9223372036854775808')).toBeUndefined();
    expect(parseStrictInt('12')).toBe(12);
    for (const bad of ['', '-', '01', '+1', '-0', ' 1', '1 ', '1a']) expect(parseStrictInt(bad)).toBeUndefined();
  });
});
