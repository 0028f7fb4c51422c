/**
 * A growable output buffer with the primitives of Redis's rdbSave* functions:
 * lengths, strings (integer-encoded or LZF-compressed as rdbSaveRawString
 * chooses), times and doubles.
 */
import { RDB_ENC, RDB_LEN } from './constants.js';
import { latin1Write } from './latin1.js';
import { lzfCompressInto } from './lzf.js';
import { parseStrictInt } from './integers.js';

const U32_MAX = 0xffffffff;
/** Strings shorter than this are copied char by char (cheaper than the binding's call for them); all have a 1-byte length. */
const SHORT_STRING = 32;
/** The largest buffer a writer starts over with after a take. */
const MAX_REUSED_SIZE = 1 << 20;

export class ByteWriter {
  buf: Buffer;
  pos = 0;
  // Scratch space for LZF: the string's bytes, and the compressed output.
  private lzfIn = Buffer.allocUnsafe(256);
  private lzfOut = Buffer.allocUnsafe(256);

  constructor(
    /** rdbcompression: LZF for strings over 20 bytes. */
    readonly compression = true,
    private readonly initial = 64 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /**
   * The bytes written since the last take; the writer starts over. A mostly
   * full buffer is handed over as it is (and a fresh one started); a mostly
   * empty one is copied out and kept, so that frequent small takes neither
   * copy much nor allocate big buffers they do not fill.
   */
  take(): Buffer {
    const buf = this.buf;
    const pos = this.pos;
    this.pos = 0;
    if (pos * 2 < buf.length) return Buffer.from(buf.subarray(0, pos));
    // As big as this one, within reason: a chunk that held one huge string should not set the size for good.
    this.buf = Buffer.allocUnsafe(Math.max(this.initial, Math.min(buf.length, MAX_REUSED_SIZE)));
    return buf.subarray(0, pos);
  }

  u8(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  latin1(s: string): void {
    this.reserve(s.length);
    this.pos += latin1Write(this.buf, s, this.pos);
  }

  u16LE(v: number): void {
    this.reserve(2);
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }

  /** rdbSaveMillisecondTime: a signed 64-bit little-endian integer. */
  millis(t: number): void {
    this.reserve(8);
    const v = Math.trunc(t);
    if (Number.isSafeInteger(v)) {
      // Two 32-bit halves: no BigInt for the common case (every key with a TTL).
      const lo = v % 0x100000000;
      const hi = (v - lo) / 0x100000000;
      this.buf.writeUInt32LE(lo < 0 ? lo + 0x100000000 : lo, this.pos);
      this.buf.writeInt32LE(lo < 0 ? hi - 1 : hi, this.pos + 4);
    } else {
      this.buf.writeBigInt64LE(BigInt(v), this.pos);
    }
    this.pos += 8;
  }

  /** rdbSaveBinaryDoubleValue. */
  double(d: number): void {
    this.reserve(8);
    this.buf.writeDoubleLE(d, this.pos);
    this.pos += 8;
  }

  /** rdbSaveLen: 6-bit, 14-bit, 32-bit big-endian or 64-bit big-endian. */
  len(n: number | bigint): void {
    if (typeof n === 'bigint') {
      if (n <= BigInt(U32_MAX)) return this.len(Number(n));
      this.reserve(9);
      this.buf[this.pos++] = RDB_LEN.BITS64;
      this.buf.writeBigUInt64BE(n, this.pos);
      this.pos += 8;
      return;
    }
    this.reserve(9);
    if (n < 1 << 6) {
      this.buf[this.pos++] = n;
    } else if (n < 1 << 14) {
      this.buf[this.pos++] = (n >>> 8) | 0x40;
      this.buf[this.pos++] = n & 0xff;
    } else if (n <= U32_MAX) {
      this.buf[this.pos++] = RDB_LEN.BITS32;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      this.buf[this.pos++] = RDB_LEN.BITS64;
      this.buf.writeBigUInt64BE(BigInt(n), this.pos);
      this.pos += 8;
    }
  }

  /** rdbSaveRawString for a latin1 string. */
  string(s: string): void {
    const len = s.length;
    if (len <= 11 && this.intString(s)) return;
    if (this.compression && len > 20) {
      if (this.lzfIn.length < len) this.lzfIn = Buffer.allocUnsafe(Math.max(len, this.lzfIn.length * 2));
      latin1Write(this.lzfIn, s, 0);
      if (this.lzf(this.lzfIn.subarray(0, len))) return;
    }
    if (len < SHORT_STRING) {
      // Most keys and values: the length byte and the chars, without a call into the Buffer binding.
      this.reserve(len + 1);
      const buf = this.buf;
      let p = this.pos;
      buf[p++] = len;
      for (let i = 0; i < len; i++) buf[p + i] = s.charCodeAt(i);
      this.pos = p + len;
      return;
    }
    this.len(len);
    this.latin1(s);
  }

  /** rdbSaveRawString for bytes (listpacks, intsets, stream IDs). */
  blob(b: Uint8Array): void {
    const len = b.length;
    if (len <= 11 && this.intString(Buffer.from(b.buffer, b.byteOffset, len).toString('latin1'))) return;
    if (this.compression && len > 20 && this.lzf(b)) return;
    this.len(len);
    this.bytes(b);
  }

  /** rdbTryIntegerEncoding: a strict integer within 32 bits as INT8/16/32. */
  private intString(s: string): boolean {
    const v = parseStrictInt(s);
    if (typeof v !== 'number') return false;
    this.reserve(5);
    if (v >= -128 && v <= 127) {
      this.buf[this.pos++] = 0xc0 | RDB_ENC.INT8;
      this.buf.writeInt8(v, this.pos);
      this.pos += 1;
    } else if (v >= -32768 && v <= 32767) {
      this.buf[this.pos++] = 0xc0 | RDB_ENC.INT16;
      this.buf.writeInt16LE(v, this.pos);
      this.pos += 2;
    } else if (v >= -2147483648 && v <= 2147483647) {
      this.buf[this.pos++] = 0xc0 | RDB_ENC.INT32;
      this.buf.writeInt32LE(v, this.pos);
      this.pos += 4;
    } else {
      return false;
    }
    return true;
  }

  /** rdbSaveLzfStringObject: only when it saves at least 4 bytes. */
  private lzf(data: Uint8Array): boolean {
    const maxOut = data.length - 4;
    if (this.lzfOut.length < maxOut + 1) this.lzfOut = Buffer.allocUnsafe(Math.max(maxOut + 1, this.lzfOut.length * 2));
    const n = lzfCompressInto(data, this.lzfOut, maxOut);
    if (n === 0) return false;
    this.u8(0xc0 | RDB_ENC.LZF);
    this.len(n);
    this.len(data.length);
    this.reserve(n);
    this.lzfOut.copy(this.buf, this.pos, 0, n);
    this.pos += n;
    return true;
  }
}
