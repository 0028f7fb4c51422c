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
// estimate of that one key, so the total is always the sum over the keys
// present, costs O(1) to read, and moves only when the data does.
//
// The estimate of one key, in bytes, with the constants below:
//   KEY_OVERHEAD                  the key's entries in the value map, the access-time map and the SCAN table
//   + stringBytes(key)            the key itself
//   + the value:
//       string                    stringBytes(value)
//       collection                BASE[type/encoding] + n × (PER_ELEMENT[type/encoding] + strings of one element)
//   + TTL_OVERHEAD                when the key has a TTL (expires map entry, its time as a heap number, sampling table)
// stringBytes(n) = 16-byte header + n, rounded up to 8: a flat one-byte V8 string.
// The strings of one element of a big collection are not all read each time:
// the average over up to SAMPLE elements (the first ones, or evenly spread
// ones for a list) stands for all, as Redis's MEMORY USAGE samples too.
//
// The constants were measured on Node 20 x64 (no pointer compression) by
// loading 10k-200k keys of each shape into a Keyspace and dividing the
// growth of heapUsed after a forced GC by the count (test/maxmemory-model.test.ts
// checks that the estimate stays within a band of the measured heap). Maps and
// tables grow by doubling, so the true cost of a shape varies by about ±20%
// with how full they happen to be; the estimate takes the middle.
//
// What is not counted: client buffers, the AOF buffer and the running
// snapshot's copies (Redis does not count the AOF and replica buffers towards
// maxmemory either), and V8's own baseline. INFO's used_memory is this
// estimate plus a fixed startup allowance (USED_MEMORY_STARTUP), so a config
// written for Redis ("maxmemory = used_memory + 10mb") behaves the same.

/** One key's entries in Database.values, Database.access and Database.keys. */
export const KEY_OVERHEAD = 100;
/** A TTL: the expires map entry, the expiry as a heap number, the TTL sampling table's slot. */
export const TTL_OVERHEAD = 76;
/** A string encoding override (Database.stringEncodings entry). */
export const ENCODING_OVERRIDE_OVERHEAD = 40;
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

/** The estimate of a key holding a collection (without TTL). */
export function collectionKeyBytes(key: string, value: Collection): number {
  return KEY_OVERHEAD + stringBytes(key.length) + collectionBytes(value);
}

/** The estimate of a collection's own memory. */
export function collectionBytes(value: Collection): number {
  let bytes: number;
  if (value instanceof ListValue) bytes = listBytes(value);
  else if (value instanceof HashValue) bytes = hashBytes(value);
  else if (value instanceof SetValue) bytes = setBytes(value);
  else if (value instanceof ZSetValue) bytes = zsetBytes(value);
  // A type this model does not know yet: a flat guess rather than nothing.
  else bytes = 256;
  return Math.round(bytes);
}

function listBytes(list: ListValue): number {
  const items = list.items;
  const n = items.length;
  if (n === 0) return 230;
  let sum = 0, read = 0;
  const step = n <= SAMPLE ? 1 : n / SAMPLE;
  for (let i = 0; i < n && read < SAMPLE; i = Math.floor(++read * step)) sum += stringBytes(items.at(i)!.length);
  return 230 + n * (10 + sum / read);
}

function hashBytes(hash: HashValue): number {
  const n = hash.size;
  const listpack = hash.encoding() === 'listpack';
  let sum = 0, read = 0;
  for (const [field, value] of hash.entries()) {
    sum += stringBytes(field.length) + stringBytes(value.length);
    if (++read === SAMPLE) break;
  }
  return (listpack ? 255 : 300) + (read === 0 ? 0 : n * ((listpack ? 35 : 70) + sum / read));
}

function setBytes(set: SetValue): number {
  const n = set.size;
  if (set.encoding() === 'intset') return 150 + n * 11;
  let sum = 0, read = 0;
  for (const member of set.members()) {
    sum += stringBytes(member.length);
    if (++read === SAMPLE) break;
  }
  return 320 + (read === 0 ? 0 : n * (30 + sum / read));
}

function zsetBytes(zset: ZSetValue): number {
  const n = zset.size;
  let sum = 0, read = 0;
  for (const member of zset.set.members()) {
    sum += stringBytes(member.length);
    if (++read === SAMPLE) break;
  }
  return 1630 + (read === 0 ? 0 : n * ((zset.isListpack ? 144 : 170) + sum / read));
}
