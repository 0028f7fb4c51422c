/**
 * Intsets (src/intset.c): sets made only of integers, sorted, each stored in
 * the smallest width that fits the widest member.
 *
 *   <encoding u32le: 2, 4 or 8> <length u32le> <members, little-endian, ascending>
 */
import { asBuffer } from './latin1.js';
import { readInt64LE } from './packed-value.js';

/** The members of the intset in buf[start, end); undefined when it is not a valid intset. */
export function readIntset(data: Uint8Array, start = 0, end = data.length): (number | bigint)[] | undefined {
  const buf = asBuffer(data);
  const size = end - start;
  if (size < 8) return undefined;
  const width = buf.readUInt32LE(start);
  if (width !== 2 && width !== 4 && width !== 8) return undefined;
  const count = buf.readUInt32LE(start + 4);
  if (count === 0 || 8 + count * width !== size) return undefined;
  const out: (number | bigint)[] = new Array(count);
  let p = start + 8;
  for (let i = 0; i < count; i++, p += width) {
    out[i] = width === 2 ? buf.readInt16LE(p) : width === 4 ? buf.readInt32LE(p) : readInt64LE(buf, p);
    // Members must be strictly ascending, as intsetValidateIntegrity checks.
    if (i > 0 && !(out[i - 1]! < out[i]!)) return undefined;
  }
  return out;
}

/** An intset holding `members` (distinct integers within a signed 64-bit range, any order). */
export function encodeIntset(members: readonly (number | bigint)[]): Buffer {
  const sorted = [...members].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let width = 2;
  for (const v of sorted) {
    if (v < -2147483648 || v > 2147483647) {
      width = 8;
      break;
    }
    if (v < -32768 || v > 32767) width = 4;
  }
  const out = Buffer.allocUnsafe(8 + sorted.length * width);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(sorted.length, 4);
  let p = 8;
  for (const v of sorted) {
    if (width === 2) out.writeInt16LE(Number(v), p);
    else if (width === 4) out.writeInt32LE(Number(v), p);
    else out.writeBigInt64LE(BigInt(v), p);
    p += width;
  }
  return out;
}
