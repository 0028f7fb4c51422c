import { HLL_P_MASK } from './layout.js';
import { murmurHash64A, murmurHigh } from './murmur.js';

// hllPatLen: which register an element falls in, and the length of the run
// of zeroes (plus one) in the rest of its hash.

/** The seed Redis 7.0 hashes HLL elements with. */
export const HLL_HASH_SEED = 0xadc83b19;

/**
 * The register index (0..16383) and count (1..51) of an element, packed as
 * `index + count * 16384` so the hot path allocates nothing; split with
 * `patternIndex` / `patternCount`.
 */
export function hllPattern(element: string): number {
  const lo = murmurHash64A(element, HLL_HASH_SEED);
  const hi = murmurHigh();
  const index = lo & HLL_P_MASK;
  // The 50 bits above the index, with bit 50 set so the run ends by then
  // (count <= Q + 1): bits 14..45 of the hash, then bits 46..63.
  const low = ((lo >>> 14) | (hi << 18)) >>> 0;
  let count: number;
  if (low !== 0) count = 32 - Math.clz32(low & -low);
  else {
    const high = (hi >>> 14) | (1 << 18);
    count = 32 + 32 - Math.clz32(high & -high);
  }
  return index + count * 16384;
}

export function patternIndex(packed: number): number {
  return packed & HLL_P_MASK;
}

export function patternCount(packed: number): number {
  return Math.floor(packed / 16384);
}
