import type { Collection } from '../keyspace/value.js';
import { HashValue } from '../keyspace/types/hash-value.js';
import { ListValue } from '../keyspace/types/list-value.js';
import { SetValue } from '../keyspace/types/set-value.js';
import { ZSetValue } from '../keyspace/types/zset-value.js';

// How kv measures memory for maxmemory and INFO used_memory
// ==========================================================
//
// Redis counts every byte its allocator hands out (zmalloc_used_memory) and
// checks that count before each command. Node has no such counter:
// process.memoryUsage() costs tens of microseconds, and what it reports
// includes garbage until the next collection, so it jumps by megabytes at
// random moments and would evict at random moments too.
//
// kv keeps instead an estimate of the bytes its dataset holds on the V8
// heap, maintained incrementally by the keyspace's single door
// (keyspace/database.ts): every set, delete, expiry, eviction, TTL change
// and in-place change of a collection (touchModified) adds or removes the
// estimate of that one key and of the table slots it takes, so the total is
// always the sum over the keys present and the tables holding them, costs
// O(1) to read, and moves only when the data does.
//
// The estimate of a database is its keys plus its tables. One key, in bytes:
//   KEY_OVERHEAD                  what the key adds besides its table slots (SCAN table chains)
//   + stringBytes(key)            the key itself
//   + the value:
//       string                    stringBytes(value)
//       collection                BASE[type/encoding] + n × (PER_ELEMENT[type/encoding] + strings of one element)
//                                 + CHARGE_OBJECT_BYTES (its CollectionCharge)
//   + TTL_OVERHEAD                when the key has a TTL (its expiry, a heap number)
// stringBytes(n) = 16-byte header + n, rounded up to 8: a flat one-byte V8 string.
// The strings of a big collection are not all read: the average over up to
// SAMPLE elements (the first ones, or evenly spread ones for a list) stands
// for all, as Redis's MEMORY USAGE samples too, and that average is taken
// again only when the element count moved by an eighth or after 64 changes
// (CollectionCharge), so the per-command cost stays O(1).
// The tables (the value and access-time maps, the SCAN table, the expiry map
// and its sampling table, the encoding and charge maps) are modelled as V8
// and ScanTable size them, from the inserts and deletes the keyspace sees
// (table-model.ts): a map under churn keeps its deleted slots until its next
// rebuild, and the estimate follows that.
//
// The constants were measured on Node 20 x64 (no pointer compression) by
// loading 10k-200k keys of each shape into a Keyspace and dividing the
// growth of heapUsed after a forced GC by the count (test/maxmemory-model.test.ts
// checks that the estimate stays within a band of the measured heap, freshly
// loaded and under churn).
//
// What is not counted: client buffers, the AOF buffer and the running
// snapshot's copies (Redis does not count the AOF and replica buffers towards
// maxmemory either), and V8's own baseline. INFO's used_memory is this
// estimate plus a fixed startup allowance (USED_MEMORY_STARTUP), so a config
// written for Redis ("maxmemory = used_memory + 10mb") behaves the same.

/** What a key costs besides its strings and its table slots: the SCAN table's collision chains, a table being rehashed. */
export const KEY_OVERHEAD = 16;
/** A TTL besides its table slots: the expiry, a heap number (map, double). */
export const TTL_OVERHEAD = 16;
/** A CollectionCharge object (header and four fields). */
export const CHARGE_OBJECT_BYTES = 56;
/** What INFO reports as used_memory_startup: Redis's empty server is about this size too. */
export const USED_MEMORY_STARTUP = 1024 * 1024;
/** Elements read to estimate a big collection's element size. */
const SAMPLE = 8;

/** A flat one-byte V8 string of n characters: header (map, hash, length) plus the bytes, 8-aligned. */
export function stringBytes(n: number): number {
  return (n + 23) & ~7;
}

/** The estimate of a key holding a string (without TTL). */
export function stringKeyBytes(key: string, value: string): number {
  return KEY_OVERHEAD + stringBytes(key.length) + stringBytes(value.length);
}

/**
 * What a key holding a collection was charged, and the sample behind it. The
 * strings of a big collection are sampled again only when its size moved by
 * an eighth, or after RESAMPLE_TOUCHES changes, so a command that adds one
 * element to a big list pays a few arithmetic operations, not a walk.
 */
export class CollectionCharge {
  bytes = 0;
  /** Element count at the last sample; -1 before the first. */
  sampledAt = -1;
  /** Average bytes of the strings of one element, at the last sample. */
  elementStrings = 0;
  /** Changes since the last sample. */
  touches = 0;
}

/** Changes after which a collection is sampled again even though its size stayed (values rewritten in place). */
const RESAMPLE_TOUCHES = 64;

/** The estimate of a key holding a collection (without TTL), kept in `charge`; returns it. */
export function chargeCollection(key: string, value: Collection, charge: CollectionCharge): number {
  const n = elementCount(value);
  const at = charge.sampledAt;
  if (at < 0 || n <= SAMPLE || n > at + (at >> 3) || n < at - (at >> 3) || ++charge.touches >= RESAMPLE_TOUCHES) {
    charge.elementStrings = n === 0 ? 0 : sampleElementStrings(value);
    charge.sampledAt = n;
    charge.touches = 0;
  }
  const [base, perElement] = layout(value);
  charge.bytes = KEY_OVERHEAD + stringBytes(key.length) + Math.round(base + n * (perElement + charge.elementStrings));
  return charge.bytes;
}

/** The estimate of a key holding a collection, computed afresh (a new charge). */
export function collectionKeyBytes(key: string, value: Collection): number {
  return chargeCollection(key, value, new CollectionCharge());
}

function elementCount(value: Collection): number {
  if (value instanceof ListValue) return value.items.length;
  if (value instanceof HashValue || value instanceof SetValue || value instanceof ZSetValue) return value.size;
  return 0;
}

/**
 * [fixed bytes, bytes per element besides its strings] by type and encoding,
 * measured as the header says; a type this model does not know gets a flat guess.
 */
function layout(value: Collection): readonly [number, number] {
  if (value instanceof ListValue) return LIST;
  if (value instanceof HashValue) return value.encoding() === 'listpack' ? HASH_LISTPACK : HASH_TABLE;
  if (value instanceof SetValue) return value.encoding() === 'intset' ? INTSET : SET_TABLE;
  if (value instanceof ZSetValue) return value.isListpack ? ZSET_LISTPACK : ZSET_SKIPLIST;
  return UNKNOWN;
}
const LIST = [230, 10] as const;
const HASH_LISTPACK = [255, 35] as const;
const HASH_TABLE = [300, 70] as const;
/** An intset's elements are numbers in an array, no strings. */
const INTSET = [150, 11] as const;
const SET_TABLE = [320, 30] as const;
const ZSET_LISTPACK = [1630, 144] as const;
const ZSET_SKIPLIST = [1630, 170] as const;
const UNKNOWN = [256, 0] as const;

/** Average bytes of the strings of one element, over up to SAMPLE elements (the first ones; a list's spread out). */
function sampleElementStrings(value: Collection): number {
  let sum = 0, read = 0;
  if (value instanceof ListValue) {
    const items = value.items;
    const n = items.length;
    const step = n <= SAMPLE ? 1 : n / SAMPLE;
    for (let i = 0; i < n && read < SAMPLE; i = Math.floor(++read * step)) sum += stringBytes(items.at(i)!.length);
  } else if (value instanceof HashValue) {
    for (const [field, v] of value.entries()) {
      sum += stringBytes(field.length) + stringBytes(v.length);
      if (++read === SAMPLE) break;
    }
  } else if (value instanceof SetValue) {
    if (value.encoding() === 'intset') return 0;
    for (const member of value.members()) {
      sum += stringBytes(member.length);
      if (++read === SAMPLE) break;
    }
  } else if (value instanceof ZSetValue) {
    for (const member of value.set.members()) {
      sum += stringBytes(member.length);
      if (++read === SAMPLE) break;
    }
  }
  return read === 0 ? 0 : sum / read;
}
