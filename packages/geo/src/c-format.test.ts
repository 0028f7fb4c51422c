import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCFixed, formatFixedPoint, formatGeoCoordinate, formatGeoDistance, formatGeoHashScore, formatHumanLongDouble } from './c-format.js';

describe('formatCFixed (printf "%.Nf")', () => {
  it('prints the exact value rounded, like toFixed away from ties', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e20, max: 1e20, noNaN: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
        fc.pre(!Object.is(x, -0));
        // An exact tie (the digits end in 5 right after the last one printed) rounds to even in C: the next test.
        const frac = Math.abs(x).toFixed(100).split('.')[1]!;
        fc.pre(!(frac[digits] === '5' && /^0*$/.test(frac.slice(digits + 1))));
        expect(formatCFixed(x, digits)).toBe(x.toFixed(digits));
      }),
      { numRuns: 300 },
    );
  });

  it('rounds exact ties to even, as glibc does', () => {
    expect(formatCFixed(0.5, 0)).toBe('0');
    expect(formatCFixed(1.5, 0)).toBe('2');
    expect(formatCFixed(2.5, 0)).toBe('2');
    expect(formatCFixed(0.125, 2)).toBe('0.12');
    expect(formatCFixed(0.375, 2)).toBe('0.38');
    expect(formatCFixed(-0.125, 2)).toBe('-0.12');
  });

  it('keeps the sign of negative zero and of negatives that round to zero', () => {
    expect(formatCFixed(-0, 6)).toBe('-0.000000');
    expect(formatCFixed(-1e-7, 6)).toBe('-0.000000');
    expect(formatCFixed(-0.0000006, 6)).toBe('-0.000001');
  });

  it('prints huge values in full, and inf and nan as glibc', () => {
    expect(formatCFixed(1e21, 6)).toBe('1000000000000000000000.000000');
    expect(formatCFixed(1e300, 0)).toBe(BigInt(1e300).toString());
    expect(formatCFixed(Infinity, 6)).toBe('inf');
    expect(formatCFixed(-Infinity, 6)).toBe('-inf');
    expect(formatCFixed(NaN, 6)).toMatch(/^-?nan$/);
    expect(formatCFixed(5e-324, 6)).toBe('0.000000');
  });
});

describe('formatFixedPoint (fixedpoint_d2string)', () => {
  it.each([
    [0, '0.0000'],
    [-0, '0.0000'],
    [0.00004, '0.0000'],
    [-0.00004, '0.0000'],
    [0.0001, '0.0001'],
    [0.775, '0.7750'],
    [1, '1.0000'],
    [12.34565, '12.3456'],
    [166274.15156960033, '166274.1516'],
    [-3.5, '-3.5000'],
    [-0.0001, '-0.0001'],
  ])('%s -> %s', (value, text) => {
    expect(formatFixedPoint(value, 4)).toBe(text);
  });

  it('rounds the scaled double, not the exact value', () => {
    // GEODIST replies 11432435.0900 on Redis 7.0.15 where "%.4f" would give
    // 11432435.0901: the value is a little above the tie, but its product
    // with 10^4 rounds to exactly ...900.5 and llrint takes the even side.
    const d = 11432435.09005;
    expect(formatCFixed(d, 20)).toBe('11432435.09005000069737434387');
    expect(d * 1e4).toBe(114324350900.5);
    expect(formatFixedPoint(d, 4)).toBe('11432435.0900');
    expect(formatCFixed(d, 4)).toBe('11432435.0901');
  });

  it('prints what llrint gives for values out of range', () => {
    expect(formatFixedPoint(NaN, 4)).toBe('-922337203685477.5808');
    expect(formatFixedPoint(Infinity, 4)).toBe('-922337203685477.5808');
    expect(formatFixedPoint(1e20, 4)).toBe('-922337203685477.5808');
  });

  it('agrees with "%.4f" except at rounding ties of the scaled value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e8, noNaN: true }), (x) => {
        const scaled = x * 1e4;
        fc.pre(Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-3);
        expect(formatFixedPoint(x, 4)).toBe(formatCFixed(x, 4));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses digit counts fixedpoint_d2string refuses', () => {
    expect(() => formatFixedPoint(1, 0)).toThrow(RangeError);
    expect(() => formatFixedPoint(1, 18)).toThrow(RangeError);
    expect(formatGeoDistance(1.23456)).toBe('1.2346');
  });
});

describe('formatHumanLongDouble (ld2string LD_STR_HUMAN)', () => {
  it.each([
    [180, '180'],
    [-180, '-180'],
    [0, '0'],
    [-0, '0'],
    [-1e-18, '0'],
    [1e-18, '0'],
    [0.5, '0.5'],
    [13.361389338970184, '13.36138933897018433'],
    [85.05112878, '85.0511287799999991'],
    [-179.99999731779099, '-179.99999731779098511'],
    [2.68220901489258e-6, '0.00000268220901489'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ])('%s -> %s', (value, text) => {
    expect(formatHumanLongDouble(value)).toBe(text);
    expect(formatGeoCoordinate(value)).toBe(text);
  });
});

describe('formatGeoHashScore', () => {
  it('prints (long long)score', () => {
    expect(formatGeoHashScore(3479099956230698)).toBe('3479099956230698');
    expect(formatGeoHashScore(13510798882111488)).toBe('13510798882111488');
    expect(formatGeoHashScore(1.9)).toBe('1');
    expect(formatGeoHashScore(-1.9)).toBe('-1');
    expect(formatGeoHashScore(-(2 ** 63))).toBe('-9223372036854775808');
    expect(formatGeoHashScore(2 ** 63)).toBe('-9223372036854775808');
    expect(formatGeoHashScore(NaN)).toBe('-9223372036854775808');
  });
});
