import { HLL_BITS, HLL_CARD_OFFSET, HLL_DENSE, HLL_ENCODING_OFFSET, HLL_HDR_SIZE, HLL_REGISTER_MAX } from './layout.js';

// Reads straight from a stored value (a latin1 string, one char per byte),
// for the hot paths that need no change: a cached PFCOUNT, a PFADD that
// raises no register. Copying a dense HLL's 12 KB to bytes costs more than
// the whole command otherwise. The value must have passed `isHyperLogLog`.

/** Whether the value is dense. */
export function isDenseValue(s: string): boolean {
  return s.charCodeAt(HLL_ENCODING_OFFSET) === HLL_DENSE;
}

/** The cached cardinality, or null when the cache is marked stale; a bigint past 2^53. */
export function cachedCardinalityOf(s: string): number | bigint | null {
  const last = s.charCodeAt(HLL_CARD_OFFSET + 7);
  if ((last & 0x80) !== 0) return null;
  let lo = 0;
  for (let i = 3; i >= 0; i--) lo = lo * 256 + s.charCodeAt(HLL_CARD_OFFSET + i);
  let hi = 0;
  for (let i = 7; i >= 4; i--) hi = hi * 256 + s.charCodeAt(HLL_CARD_OFFSET + i);
  // Exact as a number below 2^53 (hi below 2^21).
  if (hi < 0x200000) return hi * 4294967296 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Register `regnum` of a dense value. */
export function denseRegisterOf(s: string, regnum: number): number {
  const bit = regnum * HLL_BITS;
  const at = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  // Past the end charCodeAt gives NaN, which `| 0` makes the 0 Redis reads there.
  const b1 = s.charCodeAt(at + 1) | 0;
  return ((s.charCodeAt(at) >> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
}
