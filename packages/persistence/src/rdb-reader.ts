/**
 * Reading RDB files: a streaming reader that pulls bytes through a bounded
 * window (readRdb) and a synchronous one over a buffer (decodeRdb).
 */
import { ByteReader, NeedMore } from './byte-reader.js';
import { asBuffer } from './latin1.js';
import type { RdbItem } from './model.js';
import { RdbParser, type RdbReadOptions } from './rdb-parser.js';

export type { RdbReadOptions } from './rdb-parser.js';

/** Items of the RDB file in `data`, lazily, in file order. */
export function* iterateRdb(data: Uint8Array, options?: RdbReadOptions): Generator<RdbItem, void, undefined> {
  const r = new ByteReader(asBuffer(data));
  const parser = new RdbParser(options);
  yield parser.header(r);
  while (!parser.done) {
    const item = parser.next(r);
    if (item !== undefined) yield item;
  }
}

/** All items of the RDB file in `data`. Throws RdbError on bad input. */
export function decodeRdb(data: Uint8Array, options?: RdbReadOptions): RdbItem[] {
  return [...iterateRdb(data, options)];
}

const MIN_FILL = 64 * 1024;

/**
 * Items of an RDB file read from `source` (a Node Readable, or any iterable of
 * byte chunks). Memory holds the records being parsed, not the file: the
 * window grows only as far as the largest record needs. Stops after the EOF
 * opcode and checksum; bytes after them (an AOF tail) are left unread.
 */
export async function* readRdb(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options?: RdbReadOptions,
): AsyncGenerator<RdbItem, void, undefined> {
  const chunks: AsyncIterator<Uint8Array> | Iterator<Uint8Array> =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const r = new ByteReader(Buffer.alloc(0), 0, 0, 0, false);
  const parser = new RdbParser(options);

  // Drops the bytes before `keep` and reads until at least `upTo` (a window index) is available,
  // and at least twice what is kept: a record that keeps running out is parsed again O(log n) times.
  const fill = async (keep: number, upTo: number): Promise<void> => {
    const kept = r.buf.subarray(keep, r.end);
    const target = Math.max(upTo - keep, kept.length * 2, MIN_FILL);
    const parts: Buffer[] = kept.length > 0 ? [kept] : [];
    let total = kept.length;
    while (total < target) {
      const next = await chunks.next();
      if (next.done) {
        r.final = true;
        break;
      }
      if (typeof next.value === 'string') throw new TypeError('readRdb needs byte chunks, not strings (no setEncoding)');
      const chunk = asBuffer(next.value);
      parts.push(chunk);
      total += chunk.length;
    }
    const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
    r.base += keep;
    r.buf = buf;
    r.pos = 0;
    r.end = buf.length;
  };

  try {
    let started = false;
    while (!parser.done) {
      const start = r.pos;
      let item: RdbItem | undefined;
      try {
        if (started) {
          item = parser.next(r);
        } else {
          item = parser.header(r);
          started = true;
        }
      } catch (e) {
        if (!(e instanceof NeedMore)) throw e;
        await fill(start, e.upTo);
        continue;
      }
      if (item !== undefined) yield item;
    }
  } finally {
    await chunks.return?.();
  }
}
