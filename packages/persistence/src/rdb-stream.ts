/**
 * Reading an RDB file pushed in chunks, reporting each record to a visitor
 * as soon as it is complete: no promise per record (as an async generator
 * has), and with the visitor's collection sink, no whole value of a big
 * collection either. The window holds the bytes of the record being parsed
 * and whatever came after it; it grows only as far as one record needs.
 */
import { ByteReader, NeedMore } from './byte-reader.js';
import { asBuffer } from './latin1.js';
import type { RdbVisitor } from './model.js';
import { RdbParser, type RdbReadOptions } from './rdb-parser.js';

/** Bytes gathered before parsing resumes: fewer, bigger windows. */
const MIN_WINDOW = 256 * 1024;

export class RdbStream {
  private readonly parser: RdbParser;
  private readonly r = new ByteReader(Buffer.alloc(0), 0, 0, 0, false);
  private started = false;
  /** Chunks received and not yet in the window. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Window bytes the unfinished record needs from where it starts, before parsing is worth trying again. */
  private wanted = MIN_WINDOW;

  constructor(private readonly visitor: RdbVisitor, options?: RdbReadOptions) {
    this.parser = new RdbParser(options, visitor);
  }

  /** True once the EOF opcode and the checksum were read; later bytes (an AOF tail) are not looked at. */
  get done(): boolean {
    return this.parser.done;
  }

  /** Bytes of the file consumed so far. */
  get offset(): number {
    return this.r.offset();
  }

  /** Takes the next bytes of the file and reports every record they complete. Throws RdbError on bad input. */
  push(chunk: Uint8Array): void {
    if (this.parser.done || chunk.length === 0) return;
    this.parts.push(asBuffer(chunk));
    this.partBytes += chunk.length;
    if (this.r.end - this.r.pos + this.partBytes < this.wanted) return;
    this.refill();
    this.parse();
  }

  /** No more bytes will come: parses what is left; throws (a 'truncated' RdbError) if the file ended early. */
  finish(): void {
    if (this.parser.done) return;
    this.r.final = true;
    this.refill();
    this.parse();
  }

  /** The window from the unfinished record on, with the chunks received since. */
  private refill(): void {
    const r = this.r;
    const kept = r.buf.subarray(r.pos, r.end);
    const parts = kept.length > 0 ? [kept, ...this.parts] : this.parts;
    const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, kept.length + this.partBytes);
    r.base += r.pos;
    r.buf = buf;
    r.pos = 0;
    r.end = buf.length;
    this.parts = [];
    this.partBytes = 0;
  }

  private parse(): void {
    const r = this.r;
    const parser = this.parser;
    const visitor = this.visitor;
    while (!parser.done) {
      const start = r.pos;
      let item;
      try {
        if (this.started) {
          item = parser.next(r);
        } else {
          item = parser.header(r);
          this.started = true;
        }
      } catch (e) {
        if (!(e instanceof NeedMore)) throw e;
        r.pos = start;
        // Enough for the record, and at least twice what it already had: a record that keeps running out is parsed again O(log n) times.
        this.wanted = Math.max(e.upTo - start, (r.end - start) * 2, MIN_WINDOW);
        return;
      }
      if (item !== undefined) visitor.item(item);
    }
  }
}

/**
 * Reads an RDB file from `source` (a Node Readable, or any iterable of byte
 * chunks) into `visitor`; resolves once the EOF opcode and checksum were
 * read (the rest of the source is left unread) and rejects with RdbError
 * on bad input.
 */
export async function readRdbInto(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  visitor: RdbVisitor,
  options?: RdbReadOptions,
): Promise<void> {
  const stream = new RdbStream(visitor, options);
  for await (const chunk of source) {
    if (typeof chunk === 'string') throw new TypeError('readRdbInto needs byte chunks, not strings (no setEncoding)');
    stream.push(chunk);
    if (stream.done) return;
  }
  stream.finish();
}

/** readRdbInto over bytes already in memory, synchronously. */
export function visitRdb(data: Uint8Array, visitor: RdbVisitor, options?: RdbReadOptions): void {
  const stream = new RdbStream(visitor, options);
  stream.push(data);
  stream.finish();
}
