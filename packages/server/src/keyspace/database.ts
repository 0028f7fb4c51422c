import { ScanTable } from '@kv/structures';
import { sharedIntegerOf, type StringEncodingOverride, type Value } from './value.js';

/** Absolute unix ms; a bigint only beyond Number.MAX_SAFE_INTEGER. */
export type ExpireTime = number | bigint;
import type { Keyspace } from './keyspace.js';

/** Options of Database.set, mirroring Redis's setKey flags. */
export interface SetOptions {
  /** Keep the key's time to live (SET KEEPTTL, SETRANGE, APPEND …). */
  keepTtl?: boolean;
  /**
   * The encoding Redis would give this string where it differs from what the
   * value alone says: `raw` for strings built in place (APPEND, SETRANGE),
   * `embstr` for numbers Redis stores as text (INCRBYFLOAT's results).
   */
  encoding?: StringEncodingOverride;
}

/**
 * One of the numbered databases. Every change to its data goes through the
 * methods here, which tell the keyspace (and so every listener) about it:
 * the single door of DESIGN.md.
 */
export class Database {
  /** key -> value. */
  values = new Map<string, Value>();
  /** key -> absolute expiry in unix ms; only keys with a TTL, as Redis's `expires` dict. A bigint past 2^53 (times clients may set, up to 2^63). */
  expires = new Map<string, ExpireTime>();
  /** The same keys again, in a table that supports SCAN's guarantee and random sampling. */
  keys = new ScanTable();
  /** key -> last access, in LRU clock seconds (OBJECT IDLETIME, eviction later). */
  access = new Map<string, number>();
  /** Strings whose OBJECT ENCODING is not the one their value implies (see SetOptions.encoding). */
  stringEncodings = new Map<string, StringEncodingOverride>();

  constructor(
    readonly id: number,
    private readonly keyspace: Keyspace,
  ) {}

  get size(): number {
    return this.values.size;
  }

  /** The value for reading (lookupKeyRead): expires it if due, updates the access time, counts a hit or miss. */
  get(key: string): Value | undefined {
    const value = this.getForWrite(key);
    if (value === undefined) this.keyspace.stats.keyspaceMisses++;
    else this.keyspace.stats.keyspaceHits++;
    return value;
  }

  /** The value a write command will change (lookupKeyWrite): as get, without hit/miss counting. */
  getForWrite(key: string): Value | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    // The caller may change a collection in place from here: a running snapshot copies it first.
    this.keyspace.beforeWrite?.(this, key);
    const clock = this.keyspace.lruClock;
    this.access.set(key, clock);
    if (typeof value === 'string' && value.length <= 4) {
      const n = sharedIntegerOf(value);
      if (n >= 0 && this.stringEncodingOf(key) === undefined) this.keyspace.sharedIntLru[n] = clock;
    }
    return value;
  }

  /** Like get, without touching the access time (OBJECT, TYPE … use LOOKUP_NOTOUCH). */
  peek(key: string): Value | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    return value;
  }

  has(key: string): boolean {
    return this.peek(key) !== undefined;
  }

  /**
   * Stores a value, replacing any; drops the TTL unless keepTtl. Call after
   * changing a collection in place too, with the same object.
   */
  set(key: string, value: Value, options?: SetOptions): void {
    this.keyspace.beforeWrite?.(this, key);
    const values = this.values;
    let existed = values.has(key);
    if (existed && this.expires.size !== 0 && this.expireIfNeeded(key)) existed = false;
    values.set(key, value);
    if (!existed) this.keys.add(key);
    else if (this.expires.size !== 0 && options?.keepTtl !== true) this.expires.delete(key);
    const encoding = options?.encoding;
    if (encoding !== undefined) this.stringEncodings.set(key, encoding);
    else if (this.stringEncodings.size !== 0) this.stringEncodings.delete(key);
    this.access.set(key, this.keyspace.lruClock);
    this.keyspace.keyModified(this, key);
  }

  /** Tells listeners that a collection stored at key changed in place. */
  touchModified(key: string): void {
    this.keyspace.keyModified(this, key);
  }

  /** Removes a key; true if it existed (expired keys count as absent). */
  delete(key: string): boolean {
    if (!this.values.has(key)) return false;
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return false;
    this.remove(key);
    this.keyspace.keyModified(this, key);
    return true;
  }

  /** Absolute expiry in ms, or undefined when the key has no TTL. Assumes the key exists. */
  getExpire(key: string): ExpireTime | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  /**
   * Sets an absolute expiry (ms) on an existing key. A time already past is
   * stored too (SET … PXAT in the past): the key then expires on next access,
   * as in Redis. Commands that delete instead (EXPIRE, GETEX) call delete.
   */
  setExpire(key: string, at: ExpireTime): void {
    this.keyspace.beforeWrite?.(this, key);
    this.expires.set(key, at);
    this.keyspace.keyModified(this, key);
  }

  /** Removes the TTL; true if there was one. */
  persist(key: string): boolean {
    if (!this.expires.has(key)) return false;
    this.keyspace.beforeWrite?.(this, key);
    this.expires.delete(key);
    this.keyspace.keyModified(this, key);
    return true;
  }

  /** The encoding override of a string key, if any. */
  stringEncodingOf(key: string): StringEncodingOverride | undefined {
    return this.stringEncodings.size === 0 ? undefined : this.stringEncodings.get(key);
  }

  /** Sets the last access so that OBJECT IDLETIME says `seconds` (RESTORE … IDLETIME). */
  setIdleSeconds(key: string, seconds: number): void {
    this.access.set(key, this.keyspace.lruClock - seconds);
  }

  /** Seconds since the last access (OBJECT IDLETIME). */
  idleSeconds(key: string): number {
    const value = this.values.get(key);
    if (typeof value === 'string' && this.stringEncodingOf(key) === undefined) {
      const n = sharedIntegerOf(value);
      if (n >= 0) return Math.max(0, this.keyspace.lruClock - this.keyspace.sharedIntLru[n]!);
    }
    const at = this.access.get(key);
    return at === undefined ? 0 : Math.max(0, this.keyspace.lruClock - at);
  }

  /** Removes every key; returns how many there were. */
  flush(): number {
    const removed = this.values.size;
    const before = this.values;
    this.values = new Map();
    this.expires = new Map();
    this.keys = new ScanTable();
    this.access = new Map();
    this.stringEncodings = new Map();
    this.keyspace.databaseFlushed(this, (key) => before.has(key));
    return removed;
  }

  /** Exchanges the contents of two databases (SWAPDB). */
  swapContents(other: Database): void {
    [this.values, other.values] = [other.values, this.values];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.keys, other.keys] = [other.keys, this.keys];
    [this.access, other.access] = [other.access, this.access];
    [this.stringEncodings, other.stringEncodings] = [other.stringEncodings, this.stringEncodings];
  }

  /** Deletes the key if its TTL has passed; true if it did. */
  expireIfNeeded(key: string): boolean {
    const at = this.expires.get(key);
    if (at === undefined || at > this.keyspace.now) return false;
    this.remove(key);
    this.keyspace.stats.expiredKeys++;
    this.keyspace.onExpired?.(this, key);
    this.keyspace.keyModified(this, key, false);
    return true;
  }

  private remove(key: string): void {
    this.keyspace.beforeWrite?.(this, key);
    this.values.delete(key);
    this.keys.delete(key);
    this.access.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    if (this.stringEncodings.size !== 0) this.stringEncodings.delete(key);
  }
}
