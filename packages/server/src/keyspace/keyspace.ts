import { Database } from './database.js';
import { SHARED_INTEGERS } from './value.js';
import { lruClockAt } from '../eviction/lru.js';
import { lfuField, lfuMinutesAt, lfuTouched } from '../eviction/lfu.js';

/** Whoever needs to hear about changes to the data: WATCH, notifications, AOF, snapshots … */
export interface KeyspaceListener {
  /** A key was written, deleted or expired (Redis's signalModifiedKey). */
  keyModified?(db: Database, key: string): void;
  /** Every key of a database went at once (FLUSHDB/FLUSHALL/SWAPDB); `hadKey` tells whether a key was there before or after. */
  databaseFlushed?(db: Database, hadKey: (key: string) => boolean): void;
}

export interface KeyspaceStats {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  /** Keys removed by maxmemory eviction (evicted_keys). */
  evictedKeys: number;
}

/** The numbered databases and the clock and counters they share. */
export class Keyspace {
  readonly databases: Database[];
  /** Time of the command being run, in unix ms (Redis caches it per command too). */
  now = Date.now();
  /** Changes since the last save (rdb_changes_since_last_save). */
  dirty = 0;
  readonly stats: KeyspaceStats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0, evictedKeys: 0 };
  private readonly listeners: KeyspaceListener[] = [];
  /**
   * Called before a key changes, is created or goes, while a snapshot
   * (BGSAVE) needs to copy keys it has not written yet. Undefined otherwise,
   * so the check costs nothing on the hot path.
   */
  beforeWrite: ((db: Database, key: string) => void) | undefined = undefined;

  /**
   * Redis keeps the integers 0..9999 as shared objects, and an object's LRU
   * field is shared with it: reading any key that holds 5 refreshes the idle
   * time of every key holding 5, and SET k 5 leaves it as it was. The LRU
   * clock of each shared integer, from server start.
   */
  readonly sharedIntLru: Int32Array;

  /**
   * Each key has Redis's 24-bit `lru` field (Database.access): under an LFU
   * maxmemory-policy an access counter and its decay time (eviction/lfu.ts),
   * under any other policy the LRU clock. Set from the config by the eviction
   * module. As in Redis the field is read by the policy in force, so after a
   * switch at run time old fields read oddly until keys are touched again.
   */
  lfu = false;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  /**
   * Whether new small-integer values are Redis's shared integers. Not while
   * maxmemory is set with an LRU or LFU policy: each key needs its own field
   * then (MAXMEMORY_FLAG_NO_SHARED_INTEGERS).
   */
  sharedIntegers = true;
  /** Estimated bytes held by the dataset (eviction/memory-model.ts), kept up to date by every Database change. */
  datasetBytes = 0;
  /**
   * Whether the databases keep a sampling table of their keys with a TTL
   * (Database.expireKeys): only while maxmemory is set with a volatile-*
   * policy, the one user of it, so that SET … EX pays nothing for it otherwise.
   */
  volatileSampling = false;

  constructor(count: number) {
    this.databases = Array.from({ length: count }, (_, i) => new Database(i, this));
    this.sharedIntLru = new Int32Array(SHARED_INTEGERS).fill(this.lruClock);
  }

  /** Redis's LRU clock: seconds in 24 bits (refreshed with `now`). */
  lruClock = lruClockAt(this.now);

  /** Refreshes `now`; called before each command. */
  tick(): void {
    this.now = Date.now();
    this.lruClock = lruClockAt(this.now);
  }

  /** The `lru` field of a value created now (createObject). */
  newLru(): number {
    return this.lfu ? lfuField(lfuMinutesAt(this.now)) : this.lruClock;
  }

  /** The `lru` field after an access to a value whose field was `lru` (lookupKey's updateLFU or LRU_CLOCK). */
  touchedLru(lru: number): number {
    return this.lfu ? lfuTouched(lru, lfuMinutesAt(this.now), this.lfuLogFactor, this.lfuDecayTime) : this.lruClock;
  }

  addListener(listener: KeyspaceListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Set by the server: an expired key was just removed. Redis propagates a
   * DEL for it (to the AOF and replicas) and does not count it as a change.
   */
  onExpired: ((db: Database, key: string) => void) | undefined = undefined;

  /**
   * Set by the server: maxmemory evicted a key (after listeners heard of it).
   * Redis propagates it as DEL and notifies an `evicted` keyspace event.
   */
  onEvicted: ((db: Database, key: string) => void) | undefined = undefined;

  /**
   * Set while notify-keyspace-events has `m` / `n` (notify/notify.ts): a read
   * lookup found no key (lookupKey's keymiss), a key was created (dbAdd's
   * new). Undefined otherwise, so lookups pay nothing for them.
   */
  onKeyMiss: ((db: Database, key: string) => void) | undefined = undefined;
  onNewKey: ((db: Database, key: string) => void) | undefined = undefined;

  /** A key changed; `dirty` says whether it counts as a change to save (expiry does not). */
  keyModified(db: Database, key: string, dirty = true): void {
    if (dirty) this.dirty++;
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!.keyModified?.(db, key);
  }

  databaseFlushed(db: Database, hadKey: (key: string) => boolean): void {
    for (const l of this.listeners) l.databaseFlushed?.(db, hadKey);
  }

  /** SWAPDB: clients that selected either database see the other's data from now on. */
  swap(a: number, b: number): void {
    const x = this.databases[a]!, y = this.databases[b]!;
    x.swapContents(y);
    this.dirty++;
    // Redis's touchAllWatchedKeysInDb(db, other): a key in either database has changed for a watcher of both.
    const inEither = (key: string) => x.values.has(key) || y.values.has(key);
    this.databaseFlushed(x, inEither);
    this.databaseFlushed(y, inEither);
  }

  totalKeys(): number {
    let n = 0;
    for (const db of this.databases) n += db.size;
    return n;
  }
}
