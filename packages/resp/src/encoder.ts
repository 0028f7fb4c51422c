import { formatDouble } from './double.js';
import { latin1Write } from './latin1.js';
import {
  AttributeReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply,
  SimpleString, VerbatimReply, type Protocol, type RespValue,
} from './values.js';

const CRLF = 0x0a0d; // "\r\n" as a little-endian uint16
/** Replies bigger than this are handed over whole instead of copied out of the scratch buffer. */
const HAND_OVER_SIZE = 64 * 1024;
/** Below this length a string is copied char by char: cheaper than a call into the binding. */
const SHORT_STRING = 16;
const LLONG_LIMIT = 2 ** 63;
/** Upper bound of the bytes a header takes: type byte, sign, 19 digits, CRLF. */
const HEADER_ROOM = 24;

/**
 * Encodes replies into one growable buffer, so that a batch of pipelined
 * replies leaves in a single socket write.
 */
export class ReplyEncoder {
  /** 2 until the client says HELLO 3. */
  protocol: Protocol = 2;
  private buf: Buffer;
  private pos = 0;
  private readonly initialSize: number;

  constructor(initialSize = 16 * 1024) {
    this.initialSize = Math.max(64, initialSize);
    this.buf = Buffer.allocUnsafe(this.initialSize);
  }

  /** Bytes written and not taken yet. */
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

  /** Appends bytes as they are (a latin1 string or a Buffer). */
  writeRaw(bytes: string | Buffer): void {
    if (typeof bytes === 'string') this.latin1(bytes);
    else this.bytes(bytes);
  }

  /** Appends one reply, in the bytes Redis 7.0 sends for it in the current protocol. */
  write(v: RespValue): void {
    if (typeof v === 'string') return this.bulk(v);
    if (typeof v === 'number') return this.integer(v);
    if (v === null) return this.latin1(this.protocol === 2 ? '$-1\r\n' : '_\r\n');
    if (Array.isArray(v)) return this.aggregate(0x2a /* * */, v);
    if (v instanceof SimpleString) return this.line(0x2b /* + */, v.value);
    if (v instanceof ErrorReply) return this.line(0x2d /* - */, v.message);
    if (Buffer.isBuffer(v)) {
      this.header(0x24 /* $ */, v.length);
      this.bytes(v);
      return this.crlf();
    }
    if (typeof v === 'bigint') return this.line(0x3a /* : */, v.toString());
    if (v === NULL_ARRAY) return this.latin1(this.protocol === 2 ? '*-1\r\n' : '_\r\n');
    if (v instanceof MapReply) {
      const n = v.entries.length;
      if (n % 2 !== 0) throw new TypeError('map reply with an odd number of entries');
      if (this.protocol === 2) this.header(0x2a, n);
      else this.header(0x25 /* % */, n / 2);
      for (let i = 0; i < n; i++) this.write(v.entries[i]!);
      return;
    }
    if (v instanceof DoubleReply) {
      const text = v.text ?? formatDouble(v.value);
      return this.protocol === 2 ? this.bulk(text) : this.line(0x2c /* , */, text);
    }
    if (v instanceof SetReply) return this.aggregate(this.protocol === 2 ? 0x2a : 0x7e /* ~ */, v.items);
    if (v instanceof PushReply) return this.aggregate(this.protocol === 2 ? 0x2a : 0x3e /* > */, v.items);
    if (v instanceof BooleanReply) {
      if (this.protocol === 2) return this.latin1(v.value ? ':1\r\n' : ':0\r\n');
      return this.latin1(v.value ? '#t\r\n' : '#f\r\n');
    }
    if (v instanceof VerbatimReply) {
      if (this.protocol === 2) return this.bulk(v.text);
      this.header(0x3d /* = */, v.format.length + 1 + v.text.length);
      this.latin1(v.format);
      this.latin1(':');
      this.latin1(v.text);
      return this.crlf();
    }
    if (v instanceof BigNumberReply) {
      const text = v.value.toString();
      return this.protocol === 2 ? this.bulk(text) : this.line(0x28 /* ( */, text);
    }
    if (v instanceof AttributeReply) {
      if (this.protocol === 3) {
        const n = v.attributes.length;
        if (n % 2 !== 0) throw new TypeError('attribute reply with an odd number of entries');
        this.header(0x7c /* | */, n / 2);
        for (let i = 0; i < n; i++) this.write(v.attributes[i]!);
      }
      return this.write(v.value);
    }
    throw new TypeError(`not a RESP value: ${String(v)}`);
  }

  private aggregate(type: number, items: readonly RespValue[]): void {
    const n = items.length;
    this.header(type, n);
    for (let i = 0; i < n; i++) this.write(items[i]!);
  }

  private bulk(s: string): void {
    this.header(0x24, s.length);
    this.latin1(s);
    this.crlf();
  }

  private integer(n: number): void {
    if (!Number.isInteger(n) || n >= LLONG_LIMIT || n < -LLONG_LIMIT) {
      throw new TypeError(`integer reply is not a 64-bit integer: ${n}`);
    }
    if (n > Number.MAX_SAFE_INTEGER || n < -Number.MAX_SAFE_INTEGER) {
      // String(n) would round to the shortest digits that read back; Redis prints them all.
      return this.line(0x3a, BigInt(n).toString());
    }
    this.header(0x3a /* : */, n);
  }

  /** A type byte, a decimal integer (|n| <= 2^53), CRLF: the digits are written without making a string. */
  private header(type: number, n: number): void {
    if (this.pos + HEADER_ROOM > this.buf.length) this.grow(HEADER_ROOM);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = type;
    if (n < 0) {
      buf[p++] = 45; /* - */
      n = -n;
    }
    if (n < 10) {
      buf[p++] = 48 + n;
    } else {
      let digits = 2;
      for (let t = 100; t <= n; t *= 10) digits++;
      p += digits;
      for (let i = p - 1; n >= 10; i--) {
        const q = Math.floor(n / 10);
        buf[i] = 48 + (n - q * 10);
        n = q;
      }
      buf[p - digits] = 48 + n;
    }
    buf[p] = 13;
    buf[p + 1] = 10;
    this.pos = p + 2;
  }

  /** A one-line reply. CR and LF would end the line early, so they become spaces, as Redis does for such replies. */
  private line(type: number, text: string): void {
    const n = text.length;
    if (this.pos + n + 3 > this.buf.length) this.grow(n + 3);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = type;
    if (n < SHORT_STRING) {
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        buf[p++] = c === 13 || c === 10 ? 32 : c;
      }
    } else {
      if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) text = text.replace(/[\r\n]/g, ' ');
      p += latin1Write(buf, text, p);
    }
    buf[p] = 13;
    buf[p + 1] = 10;
    this.pos = p + 2;
  }

  private crlf(): void {
    if (this.pos + 2 > this.buf.length) this.grow(2);
    this.buf.writeUInt16LE(CRLF, this.pos);
    this.pos += 2;
  }

  private latin1(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    if (n < SHORT_STRING) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
      this.pos = p;
    } else {
      this.pos += latin1Write(this.buf, s, this.pos);
    }
  }

  private bytes(b: Buffer): void {
    if (this.pos + b.length > this.buf.length) this.grow(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  private grow(n: number): void {
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
