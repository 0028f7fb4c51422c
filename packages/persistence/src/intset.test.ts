import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeIntset, readIntset } from './intset.js';

describe('intset', () => {
  it('round-trips sorted, in the narrowest width', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { minLength: 1, maxLength: 50 }), (vals) => {
        const back = readIntset(encodeIntset(vals))!.map(BigInt);
        expect(back).toEqual([...vals].sort((a, b) => (a < b ? -1 : 1)));
      }),
      { numRuns: 150 },
    );
    expect(encodeIntset([3, -2, 1]).toString('hex')).toBe('0200000003000000feff01000300');
    expect(encodeIntset([70000]).readUInt32LE(0)).toBe(4);
    expect(encodeIntset([2n ** 40n]).readUInt32LE(0)).toBe(8);
  });

  it('refuses unsorted, duplicated, empty or mis-sized intsets', () => {
    const ok = encodeIntset([1, 2, 3]);
    const swapped = Buffer.from(ok);
    swapped.writeInt16LE(3, 8);
    swapped.writeInt16LE(1, 12);
    expect(readIntset(swapped)).toBeUndefined();
    expect(readIntset(encodeIntset([1, 1]))).toBeUndefined();
    expect(readIntset(Buffer.from('0200000000000000', 'hex'))).toBeUndefined();
    expect(readIntset(ok.subarray(0, ok.length - 1))).toBeUndefined();
    const badWidth = Buffer.from(ok);
    badWidth[0] = 3;
    expect(readIntset(badWidth)).toBeUndefined();
  });
});
