import { ProtocolError } from './errors.js';
import { splitArgs } from './split-args.js';

/** Redis's PROTO_INLINE_MAX_SIZE: the longest header or inline line it waits for. */
const INLINE_MAX_SIZE = 64 * 1024;
const INT_MAX = 2147483647;
/** Bulks at least this big are collected in a buffer of their own instead of re-concatenated per chunk. */
const BIG_ARG = 32 * 1024;

export interface RequestParserOptions {
  /** proto-max-bulk-len: the largest bulk string accepted (default 512 MiB). */
  maxBulkLength?: number;
}

/**
 * Parses what clients send to a server, byte for byte as Redis 7.0's
 * processMultibulkBuffer / processInlineBuffer: RESP arrays of bulk
 * strings, or inline lines. Arguments come out as latin1 strings.
 */
export class RequestParser {
  maxBulkLength: number;
  /** When false, Redis's limits for unauthenticated clients apply. */
  authenticated = true;

  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Arguments still to read of the current multibulk (0 = between commands). */
  private remaining = 0;
  /** Length of the bulk being read, or -1 while its header is still to come. */
  private bulkLen = -1;
  private args: string[] = [];
  /** A big bulk being filled chunk by chunk. */
  private big: Buffer | undefined;
  private bigFilled = 0;
  private failed = false;

  constructor(options: RequestParserOptions = {}) {
    this.maxBulkLength = options.maxBulkLength ?? 512 * 1024 * 1024;
  }

  /** Bytes received but not consumed yet (CLIENT LIST qbuf). */
  get bufferedBytes(): number {
    return this.buf.length - this.pos + this.bigFilled;
  }

  push(chunk: Buffer): void {
    if (this.big !== undefined) {
      const take = Math.min(chunk.length, this.big.length - this.bigFilled);
      chunk.copy(this.big, this.bigFilled, 0, take);
      this.bigFilled += take;
      if (take < chunk.length) this.append(chunk.subarray(take));
      return;
    }
    this.append(chunk);
  }

  private append(chunk: Buffer): void {
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
  }

  /**
   * The next complete command, or undefined until more bytes arrive. Empty
   * commands (`*0`, `*-1`, blank lines) are skipped. Throws ProtocolError.
   */
  next(): string[] | undefined {
    if (this.failed) throw new ProtocolError('ERR Protocol error: parser closed after a protocol error');
    for (;;) {
      if (this.remaining === 0) {
        if (this.pos >= this.buf.length) return undefined;
        if (this.buf[this.pos] !== 0x2a /* * */) {
          const inline = this.inline();
          if (inline === undefined) return undefined;
          if (inline.length === 0) continue;
          return inline;
        }
        const count = this.header(0x2a);
        if (count === undefined) return undefined;
        if (count <= 0) continue;
        this.remaining = count;
        this.args = [];
      }
      if (!this.readArgs()) return undefined;
      const args = this.args;
      this.args = [];
      return args;
    }
  }

  /** Reads bulks of the current multibulk; true when all are in. */
  private readArgs(): boolean {
    while (this.remaining > 0) {
      if (this.big !== undefined) {
        if (this.bigFilled < this.big.length) return false;
        this.args.push(this.big.toString('latin1', 0, this.big.length - 2));
        this.big = undefined;
        this.bigFilled = 0;
        this.bulkLen = -1;
        this.remaining--;
        continue;
      }
      if (this.bulkLen < 0) {
        const len = this.header(0x24);
        if (len === undefined) return false;
        this.bulkLen = len;
      }
      const len = this.bulkLen;
      const available = this.buf.length - this.pos;
      if (available < len + 2) {
        if (len >= BIG_ARG) {
          this.big = Buffer.allocUnsafe(len + 2);
          this.buf.copy(this.big, 0, this.pos);
          this.bigFilled = available;
          this.buf = Buffer.alloc(0);
          this.pos = 0;
        }
        return false;
      }
      // Like Redis, the two bytes after the bulk are skipped, not checked.
      this.args.push(this.buf.toString('latin1', this.pos, this.pos + len));
      this.pos += len + 2;
      this.bulkLen = -1;
      this.remaining--;
    }
    return true;
  }

  /**
   * Reads a `*N` or `$N` header line. Undefined when the line is incomplete.
   * As Redis finds the line end with strchr, a NUL byte before the CR hides it.
   */
  private header(type: number): number | undefined {
    const buf = this.buf;
    const start = this.pos;
    const cr = buf.indexOf(13, start);
    if (cr < 0 || hasNul(buf, start, cr)) {
      if (buf.length - start > INLINE_MAX_SIZE) {
        this.fail(type === 0x2a ? 'too big mbulk count string' : 'too big bulk count string');
      }
      return undefined;
    }
    if (cr + 1 >= buf.length) return undefined; // the byte after CR is not here yet
    if (buf[start] !== type) this.fail(`expected '$', got '${String.fromCharCode(buf[start]!)}'`);
    const n = parseLongLong(buf, start + 1, cr);
    if (type === 0x2a) {
      if (n === undefined || n > INT_MAX) this.fail('invalid multibulk length');
      if (n > 10 && !this.authenticated) this.fail('unauthenticated multibulk length');
    } else {
      if (n === undefined || n < 0 || n > this.maxBulkLength) this.fail('invalid bulk length');
      if (n > 16384 && !this.authenticated) this.fail('unauthenticated bulk length');
    }
    this.pos = cr + 2;
    return n;
  }

  /** Reads an inline command line; undefined when incomplete. */
  private inline(): string[] | undefined {
    const buf = this.buf;
    const start = this.pos;
    let nl = buf.indexOf(10, start);
    if (nl >= 0 && hasNul(buf, start, nl)) nl = -1;
    if (nl < 0) {
      if (buf.length - start > INLINE_MAX_SIZE) this.fail('too big inline request');
      return undefined;
    }
    const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
    const args = splitArgs(buf.toString('latin1', start, end));
    if (args === null) this.fail('unbalanced quotes in request');
    this.pos = nl + 1;
    return args;
  }

  private fail(what: string): never {
    this.failed = true;
    throw new ProtocolError(`ERR Protocol error: ${what}`);
  }
}

function hasNul(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] === 0) return true;
  return false;
}

/** string2ll over bytes: optional '-', no '+', no leading zeros, under 21 chars, in range. */
function parseLongLong(buf: Buffer, from: number, to: number): number | undefined {
  const len = to - from;
  if (len <= 0 || len >= 21) return undefined;
  if (len === 1 && buf[from] === 48) return 0;
  let i = from;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === to) return undefined;
  }
  if (buf[i]! < 49 || buf[i]! > 57) return undefined;
  if (to - i > 15) {
    // Beyond 2^53: check the range exactly, then the caller only compares with limits.
    const text = buf.toString('latin1', from, to);
    if (!/^-?[1-9]\d*$/.test(text)) return undefined;
    const big = BigInt(text);
    if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
    return Number(big);
  }
  let v = 0;
  for (; i < to; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}
