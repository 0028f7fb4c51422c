import { constants } from 'node:buffer';
import { ChunkBuffer } from './chunk-buffer.js';
import { ProtocolError } from './errors.js';
import { latin1Slice, latin1String } from './latin1.js';
import {
  AttributeReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply,
  SimpleString, VerbatimReply, type RespValue,
} from './values.js';

export interface ReplyParserOptions {
  /** Bulk strings as Buffer instead of latin1 strings. */
  buffers?: boolean;
}

const enum Kind { Array, Map, Set, Push, Attribute }
interface Frame {
  kind: Kind;
  /** Items to collect: twice the pairs for a map, and one more (the value) for an attribute. */
  count: number;
  items: RespValue[];
}

/** A bulk at least this big that is still arriving is gathered piece by piece. */
const BIG_BULK = 64 * 1024;
/** The longest bulk a Buffer can hold. */
const MAX_BULK = constants.MAX_LENGTH - 2;
const INCOMPLETE = Symbol('incomplete');

/**
 * Parses what a server sends: every RESP2 and RESP3 type Redis 7.0 sends,
 * from chunks split anywhere. Nested replies are parsed once even when they
 * arrive in many chunks (the parser keeps its place), and big bulks are
 * collected without re-copying. Error replies are returned as ErrorReply;
 * only malformed input throws (ProtocolError).
 */
export class ReplyParser extends ChunkBuffer {
  private readonly buffers: boolean;
  private stack: Frame[] = [];
  /** The type and length of the big bulk being gathered. */
  private bigType = 0;
  private bigLen = 0;

  constructor(options: ReplyParserOptions = {}) {
    super();
    this.buffers = options.buffers === true;
  }

  /** The next complete reply, or undefined until more bytes arrive. Throws ProtocolError on malformed input. */
  next(): RespValue | undefined {
    for (;;) {
      const token = this.token();
      if (token === INCOMPLETE) {
        this.releaseIfConsumed();
        return undefined;
      }
      let value: RespValue;
      if (token instanceof FrameStart) {
        if (token.frame.count > 0) {
          this.stack.push(token.frame);
          continue;
        }
        value = build(token.frame);
      } else {
        value = token;
      }
      // Attach the finished value to the open aggregates, closing those now full.
      for (;;) {
        const top = this.stack[this.stack.length - 1];
        if (top === undefined) return value;
        top.items.push(value);
        if (top.items.length < top.count) break;
        this.stack.pop();
        value = build(top);
      }
    }
  }

  /** One value or the start of an aggregate; INCOMPLETE consumes nothing (but a big bulk's header). */
  private token(): RespValue | FrameStart | typeof INCOMPLETE {
    if (this.gathering) {
      const whole = this.takeBig();
      if (whole === undefined) return INCOMPLETE;
      // Gathered pieces are never written again, so a big body may be handed out without a copy.
      return this.bulkBody(this.bigType, whole, 0, this.bigLen, true);
    }
    const buf = this.buf;
    const start = this.pos;
    if (start >= this.end) return INCOMPLETE;
    const type = buf[start]!;
    const cr = buf.indexOf(13, start);
    if (cr < 0 || cr + 1 >= this.end) return INCOMPLETE;
    if (buf[cr + 1] !== 10) throw new ProtocolError('Protocol error: expected LF after CR');
    this.pos = cr + 2;
    switch (type) {
      case 0x2b: return new SimpleString(latin1String(buf, start + 1, cr)); // +
      case 0x2d: return new ErrorReply(latin1Slice(buf, start + 1, cr)); // -
      case 0x3a: return integer(buf, start + 1, cr); // :
      case 0x5f: // _
        if (cr !== start + 1) throw malformed('null', buf, start, cr);
        return null;
      case 0x2c: return new DoubleReply(double(buf, start, cr)); // ,
      case 0x23: { // #
        const c = buf[start + 1];
        if (cr !== start + 2 || (c !== 0x74 && c !== 0x66)) throw malformed('boolean', buf, start, cr);
        return new BooleanReply(c === 0x74);
      }
      case 0x28: { // (
        const text = latin1Slice(buf, start + 1, cr);
        if (!/^-?\d+$/.test(text)) throw malformed('big number', buf, start, cr);
        return new BigNumberReply(BigInt(text));
      }
      case 0x24: case 0x21: case 0x3d: { // $ ! =
        const len = length(buf, start, cr);
        if (len < 0) {
          if (type === 0x24 && len === -1) return null;
          throw malformed('length', buf, start, cr);
        }
        if (len > MAX_BULK) throw malformed('length', buf, start, cr);
        if (this.end - this.pos < len + 2) {
          if (len >= BIG_BULK) {
            this.bigType = type;
            this.bigLen = len;
            this.gatherBig(len + 2);
            return this.token();
          }
          this.pos = start;
          return INCOMPLETE;
        }
        const at = this.pos;
        this.pos += len + 2;
        return this.bulkBody(type, buf, at, len, false);
      }
      case 0x2a: case 0x25: case 0x7e: case 0x3e: case 0x7c: { // * % ~ > |
        const n = length(buf, start, cr);
        if (n < 0) {
          if (type === 0x2a && n === -1) return NULL_ARRAY;
          throw malformed('aggregate length', buf, start, cr);
        }
        const kind = type === 0x2a ? Kind.Array : type === 0x25 ? Kind.Map : type === 0x7e ? Kind.Set : type === 0x3e ? Kind.Push : Kind.Attribute;
        const count = kind === Kind.Map ? n * 2 : kind === Kind.Attribute ? n * 2 + 1 : n;
        return new FrameStart({ kind, count, items: [] });
      }
      default:
        throw new ProtocolError(`Protocol error: unknown reply type '${String.fromCharCode(type)}'`);
    }
  }

  /** A `$`, `!` or `=` body of len bytes at buf[at], followed by CRLF; `own`: buf may be handed out. */
  private bulkBody(type: number, buf: Buffer, at: number, len: number, own: boolean): RespValue {
    if (buf[at + len] !== 13 || buf[at + len + 1] !== 10) throw new ProtocolError('Protocol error: bulk not followed by CRLF');
    if (type === 0x24) {
      if (!this.buffers) return latin1String(buf, at, at + len);
      // Otherwise a copy: the parser's buffer is written again later.
      return own ? buf.subarray(at, at + len) : Buffer.from(buf.subarray(at, at + len));
    }
    const text = latin1Slice(buf, at, at + len);
    if (type === 0x21) return new ErrorReply(text);
    if (len < 4 || text.charCodeAt(3) !== 0x3a /* : */) throw new ProtocolError('Protocol error: bad verbatim string');
    return new VerbatimReply(text.slice(0, 3), text.slice(4));
  }
}

class FrameStart {
  constructor(readonly frame: Frame) {}
}

function build(f: Frame): RespValue {
  switch (f.kind) {
    case Kind.Array: return f.items;
    case Kind.Map: return new MapReply(f.items);
    case Kind.Set: return new SetReply(f.items);
    case Kind.Push: return new PushReply(f.items);
    case Kind.Attribute: return new AttributeReply(f.items.slice(0, -1), f.items[f.items.length - 1]!);
  }
}

function malformed(what: string, buf: Buffer, start: number, cr: number): ProtocolError {
  return new ProtocolError(`Protocol error: bad ${what} '${latin1Slice(buf, start, cr)}'`);
}

/** A length after the type byte: -1 or more, digits only, below 2^53. */
function length(buf: Buffer, start: number, cr: number): number {
  let i = start + 1;
  const neg = buf[i] === 45; /* - */
  if (neg) i++;
  if (i === cr || cr - i > 15) throw malformed('length', buf, start, cr);
  let n = 0;
  for (; i < cr; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) throw malformed('length', buf, start, cr);
    n = n * 10 + (c - 48);
  }
  if (neg && n !== 1) throw malformed('length', buf, start, cr);
  return neg ? -1 : n;
}

/** An integer reply: a number when it is exact as one, else a bigint. */
function integer(buf: Buffer, from: number, to: number): number | bigint {
  let i = from;
  const neg = buf[i] === 45; /* - */
  if (neg || buf[i] === 43 /* + */) i++;
  if (i === to) throw malformed('integer', buf, from - 1, to);
  if (to - i > 15) {
    const text = latin1Slice(buf, from, to);
    if (!/^[-+]?\d+$/.test(text)) throw malformed('integer', buf, from - 1, to);
    const big = BigInt(text);
    return big >= -Number.MAX_SAFE_INTEGER && big <= Number.MAX_SAFE_INTEGER ? Number(big) : big;
  }
  let n = 0;
  for (; i < to; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) throw malformed('integer', buf, from - 1, to);
    n = n * 10 + (c - 48);
  }
  return neg ? -n : n;
}

function double(buf: Buffer, start: number, cr: number): number {
  const text = latin1Slice(buf, start + 1, cr);
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (text === 'nan' || text === '-nan') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw malformed('double', buf, start, cr);
  return Number(text);
}
