/**
 * An element of a listpack, ziplist or intset: a byte string, or an integer
 * (a number when it is a safe integer, a bigint beyond that).
 */
export type PackedValue = string | number | bigint;

/** The element as the byte string Redis hands out (integers in decimal, as ll2string). */
export function packedToString(v: PackedValue): string {
  return typeof v === 'string' ? v : String(v);
}

/** Signed 64-bit little-endian integer at `p`, as a number when safe. */
export function readInt64LE(buf: Uint8Array, p: number): number | bigint {
  const lo = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  const hi = buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16) | (buf[p + 7]! << 24); // signed
  if (hi >= -0x200000 && hi < 0x200000) return hi * 0x100000000 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}
