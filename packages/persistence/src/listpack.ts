/**
 * Listpacks (src/listpack.c): the compact encoding Redis 7.0 uses for small
 * hashes and sorted sets, quicklist nodes and stream nodes.
 *
 *   <total-bytes u32le> <num-elements u16le> <entry>... <0xFF>
 *   entry = <encoding+data> <backlen: length of encoding+data, 1-5 bytes>
 */
import { asBuffer, latin1Slice, latin1Write } from './latin1.js';
import { parseStrictInt } from './integers.js';
import { readInt64LE, type PackedValue } from './packed-value.js';

const HDR = 6;
const EOF_BYTE = 0xff;
const NUMELE_UNKNOWN = 0xffff;

/**
 * The elements of the listpack in buf[start, end), checking its structure as
 * Redis's deep integrity validation does; undefined when it is not a valid listpack.
 */
export function readListpack(data: Uint8Array, start = 0, end = data.length): PackedValue[] | undefined {
  const buf = asBuffer(data);
  const size = end - start;
  if (size < HDR + 1) return undefined;
  const total = (buf[start]! | (buf[start + 1]! << 8) | (buf[start + 2]! << 16) | (buf[start + 3]! << 24)) >>> 0;
  if (total !== size || buf[end - 1] !== EOF_BYTE) return undefined;
  const declared = buf[start + 4]! | (buf[start + 5]! << 8);
  const out: PackedValue[] = [];
  const last = end - 1;
  let p = start + HDR;
  while (p < last) {
    const b = buf[p]!;
    let value: PackedValue;
    let len: number; // encoding + data
    if (b < 0x80) {
      value = b;
      len = 1;
    } else if (b < 0xc0) {
      len = 1 + (b & 0x3f);
      if (p + len > last) return undefined;
      value = latin1Slice(buf, p + 1, p + len);
    } else if (b < 0xe0) {
      if (p + 2 > last) return undefined;
      const u = ((b & 0x1f) << 8) | buf[p + 1]!;
      value = u >= 4096 ? u - 8192 : u;
      len = 2;
    } else if (b < 0xf0) {
      if (p + 2 > last) return undefined;
      len = 2 + (((b & 0x0f) << 8) | buf[p + 1]!);
      if (p + len > last) return undefined;
      value = latin1Slice(buf, p + 2, p + len);
    } else {
      switch (b) {
        case 0xf0: {
          if (p + 5 > last) return undefined;
          const slen = (buf[p + 1]! | (buf[p + 2]! << 8) | (buf[p + 3]! << 16) | (buf[p + 4]! << 24)) >>> 0;
          len = 5 + slen;
          if (p + len > last) return undefined;
          value = latin1Slice(buf, p + 5, p + len);
          break;
        }
        case 0xf1:
          if (p + 3 > last) return undefined;
          value = ((buf[p + 1]! | (buf[p + 2]! << 8)) << 16) >> 16;
          len = 3;
          break;
        case 0xf2:
          if (p + 4 > last) return undefined;
          value = ((buf[p + 1]! | (buf[p + 2]! << 8) | (buf[p + 3]! << 16)) << 8) >> 8;
          len = 4;
          break;
        case 0xf3:
          if (p + 5 > last) return undefined;
          value = buf[p + 1]! | (buf[p + 2]! << 8) | (buf[p + 3]! << 16) | (buf[p + 4]! << 24);
          len = 5;
          break;
        case 0xf4:
          if (p + 9 > last) return undefined;
          value = readInt64LE(buf, p + 1);
          len = 9;
          break;
        default:
          return undefined; // 0xf5..0xfe are not encodings; 0xff before the end is a short list
      }
    }
    const blen = backlenSize(len);
    if (p + len + blen > last) return undefined;
    if (decodeBacklen(buf, p + len + blen - 1, p + len) !== len) return undefined;
    out.push(value);
    p += len + blen;
  }
  if (p !== last) return undefined;
  if (declared !== NUMELE_UNKNOWN && declared !== out.length) return undefined;
  return out;
}

/** Reads a backlen backwards from its last byte at `p`; -1 when it runs past `min` or over 5 bytes. */
function decodeBacklen(buf: Uint8Array, p: number, min: number): number {
  let val = 0;
  let shift = 0;
  for (;;) {
    if (p < min) return -1;
    const b = buf[p]!;
    val += (b & 127) * 2 ** shift;
    if (!(b & 128)) return val;
    shift += 7;
    p--;
    if (shift > 28) return -1;
  }
}

function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

function intEncodedSize(v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v >= -2147483648n && v <= 2147483647n) return intEncodedSize(Number(v));
    return 9;
  }
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

function strEncodedSize(len: number): number {
  if (len < 64) return 1 + len;
  if (len < 4096) return 2 + len;
  return 5 + len;
}

/**
 * Builds a listpack element by element, as lpAppend does: strings that spell
 * an integer strictly are stored as integers. Tracks the size as it grows,
 * which the quicklist and stream node limits need.
 */
export class ListpackBuilder {
  /** Bytes of an empty listpack: the header and the end byte. */
  static readonly EMPTY_SIZE = HDR + 1;

  /** Bytes an element takes in a listpack (encoding, data and backlen), as lpAppend would store it. */
  static entrySize(v: PackedValue): number {
    let len: number;
    if (typeof v === 'string') {
      const n = v.length <= 20 ? parseStrictInt(v) : undefined;
      len = n === undefined ? strEncodedSize(v.length) : intEncodedSize(n);
    } else {
      len = intEncodedSize(v);
    }
    return len + backlenSize(len);
  }

  private readonly items: (string | number | bigint)[] = [];
  private bytes = HDR + 1;

  /** Total bytes of the listpack built so far (lpBytes). */
  get byteLength(): number {
    return this.bytes;
  }

  get length(): number {
    return this.items.length;
  }

  push(v: PackedValue): this {
    if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
    let item: string | number | bigint = v;
    if (typeof v === 'string') {
      const n = v.length <= 20 ? parseStrictInt(v) : undefined;
      if (n !== undefined) item = n;
    }
    const len = typeof item === 'string' ? strEncodedSize(item.length) : intEncodedSize(item);
    this.items.push(item);
    this.bytes += len + backlenSize(len);
    return this;
  }

  toBuffer(): Buffer {
    const out = Buffer.allocUnsafe(this.bytes);
    out.writeUInt32LE(this.bytes, 0);
    out.writeUInt16LE(Math.min(this.items.length, NUMELE_UNKNOWN), 4);
    let p = HDR;
    for (const item of this.items) {
      const start = p;
      if (typeof item === 'string') p = writeStr(out, p, item);
      else p = writeInt(out, p, item);
      p = writeBacklen(out, p, p - start);
    }
    out[p] = EOF_BYTE;
    return out;
  }
}

/**
 * Encodes runs of strings as listpacks into one reusable buffer (quicklist
 * nodes of a big list, written one after another): no allocation per node.
 */
export class ListpackEncoder {
  private buf: Buffer = Buffer.allocUnsafe(16 * 1024);

  /** elements[start, end) as a listpack: a view of the buffer, valid until the next call. */
  encode(elements: readonly string[], start = 0, end = elements.length): Buffer {
    let buf = this.buf;
    let p = HDR;
    for (let i = start; i < end; i++) {
      const s = elements[i]!;
      // Encoding, data and backlen take at most 5 + length + 5 bytes; one more for the end byte.
      if (p + s.length + 11 > buf.length) buf = this.grow(p, p + s.length + 11);
      const n = s.length <= 20 ? parseStrictInt(s) : undefined;
      const begin = p;
      p = n === undefined ? writeStr(buf, p, s) : writeInt(buf, p, n);
      p = writeBacklen(buf, p, p - begin);
    }
    buf[p++] = EOF_BYTE;
    buf.writeUInt32LE(p, 0);
    buf.writeUInt16LE(Math.min(end - start, NUMELE_UNKNOWN), 4);
    return buf.subarray(0, p);
  }

  private grow(keep: number, need: number): Buffer {
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, keep);
    this.buf = next;
    return next;
  }
}

/** elements[start, end) as a listpack of its own. */
export function encodeListpackRange(elements: readonly string[], start = 0, end = elements.length): Buffer {
  return Buffer.from(sharedEncoder.encode(elements, start, end));
}

const sharedEncoder = new ListpackEncoder();

/** A listpack holding `values` in order. */
export function encodeListpack(values: Iterable<PackedValue>): Buffer {
  const b = new ListpackBuilder();
  for (const v of values) b.push(v);
  return b.toBuffer();
}

function writeStr(out: Buffer, p: number, s: string): number {
  const len = s.length;
  if (len < 64) {
    out[p++] = 0x80 | len;
  } else if (len < 4096) {
    out[p++] = 0xe0 | (len >>> 8);
    out[p++] = len & 0xff;
  } else {
    out[p++] = 0xf0;
    out.writeUInt32LE(len, p);
    p += 4;
  }
  return p + latin1Write(out, s, p);
}

function writeInt(out: Buffer, p: number, v: number | bigint): number {
  if (typeof v === 'bigint') {
    if (v >= -2147483648n && v <= 2147483647n) return writeInt(out, p, Number(v));
    out[p] = 0xf4;
    out.writeBigInt64LE(v, p + 1);
    return p + 9;
  }
  if (v >= 0 && v <= 127) {
    out[p] = v;
    return p + 1;
  }
  if (v >= -4096 && v <= 4095) {
    const u = v < 0 ? 8192 + v : v;
    out[p] = 0xc0 | (u >>> 8);
    out[p + 1] = u & 0xff;
    return p + 2;
  }
  if (v >= -32768 && v <= 32767) {
    out[p] = 0xf1;
    out.writeInt16LE(v, p + 1);
    return p + 3;
  }
  if (v >= -8388608 && v <= 8388607) {
    out[p] = 0xf2;
    out.writeIntLE(v, p + 1, 3);
    return p + 4;
  }
  if (v >= -2147483648 && v <= 2147483647) {
    out[p] = 0xf3;
    out.writeInt32LE(v, p + 1);
    return p + 5;
  }
  out[p] = 0xf4;
  out.writeBigInt64LE(BigInt(v), p + 1);
  return p + 9;
}

function writeBacklen(out: Buffer, p: number, l: number): number {
  if (l <= 127) {
    out[p] = l;
    return p + 1;
  }
  if (l < 16383) {
    out[p] = l >>> 7;
    out[p + 1] = (l & 127) | 128;
    return p + 2;
  }
  if (l < 2097151) {
    out[p] = l >>> 14;
    out[p + 1] = ((l >>> 7) & 127) | 128;
    out[p + 2] = (l & 127) | 128;
    return p + 3;
  }
  if (l < 268435455) {
    out[p] = l >>> 21;
    out[p + 1] = ((l >>> 14) & 127) | 128;
    out[p + 2] = ((l >>> 7) & 127) | 128;
    out[p + 3] = (l & 127) | 128;
    return p + 4;
  }
  out[p] = Math.floor(l / 2 ** 28);
  out[p + 1] = ((l >>> 21) & 127) | 128;
  out[p + 2] = ((l >>> 14) & 127) | 128;
  out[p + 3] = ((l >>> 7) & 127) | 128;
  out[p + 4] = (l & 127) | 128;
  return p + 5;
}
