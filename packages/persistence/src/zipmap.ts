/**
 * Zipmaps (src/zipmap.c): how Redis 2.x stored small hashes, still loadable.
 *
 *   <zmlen u8> (<len> field <len> <free u8> value <free bytes>)... <0xFF>
 *   len = one byte below 254, or 254 followed by a u32le
 */
import { asBuffer, latin1Slice } from './latin1.js';

const BIGLEN = 254;
const END = 255;

/** The field/value pairs of the zipmap in buf[start, end); undefined when it is not a valid zipmap. */
export function readZipmap(data: Uint8Array, start = 0, end = data.length): [string, string][] | undefined {
  const buf = asBuffer(data);
  if (end - start < 2) return undefined;
  const declared = buf[start]!;
  const out: [string, string][] = [];
  let p = start + 1;
  const readLen = (): number => {
    if (p >= end) return -1;
    const b = buf[p]!;
    if (b < BIGLEN) {
      p += 1;
      return b;
    }
    if (b === END || p + 5 > end) return -1;
    const len = buf.readUInt32LE(p + 1);
    p += 5;
    return len;
  };
  for (;;) {
    if (p >= end) return undefined;
    if (buf[p] === END) {
      p++;
      break;
    }
    const flen = readLen();
    if (flen < 0 || p + flen > end) return undefined;
    const field = latin1Slice(buf, p, p + flen);
    p += flen;
    const vlen = readLen();
    if (vlen < 0 || p + 1 > end) return undefined;
    const free = buf[p]!;
    p += 1;
    if (p + vlen + free > end) return undefined;
    const value = latin1Slice(buf, p, p + vlen);
    p += vlen + free;
    out.push([field, value]);
  }
  if (p !== end) return undefined;
  if (declared < BIGLEN && declared !== out.length) return undefined;
  return out;
}
