import { ProtocolError } from './errors.js';
import {
  AttributeReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply,
  SimpleString, VerbatimReply, type RespValue,
} from './values.js';

export interface ReplyParserOptions {
  /** Bulk strings as Buffer instead of latin1 strings. */
  buffers?: boolean;
}

type Kind = 'array' | 'map' | 'set' | 'push' | 'attribute';
interface Frame { kind: Kind; count: number; items: RespValue[] }

const BIG_BULK = 64 * 1024;
const INCOMPLETE = Symbol('incomplete');

/**
 * Parses what a server sends: every RESP2 and RESP3 type, from chunks split
 * anywhere. Nested replies are parsed once even when they arrive in many
 * chunks (the parser keeps its place), and big bulks are collected without
 * re-copying.
 */
export class ReplyParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private stack: Frame[] = [];
  private big: Buffer | undefined;
  private bigFilled = 0;
  private readonly buffers: boolean;

  constructor(options: ReplyParserOptions = {}) {
    this.buffers = options.buffers === true;
  }

  push(chunk: Buffer): void {
    if (this.big !== undefined && this.bigFilled < this.big.length) {
      const take = Math.min(chunk.length, this.big.length - this.bigFilled);
      chunk.copy(this.big, this.bigFilled, 0, take);
      this.bigFilled += take;
      chunk = chunk.subarray(take);
      if (chunk.length === 0) return;
    }
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    }
    this.pos = 0;
  }

  /** The next complete reply, or undefined until more bytes arrive. Throws ProtocolError on malformed input. */
  next(): RespValue | undefined {
    for (;;) {
      const start = this.pos;
      const token = this.token();
      if (token === INCOMPLETE) {
        this.pos = start;
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
      // Attach the finished value to open aggregates, closing those now full.
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

  private token(): RespValue | FrameStart | typeof INCOMPLETE {
    if (this.big !== undefined) {
      if (this.bigFilled < this.big.length) return INCOMPLETE;
      const big = this.big;
      this.big = undefined;
      this.bigFilled = 0;
      const body = big.subarray(0, big.length - 2);
      return this.buffers ? body : body.toString('latin1');
    }
    const buf = this.buf;
    if (this.pos >= buf.length) return INCOMPLETE;
    const type = buf[this.pos]!;
    const cr = buf.indexOf(13, this.pos);
    if (cr < 0 || cr + 1 >= buf.length) return INCOMPLETE;
    if (buf[cr + 1] !== 10) throw new ProtocolError('Protocol error: expected LF after CR');
    const line = buf.toString('latin1', this.pos + 1, cr);
    this.pos = cr + 2;
    switch (type) {
      case 0x2b: return new SimpleString(line); // +
      case 0x2d: return new ErrorReply(line); // -
      case 0x3a: return integer(line); // :
      case 0x5f: // _
        if (line !== '') throw new ProtocolError('Protocol error: bad null');
        return null;
      case 0x2c: return new DoubleReply(double(line)); // ,
      case 0x23: // #
        if (line !== 't' && line !== 'f') throw new ProtocolError(`Protocol error: bad boolean '${line}'`);
        return new BooleanReply(line === 't');
      case 0x28: // (
        if (!/^-?\d+$/.test(line)) throw new ProtocolError(`Protocol error: bad big number '${line}'`);
        return new BigNumberReply(BigInt(line));
      case 0x24: case 0x21: case 0x3d: { // $ ! =
        const len = length(line);
        if (len < 0) {
          if (type === 0x24 && len === -1) return null;
          throw new ProtocolError(`Protocol error: bad length '${line}'`);
        }
        const available = buf.length - this.pos;
        if (available < len + 2) {
          if (type === 0x24 && len >= BIG_BULK) {
            this.big = Buffer.allocUnsafe(len + 2);
            buf.copy(this.big, 0, this.pos);
            this.bigFilled = available;
            this.buf = Buffer.alloc(0);
            this.pos = 0;
          }
          return INCOMPLETE;
        }
        if (buf[this.pos + len] !== 13 || buf[this.pos + len + 1] !== 10) throw new ProtocolError('Protocol error: bulk not followed by CRLF');
        const start = this.pos;
        this.pos += len + 2;
        if (type === 0x24) return this.buffers ? Buffer.from(buf.subarray(start, start + len)) : buf.toString('latin1', start, start + len);
        const text = buf.toString('latin1', start, start + len);
        if (type === 0x21) return new ErrorReply(text);
        if (len < 4 || text[3] !== ':') throw new ProtocolError('Protocol error: bad verbatim string');
        return new VerbatimReply(text.slice(0, 3), text.slice(4));
      }
      case 0x2a: case 0x25: case 0x7e: case 0x3e: case 0x7c: { // * % ~ > |
        const n = length(line);
        if (n < 0) {
          if (type === 0x2a && n === -1) return NULL_ARRAY;
          throw new ProtocolError(`Protocol error: bad aggregate length '${line}'`);
        }
        const kind: Kind = type === 0x2a ? 'array' : type === 0x25 ? 'map' : type === 0x7e ? 'set' : type === 0x3e ? 'push' : 'attribute';
        const count = kind === 'map' ? n * 2 : kind === 'attribute' ? n * 2 + 1 : n;
        return new FrameStart({ kind, count, items: [] });
      }
      default:
        throw new ProtocolError(`Protocol error: unknown reply type '${String.fromCharCode(type)}'`);
    }
  }
}

class FrameStart {
  constructor(readonly frame: Frame) {}
}

function build(f: Frame): RespValue {
  switch (f.kind) {
    case 'array': return f.items;
    case 'map': return new MapReply(f.items);
    case 'set': return new SetReply(f.items);
    case 'push': return new PushReply(f.items);
    case 'attribute': return new AttributeReply(f.items.slice(0, -1), f.items[f.items.length - 1]!);
  }
}

function length(line: string): number {
  if (!/^-?\d+$/.test(line)) throw new ProtocolError(`Protocol error: bad length '${line}'`);
  const n = Number(line);
  if (n < -1 || n > 2 ** 40) throw new ProtocolError(`Protocol error: bad length '${line}'`);
  return n;
}

function integer(line: string): number | bigint {
  if (!/^[-+]?\d+$/.test(line)) throw new ProtocolError(`Protocol error: bad integer '${line}'`);
  const n = Number(line);
  return Number.isSafeInteger(n) ? n : BigInt(line);
}

function double(line: string): number {
  if (line === 'inf' || line === '+inf') return Infinity;
  if (line === '-inf') return -Infinity;
  if (line === 'nan' || line === '-nan') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(line)) throw new ProtocolError(`Protocol error: bad double '${line}'`);
  return Number(line);
}
