/**
 * The thresholds (redis.conf names in comments) that decide how Redis 7.0
 * encodes a collection, with Redis's defaults, and the OBJECT ENCODING a
 * value gets from them.
 */
import type { ObjectEncoding, RdbValue } from './model.js';
import { isStrictInt } from './integers.js';

export interface EncodingLimits {
  /** hash-max-listpack-entries */
  hashMaxListpackEntries: number;
  /** hash-max-listpack-value */
  hashMaxListpackValue: number;
  /** zset-max-listpack-entries */
  zsetMaxListpackEntries: number;
  /** zset-max-listpack-value */
  zsetMaxListpackValue: number;
  /** set-max-intset-entries */
  setMaxIntsetEntries: number;
  /** list-max-listpack-size: negative for a byte limit per node (-1 4kb ... -5 64kb), positive for a count */
  listMaxListpackSize: number;
  /** stream-node-max-bytes */
  streamNodeMaxBytes: number;
  /** stream-node-max-entries */
  streamNodeMaxEntries: number;
}

export const DEFAULT_ENCODING_LIMITS: Readonly<EncodingLimits> = Object.freeze({
  hashMaxListpackEntries: 128,
  hashMaxListpackValue: 64,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  listMaxListpackSize: -2,
  streamNodeMaxBytes: 4096,
  streamNodeMaxEntries: 100,
});

export function resolveLimits(partial: Partial<EncodingLimits> | undefined): EncodingLimits {
  return partial ? { ...DEFAULT_ENCODING_LIMITS, ...partial } : DEFAULT_ENCODING_LIMITS;
}

/** Beyond this, a listpack would pass 1GB (lpSafeToAdd). */
export const LISTPACK_SAFETY_SIZE = 1 << 30;

/** How tryObjectEncoding stores a string: 'int', 'embstr' (up to 44 bytes) or 'raw'. */
export function stringEncoding(s: string): 'int' | 'embstr' | 'raw' {
  if (s.length <= 20 && isStrictInt(s)) return 'int';
  return s.length <= 44 ? 'embstr' : 'raw';
}

export function setIsIntset(set: Set<string>, limits: EncodingLimits): boolean {
  if (set.size > Math.min(limits.setMaxIntsetEntries, 1 << 30)) return false;
  for (const m of set) if (!isStrictInt(m)) return false;
  return true;
}

export function hashIsListpack(hash: Map<string, string>, limits: EncodingLimits): boolean {
  if (hash.size > limits.hashMaxListpackEntries) return false;
  const max = limits.hashMaxListpackValue;
  let total = 0;
  for (const [f, v] of hash) {
    if (f.length > max || v.length > max) return false;
    total += f.length + v.length;
  }
  return total < LISTPACK_SAFETY_SIZE;
}

export function zsetIsListpack(zset: Map<string, number>, limits: EncodingLimits): boolean {
  if (zset.size > limits.zsetMaxListpackEntries) return false;
  const max = limits.zsetMaxListpackValue;
  let total = 0;
  for (const m of zset.keys()) {
    if (m.length > max) return false;
    total += m.length;
  }
  return total < LISTPACK_SAFETY_SIZE;
}

/** The encoding Redis 7.0 gives `value` when it builds it from scratch (and the one kv writes). */
export function chooseEncoding(value: RdbValue, limits: EncodingLimits = DEFAULT_ENCODING_LIMITS): ObjectEncoding {
  switch (value.type) {
    case 'string': return stringEncoding(value.value);
    case 'list': return 'quicklist';
    case 'set': return setIsIntset(value.value, limits) ? 'intset' : 'hashtable';
    case 'hash': return hashIsListpack(value.value, limits) ? 'listpack' : 'hashtable';
    case 'zset': return zsetIsListpack(value.value, limits) ? 'listpack' : 'skiplist';
    case 'stream': return 'stream';
    case 'module': return 'raw';
  }
}
