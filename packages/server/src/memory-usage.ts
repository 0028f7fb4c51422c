import { d2string } from '@kv/persistence';
import type { Config } from './config/config.js';
import { HashValue } from './keyspace/types/hash-value.js';
import { ListValue } from './keyspace/types/list-value.js';
import { SetValue } from './keyspace/types/set-value.js';
import { ZSetValue } from './keyspace/types/zset-value.js';
import { stringEncoding, type StringEncodingOverride, type Value } from './keyspace/value.js';
import { parseLongLong } from './util/integers.js';

// MEMORY USAGE as Redis 7.0 computes it (objectComputeSize + the key's sds +
// its dictEntry), for the layout Redis would give the same value: robj 16
// bytes, sds headers by length, listpack entry encodings, quicklist nodes,
// dict buckets, skiplist nodes, each allocation rounded up to jemalloc's
// size classes. kv stores values differently (V8 strings, Maps), so this is
// not kv's own footprint (that is eviction/memory-model.ts, what maxmemory
// counts) but the number a tool written against Redis expects: exact for
// strings, small listpack/intset values and sets/hashes of one-size members
// when the sampled elements are representative; an estimate otherwise
// (Redis samples too: SAMPLES elements averaged over the collection).

/** OBJ_COMPUTE_SIZE_DEF_SAMPLES */
export const DEFAULT_SAMPLES = 5;

const ROBJ = 16;
const DICT_ENTRY = 24;
/** sizeof(dict) in 7.0: type, two tables, two sizes, rehashidx, pauserehash, two size exponents. */
const DICT = 56;
const QUICKLIST = 40;
const QUICKLIST_NODE = 40;
const ZSET = 16;
const ZSKIPLIST = 32;
/** zskiplistNode without levels: ele, score, backward. */
const ZSKIPLIST_NODE = 24;
const ZSKIPLIST_LEVEL = 16;
const ZSKIPLIST_MAXLEVEL = 32;

/** jemalloc's usable size for a request: 8, then 16-byte steps to 128, then four classes per doubling. */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const pow = 2 ** Math.floor(Math.log2(n - 1));
  const step = pow / 4;
  return Math.ceil(n / step) * step;
}

/** Header bytes of an sds of this length as sdsnewlen picks its type (5, 8, 16, 32, 64). */
function sdsHeader(len: number): number {
  if (len < 32) return 1;
  if (len < 256) return 3;
  if (len < 65536) return 5;
  if (len < 2 ** 32) return 9;
  return 17;
}

/** sdsZmallocSize of an sds made by sdsnewlen/sdsdup: header, bytes, NUL. */
export function sdsSize(len: number): number {
  return jemallocSize(sdsHeader(len) + len + 1);
}

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT */
const EMBSTR_LIMIT = 44;

/** The bytes of a string value's object, by the encoding Redis would give it. */
function stringObjectSize(value: string, override: StringEncodingOverride | undefined): number {
  const enc = stringEncoding(value, override);
  if (enc === 'int' && value.length <= 20 && parseLongLong(value) !== null) return ROBJ;
  // embstr: object header, sdshdr8, bytes and NUL in one allocation.
  if (enc === 'embstr' && value.length <= EMBSTR_LIMIT) return jemallocSize(ROBJ + 3 + value.length + 1);
  return ROBJ + sdsSize(value.length);
}

/** Bytes of one listpack entry holding `s` (encoding, data, back-length), as lpInsert encodes it. */
export function listpackEntrySize(s: string): number {
  let enc: number;
  const n = s.length <= 20 ? parseLongLong(s) : null;
  if (n !== null) {
    const v = typeof n === 'bigint' ? n : BigInt(n);
    if (v >= 0n && v <= 127n) enc = 1;
    else if (v >= -4096n && v <= 4095n) enc = 2;
    else if (v >= -32768n && v <= 32767n) enc = 3;
    else if (v >= -8388608n && v <= 8388607n) enc = 4;
    else if (v >= -2147483648n && v <= 2147483647n) enc = 5;
    else enc = 9;
  } else {
    const len = s.length;
    enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
  }
  const back = enc < 128 ? 1 : enc < 16384 ? 2 : enc < 2097152 ? 3 : enc < 268435456 ? 4 : 5;
  return enc + back;
}

/** LP_HDR_SIZE + LP_EOF */
const LISTPACK_EMPTY = 7;

/** dictSlots after inserting n entries one by one: a power of two, at least 4, grown when full. */
function dictSlots(n: number): number {
  return n === 0 ? 0 : Math.max(4, 2 ** Math.ceil(Math.log2(n)));
}

/** optimization_level of quicklist.c: byte limits of list-max-listpack-size -1 … -5. */
const FILL_BYTES = [4096, 8192, 16384, 32768, 65536];
/** SIZE_SAFETY_LIMIT */
const SAFETY_LIMIT = 8192;

export interface QuicklistNode {
  /** Listpack bytes. */
  readonly bytes: number;
  readonly count: number;
}

/**
 * The quicklist nodes RPUSHing the list's elements in order would make
 * (_quicklistNodeAllowInsert), up to `maxNodes` nodes. Elements of 1 GB and
 * more (plain nodes) are not modelled.
 */
export function quicklistNodes(list: ListValue, fill: number, maxNodes = Infinity): QuicklistNode[] {
  const nodes: QuicklistNode[] = [];
  let bytes = 0, count = 0;
  for (const element of list.items) {
    const sz = element.length;
    if (count !== 0) {
      const overhead = (sz < 254 ? 1 : 5) + (sz < 64 ? 1 : sz < 16384 ? 2 : 5);
      const estimate = bytes + sz + overhead;
      let allowed: boolean;
      if (fill < 0 && -fill - 1 < FILL_BYTES.length) allowed = estimate <= FILL_BYTES[-fill - 1]!;
      else allowed = estimate <= SAFETY_LIMIT && count < fill;
      if (!allowed) {
        nodes.push({ bytes, count });
        if (nodes.length >= maxNodes) return nodes;
        bytes = 0;
        count = 0;
      }
    }
    if (count === 0) bytes = LISTPACK_EMPTY;
    bytes += listpackEntrySize(element);
    count++;
  }
  if (count !== 0) nodes.push({ bytes, count });
  return nodes;
}

/** objectComputeSize(o, samples): the value's bytes, nested elements sampled up to `samples`. */
export function valueSize(value: Value, override: StringEncodingOverride | undefined, samples: number, config: Config): number {
  if (typeof value === 'string') return stringObjectSize(value, override);
  if (value instanceof ListValue) return listSize(value, samples, config.number('list-max-listpack-size'));
  if (value instanceof SetValue) return setSize(value, samples);
  if (value instanceof HashValue) return hashSize(value, samples);
  if (value instanceof ZSetValue) return zsetSize(value, samples);
  return ROBJ;
}

function listSize(list: ListValue, samples: number, fill: number): number {
  let size = ROBJ + QUICKLIST;
  if (list.length === 0) return size;
  const sampled = quicklistNodes(list, fill, samples);
  let elesize = 0, elements = 0;
  for (const node of sampled) {
    elesize += QUICKLIST_NODE + jemallocSize(node.bytes);
    elements += node.count;
  }
  // Redis multiplies the sampled average by ql->len; the node count is estimated from the sampled nodes' fill.
  const nodeCount = elements >= list.length ? sampled.length : Math.ceil(list.length / (elements / sampled.length));
  size += (elesize / sampled.length) * nodeCount;
  return Math.floor(size);
}

function setSize(set: SetValue, samples: number): number {
  if (set.encoding() === 'intset') {
    let width = 2;
    for (const m of set.members()) {
      const v = Number(m);
      if (v < -2147483648 || v > 2147483647) width = 8;
      else if ((v < -32768 || v > 32767) && width < 4) width = 4;
    }
    return ROBJ + jemallocSize(8 + width * set.size);
  }
  let size = ROBJ + DICT + 8 * dictSlots(set.size);
  let elesize = 0, n = 0;
  for (const m of set.members()) {
    if (n >= samples) break;
    elesize += DICT_ENTRY + sdsSize(m.length);
    n++;
  }
  if (n !== 0) size += (elesize / n) * set.size;
  return Math.floor(size);
}

function hashSize(hash: HashValue, samples: number): number {
  if (hash.encoding() === 'listpack') {
    let bytes = LISTPACK_EMPTY;
    for (const [f, v] of hash.entries()) bytes += listpackEntrySize(f) + listpackEntrySize(v);
    return ROBJ + jemallocSize(bytes);
  }
  let size = ROBJ + DICT + 8 * dictSlots(hash.size);
  let elesize = 0, n = 0;
  for (const [f, v] of hash.entries()) {
    if (n >= samples) break;
    elesize += sdsSize(f.length) + sdsSize(v.length) + DICT_ENTRY;
    n++;
  }
  if (n !== 0) size += (elesize / n) * hash.size;
  return Math.floor(size);
}

/** A skiplist node's allocation for a node of `level` levels. */
function skipNodeSize(level: number): number {
  return jemallocSize(ZSKIPLIST_NODE + ZSKIPLIST_LEVEL * level);
}

function zsetSize(zset: ZSetValue, samples: number): number {
  if (zset.isListpack) {
    let bytes = LISTPACK_EMPTY;
    for (const e of zset.set.entries()) bytes += listpackEntrySize(e.member) + listpackEntrySize(d2string(e.score));
    return ROBJ + jemallocSize(bytes);
  }
  let size = ROBJ + ZSET + ZSKIPLIST + DICT + 8 * dictSlots(zset.size) + skipNodeSize(ZSKIPLIST_MAXLEVEL);
  let elesize = 0, n = 0;
  for (const e of zset.set.entries()) {
    if (n >= samples) break;
    // kv's skip list draws levels as Redis does (p = 1/4); read the node's own when it has one.
    const level = (e as { level?: unknown }).level;
    elesize += sdsSize(e.member.length) + DICT_ENTRY + skipNodeSize(typeof level === 'number' ? level : 1);
    n++;
  }
  if (n !== 0) size += (elesize / n) * zset.size;
  return Math.floor(size);
}

/** MEMORY USAGE of a key: the value, the key's sds and the main dictionary's entry. */
export function keyMemoryUsage(key: string, value: Value, override: StringEncodingOverride | undefined, samples: number, config: Config): number {
  return valueSize(value, override, samples, config) + sdsSize(key.length) + DICT_ENTRY;
}
