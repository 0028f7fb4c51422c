/**
 * CRC-64 with the "Jones" polynomial, reflected, initial value 0: the checksum
 * Redis appends to RDB files and DUMP payloads (src/crc64.c). Check value:
 * crc64("123456789") = 0xe9c6d914c4b8d9ca.
 *
 * The 64-bit state is kept as two unsigned 32-bit halves and the table is
 * applied eight bytes at a time (slicing-by-8), which keeps checksumming a
 * large file well below the cost of parsing it.
 */

const POLY_REFLECTED = 0x95ac9329ac4bc9b5n;

/** Whether this machine stores words little-endian, as the word-at-a-time loop reads them. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// Eight tables of 256 entries each, split into high and low 32-bit words.
const TABLE_HI = new Uint32Array(8 * 256);
const TABLE_LO = new Uint32Array(8 * 256);

(function buildTables(): void {
  for (let b = 0; b < 256; b++) {
    let crc = BigInt(b);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ POLY_REFLECTED : crc >> 1n;
    TABLE_HI[b] = Number(crc >> 32n);
    TABLE_LO[b] = Number(crc & 0xffffffffn);
  }
  for (let t = 1; t < 8; t++) {
    for (let b = 0; b < 256; b++) {
      const prevHi = TABLE_HI[(t - 1) * 256 + b]!;
      const prevLo = TABLE_LO[(t - 1) * 256 + b]!;
      const idx = prevLo & 0xff;
      TABLE_LO[t * 256 + b] = (((prevLo >>> 8) | (prevHi << 24)) ^ TABLE_LO[idx]!) >>> 0;
      TABLE_HI[t * 256 + b] = ((prevHi >>> 8) ^ TABLE_HI[idx]!) >>> 0;
    }
  }
})();

/** A running CRC-64 (Jones), fed in pieces. */
export class Crc64 {
  private hi = 0;
  private lo = 0;

  update(data: Uint8Array, start = 0, end = data.length): this {
    let hi = this.hi;
    let lo = this.lo;
    let i = start;
    if (LITTLE_ENDIAN && end - start >= 64) {
      // Up to a 4-byte boundary one byte at a time, then whole words read through an Int32Array view.
      for (; ((data.byteOffset + i) & 3) !== 0; i++) {
        const idx = (lo ^ data[i]!) & 0xff;
        lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]!;
        hi = (hi >>> 8) ^ TABLE_HI[idx]!;
      }
      const pairs = (end - i) >>> 3;
      const words = new Int32Array(data.buffer, data.byteOffset + i, pairs * 2);
      for (let k = 0; k < words.length; k += 2) {
        const a = lo ^ words[k]!;
        const b = hi ^ words[k + 1]!;
        const i7 = 7 * 256 + (a & 0xff);
        const i6 = 6 * 256 + ((a >>> 8) & 0xff);
        const i5 = 5 * 256 + ((a >>> 16) & 0xff);
        const i4 = 4 * 256 + (a >>> 24);
        const i3 = 3 * 256 + (b & 0xff);
        const i2 = 2 * 256 + ((b >>> 8) & 0xff);
        const i1 = 256 + ((b >>> 16) & 0xff);
        const i0 = b >>> 24;
        lo = TABLE_LO[i7]! ^ TABLE_LO[i6]! ^ TABLE_LO[i5]! ^ TABLE_LO[i4]! ^
          TABLE_LO[i3]! ^ TABLE_LO[i2]! ^ TABLE_LO[i1]! ^ TABLE_LO[i0]!;
        hi = TABLE_HI[i7]! ^ TABLE_HI[i6]! ^ TABLE_HI[i5]! ^ TABLE_HI[i4]! ^
          TABLE_HI[i3]! ^ TABLE_HI[i2]! ^ TABLE_HI[i1]! ^ TABLE_HI[i0]!;
      }
      i += pairs * 8;
    }
    for (; i + 8 <= end; i += 8) {
      const a = (lo ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
      const b = (hi ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24))) >>> 0;
      const i7 = 7 * 256 + (a & 0xff);
      const i6 = 6 * 256 + ((a >>> 8) & 0xff);
      const i5 = 5 * 256 + ((a >>> 16) & 0xff);
      const i4 = 4 * 256 + (a >>> 24);
      const i3 = 3 * 256 + (b & 0xff);
      const i2 = 2 * 256 + ((b >>> 8) & 0xff);
      const i1 = 256 + ((b >>> 16) & 0xff);
      const i0 = b >>> 24;
      lo = TABLE_LO[i7]! ^ TABLE_LO[i6]! ^ TABLE_LO[i5]! ^ TABLE_LO[i4]! ^
        TABLE_LO[i3]! ^ TABLE_LO[i2]! ^ TABLE_LO[i1]! ^ TABLE_LO[i0]!;
      hi = TABLE_HI[i7]! ^ TABLE_HI[i6]! ^ TABLE_HI[i5]! ^ TABLE_HI[i4]! ^
        TABLE_HI[i3]! ^ TABLE_HI[i2]! ^ TABLE_HI[i1]! ^ TABLE_HI[i0]!;
    }
    for (; i < end; i++) {
      const idx = (lo ^ data[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]!;
      hi = (hi >>> 8) ^ TABLE_HI[idx]!;
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /** The checksum so far as an unsigned 64-bit integer. */
  digest(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The checksum so far as Redis stores it: 8 bytes, little-endian. */
  digestBytes(): Buffer {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32LE(this.lo, 0);
    out.writeUInt32LE(this.hi, 4);
    return out;
  }

  /** Whether the 8 little-endian bytes at `offset` equal the checksum so far. */
  matches(data: Uint8Array, offset: number): boolean {
    const lo = (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16) | (data[offset + 3]! << 24)) >>> 0;
    const hi = (data[offset + 4]! | (data[offset + 5]! << 8) | (data[offset + 6]! << 16) | (data[offset + 7]! << 24)) >>> 0;
    return lo === this.lo && hi === this.hi;
  }
}

/** CRC-64 (Jones) of `data[start, end)`, as Redis's crc64(0, data, len). */
export function crc64(data: Uint8Array, start = 0, end = data.length): bigint {
  return new Crc64().update(data, start, end).digest();
}
