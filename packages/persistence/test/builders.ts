/**
 * Writers for the formats kv only reads (ziplist, zipmap) and for hand-made
 * RDB files of older versions, to test the readers. Not part of the package.
 */
import { Crc64 } from '../src/crc64.js';
import { ByteWriter } from '../src/byte-writer.js';
import { parseStrictInt } from '../src/integers.js';

/** A ziplist as Redis's ziplistPush builds it (strings that are integers stored as integers). */
export function buildZiplist(values: (string | number | bigint)[]): Buffer {
  const entries: Buffer[] = [];
  let prevLen = 0;
  for (const v of values) {
    const n = typeof v === 'string' ? (v.length <= 20 ? parseStrictInt(v) : undefined) : v;
    let body: Buffer;
    if (n !== undefined) {
      const big = BigInt(n);
      if (big >= 0n && big <= 12n) body = Buffer.from([0xf1 + Number(big)]);
      else if (big >= -128n && big <= 127n) body = Buffer.from([0xfe, Number(big) & 0xff]);
      else if (big >= -32768n && big <= 32767n) { body = Buffer.alloc(3); body[0] = 0xc0; body.writeInt16LE(Number(big), 1); }
      else if (big >= -8388608n && big <= 8388607n) { body = Buffer.alloc(4); body[0] = 0xf0; body.writeIntLE(Number(big), 1, 3); }
      else if (big >= -2147483648n && big <= 2147483647n) { body = Buffer.alloc(5); body[0] = 0xd0; body.writeInt32LE(Number(big), 1); }
      else { body = Buffer.alloc(9); body[0] = 0xe0; body.writeBigInt64LE(big, 1); }
    } else {
      const s = Buffer.from(v as string, 'latin1');
      let hdr: Buffer;
      if (s.length <= 63) hdr = Buffer.from([s.length]);
      else if (s.length <= 16383) hdr = Buffer.from([0x40 | (s.length >> 8), s.length & 0xff]);
      else { hdr = Buffer.alloc(5); hdr[0] = 0x80; hdr.writeUInt32BE(s.length, 1); }
      body = Buffer.concat([hdr, s]);
    }
    let prev: Buffer;
    if (prevLen < 254) prev = Buffer.from([prevLen]);
    else { prev = Buffer.alloc(5); prev[0] = 0xfe; prev.writeUInt32LE(prevLen, 1); }
    const entry = Buffer.concat([prev, body]);
    entries.push(entry);
    prevLen = entry.length;
  }
  const total = 10 + entries.reduce((n, e) => n + e.length, 0) + 1;
  const head = Buffer.alloc(10);
  head.writeUInt32LE(total, 0);
  head.writeUInt32LE(entries.length ? total - 1 - entries.at(-1)!.length : 10, 4);
  head.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  return Buffer.concat([head, ...entries, Buffer.from([0xff])]);
}

/** A zipmap as Redis 2.x wrote it, with `free` spare bytes after each value. */
export function buildZipmap(pairs: [string, string][], free = 0): Buffer {
  const len = (n: number): Buffer => {
    if (n < 254) return Buffer.from([n]);
    const b = Buffer.alloc(5);
    b[0] = 254;
    b.writeUInt32LE(n, 1);
    return b;
  };
  const parts: Buffer[] = [Buffer.from([Math.min(pairs.length, 254)])];
  for (const [f, v] of pairs) {
    parts.push(len(f.length), Buffer.from(f, 'latin1'), len(v.length), Buffer.from([free]), Buffer.from(v, 'latin1'), Buffer.alloc(free));
  }
  parts.push(Buffer.from([0xff]));
  return Buffer.concat(parts);
}

/** Hand-made RDB bytes: a ByteWriter with the version of your choice and a correct trailer. */
export class RdbBuilder {
  readonly w = new ByteWriter(false);

  constructor(version: number) {
    this.w.latin1(`REDIS${String(version).padStart(4, '0')}`);
  }

  finish(checksum = true): Buffer {
    this.w.u8(0xff);
    const body = this.w.take();
    return Buffer.concat([body, checksum ? new Crc64().update(body).digestBytes() : Buffer.alloc(8)]);
  }
}
