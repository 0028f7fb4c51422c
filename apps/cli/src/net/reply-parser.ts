import type { AggregateType, Reply } from './reply.js';

// A streaming parser of what a RESP2/RESP3 server sends, keeping the text of
// numbers as sent (see reply.ts). It keeps its place inside nested replies so
// that a big reply arriving in many chunks is parsed once, and it does not
// copy a big bulk string more than once while its pieces arrive.

export class ReplyProtocolError extends Error {}

interface Frame {
  type: AggregateType | 'attribute';
  /** Items still expected. */
  left: number;
  items: Reply[];
}

const CR = 13;

export class ReplyParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** Bytes needed after pos before parsing can make progress. */
  private need = 1;
  private stack: Frame[] = [];

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.chunkBytes += chunk.length;
  }

  /** The next whole reply, or undefined until more bytes arrive. Throws ReplyProtocolError on bytes that are not RESP. */
  next(): Reply | undefined {
    if (this.buf.length - this.pos + this.chunkBytes < this.need) return undefined;
    this.merge();
    this.need = 1;
    for (;;) {
      const token = this.token();
      if (token === undefined) return undefined;
      let value: Reply;
      if (token instanceof StartFrame) {
        if (token.frame.left > 0) {
          this.stack.push(token.frame);
          continue;
        }
        const empty = close(token.frame);
        if (empty === undefined) continue;
        value = empty;
      } else value = token;
      // Attach to the open aggregates, closing the ones now full.
      for (;;) {
        const top = this.stack[this.stack.length - 1];
        if (top === undefined) return value;
        top.items.push(value);
        if (--top.left > 0) break;
        this.stack.pop();
        const closed = close(top);
        if (closed === undefined) break; // an attribute: the value it annotates comes next
        value = closed;
      }
    }
  }

  private merge(): void {
    if (this.chunks.length === 0) return;
    const rest = this.buf.subarray(this.pos);
    this.buf = rest.length === 0 && this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat([rest, ...this.chunks]);
    this.pos = 0;
    this.chunks = [];
    this.chunkBytes = 0;
  }

  /** One value or the start of an aggregate; undefined (consuming nothing) when incomplete. */
  private token(): Reply | StartFrame | undefined {
    const buf = this.buf;
    const start = this.pos;
    const cr = buf.indexOf(CR, start);
    if (cr < 0 || cr + 1 >= buf.length) {
      this.need = buf.length - start + 1;
      return undefined;
    }
    if (buf[cr + 1] !== 10) throw new ReplyProtocolError('Protocol error: expected LF after CR');
    const type = buf[start]!;
    const line = () => buf.toString('latin1', start + 1, cr);
    const after = cr + 2;
    switch (type) {
      case 0x2b: // +
        this.pos = after;
        return { type: 'status', text: line() };
      case 0x2d: // -
        this.pos = after;
        return { type: 'error', text: line() };
      case 0x3a: // :
        this.pos = after;
        return { type: 'integer', text: line() };
      case 0x2c: // ,
        this.pos = after;
        return { type: 'double', text: line() };
      case 0x28: // (
        this.pos = after;
        return { type: 'bignum', text: line() };
      case 0x5f: // _
        this.pos = after;
        return { type: 'nil' };
      case 0x23: // #
        this.pos = after;
        return { type: 'bool', value: buf[start + 1] === 0x74 /* t */ };
      case 0x24: case 0x21: case 0x3d: { // $ ! =
        const len = lengthOf(buf, start + 1, cr);
        if (len < 0) {
          this.pos = after;
          return { type: 'nil' };
        }
        if (buf.length - after < len + 2) {
          this.need = after - start + len + 2;
          return undefined;
        }
        const body = buf.toString('latin1', after, after + len);
        this.pos = after + len + 2;
        if (type === 0x24) return { type: 'string', value: body };
        if (type === 0x21) return { type: 'error', text: body };
        return { type: 'verbatim', format: body.slice(0, 3), value: body.slice(4) };
      }
      case 0x2a: case 0x25: case 0x7e: case 0x3e: case 0x7c: { // * % ~ > |
        const n = lengthOf(buf, start + 1, cr);
        this.pos = after;
        if (n < 0) return { type: 'nil' };
        const kind = type === 0x2a ? 'array' : type === 0x25 ? 'map' : type === 0x7e ? 'set' : type === 0x3e ? 'push' : 'attribute';
        const left = kind === 'map' || kind === 'attribute' ? n * 2 : n;
        return new StartFrame({ type: kind, left, items: [] });
      }
      default:
        throw new ReplyProtocolError(`Protocol error, got "${String.fromCharCode(type)}" as reply type byte`);
    }
  }
}

class StartFrame {
  constructor(readonly frame: Frame) {}
}

/** The reply a full frame makes; undefined for an attribute, which redis-cli does not show. */
function close(f: Frame): Reply | undefined {
  if (f.type === 'attribute') return undefined;
  return { type: f.type, items: f.items };
}

/** The length in buf[from, to): -1 or digits, read without making a string. */
function lengthOf(buf: Buffer, from: number, to: number): number {
  let i = from;
  const neg = buf[i] === 0x2d; /* - */
  if (neg) i++;
  let n = 0;
  if (i === to || to - i > 15) throw new ReplyProtocolError(`Protocol error: bad length '${buf.toString('latin1', from, to)}'`);
  for (; i < to; i++) {
    const c = buf[i]! - 0x30;
    if (c < 0 || c > 9) throw new ReplyProtocolError(`Protocol error: bad length '${buf.toString('latin1', from, to)}'`);
    n = n * 10 + c;
  }
  return neg ? -n : n;
}
