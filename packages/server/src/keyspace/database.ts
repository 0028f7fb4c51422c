import { ScanTable, ShardedMap } from '@kv/structures';
import { sharedIntegerOf, type StringEncodingOverride, type Value } from './value.js';
import { CHARGE_OBJECT_BYTES, chargeCollection, CollectionCharge, stringKeyBytes, TTL_OVERHEAD } from '../eviction/memory-model.js';
import { MapModel, ScanTableModel } from '../eviction/table-model.js';
import { idleMs, lruForIdle } from '../eviction/lru.js';
import { lfuDecrAndReturn, lfuField, lfuMinutesAt } from '../eviction/lfu.js';

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
  /**
   * The `lru` field the value brings along (lruOf at its old place): RENAME
   * and MOVE move Redis's object, and its idle time or LFU counter with it.
   */
  lru?: number;
}

/**
 * One of the numbered databases. Every change to its data goes through the
 * methods here, which tell the keyspace (and so every listener) about it:
 * the single door of DESIGN.md.
 */
export class Database {
  /** key -> value. */
  values = new ShardedMap<Value>();
  /** key -> absolute expiry in unix ms; only keys with a TTL, as Redis's `expires` dict. A bigint past 2^53 (times clients may set, up to 2^63). */
  expires = new ShardedMap<ExpireTime>();
  /** The same keys again, in a table that supports SCAN's guarantee and random sampling. */
  keys = new ScanTable();
  /**
   * The keys of `expires` again, in a table that supports random sampling,
   * kept only while a volatile-* policy needs it (Keyspace.volatileSampling).
   */
  expireKeys = new ScanTable();
  /**
   * key -> Redis's 24-bit `lru` field: the LRU clock at the last access, or
   * under an LFU policy the access counter (see Keyspace.lfu). OBJECT
   * IDLETIME / FREQ and eviction read it.
   */
  access = new ShardedMap<number>();
  /**
   * The `lru` field of the keys that have no entry in `access`: the ones an
   * RDB file brought at start-up (loadKey), whose fields would all be the
   * clock of the load; set by the loader, undefined while no key lacks one.
   */
  unstampedLru: number | undefined = undefined;
  /** Strings whose OBJECT ENCODING is not the one their value implies (see SetOptions.encoding). */
  stringEncodings = new Map<string, StringEncodingOverride>();
  /** The estimate charged for each key holding a collection (a string's is recomputed from the value). */
  charges = new Map<string, CollectionCharge>();
  /** The tables above as V8 and ScanTable size them (eviction/table-model.ts); values and access share one. */
  private models = new TableModels();
  /** Estimated bytes of this database: its keys and its tables (eviction/memory-model.ts); Keyspace.datasetBytes is the sum. */
  bytes = 0;

  constructor(
    readonly id: number,
    private readonly keyspace: Keyspace,
  ) {
    this.bytes = this.models.bytes();
    keyspace.datasetBytes += this.bytes;
  }

  /** The tables' part of `bytes`. */
  tableBytes(): number {
    return this.models.bytes();
  }

  get size(): number {
    return this.values.size;
  }

  /** The value for reading (lookupKeyRead): expires it if due, updates the access time, counts a hit or miss. */
  get(key: string): Value | undefined {
    const value = this.getForWrite(key);
    if (value === undefined) {
      this.keyspace.stats.keyspaceMisses++;
      this.keyspace.onKeyMiss?.(this, key);
    } else this.keyspace.stats.keyspaceHits++;
    return value;
  }

  /** The value a write command will change (lookupKeyWrite): as get, without hit/miss counting. */
  getForWrite(key: string): Value | undefined {
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    // The caller may change a collection in place from here: a running snapshot copies it first.
    const ks = this.keyspace;
    ks.beforeWrite?.(this, key);
    if (typeof value === 'string' && value.length <= 4) {
      const n = sharedIntegerOf(value);
      if (n >= 0 && this.stringEncodingOf(key) === undefined) {
        ks.sharedIntLru[n] = ks.touchedLru(ks.sharedIntLru[n]!);
        return value;
      }
    }
    const access = this.access;
    access.set(key, ks.lfu ? ks.touchedLru(access.get(key) ?? this.unstampedLru ?? 0) : ks.lruClock);
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
   * A read that leaves the access time alone (lookupKeyReadWithFlags with
   * LOOKUP_NOTOUCH: EXISTS, TYPE, TTL …): counts a hit or miss, and a miss
   * is a keymiss event unless `notifyMiss` is false (LOOKUP_NONOTIFY: OBJECT).
   */
  peekRead(key: string, notifyMiss = true): Value | undefined {
    const value = this.peek(key);
    if (value === undefined) {
      this.keyspace.stats.keyspaceMisses++;
      if (notifyMiss) this.keyspace.onKeyMiss?.(this, key);
    } else this.keyspace.stats.keyspaceHits++;
    return value;
  }

  /**
   * Stores a value, replacing any; drops the TTL unless keepTtl. Call after
   * changing a collection in place too, with the same object.
   */
  set(key: string, value: Value, options?: SetOptions): void {
    const ks = this.keyspace;
    ks.beforeWrite?.(this, key);
    const values = this.values;
    let old = values.get(key);
    if (old !== undefined && this.expires.size !== 0 && this.expireIfNeeded(key)) old = undefined;
    values.set(key, value);
    const models = this.models;
    let bytes = 0;
    if (old === undefined) {
      this.keys.add(key);
      ks.onNewKey?.(this, key);
      bytes += 2 * models.main.add() + models.keys.add();
    } else {
      bytes -= this.uncharge(key, old);
      if (this.expires.size !== 0 && options?.keepTtl !== true && this.expires.delete(key)) bytes += this.ttlRemoved(key);
    }
    let encoding = options?.encoding;
    // Under maxmemory with an LRU/LFU policy a small integer gets its own object (and lru field).
    if (encoding === undefined && !ks.sharedIntegers && typeof value === 'string' && sharedIntegerOf(value) >= 0) encoding = 'int';
    const encodings = this.stringEncodings;
    if (encoding !== undefined) {
      if (encodings.size === 0 || !encodings.has(key)) bytes += models.encodings.add();
      encodings.set(key, encoding);
    } else if (encodings.size !== 0 && encodings.delete(key)) bytes += models.encodings.delete();
    if (typeof value === 'string') {
      bytes += stringKeyBytes(key, value);
      if (old !== undefined && typeof old !== 'string' && this.charges.delete(key)) bytes += models.charges.delete() - CHARGE_OBJECT_BYTES;
    } else {
      // The same collection again (a change in place): keep its sample.
      let charge = old === value ? this.charges.get(key) : undefined;
      if (charge === undefined) {
        charge = new CollectionCharge();
        if (!this.charges.has(key)) bytes += models.charges.add() + CHARGE_OBJECT_BYTES;
        this.charges.set(key, charge);
      }
      bytes += chargeCollection(key, value, charge);
    }
    this.bytes += bytes;
    ks.datasetBytes += bytes;
    // A new object gets a fresh field; under LFU an overwritten value keeps its counter (dbSetValue).
    const lru = options?.lru;
    if (lru !== undefined) this.access.set(key, lru);
    else if (old === undefined || !ks.lfu) this.access.set(key, ks.newLru());
    ks.keyModified(this, key);
  }

  /**
   * Adds a key an RDB file holds, at start-up (dbAddRDBLoad): nothing else
   * runs yet (no snapshot, no client, no listener to tell, no change to
   * count), so only the tables and the memory estimate are kept up, and the
   * access field is left to unstampedLru. False, with nothing changed, when
   * the key is there already (the file holds it twice).
   */
  loadKey(key: string, value: Value, expireAt: ExpireTime, encoding?: StringEncodingOverride): boolean {
    if (!this.values.setNew(key, value)) return false;
    this.keys.add(key);
    const models = this.models;
    let bytes = 2 * models.main.add() + models.keys.add();
    if (encoding === undefined && !this.keyspace.sharedIntegers && typeof value === 'string' && sharedIntegerOf(value) >= 0) encoding = 'int';
    if (encoding !== undefined) {
      bytes += models.encodings.add();
      this.stringEncodings.set(key, encoding);
    }
    if (typeof value === 'string') bytes += stringKeyBytes(key, value);
    else {
      const charge = new CollectionCharge();
      bytes += models.charges.add() + CHARGE_OBJECT_BYTES;
      this.charges.set(key, charge);
      bytes += chargeCollection(key, value, charge);
    }
    if (expireAt !== -1) {
      this.expires.set(key, expireAt);
      bytes += TTL_OVERHEAD + models.expires.add();
      if (this.keyspace.volatileSampling) {
        this.expireKeys.add(key);
        bytes += models.expireKeys.add();
      }
    }
    this.bytes += bytes;
    this.keyspace.datasetBytes += bytes;
    return true;
  }

  /** Makes room for `keys` keys, `volatile` of them with a TTL (RESIZEDB: dictExpand of both dicts). */
  reserve(keys: number, volatile: number): void {
    this.values.reserve(keys);
    this.access.reserve(keys);
    this.keys.reserve(keys);
    this.expires.reserve(volatile);
    if (this.keyspace.volatileSampling) this.expireKeys.reserve(volatile);
  }

  /** Tells listeners that a collection stored at key changed in place. */
  touchModified(key: string): void {
    const value = this.values.get(key);
    if (value !== undefined && typeof value !== 'string') {
      let charge = this.charges.get(key);
      let bytes = 0;
      if (charge === undefined) {
        this.charges.set(key, (charge = new CollectionCharge()));
        bytes += this.models.charges.add() + CHARGE_OBJECT_BYTES;
      }
      const before = charge.bytes;
      bytes += chargeCollection(key, value, charge) - before;
      this.bytes += bytes;
      this.keyspace.datasetBytes += bytes;
    }
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

  /**
   * Redis's dbDelete without a lookup first: removes the key even when its
   * TTL has passed (so no `expired` event; true all the same). The STORE
   * commands drop an empty result's destination so, and RESTORE … REPLACE
   * its key.
   */
  deleteEvenIfExpired(key: string): boolean {
    if (!this.values.has(key)) return false;
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
    if (!this.expires.has(key)) {
      let bytes = TTL_OVERHEAD + this.models.expires.add();
      if (this.keyspace.volatileSampling) {
        this.expireKeys.add(key);
        bytes += this.models.expireKeys.add();
      }
      this.bytes += bytes;
      this.keyspace.datasetBytes += bytes;
    }
    this.expires.set(key, at);
    this.keyspace.keyModified(this, key);
  }

  /** Removes the TTL; true if there was one. */
  persist(key: string): boolean {
    if (!this.expires.has(key)) return false;
    this.keyspace.beforeWrite?.(this, key);
    this.expires.delete(key);
    const bytes = this.ttlRemoved(key);
    this.bytes += bytes;
    this.keyspace.datasetBytes += bytes;
    this.keyspace.keyModified(this, key);
    return true;
  }

  /** The encoding override of a string key, if any. */
  stringEncodingOf(key: string): StringEncodingOverride | undefined {
    return this.stringEncodings.size === 0 ? undefined : this.stringEncodings.get(key);
  }

  /**
   * The `lru` field of an existing key: its own, or its shared integer's
   * (Redis keeps the field in the value object, and 0..9999 are shared).
   */
  lruOf(key: string): number {
    const n = this.sharedIntegerAt(key);
    if (n >= 0) return this.keyspace.sharedIntLru[n]!;
    return this.ownLru(key);
  }

  /** The `lru` field of the key's own object (a shared integer's aside). */
  ownLru(key: string): number {
    return this.access.get(key) ?? this.unstampedLru ?? this.keyspace.lruClock;
  }

  /** Sets what lruOf reads. */
  private setLru(key: string, lru: number): void {
    const n = this.sharedIntegerAt(key);
    if (n >= 0) this.keyspace.sharedIntLru[n] = lru;
    else this.access.set(key, lru);
  }

  /** The shared integer an existing key's value is, or -1. */
  private sharedIntegerAt(key: string): number {
    const value = this.values.get(key);
    if (typeof value !== 'string' || value.length > 4 || this.stringEncodingOf(key) !== undefined) return -1;
    return sharedIntegerOf(value);
  }

  /** RESTORE … IDLETIME (objectSetLRUOrLFU): only under a policy that is not LFU. */
  setIdleSeconds(key: string, seconds: number): void {
    if (!this.keyspace.lfu) this.setLru(key, lruForIdle(seconds, this.keyspace.lruClock));
  }

  /** RESTORE … FREQ (objectSetLRUOrLFU): only under an LFU policy. */
  setFrequency(key: string, counter: number): void {
    if (this.keyspace.lfu) this.setLru(key, lfuField(lfuMinutesAt(this.keyspace.now), counter));
  }

  /** Seconds since the last access (OBJECT IDLETIME): estimateObjectIdleTime, read as an LRU clock. */
  idleSeconds(key: string): number {
    return Math.floor(idleMs(this.lruOf(key), this.keyspace.lruClock) / 1000);
  }

  /** The access counter after decay (OBJECT FREQ): LFUDecrAndReturn, read as an LFU field. */
  frequency(key: string): number {
    const ks = this.keyspace;
    return lfuDecrAndReturn(this.lruOf(key), lfuMinutesAt(ks.now), ks.lfuDecayTime);
  }

  /** Removes every key; returns how many there were. */
  flush(): number {
    const removed = this.values.size;
    const before = this.values;
    this.values = new ShardedMap();
    this.expires = new ShardedMap();
    this.keys = new ScanTable();
    this.expireKeys = new ScanTable();
    this.access = new ShardedMap();
    this.unstampedLru = undefined;
    this.stringEncodings = new Map();
    this.charges = new Map();
    this.models = new TableModels();
    const bytes = this.models.bytes();
    this.keyspace.datasetBytes += bytes - this.bytes;
    this.bytes = bytes;
    this.keyspace.databaseFlushed(this, (key) => before.has(key));
    return removed;
  }

  /** Exchanges the contents of two databases (SWAPDB). */
  swapContents(other: Database): void {
    [this.values, other.values] = [other.values, this.values];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.keys, other.keys] = [other.keys, this.keys];
    [this.access, other.access] = [other.access, this.access];
    [this.unstampedLru, other.unstampedLru] = [other.unstampedLru, this.unstampedLru];
    [this.stringEncodings, other.stringEncodings] = [other.stringEncodings, this.stringEncodings];
    [this.expireKeys, other.expireKeys] = [other.expireKeys, this.expireKeys];
    [this.charges, other.charges] = [other.charges, this.charges];
    [this.models, other.models] = [other.models, this.models];
    [this.bytes, other.bytes] = [other.bytes, this.bytes];
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

  /**
   * Removes a key maxmemory chose (performEvictions): listeners hear of it,
   * then onEvicted (propagation as DEL, the `evicted` event). Not a change to
   * save, as in Redis. Does not look at the TTL: an evicted key is evicted.
   */
  evict(key: string): boolean {
    if (!this.values.has(key)) return false;
    this.remove(key);
    this.keyspace.keyModified(this, key, false);
    this.keyspace.onEvicted?.(this, key);
    return true;
  }

  private remove(key: string): void {
    const ks = this.keyspace;
    ks.beforeWrite?.(this, key);
    const value = this.values.get(key);
    if (value === undefined) return;
    const models = this.models;
    let bytes = -this.uncharge(key, value);
    if (typeof value !== 'string' && this.charges.delete(key)) bytes += models.charges.delete() - CHARGE_OBJECT_BYTES;
    this.values.delete(key);
    this.keys.delete(key);
    this.access.delete(key);
    bytes += 2 * models.main.delete() + models.keys.delete();
    if (this.expires.size !== 0 && this.expires.delete(key)) bytes += this.ttlRemoved(key);
    if (this.stringEncodings.size !== 0 && this.stringEncodings.delete(key)) bytes += models.encodings.delete();
    this.bytes += bytes;
    ks.datasetBytes += bytes;
  }

  /** The estimate charged for `key` while it held `old` (without TTL). A collection's charge stays for set() to reuse or replace. */
  private uncharge(key: string, old: Value): number {
    return typeof old === 'string' ? stringKeyBytes(key, old) : (this.charges.get(key)?.bytes ?? 0);
  }

  /** The change in bytes for a TTL just deleted from `expires` (the caller did that); drops it from expireKeys too. */
  private ttlRemoved(key: string): number {
    let bytes = this.models.expires.delete() - TTL_OVERHEAD;
    if (this.keyspace.volatileSampling) {
      this.expireKeys.delete(key);
      bytes += this.models.expireKeys.delete();
    }
    return bytes;
  }

  /** Starts or stops keeping expireKeys (Keyspace.volatileSampling says which); starting fills it from expires. */
  syncExpireKeys(): void {
    const table = new ScanTable();
    const sampling = this.keyspace.volatileSampling;
    if (sampling) for (const key of this.expires.keys()) table.add(key);
    this.expireKeys = table;
    const bytes = this.models.expireKeys.reset(sampling ? table.size : 0);
    this.bytes += bytes;
    this.keyspace.datasetBytes += bytes;
  }
}

/** The models of one database's tables (eviction/table-model.ts). */
class TableModels {
  /** Database.values and Database.access: the same keys, inserted and deleted together. */
  readonly main = new MapModel();
  readonly keys = new ScanTableModel();
  readonly expires = new MapModel();
  readonly expireKeys = new ScanTableModel();
  readonly encodings = new MapModel();
  readonly charges = new MapModel();

  bytes(): number {
    return 2 * this.main.bytes + this.keys.bytes + this.expires.bytes + this.expireKeys.bytes + this.encodings.bytes + this.charges.bytes;
  }
}
