import { HLL_BITS, HLL_HDR_SIZE, HLL_REGISTERS, HLL_REGISTER_MAX } from './layout.js';

// The dense encoding: 16384 registers of 6 bits packed from the least
// significant bit of each byte upwards, after the 16-byte header. Offsets
// here are into the whole value, header included.

/** Register `regnum` of a dense HLL. */
export function denseGet(bytes: Uint8Array, regnum: number): number {
  const bit = regnum * HLL_BITS;
  const at = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  // The last register's second byte is past the end; Redis reads the sds
  // terminator there, a zero, which `?? 0` stands for.
  return ((bytes[at]! >> fb) | ((bytes[at + 1] ?? 0) << (8 - fb))) & HLL_REGISTER_MAX;
}

/** Sets register `regnum` of a dense HLL to `value` (0..63). */
export function denseSet(bytes: Uint8Array, regnum: number, value: number): void {
  const bit = regnum * HLL_BITS;
  const at = HLL_HDR_SIZE + (bit >>> 3);
  const fb = bit & 7;
  bytes[at] = (bytes[at]! & ~(HLL_REGISTER_MAX << fb)) | (value << fb);
  if (at + 1 < bytes.length) bytes[at + 1] = (bytes[at + 1]! & ~(HLL_REGISTER_MAX >> (8 - fb))) | (value >> (8 - fb));
}

/** hllDenseSet: raises the register to count; 1 if it changed, else 0. */
export function denseRaise(bytes: Uint8Array, regnum: number, count: number): 0 | 1 {
  if (count <= denseGet(bytes, regnum)) return 0;
  denseSet(bytes, regnum, count);
  return 1;
}

/** Adds each register's value to a histogram (index = value, 64 slots). */
export function denseHistogram(bytes: Uint8Array, histogram: Int32Array): void {
  // Four registers in every three bytes, as Redis's unrolled loop reads them.
  let p = HLL_HDR_SIZE;
  for (let j = 0; j < HLL_REGISTERS; j += 4) {
    const b0 = bytes[p]!, b1 = bytes[p + 1]!, b2 = bytes[p + 2]!;
    histogram[b0 & 63]!++;
    histogram[((b0 >> 6) | (b1 << 2)) & 63]!++;
    histogram[((b1 >> 4) | (b2 << 4)) & 63]!++;
    histogram[(b2 >> 2) & 63]!++;
    p += 3;
  }
}

/** MAX of every register into `max` (one byte per register). */
export function denseMergeInto(bytes: Uint8Array, max: Uint8Array): void {
  for (let i = 0; i < HLL_REGISTERS; i++) {
    const v = denseGet(bytes, i);
    if (v > max[i]!) max[i] = v;
  }
}
