// MurmurHash64A, the 64-bit MurmurHash2 Redis hashes HLL elements with,
// reading 8-byte blocks little-endian whatever the platform. JS has no
// 64-bit integers short of BigInt, which is far too slow on PFADD's path,
// so the hash is kept as two unsigned 32-bit halves.

const M_LO = 0x5bd1e995;
const M_HI = 0xc6a4a793;

/** The low and high halves of the last hash; module state so hashing allocates nothing. */
let lo = 0;
let hi = 0;

/** (lo, hi) *= (bLo, bHi) modulo 2^64. */
function mul(bLo: number, bHi: number): void {
  // The 32x32 low product is split into 16-bit limbs so every partial
  // product stays exact in a double.
  const a0 = lo & 0xffff, a1 = lo >>> 16, b0 = bLo & 0xffff, b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const mid = a0 * b1 + a1 * b0 + (p00 >>> 16);
  const low = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const carry = Math.floor(mid / 65536) + a1 * b1;
  hi = (carry + Math.imul(lo, bHi) + Math.imul(hi, bLo)) >>> 0;
  lo = low;
}

/** h ^= h >> 47 (only high bits reach the low half). */
function mix(): void {
  lo = (lo ^ (hi >>> 15)) >>> 0;
}

/**
 * MurmurHash64A of a byte string (latin1, one char per byte) with a 32-bit
 * seed. Returns the low 32 bits; `murmurHigh()` then gives the high 32.
 */
export function murmurHash64A(s: string, seed: number): number {
  const len = s.length;
  // h = seed ^ (len * m)
  lo = len >>> 0;
  hi = Math.floor(len / 4294967296) >>> 0;
  mul(M_LO, M_HI);
  lo = (lo ^ seed) >>> 0;
  const blocks = len - (len & 7);
  const hLo0 = lo, hHi0 = hi;
  let hLo = hLo0, hHi = hHi0;
  for (let i = 0; i < blocks; i += 8) {
    // k = block; k *= m; k ^= k >> r; k *= m
    lo = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    hi = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mul(M_LO, M_HI);
    mix();
    mul(M_LO, M_HI);
    // h ^= k; h *= m
    lo = (lo ^ hLo) >>> 0;
    hi = (hi ^ hHi) >>> 0;
    mul(M_LO, M_HI);
    hLo = lo;
    hHi = hi;
  }
  lo = hLo;
  hi = hHi;
  const rest = len & 7;
  if (rest !== 0) {
    // The tail bytes land at their little-endian positions, then one multiply.
    let tLo = 0, tHi = 0;
    for (let j = rest - 1; j >= 0; j--) {
      const b = s.charCodeAt(blocks + j);
      if (j >= 4) tHi |= b << ((j - 4) * 8);
      else tLo |= b << (j * 8);
    }
    lo = (lo ^ tLo) >>> 0;
    hi = (hi ^ tHi) >>> 0;
    mul(M_LO, M_HI);
  }
  mix();
  mul(M_LO, M_HI);
  mix();
  return lo;
}

/** The high 32 bits of the hash `murmurHash64A` last returned. */
export function murmurHigh(): number {
  return hi;
}

/** The whole 64-bit hash as a bigint (tests, tools). */
export function murmurHash64ABig(s: string, seed: number): bigint {
  const low = murmurHash64A(s, seed);
  return (BigInt(murmurHigh()) << 32n) | BigInt(low);
}
