/**
 * The collections whose RDB form is a count and then that many elements
 * (hashtable hashes and sets, skiplist sorted sets, linked and quicklist
 * lists), read one element at a time. A streaming reader can then commit
 * each element as it completes, so a big collection neither has to fit in
 * the read window at once nor is parsed again from its start when the
 * window runs out halfway through it.
 */
import type { ByteReader } from './byte-reader.js';
import { QUICKLIST_NODE_CONTAINER, RDB_TYPE } from './constants.js';
import { parseDouble } from './doubles.js';
import { hashIsListpack, LISTPACK_SAFETY_SIZE, setIsIntset, type EncodingLimits } from './encoding-limits.js';
import { latin1Slice } from './latin1.js';
import { readListpack } from './listpack.js';
import type { DecodedValue, RdbCollectionSink, RdbCollectionType } from './model.js';
import { packedToString } from './packed-value.js';
import { readZiplist } from './ziplist.js';

/** Whether values of RDB type `t` are read element by element (CollectionReader). */
export function isElementwise(t: number): boolean {
  switch (t) {
    case RDB_TYPE.LIST:
    case RDB_TYPE.LIST_QUICKLIST:
    case RDB_TYPE.LIST_QUICKLIST_2:
    case RDB_TYPE.SET:
    case RDB_TYPE.ZSET:
    case RDB_TYPE.ZSET_2:
    case RDB_TYPE.HASH:
      return true;
    default:
      return false;
  }
}

/**
 * One collection being read. `readOne` reads a whole element (a quicklist
 * node for quicklists) and only then adds it, so when the bytes run out
 * midway (NeedMore) nothing has changed and the element can be read again.
 */
export class CollectionReader {
  /** Elements (quicklist: nodes) still to read. */
  left: number;
  private readonly list: string[] | undefined;
  private readonly set: Set<string> | undefined;
  private readonly hash: Map<string, string> | undefined;
  private readonly zset: Map<string, number> | undefined;
  private maxLen = 0;
  private totalLen = 0;

  /** With a sink: the elements read and not yet handed to it (zset scores beside them). */
  private readonly chunk: string[] | undefined;
  private readonly scores: number[] | undefined;
  /** Elements handed to the sink so far. */
  delivered = 0;

  /**
   * Reads the element count; the type must be one isElementwise accepts.
   * With `sink`, elements are kept only until `flush` hands them over (and
   * duplicates are the sink's to find); otherwise the value is built here.
   */
  constructor(r: ByteReader, readonly rdbType: number, private readonly sink?: RdbCollectionSink) {
    this.left = r.readLen();
    if (sink !== undefined) {
      this.chunk = [];
      if (rdbType === RDB_TYPE.ZSET || rdbType === RDB_TYPE.ZSET_2) this.scores = [];
      return;
    }
    switch (rdbType) {
      case RDB_TYPE.SET: this.set = new Set(); break;
      case RDB_TYPE.HASH: this.hash = new Map(); break;
      case RDB_TYPE.ZSET:
      case RDB_TYPE.ZSET_2: this.zset = new Map(); break;
      default: this.list = [];
    }
  }

  /** The collection type the RDB type stands for. */
  get type(): RdbCollectionType {
    switch (this.rdbType) {
      case RDB_TYPE.SET: return 'set';
      case RDB_TYPE.HASH: return 'hash';
      case RDB_TYPE.ZSET:
      case RDB_TYPE.ZSET_2: return 'zset';
      default: return 'list';
    }
  }

  /** Elements waiting for `flush`. */
  get buffered(): number {
    return this.chunk?.length ?? 0;
  }

  /** Hands the elements read so far to the sink. */
  flush(): void {
    const chunk = this.chunk;
    if (chunk === undefined || chunk.length === 0) return;
    this.sink!.elements(chunk, this.scores);
    this.delivered += chunk.length;
    chunk.length = 0;
    if (this.scores !== undefined) this.scores.length = 0;
  }

  /** One element for the sink: read whole before anything is kept, as for the built value. */
  private readOneForSink(r: ByteReader): void {
    const chunk = this.chunk!;
    switch (this.rdbType) {
      case RDB_TYPE.LIST:
      case RDB_TYPE.SET:
        chunk.push(r.readString());
        break;
      case RDB_TYPE.LIST_QUICKLIST:
      case RDB_TYPE.LIST_QUICKLIST_2:
        this.readNode(r, chunk);
        break;
      case RDB_TYPE.HASH: {
        const field = r.readString();
        const value = r.readString();
        chunk.push(field, value);
        break;
      }
      default: {
        const at = r.offset();
        const member = r.readString();
        const score = this.rdbType === RDB_TYPE.ZSET_2 ? r.float64LE() : readAsciiDouble(r);
        if (score !== score) throw r.corrupt('Zset with NAN score detected', at);
        chunk.push(member);
        this.scores!.push(score);
      }
    }
    this.left--;
  }

  readOne(r: ByteReader): void {
    if (this.chunk !== undefined) return this.readOneForSink(r);
    switch (this.rdbType) {
      case RDB_TYPE.LIST:
        this.list!.push(r.readString());
        break;
      case RDB_TYPE.LIST_QUICKLIST:
      case RDB_TYPE.LIST_QUICKLIST_2:
        this.readNode(r, this.list!);
        break;
      case RDB_TYPE.SET: {
        const at = r.offset();
        const member = r.readString();
        const set = this.set!;
        if (set.has(member)) throw r.corrupt('Duplicate set members detected', at);
        set.add(member);
        break;
      }
      case RDB_TYPE.HASH: {
        const at = r.offset();
        const field = r.readString();
        const value = r.readString();
        const hash = this.hash!;
        if (hash.has(field)) throw r.corrupt('Duplicate hash fields detected', at);
        hash.set(field, value);
        break;
      }
      default: {
        const at = r.offset();
        const member = r.readString();
        const score = this.rdbType === RDB_TYPE.ZSET_2 ? r.float64LE() : readAsciiDouble(r);
        if (score !== score) throw r.corrupt('Zset with NAN score detected', at);
        const zset = this.zset!;
        if (zset.has(member)) throw r.corrupt('Duplicate zset fields detected', at);
        zset.set(member, score);
        if (member.length > this.maxLen) this.maxLen = member.length;
        this.totalLen += member.length;
      }
    }
    this.left--;
  }

  private readNode(r: ByteReader, list: string[]): void {
    const v2 = this.rdbType === RDB_TYPE.LIST_QUICKLIST_2;
    let container: number = QUICKLIST_NODE_CONTAINER.PACKED;
    if (v2) {
      const at = r.offset();
      container = r.readLen();
      if (container !== QUICKLIST_NODE_CONTAINER.PACKED && container !== QUICKLIST_NODE_CONTAINER.PLAIN) {
        throw r.corrupt('Quicklist integrity check failed.', at);
      }
    }
    const at = r.offset();
    const data = r.readStringBytes();
    if (data.length === 0) throw r.corrupt('Quicklist node is empty', at);
    if (container === QUICKLIST_NODE_CONTAINER.PLAIN) {
      list.push(latin1Slice(data, 0, data.length));
      return;
    }
    const items = v2 ? readListpack(data) : readZiplist(data);
    if (items === undefined) throw r.corrupt(v2 ? 'Listpack integrity check failed.' : 'Ziplist integrity check failed.', at);
    for (let i = 0; i < items.length; i++) list.push(packedToString(items[i]!));
  }

  /** The value read, with the encoding Redis 7.0 would load it in; undefined when it is empty (Redis skips those). */
  finish(limits: EncodingLimits): DecodedValue | undefined {
    const rdbType = this.rdbType;
    if (this.set !== undefined) {
      const value = this.set;
      if (value.size === 0) return undefined;
      return { type: 'set', value, rdbType, encoding: setIsIntset(value, limits) ? 'intset' : 'hashtable' };
    }
    if (this.hash !== undefined) {
      const value = this.hash;
      if (value.size === 0) return undefined;
      return { type: 'hash', value, rdbType, encoding: hashIsListpack(value, limits) ? 'listpack' : 'hashtable' };
    }
    if (this.zset !== undefined) {
      const value = this.zset;
      if (value.size === 0) return undefined;
      const listpack = value.size <= limits.zsetMaxListpackEntries && this.maxLen <= limits.zsetMaxListpackValue &&
        this.totalLen < LISTPACK_SAFETY_SIZE;
      return { type: 'zset', value, rdbType, encoding: listpack ? 'listpack' : 'skiplist' };
    }
    const value = this.list!;
    if (value.length === 0) return undefined;
    return { type: 'list', value, rdbType, encoding: 'quicklist' };
  }
}

/** rdbLoadDoubleValue: a length byte (253 nan, 254 +inf, 255 -inf) and the number in ASCII. */
export function readAsciiDouble(r: ByteReader): number {
  const at = r.offset();
  const len = r.u8();
  if (len === 255) return -Infinity;
  if (len === 254) return Infinity;
  if (len === 253) return NaN;
  const text = latin1Slice(r.bytes(len), 0, len);
  const d = parseDouble(text);
  if (d === undefined) throw r.corrupt(`Invalid double value ${JSON.stringify(text)}`, at);
  return d;
}
