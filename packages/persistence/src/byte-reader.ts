/**
 * A cursor over a window of the file. The RDB parser reads records from it
 * synchronously; when the window ends before a record does, it throws
 * NeedMore (streaming: the driver fetches more bytes and parses the record
 * again from its start) or, when no more bytes will come, a 'truncated' RdbError.
 */
import { RdbError } from './errors.js';
import { latin1Slice } from './latin1.js';
import { lzfDecompress } from './lzf.js';
import { readInt64LE } from './packed-value.js';
import { RDB_ENC, RDB_LEN } from './constants.js';

/** Thrown (not an Error: no stack to capture) when the window holds fewer bytes than a read needs. */
export class NeedMore {
  /** Window index up to which bytes are needed. */
  constructor(readonly upTo: number) {}
}

const TWO_64_MINUS_1 = 0xffffffffffffffffn;

export class ByteReader {
  /** Whether the last readLenOrEncoding() returned a special string encoding rather than a length. */
  encoded = false;

  constructor(
    public buf: Buffer,
    public pos = 0,
    public end = buf.length,
    /** File offset of buf[0]. */
    public base = 0,
    /** True when no bytes beyond `end` will ever come. */
    public final = true,
  ) {}

  /** File offset of the cursor. */
  offset(): number {
    return this.base + this.pos;
  }

  need(n: number): void {
    if (this.end - this.pos < n) this.short(n);
  }

  private short(n: number): never {
    if (this.final) throw new RdbError('truncated', 'Unexpected EOF reading RDB file', this.base + this.end);
    throw new NeedMore(this.pos + n);
  }

  corrupt(message: string, at = this.offset()): RdbError {
    return new RdbError('corrupt', message, at);
  }

  u8(): number {
    if (this.pos >= this.end) this.short(1);
    return this.buf[this.pos++]!;
  }

  /** Raw bytes as a view of the window: valid only until the parser returns. */
  bytes(n: number): Buffer {
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return this.buf.subarray(start, this.pos);
  }

  int32LE(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  /** A signed 64-bit little-endian integer as a number (ms timestamps). */
  int64LE(): number {
    this.need(8);
    const v = readInt64LE(this.buf, this.pos);
    this.pos += 8;
    return Number(v);
  }

  uint64LE(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  uint64BE(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  float32LE(): number {
    this.need(4);
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  float64LE(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /**
   * rdbLoadLenByRef: a length, or (with `encoded` set) the special string
   * encoding in the low 6 bits. 64-bit lengths beyond 2^53 are refused here:
   * nothing in memory can be that long; IDs and counters use readLenBig.
   */
  readLenOrEncoding(): number {
    const at = this.pos;
    const b = this.u8();
    const kind = b >>> 6;
    this.encoded = false;
    if (kind === RDB_LEN.ENCVAL) {
      this.encoded = true;
      return b & 0x3f;
    }
    if (kind === RDB_LEN.BITS6) return b & 0x3f;
    if (kind === RDB_LEN.BITS14) return ((b & 0x3f) << 8) | this.u8();
    if (b === RDB_LEN.BITS32) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return v;
    }
    if (b === RDB_LEN.BITS64) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.corrupt(`Length ${v} is too large`, this.base + at);
      return Number(v);
    }
    throw this.corrupt(`Unknown length encoding ${kind} in rdbLoadLen()`, this.base + at);
  }

  /** rdbLoadLen without an encoding pointer: a special-encoding byte reads as its low 6 bits, as in Redis. */
  readLen(): number {
    return this.readLenOrEncoding();
  }

  /** A full unsigned 64-bit length (stream IDs and counters, module integers). */
  readLenBig(): bigint {
    const at = this.pos;
    const b = this.u8();
    const kind = b >>> 6;
    if (kind === RDB_LEN.ENCVAL || kind === RDB_LEN.BITS6) return BigInt(b & 0x3f);
    if (kind === RDB_LEN.BITS14) return BigInt(((b & 0x3f) << 8) | this.u8());
    if (b === RDB_LEN.BITS32) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return BigInt(v);
    }
    if (b === RDB_LEN.BITS64) return this.uint64BE();
    throw this.corrupt(`Unknown length encoding ${kind} in rdbLoadLen()`, this.base + at);
  }

  /** A 64-bit length where all ones means -1 (a stream group's unknown entries-read). */
  readSignedLen(): number {
    const v = this.readLenBig();
    return v === TWO_64_MINUS_1 ? -1 : Number(v);
  }

  /**
   * A string as rdbGenericLoadStringObject reads it (plain, integer-encoded or
   * LZF-compressed), as bytes. The result may be a view of the window.
   */
  readStringBytes(): Buffer {
    const at = this.pos;
    const len = this.readLenOrEncoding();
    if (!this.encoded) return this.bytes(len);
    switch (len) {
      case RDB_ENC.INT8:
      case RDB_ENC.INT16:
      case RDB_ENC.INT32:
        return Buffer.from(String(this.readEncodedInt(len)), 'latin1');
      case RDB_ENC.LZF:
        return this.readLzf();
      default:
        throw this.corrupt(`Unknown RDB string encoding type ${len}`, this.base + at);
    }
  }

  /** A string (see readStringBytes) as latin1. */
  readString(): string {
    const at = this.pos;
    const len = this.readLenOrEncoding();
    if (!this.encoded) {
      this.need(len);
      const start = this.pos;
      this.pos += len;
      return latin1Slice(this.buf, start, this.pos);
    }
    switch (len) {
      case RDB_ENC.INT8:
      case RDB_ENC.INT16:
      case RDB_ENC.INT32:
        return String(this.readEncodedInt(len));
      case RDB_ENC.LZF: {
        const out = this.readLzf();
        return latin1Slice(out, 0, out.length);
      }
      default:
        throw this.corrupt(`Unknown RDB string encoding type ${len}`, this.base + at);
    }
  }

  private readEncodedInt(enc: number): number {
    if (enc === RDB_ENC.INT8) {
      const v = this.u8();
      return v >= 128 ? v - 256 : v;
    }
    if (enc === RDB_ENC.INT16) {
      this.need(2);
      const v = this.buf.readInt16LE(this.pos);
      this.pos += 2;
      return v;
    }
    return this.int32LE();
  }

  private readLzf(): Buffer {
    const at = this.offset();
    const clen = this.readLen();
    const len = this.readLen();
    // A 3-byte back reference expands to at most 264 bytes: anything beyond is corrupt,
    // and refusing it early avoids allocating what a corrupt length asks for.
    if (len > clen * 88 + 32 || len > 0x7fffffff) throw this.corrupt('Invalid LZF compressed string', at);
    this.need(clen);
    const out = lzfDecompress(this.buf, len, this.pos, this.pos + clen);
    if (out === undefined) throw this.corrupt('Invalid LZF compressed string', at);
    this.pos += clen;
    return out;
  }
}
