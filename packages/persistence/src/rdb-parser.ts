/**
 * The record loop of rdbLoadRioWithLoadingCtx, one record per call. A record
 * either completes (its bytes then go into the checksum and its effects into
 * the parser's state) or throws before changing anything, so a streaming
 * driver can parse it again once more bytes have arrived.
 */
import { ByteReader, NeedMore } from './byte-reader.js';
import { RDB_OPCODE, RDB_TYPE, RDB_VERSION, MODULE_OPCODE } from './constants.js';
import { Crc64 } from './crc64.js';
import { resolveLimits, type EncodingLimits } from './encoding-limits.js';
import { RdbError } from './errors.js';
import { CollectionReader, isElementwise } from './collection-reader.js';
import type { DecodedValue, RdbCollectionSink, RdbCollectionStart, RdbItem, RdbKey, RdbVisitor } from './model.js';
import { moduleTypeName, skipModuleOpcodes } from './module-value.js';
import { isObjectType, readValue, type ValueReadContext } from './value-reader.js';

export interface RdbReadOptions {
  /** Verify the CRC64 trailer (default true). A stored checksum of 0 means "not computed" and is never checked. */
  verifyChecksum?: boolean;
  /**
   * Module data: 'error' (default) refuses it as Redis does without the
   * module; 'keep' yields module values and module aux data as opaque bytes.
   */
  modules?: 'error' | 'keep';
  /** Thresholds used to report each key's OBJECT ENCODING (Redis defaults otherwise). */
  limits?: Partial<EncodingLimits>;
  /** Refuse SELECTDB beyond this many databases, as Redis does with its `databases` setting. */
  databases?: number;
}

const MAGIC = 'REDIS';
/** Elements a sink gets per call at most. */
const SINK_CHUNK = 1024;

export class RdbParser {
  version = 0;
  done = false;
  private db = 0;
  private expireAt = -1;
  private lruIdle = -1;
  private lfuFreq = -1;
  private emptyKeys = 0;
  private readonly crc = new Crc64();
  private readonly verify: boolean;
  private readonly ctx: ValueReadContext;
  private readonly databases: number;
  /** The collection whose elements are being read, with the key's name and metadata. */
  private partial: { key: string; reader: CollectionReader; expireAt: number; lruIdle: number; lfuFreq: number } | undefined;

  private readonly sink: RdbCollectionSink | undefined;
  private readonly stringKey: RdbVisitor['stringKey'];

  /**
   * With a visitor: element-by-element collections go to its collection
   * sink in pieces, and string keys to its stringKey, instead of coming back
   * as key items.
   */
  constructor(options: RdbReadOptions = {}, visitor?: RdbVisitor) {
    this.sink = visitor?.collection;
    this.stringKey = visitor?.stringKey?.bind(visitor);
    this.verify = options.verifyChecksum ?? true;
    this.ctx = { limits: resolveLimits(options.limits), modules: options.modules ?? 'error' };
    this.databases = options.databases ?? Infinity;
  }

  header(r: ByteReader): RdbItem {
    const start = r.pos;
    const magic = r.bytes(9);
    if (magic.toString('latin1', 0, 5) !== MAGIC) {
      throw new RdbError('corrupt', 'Wrong signature trying to load DB from file', r.base + start);
    }
    const version = atoi(magic.toString('latin1', 5, 9));
    if (version < 1 || version > RDB_VERSION) {
      throw new RdbError('unsupported', `Can't handle RDB format version ${version}`, r.base + start + 5);
    }
    this.commit(r, start);
    this.version = version;
    return { kind: 'header', version };
  }

  /** Parses the next record: an item, or undefined for opcodes that only set state and for skipped empty keys. */
  next(r: ByteReader): RdbItem | undefined {
    const start = r.pos;
    try {
      return this.record(r, start);
    } catch (e) {
      if (e instanceof NeedMore || e instanceof RdbError) throw e;
      // Anything else is a corrupt input tripping a Buffer or BigInt limit.
      throw new RdbError('corrupt', `Corrupt RDB data: ${(e as Error).message}`, r.base + start, { cause: e });
    }
  }

  private record(r: ByteReader, start: number): RdbItem | undefined {
    if (this.partial !== undefined) return this.elements(r);
    const type = r.u8();
    switch (type) {
      case RDB_OPCODE.EXPIRETIME: {
        const t = r.int32LE() * 1000;
        this.commit(r, start);
        this.expireAt = t;
        return undefined;
      }
      case RDB_OPCODE.EXPIRETIME_MS: {
        const t = r.int64LE();
        this.commit(r, start);
        this.expireAt = t;
        return undefined;
      }
      case RDB_OPCODE.FREQ: {
        const f = r.u8();
        this.commit(r, start);
        this.lfuFreq = f;
        return undefined;
      }
      case RDB_OPCODE.IDLE: {
        const idle = Number(r.readLenBig());
        this.commit(r, start);
        this.lruIdle = idle;
        return undefined;
      }
      case RDB_OPCODE.EOF:
        return this.end(r, start);
      case RDB_OPCODE.SELECTDB: {
        const at = r.offset();
        const db = r.readLen();
        if (db >= this.databases) {
          throw new RdbError('unsupported',
            `FATAL: Data file was created with a Redis server configured to handle more than ${this.databases} databases.`, at);
        }
        this.commit(r, start);
        this.db = db;
        return { kind: 'select-db', db };
      }
      case RDB_OPCODE.RESIZEDB: {
        const dbSize = r.readLen();
        const expiresSize = r.readLen();
        this.commit(r, start);
        return { kind: 'resize-db', db: this.db, dbSize, expiresSize };
      }
      case RDB_OPCODE.AUX: {
        const key = r.readString();
        const value = r.readString();
        this.commit(r, start);
        return { kind: 'aux', key, value };
      }
      case RDB_OPCODE.MODULE_AUX: {
        const at = r.offset();
        const moduleId = r.readLenBig();
        const whenOpcode = r.readLen();
        const when = r.readLen();
        if (whenOpcode !== MODULE_OPCODE.UINT) throw r.corrupt('bad when_opcode', at);
        const moduleName = moduleTypeName(moduleId);
        if (this.ctx.modules === 'error') {
          throw new RdbError('unsupported',
            `The RDB file contains AUX module data I can't load: no matching module '${moduleName}' (module id ${moduleId})`, at);
        }
        const payload = skipModuleOpcodes(r, moduleName);
        this.commit(r, start);
        return { kind: 'module-aux', moduleId, moduleName, when, payload };
      }
      case RDB_OPCODE.FUNCTION: {
        // The format of Redis 7.0 release candidates, translated as rdbFunctionLoad does.
        const name = r.readString();
        const engine = r.readString();
        const hasDesc = r.readLen();
        if (hasDesc) r.readString();
        const blob = r.readString();
        this.commit(r, start);
        return { kind: 'function', code: `#!${engine} name=${name}\n${blob}` };
      }
      case RDB_OPCODE.FUNCTION2: {
        const code = r.readString();
        this.commit(r, start);
        return { kind: 'function', code };
      }
      default:
        return this.key(r, start, type);
    }
  }

  private key(r: ByteReader, start: number, type: number): RdbItem | undefined {
    if (!isObjectType(type)) throw r.corrupt(`Unknown RDB encoding type ${type}`, r.offset() - 1);
    const key = r.readString();
    if (type === RDB_TYPE.STRING && this.stringKey !== undefined && this.lruIdle < 0 && this.lfuFreq < 0) {
      const value = r.readString();
      this.commit(r, start);
      const expireAt = this.expireAt;
      this.expireAt = -1;
      this.stringKey(this.db, key, value, expireAt);
      return undefined;
    }
    if (isElementwise(type)) {
      // The key and the element count form a record of their own; the elements follow as records too.
      const reader = new CollectionReader(r, type, this.sink);
      this.commit(r, start);
      const { expireAt, lruIdle, lfuFreq } = this;
      this.partial = { key, reader, expireAt, lruIdle, lfuFreq };
      this.expireAt = this.lruIdle = this.lfuFreq = -1;
      if (this.sink !== undefined) {
        const begin: RdbCollectionStart = { db: this.db, key, expireAt, type: reader.type, rdbType: type, count: reader.left };
        if (lruIdle >= 0) begin.lruIdle = lruIdle;
        if (lfuFreq >= 0) begin.lfuFreq = lfuFreq;
        this.sink.begin(begin);
      }
      // The elements come with the next call: a window ending here must not send the driver back before the key.
      return undefined;
    }
    const decoded = readValue(r, type, this.ctx);
    this.commit(r, start);
    const { expireAt, lruIdle, lfuFreq } = this;
    this.expireAt = this.lruIdle = this.lfuFreq = -1;
    return this.item(key, decoded, expireAt, lruIdle, lfuFreq);
  }

  /**
   * Reads elements of the collection under way until it is complete (then
   * returns its key) or the window runs out: the elements read so far are
   * committed, and the next call goes on from the first one missing.
   */
  private elements(r: ByteReader): RdbItem | undefined {
    const partial = this.partial!;
    const reader = partial.reader;
    const start = r.pos;
    let mark = start;
    try {
      while (reader.left > 0) {
        reader.readOne(r);
        mark = r.pos;
        if (reader.buffered >= SINK_CHUNK) reader.flush();
      }
    } catch (e) {
      if (!(e instanceof NeedMore) || mark === start) throw e;
      r.pos = mark;
      reader.flush();
      this.commit(r, start);
      return undefined;
    }
    this.commit(r, start);
    this.partial = undefined;
    if (this.sink !== undefined) {
      reader.flush();
      if (reader.delivered === 0) this.emptyKeys++;
      this.sink.end();
      return undefined;
    }
    return this.item(partial.key, reader.finish(this.ctx.limits), partial.expireAt, partial.lruIdle, partial.lfuFreq);
  }

  private item(key: string, decoded: DecodedValue | undefined, expireAt: number, lruIdle: number, lfuFreq: number): RdbItem | undefined {
    if (decoded === undefined) {
      this.emptyKeys++;
      return undefined;
    }
    const item = { kind: 'key', db: this.db, key, expireAt, ...decoded } as RdbKey;
    if (lruIdle >= 0) item.lruIdle = lruIdle;
    if (lfuFreq >= 0) item.lfuFreq = lfuFreq;
    return item;
  }

  private end(r: ByteReader, start: number): RdbItem {
    const hasChecksum = this.version >= 5;
    r.need(hasChecksum ? 8 : 0);
    this.commit(r, start);
    let checksum: bigint | null = null;
    let checksumVerified = false;
    if (hasChecksum) {
      const at = r.offset();
      const matches = this.crc.matches(r.buf, r.pos);
      checksum = r.uint64LE();
      if (this.verify && checksum !== 0n) {
        if (!matches) {
          throw new RdbError('checksum',
            `Wrong RDB checksum expected: (${this.crc.digest().toString(16)}) but got (${checksum.toString(16)}). RDB CRC error`, at);
        }
        checksumVerified = true;
      }
    }
    this.done = true;
    return { kind: 'eof', checksum, checksumVerified, offset: r.offset(), emptyKeysSkipped: this.emptyKeys };
  }

  private commit(r: ByteReader, start: number): void {
    if (this.verify) this.crc.update(r.buf, start, r.pos);
  }
}

/** C's atoi over the 4 version digits: leading digits only, 0 when none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}
