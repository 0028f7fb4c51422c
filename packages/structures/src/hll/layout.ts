// The byte layout of a Redis HyperLogLog (hyperloglog.c, Redis 7.0): a
// 16-byte header, then the registers, sparse or dense. These numbers are
// the format itself: a value written by Redis must read the same here.

/** Bits of the hash that pick a register. */
export const HLL_P = 14;
/** Bits of the hash left for the run of zeroes (64 - P). */
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
export const HLL_P_MASK = HLL_REGISTERS - 1;
export const HLL_BITS = 6;
export const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
/** "HYLL", encoding byte, 3 unused bytes, 8-byte little-endian cached cardinality. */
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + Math.floor((HLL_REGISTERS * HLL_BITS + 7) / 8);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
/** The highest encoding byte a valid HLL may carry. */
export const HLL_MAX_ENCODING = 1;
/** Offset of the encoding byte. */
export const HLL_ENCODING_OFFSET = 4;
/** Offset of the cached cardinality; its last byte's top bit marks the cache stale. */
export const HLL_CARD_OFFSET = 8;
/** Redis's default for hll-sparse-max-bytes. */
export const HLL_SPARSE_MAX_BYTES_DEFAULT = 3000;

const MAGIC = [0x48, 0x59, 0x4c, 0x4c]; // "HYLL"

/**
 * isHLLObjectOrReply's checks on a string value (latin1, one char per byte):
 * long enough for the header, the magic, a known encoding, and a dense
 * value exactly as long as the registers need. The sparse body is only
 * checked when it is read (INVALIDOBJ).
 */
export function isHyperLogLog(s: string): boolean {
  if (s.length < HLL_HDR_SIZE) return false;
  for (let i = 0; i < 4; i++) if (s.charCodeAt(i) !== MAGIC[i]) return false;
  const encoding = s.charCodeAt(HLL_ENCODING_OFFSET);
  if (encoding > HLL_MAX_ENCODING) return false;
  return encoding !== HLL_DENSE || s.length === HLL_DENSE_SIZE;
}

/** Writes the header of a new HLL: magic and encoding; the rest stays zero. */
export function writeHeader(bytes: Uint8Array, encoding: number): void {
  bytes.set(MAGIC, 0);
  bytes[HLL_ENCODING_OFFSET] = encoding;
}
