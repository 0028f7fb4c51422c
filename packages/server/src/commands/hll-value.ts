import { ErrorReply } from '@kv/resp';
import { HyperLogLog, isHyperLogLog } from '@kv/structures';
import type { Client } from '../client/client.js';
import { WRONGTYPE } from '../errors.js';
import type { Database } from '../keyspace/database.js';

// How the HyperLogLog commands find, read and store their values. An HLL is
// a plain string holding Redis's own bytes; it is edited as a byte copy and
// stored back whole, since kv's strings are immutable.
//
// Copying a dense value's 12 KB string into bytes costs about 3 µs, more than
// the rest of a PFADD, so the bytes of the last few HLLs stored are kept
// beside them: valid while the key still holds an equal string (the same
// object, in practice, so the check is a pointer compare).

export const HLL_WRONGTYPE = new ErrorReply('WRONGTYPE Key is not a valid HyperLogLog string value.');
export const INVALIDOBJ = new ErrorReply('INVALIDOBJ Corrupted HLL object detected');

/**
 * isHLLObjectOrReply on a looked-up value: the string, the plain WRONGTYPE
 * for other types, or HLL_WRONGTYPE for a string that is no HLL.
 */
export function checkHll(value: unknown): string | ErrorReply {
  if (typeof value !== 'string') return WRONGTYPE;
  return isHyperLogLog(value) ? value : HLL_WRONGTYPE;
}

/** HLLs kept per database, at most CACHE_SIZE each, the least recently stored dropped first. */
const CACHE_SIZE = 16;
interface CachedHll {
  value: string;
  hll: HyperLogLog;
}
const caches = new WeakMap<Database, Map<string, CachedHll>>();

/**
 * The bytes of the value at key, to read or edit. They may be the cached
 * ones: a caller that changes them must store them (storeHll) before
 * anything else runs, or the cache would describe a value that is not stored.
 */
export function openHll(db: Database, key: string, value: string): HyperLogLog {
  const cached = caches.get(db)?.get(key);
  if (cached !== undefined && cached.value === value) return cached.hll;
  return HyperLogLog.adopt(Buffer.from(value, 'latin1'));
}

function remember(db: Database, key: string, value: string, hll: HyperLogLog): void {
  let cache = caches.get(db);
  if (cache === undefined) caches.set(db, (cache = new Map()));
  cache.delete(key);
  cache.set(key, { value, hll });
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/** The HLL's bytes as a stored string. */
export function hllString(hll: HyperLogLog): string {
  const b = hll.bytes;
  return Buffer.from(b.buffer, b.byteOffset, hll.length).toString('latin1');
}

/**
 * Stores an HLL changed "in place": the TTL stays, and the encoding is `raw`
 * as Redis's dbUnshareStringValue leaves every HLL it touched.
 */
export function storeHll(db: Database, key: string, hll: HyperLogLog): void {
  const value = hllString(hll);
  db.set(key, value, { keepTtl: true, encoding: 'raw' });
  remember(db, key, value, hll);
}

/** dbUnshareStringValue without a change: only OBJECT ENCODING notices (`raw`). */
export function unshare(db: Database, key: string): void {
  db.stringEncodings.set(key, 'raw');
}

/** The hll-sparse-max-bytes setting. */
export function sparseMaxBytes(client: Client): number {
  return client.server.config.number('hll-sparse-max-bytes');
}
