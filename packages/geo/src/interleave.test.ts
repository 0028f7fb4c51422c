import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deinterleave64, doubleToU64, interleave64, u64ToBigInt, u64ToNumber } from './interleave.js';

const M64 = (1n << 64n) - 1n;

/** geohash.c's interleave64() with 64-bit masks, as a reference. */
function refInterleave(xlo: number, ylo: number): bigint {
  const B = [0x5555555555555555n, 0x3333333333333333n, 0x0f0f0f0f0f0f0f0fn, 0x00ff00ff00ff00ffn, 0x0000ffff0000ffffn];
  const S = [1n, 2n, 4n, 8n, 16n];
  let x = BigInt(xlo);
  let y = BigInt(ylo);
  for (let i = 4; i >= 0; i--) {
    x = ((x | (x << S[i]!)) & B[i]!) & M64;
    y = ((y | (y << S[i]!)) & B[i]!) & M64;
  }
  return (x | (y << 1n)) & M64;
}

/** geohash.c's deinterleave64(). */
function refDeinterleave(v: bigint): bigint {
  const B = [0x5555555555555555n, 0x3333333333333333n, 0x0f0f0f0f0f0f0f0fn, 0x00ff00ff00ff00ffn, 0x0000ffff0000ffffn, 0x00000000ffffffffn];
  const S = [0n, 1n, 2n, 4n, 8n, 16n];
  let x = v;
  let y = v >> 1n;
  for (let i = 0; i < 6; i++) {
    x = (x | (x >> S[i]!)) & B[i]!;
    y = (y | (y >> S[i]!)) & B[i]!;
  }
  return (x | (y << 32n)) & M64;
}

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('interleave64', () => {
  it('matches the C bit-twiddling for any two uint32', () => {
    fc.assert(
      fc.property(u32, u32, (x, y) => {
        const { hi, lo } = interleave64(x, y);
        expect(u64ToBigInt(hi, lo)).toBe(refInterleave(x, y));
      }),
      { numRuns: 300 },
    );
  });

  it('is undone by deinterleave64, which matches the C for any uint64', () => {
    fc.assert(
      fc.property(u32, u32, (hi, lo) => {
        const { even, odd } = deinterleave64(hi, lo);
        const ref = refDeinterleave(u64ToBigInt(hi, lo));
        expect([even, odd]).toEqual([Number(ref & 0xffffffffn), Number(ref >> 32n)]);
        const back = interleave64(even, odd);
        expect([back.hi, back.lo]).toEqual([hi, lo]);
      }),
      { numRuns: 300 },
    );
  });

  it('puts the first coordinate in the even bits', () => {
    expect(u64ToBigInt(interleave64(1, 0).hi, interleave64(1, 0).lo)).toBe(1n);
    expect(u64ToBigInt(interleave64(0, 1).hi, interleave64(0, 1).lo)).toBe(2n);
    const top = interleave64(1 << 26, 1 << 26);
    expect(u64ToBigInt(top.hi, top.lo)).toBe((1n << 52n) | (1n << 53n));
  });
});

describe('u64ToNumber', () => {
  it('rounds once, to nearest even, like (double)uint64_t', () => {
    fc.assert(
      fc.property(u32, u32, (hi, lo) => {
        expect(u64ToNumber(hi, lo)).toBe(Number(u64ToBigInt(hi, lo)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('doubleToU64 (C cast on x86-64)', () => {
  const cases: [number, bigint][] = [
    [0, 0n],
    [-0, 0n],
    [1.5, 1n],
    [4503599627370495.5, 4503599627370495n],
    [2 ** 53 + 2, 2n ** 53n + 2n],
    [2 ** 63, 2n ** 63n],
    [2 ** 64 - 2048, 2n ** 64n - 2048n],
    [-1, 2n ** 64n - 1n],
    [-1.5, 2n ** 64n - 1n],
    [-0.5, 0n],
    [-(2 ** 63), 2n ** 63n],
    [2 ** 64, 0n],
    [1e30, 0n],
    [Infinity, 0n],
    [-Infinity, 2n ** 63n],
    [-1e30, 2n ** 63n],
    [NaN, 2n ** 63n],
  ];
  it.each(cases)('(uint64_t)%s', (score, expected) => {
    const { hi, lo } = doubleToU64(score);
    expect(u64ToBigInt(hi, lo)).toBe(expected);
  });
});
