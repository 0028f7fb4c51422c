import type { Arg } from './types.js';

/** Strings shorter than this are written char by char (ASCII fast path) instead of through the UTF-8 binding. */
const SHORT = 64;
/** The most a header takes: type byte, 20 digits, CRLF. */
const HEADER_ROOM = 24;
const INITIAL = 16 * 1024;
/** Up to this size a batch is copied out (into pooled memory) and the buffer kept; above, the buffer itself is handed to the socket. */
const COPY_OUT = 16 * 1024;

interface Utf8Buffer {
  utf8Write(text: string, offset: number, length: number): number;
}

/**
 * Encodes commands (arrays of bulk strings) back to back into one growable
 * Buffer, so that every command issued in a tick leaves in a single socket
 * write. Strings are sent as UTF-8; numbers as decimal text.
 */
export class CommandWriter {
  private buf = Buffer.allocUnsafe(INITIAL);
  private pos = 0;

  /** Bytes written and not taken. */
  get length(): number {
    return this.pos;
  }

  /**
   * One command: `head` is its name (and subcommand) already encoded as bulk
   * strings, `headCount` how many; then the arguments.
   */
  command(head: Buffer, headCount: number, args: readonly Arg[]): void {
    const start = this.pos;
    try {
      this.header(0x2a /* * */, headCount + args.length);
      this.raw(head);
      for (let i = 0; i < args.length; i++) this.arg(args[i]!);
    } catch (err) {
      this.pos = start; // a half-written command would garble every one after it
      throw err;
    }
  }

  /** One command given whole (its name among the arguments). */
  commandArgs(args: readonly Arg[]): void {
    const start = this.pos;
    try {
      this.header(0x2a, args.length);
      for (let i = 0; i < args.length; i++) this.arg(args[i]!);
    } catch (err) {
      this.pos = start;
      throw err;
    }
  }

  /** The bytes written, in a Buffer the writer will not touch again; resets the writer. */
  take(): Buffer {
    const n = this.pos;
    this.pos = 0;
    if (n <= COPY_OUT) {
      const out = Buffer.allocUnsafe(n);
      this.buf.copy(out, 0, 0, n);
      return out;
    }
    const whole = this.buf.subarray(0, n);
    this.buf = Buffer.allocUnsafe(INITIAL);
    return whole;
  }

  arg(a: Arg): void {
    if (typeof a === 'string') this.string(a);
    else if (typeof a === 'number') this.number(a);
    else if (Buffer.isBuffer(a)) this.bytes(a);
    else if (typeof a === 'bigint') this.ascii(a.toString());
    else throw new TypeError(`a command argument must be a string, Buffer, number or bigint, not ${a === null ? 'null' : typeof a}`);
  }

  private string(s: string): void {
    const n = s.length;
    if (n < SHORT) {
      // Optimistically ASCII: header for n bytes, then the chars; rewind if one is not.
      const start = this.pos;
      if (start + n + HEADER_ROOM + 2 > this.buf.length) this.grow(n + HEADER_ROOM + 2);
      this.header(0x24 /* $ */, n);
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          this.pos = start;
          return this.utf8(s);
        }
        buf[p++] = c;
      }
      buf[p] = 13;
      buf[p + 1] = 10;
      this.pos = p + 2;
      return;
    }
    this.utf8(s);
  }

  private utf8(s: string): void {
    const len = Buffer.byteLength(s, 'utf8');
    this.header(0x24, len);
    if (this.pos + len + 2 > this.buf.length) this.grow(len + 2);
    this.pos += (this.buf as unknown as Utf8Buffer).utf8Write(s, this.pos, len);
    this.crlf();
  }

  private number(n: number): void {
    if (Number.isSafeInteger(n)) {
      if (this.pos + 2 * HEADER_ROOM > this.buf.length) this.grow(2 * HEADER_ROOM);
      // Count the digits first so that the length header can go before them, with no string made.
      const neg = n < 0;
      let v = neg ? -n : n;
      let digits = 1;
      for (let t = 10; t <= v; t *= 10) digits++;
      const len = digits + (neg ? 1 : 0);
      this.header(0x24, len);
      const buf = this.buf;
      let p = this.pos;
      if (neg) buf[p++] = 45; /* - */
      for (let i = p + digits - 1; i >= p; i--) {
        const q = Math.floor(v / 10);
        buf[i] = 48 + (v - q * 10);
        v = q;
      }
      p += digits;
      buf[p] = 13;
      buf[p + 1] = 10;
      this.pos = p + 2;
      return;
    }
    // Redis reads doubles with strtold: 'inf' and '-inf' rather than JS's 'Infinity'.
    if (n === Infinity) return this.ascii('+inf');
    if (n === -Infinity) return this.ascii('-inf');
    if (Number.isNaN(n)) throw new TypeError('NaN is not a valid command argument');
    this.ascii(Number.isInteger(n) ? BigInt(n).toString() : String(n));
  }

  private ascii(s: string): void {
    this.header(0x24, s.length);
    if (this.pos + s.length + 2 > this.buf.length) this.grow(s.length + 2);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    buf[p] = 13;
    buf[p + 1] = 10;
    this.pos = p + 2;
  }

  private bytes(b: Buffer): void {
    this.header(0x24, b.length);
    if (this.pos + b.length + 2 > this.buf.length) this.grow(b.length + 2);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    this.crlf();
  }

  /** Bytes already encoded (a command's name). */
  raw(b: Buffer): void {
    if (this.pos + b.length > this.buf.length) this.grow(b.length);
    if (b.length < 32) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
      this.pos = p;
    } else {
      b.copy(this.buf, this.pos);
      this.pos += b.length;
    }
  }

  /** A type byte, a non-negative decimal (below 2^53), CRLF. */
  private header(type: number, n: number): void {
    if (this.pos + HEADER_ROOM > this.buf.length) this.grow(HEADER_ROOM);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = type;
    if (n < 10) {
      buf[p++] = 48 + n;
    } else {
      let digits = 1;
      for (let t = 10; t <= n; t *= 10) digits++;
      for (let i = p + digits - 1; i >= p; i--) {
        const q = Math.floor(n / 10);
        buf[i] = 48 + (n - q * 10);
        n = q;
      }
      p += digits;
    }
    buf[p] = 13;
    buf[p + 1] = 10;
    this.pos = p + 2;
  }

  private crlf(): void {
    if (this.pos + 2 > this.buf.length) this.grow(2);
    this.buf[this.pos] = 13;
    this.buf[this.pos + 1] = 10;
    this.pos += 2;
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** Throws the TypeError the writer would, before anything is queued (a batch must go whole or not at all). */
export function checkArgs(args: readonly unknown[]): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const t = typeof a;
    if (t === 'string' || t === 'bigint' || (t === 'number' && !Number.isNaN(a)) || Buffer.isBuffer(a)) continue;
    throw new TypeError(`argument ${i + 1} must be a string, Buffer, number or bigint, not ${a === null ? 'null' : t === 'number' ? 'NaN' : t}`);
  }
}

/** A command name (and subcommand) pre-encoded as the bulk strings that start the command. */
export function encodeHead(words: readonly string[]): Buffer {
  return Buffer.from(words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join(''), 'utf8');
}
