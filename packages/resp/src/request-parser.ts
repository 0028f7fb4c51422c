import { ChunkBuffer } from './chunk-buffer.js';
import { ProtocolError } from './errors.js';
import { latin1Slice, latin1String } from './latin1.js';
import { splitArgs } from './split-args.js';
import { parseLongLong } from './string2ll.js';

/** Redis's PROTO_INLINE_MAX_SIZE: the longest header or inline line it waits for. */
const INLINE_MAX_SIZE = 64 * 1024;
const INT_MAX = 2147483647;
const UNAUTHENTICATED_MAX_COUNT = 10;
const UNAUTHENTICATED_MAX_BULK = 16384;
/**
 * Redis's PROTO_MBULK_BIG_ARG. A bulk at least this big that is still
 * arriving is gathered as a list of pieces and joined once, rather than
 * re-buffered with every chunk.
 */
const BIG_ARG = 32 * 1024;

export interface RequestParserOptions {
  /** proto-max-bulk-len: the largest bulk string accepted (default 512 MiB). */
  maxBulkLength?: number;
}

/**
 * Parses what clients send to a server, byte for byte as Redis 7.0's
 * processMultibulkBuffer / processInlineBuffer: RESP arrays of bulk
 * strings, or inline lines. Arguments come out as latin1 strings.
 *
 * The parser may keep pushed chunks by reference until their bytes are
 * consumed, so a chunk must not be changed after it is pushed.
 */
export class RequestParser extends ChunkBuffer {
  maxBulkLength: number;
  /** When false, Redis's limits for unauthenticated clients apply. */
  authenticated = true;

  /** Arguments still to read of the current multibulk (0 = between commands). */
  private remaining = 0;
  /** Length of the bulk being read, or -1 while its header is still to come. */
  private bulkLen = -1;
  private args: string[] = [];
  /**
   * Bytes after pos already searched for the end of the current line (and
   * free of NUL), so that a line trickling in is not searched from its start
   * again with every chunk. Offsets from pos stay valid when the buffer is
   * compacted.
   */
  private scanned = 0;
  private error: string | undefined;

  constructor(options: RequestParserOptions = {}) {
    super();
    this.maxBulkLength = options.maxBulkLength ?? 512 * 1024 * 1024;
  }

  /** Bytes received but not consumed yet (CLIENT LIST qbuf). */
  get bufferedBytes(): number {
    return this.heldBytes;
  }

  /**
   * The next complete command, or undefined until more bytes arrive. Empty
   * commands (`*0`, `*-1`, blank lines) are skipped. Throws ProtocolError,
   * and keeps throwing it: the connection is to be closed.
   */
  next(): string[] | undefined {
    if (this.error !== undefined) throw new ProtocolError(this.error);
    const command = this.parse();
    if (command === undefined) this.releaseIfConsumed();
    return command;
  }

  private parse(): string[] | undefined {
    for (;;) {
      if (this.remaining === 0) {
        if (this.pos >= this.end) return undefined;
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
      if (this.gathering) {
        const whole = this.takeBig();
        if (whole === undefined) return false;
        this.args.push(latin1Slice(whole, 0, this.bulkLen));
        this.bulkLen = -1;
        this.remaining--;
        continue;
      }
      if (this.bulkLen < 0) {
        const len = this.header(0x24 /* $ */);
        if (len === undefined) return false;
        this.bulkLen = len;
      }
      const len = this.bulkLen;
      const available = this.end - this.pos;
      if (available < len + 2) {
        if (len >= BIG_ARG) this.gatherBig(len + 2);
        return false;
      }
      // Like Redis, the two bytes after the bulk are skipped, not checked.
      this.args.push(latin1String(this.buf, this.pos, this.pos + len));
      this.pos += len + 2;
      this.bulkLen = -1;
      this.remaining--;
    }
    return true;
  }

  /**
   * Reads a `*N` or `$N` header line; undefined while it is incomplete.
   * Redis finds the line end with strchr, so a NUL byte before the CR hides
   * it, and it wants one byte after the CR without checking that it is LF.
   */
  private header(type: number): number | undefined {
    const buf = this.buf;
    const start = this.pos;
    const end = this.end;
    // What clients send, the type byte and 1 to 9 digits without a leading zero
    // whose CR LF is here, is read in one pass; anything else takes the general way.
    let cr = start + 1;
    let n: number | undefined = 0;
    if (this.scanned === 0 && buf[start] === type && buf[cr] !== 48) {
      for (let c = 0; cr < end && cr - start <= 9 && (c = buf[cr]!) >= 48 && c <= 57; cr++) n = n * 10 + c - 48;
    }
    if (cr === start + 1 || cr + 1 >= end || buf[cr] !== 13) {
      // Headers are a few bytes long: a loop beats a call to indexOf.
      cr = start + this.scanned;
      while (cr < end && buf[cr] !== 13 && buf[cr] !== 0) cr++;
      this.scanned = cr - start;
      if (cr >= end || buf[cr] === 0) {
        if (end - start > INLINE_MAX_SIZE) {
          this.fail(type === 0x2a ? 'too big mbulk count string' : 'too big bulk count string');
        }
        return undefined;
      }
      if (cr + 1 >= end) return undefined;
      if (buf[start] !== type) this.fail(`expected '$', got '${printable(buf[start]!)}'`);
      n = parseLongLong(buf, start + 1, cr);
    }
    if (type === 0x2a) {
      if (n === undefined || n > INT_MAX) this.fail('invalid multibulk length');
      if (n > UNAUTHENTICATED_MAX_COUNT && !this.authenticated) this.fail('unauthenticated multibulk length');
    } else {
      if (n === undefined || n < 0 || n > this.maxBulkLength) this.fail('invalid bulk length');
      if (n > UNAUTHENTICATED_MAX_BULK && !this.authenticated) this.fail('unauthenticated bulk length');
    }
    this.pos = cr + 2;
    this.scanned = 0;
    return n;
  }

  /**
   * Reads an inline command line, ended by LF or CRLF; undefined while it is
   * incomplete. As for headers, a NUL byte before the LF hides it from Redis.
   */
  private inline(): string[] | undefined {
    const buf = this.buf;
    const start = this.pos;
    const end = this.end;
    const from = start + this.scanned;
    let nl = buf.indexOf(10, from);
    if (nl < 0 || nl > end) nl = end;
    const nul = findNul(buf, from, nl);
    if (nul >= 0 || nl === end) {
      this.scanned = (nul >= 0 ? nul : end) - start;
      if (end - start > INLINE_MAX_SIZE) this.fail('too big inline request');
      return undefined;
    }
    const lineEnd = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
    const args = splitArgs(latin1String(buf, start, lineEnd));
    if (args === null) this.fail('unbalanced quotes in request');
    this.pos = nl + 1;
    this.scanned = 0;
    return args;
  }

  private fail(what: string): never {
    this.error = `ERR Protocol error: ${what}`;
    throw new ProtocolError(this.error);
  }
}

/** Where the first NUL byte in [from, to) is, or -1: Redis's strchr stops there. */
function findNul(buf: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) if (buf[i] === 0) return i;
  return -1;
}

/** addReplyErrorFormat turns CR and LF into spaces so that the error stays on one line. */
function printable(c: number): string {
  return c === 13 || c === 10 ? ' ' : String.fromCharCode(c);
}
