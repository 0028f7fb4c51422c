// Bit interleaving of two 32-bit integers into a 64-bit value held as two
// uint32 halves, so that no BigInt is needed on the hot paths (GEOADD,
// decoding every candidate of a search). geohash.c's interleave64() puts the
// latitude in the even bits and the longitude in the odd bits.

const TWO_32 = 4294967296;

/** Spreads the low 16 bits of v to the even bit positions of a uint32. */
function spread16(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v;
}

/** Gathers the even bits of a uint32 into a 16-bit value. */
function compact16(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

/** A 64-bit unsigned value as two uint32 halves. */
export interface U64 {
  hi: number;
  lo: number;
}

/** interleave64(even, odd): `even` bits land in positions 0,2,4…, `odd` in 1,3,5…. */
export function interleave64(even: number, odd: number): U64 {
  const lo = (spread16(even) | (spread16(odd) << 1)) >>> 0;
  const hi = (spread16(even >>> 16) | (spread16(odd >>> 16) << 1)) >>> 0;
  return { hi, lo };
}

/** deinterleave64(): the even bits and the odd bits, each as a uint32. */
export function deinterleave64(hi: number, lo: number): { even: number; odd: number } {
  const even = (compact16(lo) | (compact16(hi) << 16)) >>> 0;
  const odd = (compact16(lo >>> 1) | (compact16(hi >>> 1) << 16)) >>> 0;
  return { even, odd };
}

/** The value as a double, rounded once to nearest-even as C's (double)uint64_t is. */
export function u64ToNumber(hi: number, lo: number): number {
  return hi * TWO_32 + lo;
}

export function u64ToBigInt(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export function bigIntToU64(v: bigint): U64 {
  const u = BigInt.asUintN(64, v);
  return { hi: Number(u >> 32n), lo: Number(u & 0xffffffffn) };
}

/**
 * C's `(uint64_t)score` on x86-64 as gcc compiles it: truncation toward zero;
 * negative values in int64 range wrap modulo 2^64; values at or above 2^64,
 * and NaN, -inf and values below -2^63 give what cvttsd2si gives (see below).
 * Scores written by GEOADD are integers below 2^54 and take the fast path.
 */
export function doubleToU64(score: number): U64 {
  if (score >= 0 && score < 18446744073709551616) {
    const t = Math.trunc(score);
    const hi = Math.floor(t / TWO_32);
    return { hi, lo: t - hi * TWO_32 };
  }
  if (score >= 18446744073709551616) {
    // Values >= 2^63 go through `cvttsd2si(x - 2^63) ^ (1 << 63)`; past 2^64
    // cvttsd2si yields 0x8000000000000000 and the xor clears it.
    return { hi: 0, lo: 0 };
  }
  if (score >= -9223372036854775808) {
    return bigIntToU64(BigInt(Math.trunc(score)));
  }
  // NaN, -inf and anything below -2^63: cvttsd2si's "integer indefinite".
  return { hi: 0x80000000, lo: 0 };
}
