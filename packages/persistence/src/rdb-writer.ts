/**
 * Writing RDB version 10 files as Redis 7.0 does (rdbSaveRio): magic, aux
 * fields, functions, then each database (SELECTDB, RESIZEDB, its keys), EOF
 * and the CRC64 trailer.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ByteWriter } from './byte-writer.js';
import { QUICKLIST_NODE_CONTAINER, RDB_OPCODE, RDB_TYPE, RDB_VERSION } from './constants.js';
import { Crc64 } from './crc64.js';
import { resolveLimits, type EncodingLimits } from './encoding-limits.js';
import { RdbError } from './errors.js';
import { ListpackEncoder } from './listpack.js';
import type { RdbCollectionType, RdbKeyHeader, RdbKeyInput } from './model.js';
import { isPlainElement } from './quicklist.js';
import { rdbTypeOf, writeValue } from './value-writer.js';

/** The RDB type a collection written in pieces gets: the encodings Redis uses for big values. */
const COLLECTION_RDB_TYPE: Readonly<Record<RdbCollectionType, number>> = {
  list: RDB_TYPE.LIST_QUICKLIST_2,
  set: RDB_TYPE.SET,
  hash: RDB_TYPE.HASH,
  zset: RDB_TYPE.ZSET_2,
};

/** The collection being written in pieces: its type and how many elements (list: nodes) are still due. */
interface OpenCollection {
  readonly type: RdbCollectionType;
  readonly key: string;
  readonly count: number;
  left: number;
}

export interface RdbWriteOptions {
  /** rdbcompression: LZF-compress strings longer than 20 bytes (default true). */
  compression?: boolean;
  /** rdbchecksum: write the CRC64 trailer (default true); otherwise 8 zero bytes, as Redis does. */
  checksum?: boolean;
  /** Encoding thresholds (Redis defaults otherwise). */
  limits?: Partial<EncodingLimits>;
  /**
   * Aux fields written after the magic. Default: those of Redis 7.0.15 —
   * redis-ver, redis-bits, ctime, used-mem, aof-base — from the options below.
   */
  aux?: [string, string][];
  redisVersion?: string;
  /** Unix time in seconds for the ctime field (default now). */
  ctime?: number;
  /** Bytes for the used-mem field (default this process's heap in use). */
  usedMem?: number;
  /** aof-base: 1 when the file is the base of a multi-part AOF (default false). */
  aofBase?: boolean;
}

export function defaultAuxFields(options: RdbWriteOptions = {}): [string, string][] {
  return [
    ['redis-ver', options.redisVersion ?? '7.0.15'],
    ['redis-bits', '64'],
    ['ctime', String(options.ctime ?? Math.floor(Date.now() / 1000))],
    ['used-mem', String(options.usedMem ?? process.memoryUsage().heapUsed)],
    ['aof-base', options.aofBase ? '1' : '0'],
  ];
}

/** The synchronous core: records into a ByteWriter, chunks out with the checksum kept up to date. */
export class RdbEncoder {
  private readonly w: ByteWriter;
  private readonly crc = new Crc64();
  private readonly checksum: boolean;
  private readonly limits: EncodingLimits;
  private db = -1;
  private ended = false;
  private open: OpenCollection | undefined;
  private listpacks: ListpackEncoder | undefined;

  constructor(options: RdbWriteOptions = {}) {
    this.w = new ByteWriter(options.compression ?? true);
    this.checksum = options.checksum ?? true;
    this.limits = resolveLimits(options.limits);
    this.w.latin1(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
    for (const [k, v] of options.aux ?? defaultAuxFields(options)) this.aux(k, v);
  }

  /** Bytes waiting in the buffer. */
  get buffered(): number {
    return this.w.pos;
  }

  aux(key: string, value: string): void {
    this.notInCollection();
    this.w.u8(RDB_OPCODE.AUX);
    this.w.string(key);
    this.w.string(value);
  }

  /** A function library (FUNCTION2), as FUNCTION DUMP/LOAD carry it. */
  func(code: string): void {
    this.notInCollection();
    this.w.u8(RDB_OPCODE.FUNCTION2);
    this.w.string(code);
  }

  /** SELECTDB, and RESIZEDB when the sizes are known. */
  selectDb(db: number, sizes?: { keys: number; expires: number }): void {
    if (!Number.isInteger(db) || db < 0) throw new RdbError('invalid-value', `Invalid database number ${db}`);
    this.notInCollection();
    this.w.u8(RDB_OPCODE.SELECTDB);
    this.w.len(db);
    if (sizes) {
      this.w.u8(RDB_OPCODE.RESIZEDB);
      this.w.len(sizes.keys);
      this.w.len(sizes.expires);
    }
    this.db = db;
  }

  /** rdbSaveKeyValuePair. Selects the key's database first if it is not the current one. */
  key(entry: RdbKeyInput): void {
    const rdbType = rdbTypeOf(entry, this.limits, entry.encoding);
    this.header(entry, rdbType);
    writeValue(this.w, entry, rdbType, this.limits);
  }

  /** A string key: what `key` writes for `{ db, key, type: 'string', value, expireAt }`, without building that object. */
  stringKey(db: number, key: string, value: string, expireAt = -1): void {
    this.notInCollection();
    if (db !== this.db) this.selectDb(db);
    const w = this.w;
    if (expireAt !== -1) {
      w.u8(RDB_OPCODE.EXPIRETIME_MS);
      w.millis(expireAt);
    }
    w.u8(RDB_TYPE.STRING);
    w.string(key);
    w.string(value);
  }

  /**
   * Starts a key whose value comes in pieces, so that a big collection never
   * has to be copied or encoded at once: `count` elements follow (for a
   * list, `count` quicklist nodes; QuicklistSplitter finds them), each with
   * hashEntry, setMember, zsetEntry or listNode, then endCollection. The
   * value is written in the encoding Redis gives big collections: hashtable
   * (hash, set), skiplist (sorted set: Redis writes from the highest rank
   * down) or quicklist.
   */
  beginCollection(header: RdbKeyHeader, type: RdbCollectionType, count: number): void {
    this.notInCollection();
    if (!Number.isInteger(count) || count <= 0) {
      throw new RdbError('invalid-value', `An empty ${type} cannot be saved: Redis deletes empty keys`);
    }
    this.header(header, COLLECTION_RDB_TYPE[type]);
    this.w.len(count);
    this.open = { type, key: header.key, count, left: count };
  }

  hashEntry(field: string, value: string): void {
    this.element('hash');
    this.w.string(field);
    this.w.string(value);
  }

  setMember(member: string): void {
    this.element('set');
    this.w.string(member);
  }

  zsetEntry(member: string, score: number): void {
    if (score !== score) throw new RdbError('invalid-value', `Sorted set member ${JSON.stringify(member)} has a NaN score`);
    this.element('zset');
    this.w.string(member);
    this.w.double(score);
  }

  /** One quicklist node holding elements[start, end): a listpack, or the element itself when it is too big for one. */
  listNode(elements: readonly string[], start = 0, end = elements.length): void {
    if (end <= start) throw new RdbError('invalid-value', 'A quicklist node cannot be empty');
    this.element('list');
    const w = this.w;
    if (end - start === 1 && isPlainElement(elements[start]!)) {
      w.len(QUICKLIST_NODE_CONTAINER.PLAIN);
      w.string(elements[start]!);
      return;
    }
    w.len(QUICKLIST_NODE_CONTAINER.PACKED);
    w.blob((this.listpacks ??= new ListpackEncoder()).encode(elements, start, end));
  }

  /** Ends the collection begun with beginCollection; throws unless exactly the announced count was written. */
  endCollection(): void {
    const open = this.open;
    if (open === undefined) throw new RdbError('invalid-value', 'No collection is being written');
    if (open.left !== 0) {
      throw new RdbError('invalid-value', `The ${open.type} at ${JSON.stringify(open.key)} was announced with ${open.count} elements but got ${open.count - open.left}`);
    }
    this.open = undefined;
  }

  private element(type: RdbCollectionType): void {
    const open = this.open;
    if (open === undefined || open.type !== type) throw new RdbError('invalid-value', `No ${type} is being written`);
    if (open.left === 0) throw new RdbError('invalid-value', `The ${type} at ${JSON.stringify(open.key)} already has its ${open.count} elements`);
    open.left--;
  }

  /** The key's opcodes (expiry, LRU, LFU), type byte and name. */
  private notInCollection(): void {
    if (this.open !== undefined) throw new RdbError('invalid-value', `The ${this.open.type} at ${JSON.stringify(this.open.key)} is not finished`);
  }

  private header(entry: RdbKeyHeader, rdbType: number): void {
    this.notInCollection();
    const db = entry.db ?? (this.db < 0 ? 0 : this.db);
    if (db !== this.db) this.selectDb(db);
    const w = this.w;
    const expireAt = entry.expireAt ?? -1;
    if (expireAt !== -1) {
      w.u8(RDB_OPCODE.EXPIRETIME_MS);
      w.millis(expireAt);
    }
    if (entry.lruIdle !== undefined && entry.lruIdle >= 0) {
      w.u8(RDB_OPCODE.IDLE);
      w.len(Math.trunc(entry.lruIdle));
    }
    if (entry.lfuFreq !== undefined && entry.lfuFreq >= 0) {
      w.u8(RDB_OPCODE.FREQ);
      w.u8(Math.min(255, Math.trunc(entry.lfuFreq)));
    }
    w.u8(rdbType);
    w.string(entry.key);
  }

  /** Takes what has been written so far (checksummed). */
  take(): Buffer {
    const chunk = this.w.take();
    if (this.checksum) this.crc.update(chunk);
    return chunk;
  }

  /** EOF and the checksum; returns the final chunk. */
  end(): Buffer {
    if (this.ended) throw new RdbError('invalid-value', 'The RDB file was already ended');
    this.notInCollection();
    this.ended = true;
    this.w.u8(RDB_OPCODE.EOF);
    const last = this.take();
    const trailer = this.checksum ? this.crc.digestBytes() : Buffer.alloc(8);
    return Buffer.concat([last, trailer]);
  }
}

/** An RDB file holding `keys` (grouped by database, in ascending order) and `functions`. */
export function encodeRdb(
  keys: Iterable<RdbKeyInput>,
  options: RdbWriteOptions & { functions?: readonly string[] } = {},
): Buffer {
  const byDb = new Map<number, RdbKeyInput[]>();
  for (const k of keys) {
    const db = k.db ?? 0;
    let list = byDb.get(db);
    if (!list) byDb.set(db, (list = []));
    list.push(k);
  }
  const enc = new RdbEncoder(options);
  for (const code of options.functions ?? []) enc.func(code);
  const chunks: Buffer[] = [];
  for (const db of [...byDb.keys()].sort((a, b) => a - b)) {
    const list = byDb.get(db)!;
    enc.selectDb(db, { keys: list.length, expires: list.filter((k) => (k.expireAt ?? -1) !== -1).length });
    for (const k of list) {
      enc.key(k);
      if (enc.buffered >= FLUSH_AT) chunks.push(enc.take());
    }
  }
  chunks.push(enc.end());
  return Buffer.concat(chunks);
}

const FLUSH_AT = 64 * 1024;

export interface RdbWriter {
  /** An aux field (Redis writes them before any function or key). */
  writeAux(key: string, value: string): Promise<void>;
  /** A function library (before the databases). */
  writeFunction(code: string): Promise<void>;
  /** Starts a database; `sizes` become its RESIZEDB hint. Optional: writeKey selects databases itself. */
  selectDb(db: number, sizes?: { keys: number; expires: number }): Promise<void>;
  writeKey(entry: RdbKeyInput): Promise<void>;
  /**
   * A collection in pieces (RdbEncoder.beginCollection): `count` elements
   * (list: quicklist nodes) follow through the write* calls of its type,
   * then endCollection. Memory holds one element at a time, not the value.
   */
  beginCollection(header: RdbKeyHeader, type: RdbCollectionType, count: number): Promise<void>;
  writeHashEntry(field: string, value: string): Promise<void>;
  writeSetMember(member: string): Promise<void>;
  /** Redis writes a sorted set from its highest (score, member) down; any order reads back the same. */
  writeZsetEntry(member: string, score: number): Promise<void>;
  /** One quicklist node (see QuicklistSplitter for where Redis would cut the list). */
  writeListNode(elements: readonly string[]): Promise<void>;
  endCollection(): Promise<void>;
  /** Writes EOF and the checksum, flushes, and (unless `endStream` is false) ends the stream and waits for it to finish. */
  end(options?: { endStream?: boolean }): Promise<void>;
  /** Bytes handed to the stream so far. */
  readonly bytesWritten: number;
}

/**
 * A streaming RDB writer: records are buffered up to 64KB and handed to
 * `out`, waiting for 'drain' when the stream asks to, so saving any number of
 * keys holds at most one buffer and one record in memory.
 */
export function createRdbWriter(out: Writable, options: RdbWriteOptions = {}): RdbWriter {
  const enc = new RdbEncoder(options);
  let written = 0;
  const send = async (chunk: Buffer): Promise<void> => {
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const maybeFlush = async (): Promise<void> => {
    if (enc.buffered >= FLUSH_AT) await send(enc.take());
  };
  return {
    async writeAux(key, value) {
      enc.aux(key, value);
      await maybeFlush();
    },
    async writeFunction(code) {
      enc.func(code);
      await maybeFlush();
    },
    async selectDb(db, sizes) {
      enc.selectDb(db, sizes);
      await maybeFlush();
    },
    async writeKey(entry) {
      enc.key(entry);
      await maybeFlush();
    },
    async beginCollection(header, type, count) {
      enc.beginCollection(header, type, count);
      await maybeFlush();
    },
    async writeHashEntry(field, value) {
      enc.hashEntry(field, value);
      await maybeFlush();
    },
    async writeSetMember(member) {
      enc.setMember(member);
      await maybeFlush();
    },
    async writeZsetEntry(member, score) {
      enc.zsetEntry(member, score);
      await maybeFlush();
    },
    async writeListNode(elements) {
      enc.listNode(elements);
      await maybeFlush();
    },
    async endCollection() {
      enc.endCollection();
      await maybeFlush();
    },
    async end(endOptions) {
      await send(enc.end());
      if (endOptions?.endStream ?? true) {
        out.end();
        await finished(out);
      }
    },
    get bytesWritten() {
      return written;
    },
  };
}
