import { formatDouble } from './double.js';
import {
  AttributeReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply,
  SimpleString, VerbatimReply, type Protocol, type RespValue,
} from './values.js';

const CRLF = 0x0a0d; // "\r\n" as a little-endian uint16
/** Replies bigger than this are handed over whole instead of copied out of the scratch buffer. */
const HAND_OVER_SIZE = 64 * 1024;

/**
 * Encodes replies into one growable buffer, so that a batch of pipelined
 * replies leaves in a single socket write.
 */
export class ReplyEncoder {
  protocol: Protocol = 2;
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly initialSize = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.pos;
  }

  /** The bytes written so far, in a Buffer that stays valid after later writes; resets the encoder. */
  take(): Buffer {
    const n = this.pos;
    this.pos = 0;
    if (n >= HAND_OVER_SIZE) {
      const whole = this.buf.subarray(0, n);
      this.buf = Buffer.allocUnsafe(this.initialSize);
      return whole;
    }
    const out = Buffer.allocUnsafe(n);
    this.buf.copy(out, 0, 0, n);
    return out;
  }

  writeRaw(bytes: string | Buffer): void {
    if (typeof bytes === 'string') this.latin1(bytes);
    else this.bytes(bytes);
  }

  write(v: RespValue): void {
    if (typeof v === 'string') return this.bulk(v);
    if (typeof v === 'number') return this.integer(v);
    if (v === null) return this.nil();
    if (Array.isArray(v)) {
      this.header(0x2a /* * */, v.length);
      for (let i = 0; i < v.length; i++) this.write(v[i]!);
      return;
    }
    if (v instanceof SimpleString) return this.line(0x2b /* + */, v.value);
    if (v instanceof ErrorReply) return this.line(0x2d /* - */, v.message);
    if (Buffer.isBuffer(v)) {
      this.header(0x24 /* $ */, v.length);
      this.bytes(v);
      return this.crlf();
    }
    if (typeof v === 'bigint') return this.line(0x3a /* : */, v.toString());
    if (v === NULL_ARRAY) {
      if (this.protocol === 2) this.latin1('*-1\r\n');
      else this.latin1('_\r\n');
      return;
    }
    if (v instanceof MapReply) {
      if (this.protocol === 2) this.header(0x2a, v.entries.length);
      else this.header(0x25 /* % */, v.entries.length >> 1);
      for (const e of v.entries) this.write(e);
      return;
    }
    if (v instanceof SetReply) return this.aggregate(0x7e /* ~ */, v.items);
    if (v instanceof PushReply) return this.aggregate(0x3e /* > */, v.items);
    if (v instanceof DoubleReply) {
      const text = formatDouble(v.value);
      if (this.protocol === 2) this.bulk(text);
      else this.line(0x2c /* , */, text);
      return;
    }
    if (v instanceof BooleanReply) {
      if (this.protocol === 2) this.integer(v.value ? 1 : 0);
      else this.latin1(v.value ? '#t\r\n' : '#f\r\n');
      return;
    }
    if (v instanceof VerbatimReply) {
      if (this.protocol === 2) return this.bulk(v.text);
      this.header(0x3d /* = */, v.text.length + 4);
      this.latin1(v.format);
      this.latin1(':');
      this.latin1(v.text);
      return this.crlf();
    }
    if (v instanceof BigNumberReply) {
      if (this.protocol === 2) this.bulk(v.value.toString());
      else this.line(0x28 /* ( */, v.value.toString());
      return;
    }
    if (v instanceof AttributeReply) {
      if (this.protocol === 3) {
        this.header(0x7c /* | */, v.attributes.length >> 1);
        for (const a of v.attributes) this.write(a);
      }
      return this.write(v.value);
    }
    throw new TypeError(`not a RESP value: ${String(v)}`);
  }

  private aggregate(resp3Type: number, items: RespValue[]): void {
    this.header(this.protocol === 2 ? 0x2a : resp3Type, items.length);
    for (const item of items) this.write(item);
  }

  private bulk(s: string): void {
    this.header(0x24, s.length);
    this.latin1(s);
    this.crlf();
  }

  private integer(n: number): void {
    if (!Number.isInteger(n)) throw new TypeError(`integer reply is not an integer: ${n}`);
    this.header(0x3a, n);
  }

  private nil(): void {
    this.latin1(this.protocol === 2 ? '$-1\r\n' : '_\r\n');
  }

  /** A type byte, a decimal number, CRLF. */
  private header(type: number, n: number): void {
    this.reserve(24);
    const buf = this.buf;
    buf[this.pos++] = type;
    if (n >= 0 && n < 10) {
      buf[this.pos++] = 48 + n;
    } else {
      this.pos += buf.write(String(n), this.pos, 'latin1');
    }
    buf.writeUInt16LE(CRLF, this.pos);
    this.pos += 2;
  }

  private line(type: number, text: string): void {
    this.reserve(1);
    this.buf[this.pos++] = type;
    this.latin1(text);
    this.crlf();
  }

  private crlf(): void {
    this.reserve(2);
    this.buf.writeUInt16LE(CRLF, this.pos);
    this.pos += 2;
  }

  private latin1(s: string): void {
    const n = s.length;
    this.reserve(n);
    if (n < 16) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      this.pos += this.buf.write(s, this.pos, n, 'latin1');
    }
  }

  private bytes(b: Buffer): void {
    this.reserve(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** Encodes one reply on its own. */
export function encodeReply(value: RespValue, protocol: Protocol = 2): Buffer {
  const e = new ReplyEncoder(256);
  e.protocol = protocol;
  e.write(value);
  return e.take();
}

/** A command as a client sends it: an array of bulk strings. */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const e = new ReplyEncoder(256);
  e.write(args as RespValue[]);
  return e.take();
}
