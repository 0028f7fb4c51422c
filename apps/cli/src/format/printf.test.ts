import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixed, fixedPadded } from './printf.js';

describe('printf %.2f', () => {
  it('rounds exact ties to even as glibc does, unlike toFixed', () => {
    expect(fixed(1.125, 2)).toBe('1.12');
    expect(fixed(1.375, 2)).toBe('1.38');
    expect(fixed(0.5, 0)).toBe('0');
    expect(fixed(2.5, 0)).toBe('2');
    expect(fixed(-1.125, 2)).toBe('-1.12');
    expect((1.125).toFixed(2)).toBe('1.13');
  });

  it('agrees with toFixed wherever there is no exact tie (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 1000 }), (a, b) => {
        const x = a / b;
        if (Number.isInteger(x * 200) && (x * 200) % 2 === 1) return;
        expect(fixed(x, 2)).toBe(x.toFixed(2));
      }),
    );
  });

  it('%05.2f pads with zeros', () => {
    expect(fixedPadded(0, 2, 5)).toBe('00.00');
    expect(fixedPadded(5.5, 2, 5)).toBe('05.50');
    expect(fixedPadded(100, 2, 5)).toBe('100.00');
  });
});
