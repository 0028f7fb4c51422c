/**
 * Ziplists (src/ziplist.c): the compact encoding of Redis up to 6.2, still
 * found in older RDB files (lists, hashes and sorted sets, quicklist nodes).
 *
 *   <zlbytes u32le> <zltail u32le> <zllen u16le> <entry>... <0xFF>
 *   entry = <prevlen: 1 byte, or 0xFE + u32le> <encoding> <data>
 */
import { asBuffer, latin1Slice } from './latin1.js';
import { readInt64LE, type PackedValue } from './packed-value.js';

const HDR = 10;
const BIG_PREVLEN = 0xfe;

/** The elements of the ziplist in buf[start, end); undefined when it is not a valid ziplist. */
export function readZiplist(data: Uint8Array, start = 0, end = data.length): PackedValue[] | undefined {
  const buf = asBuffer(data);
  const size = end - start;
  if (size < HDR + 1) return undefined;
  const zlbytes = buf.readUInt32LE(start);
  const zltail = buf.readUInt32LE(start + 4);
  const zllen = buf.readUInt16LE(start + 8);
  if (zlbytes !== size || buf[end - 1] !== 0xff) return undefined;
  const last = end - 1;
  const out: PackedValue[] = [];
  let p = start + HDR;
  let prevEntryLen = 0;
  let lastEntry = start + HDR;
  while (p < last) {
    lastEntry = p;
    let prevlen: number;
    let q = p;
    if (buf[q] === BIG_PREVLEN) {
      if (q + 5 > last) return undefined;
      prevlen = buf.readUInt32LE(q + 1);
      q += 5;
    } else {
      prevlen = buf[q]!;
      q += 1;
    }
    if (prevlen !== prevEntryLen) return undefined;
    if (q >= last) return undefined;
    const enc = buf[q]!;
    let value: PackedValue;
    switch (enc >>> 6) {
      case 0: {
        const len = enc & 0x3f;
        if (q + 1 + len > last) return undefined;
        value = latin1Slice(buf, q + 1, q + 1 + len);
        q += 1 + len;
        break;
      }
      case 1: {
        if (q + 2 > last) return undefined;
        const len = ((enc & 0x3f) << 8) | buf[q + 1]!;
        if (q + 2 + len > last) return undefined;
        value = latin1Slice(buf, q + 2, q + 2 + len);
        q += 2 + len;
        break;
      }
      case 2: {
        if (enc !== 0x80 || q + 5 > last) return undefined;
        const len = buf.readUInt32BE(q + 1);
        if (q + 5 + len > last) return undefined;
        value = latin1Slice(buf, q + 5, q + 5 + len);
        q += 5 + len;
        break;
      }
      default: {
        let n: number;
        switch (enc) {
          case 0xc0: n = 2; break;
          case 0xd0: n = 4; break;
          case 0xe0: n = 8; break;
          case 0xf0: n = 3; break;
          case 0xfe: n = 1; break;
          default:
            if (enc >= 0xf1 && enc <= 0xfd) n = 0;
            else return undefined;
        }
        if (q + 1 + n > last) return undefined;
        const d = q + 1;
        switch (n) {
          case 0: value = (enc & 0x0f) - 1; break;
          case 1: value = buf.readInt8(d); break;
          case 2: value = buf.readInt16LE(d); break;
          case 3: value = buf.readIntLE(d, 3); break;
          case 4: value = buf.readInt32LE(d); break;
          default: value = readInt64LE(buf, d);
        }
        q += 1 + n;
      }
    }
    out.push(value);
    prevEntryLen = q - p;
    p = q;
  }
  if (p !== last) return undefined;
  if (zltail !== lastEntry - start) return undefined;
  if (zllen !== 0xffff && zllen !== out.length) return undefined;
  return out;
}
