/**
 * Writing RDB version 10 files as Redis 7.0 does (rdbSaveRio): magic, aux
 * fields, functions, then each database (SELECTDB, RESIZEDB, its keys), EOF
 * and the CRC64 trailer.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ByteWriter } from './byte-writer.js';
import { RDB_OPCODE, RDB_VERSION } from './constants.js';
import { Crc64 } from './crc64.js';
import { resolveLimits, type EncodingLimits } from './encoding-limits.js';
import { RdbError } from './errors.js';
import type { RdbKeyInput } from './model.js';
import { rdbTypeOf, writeValue } from './value-writer.js';

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
    this.w.u8(RDB_OPCODE.AUX);
    this.w.string(key);
    this.w.string(value);
  }

  /** A function library (FUNCTION2), as FUNCTION DUMP/LOAD carry it. */
  func(code: string): void {
    this.w.u8(RDB_OPCODE.FUNCTION2);
    this.w.string(code);
  }

  /** SELECTDB, and RESIZEDB when the sizes are known. */
  selectDb(db: number, sizes?: { keys: number; expires: number }): void {
    if (!Number.isInteger(db) || db < 0) throw new RdbError('invalid-value', `Invalid database number ${db}`);
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
    const db = entry.db ?? (this.db < 0 ? 0 : this.db);
    if (db !== this.db) this.selectDb(db);
    const w = this.w;
    const rdbType = rdbTypeOf(entry, this.limits, entry.encoding);
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
    writeValue(w, entry, rdbType, this.limits);
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
