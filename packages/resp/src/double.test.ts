import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDouble } from './double.js';

describe('formatDouble (C "%.17g", as Redis 7.0 replies doubles)', () => {
  it.each([
    [0, '0'], [-0, '-0'], [1, '1'], [3, '3'], [-2.5, '-2.5'], [1.1, '1.1000000000000001'], [0.1, '0.10000000000000001'],
    [1e20, '1e+20'], [1.5e-7, '1.4999999999999999e-07'], [123456789012345680, '1.2345678901234568e+17'],
    [1e16, '10000000000000000'], [0.0001, '0.0001'], [0.00001, '1.0000000000000001e-05'], [Infinity, 'inf'],
    [-Infinity, '-inf'], [NaN, 'nan'], [5e-324, '4.9406564584124654e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    [3.14, '3.1400000000000001'], [100, '100'], [2 ** 60, '1.152921504606847e+18'],
    [2 ** 53, '9007199254740992'], [2 ** 53 + 2, '9007199254740994'], [1e17, '1e+17'], [123.456, '123.456'],
    [0.5, '0.5'], [-1.5, '-1.5'], [2.5e-5, '2.5000000000000001e-05'], [1 / 3, '0.33333333333333331'],
    [1e15 + 0.5, '1000000000000000.5'], [1e-4 * 3, '0.00030000000000000003'], [0.0003, '0.00029999999999999997'],
  ])('%s -> %s', (d, text) => {
    expect(formatDouble(d)).toBe(text);
  });

  it('reads back as the same double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
      expect(Number(formatDouble(d))).toBe(d);
    }), { numRuns: 1000 });
  });

  // Checked once against Python's '%.17g' (correctly rounded, as glibc) on 485,000 doubles:
  // random bit patterns, dyadic fractions and short decimals.
  it('rounds exact ties half to even, as glibc does', () => {
    // 2^-25 = 2.98023223876953125e-08: 18 significant digits ending in 5, so a tie at 17.
    expect((2 ** -25).toExponential(16)).toBe('2.9802322387695313e-8');
    expect(formatDouble(2 ** -25)).toBe('2.9802322387695312e-08');
  });
});
