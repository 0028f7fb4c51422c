import type { ScanTable } from '@kv/structures';
import type { Config } from '../config/config.js';
import type { Database } from '../keyspace/database.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { KvServer } from '../kv-server.js';
import type { Logger } from '../log.js';
import { lfuDecrAndReturn, lfuMinutesAt } from './lfu.js';
import { idleMs } from './lru.js';
import { USED_MEMORY_STARTUP } from './memory-model.js';
import { parsePolicy, type Policy } from './policy.js';
import { EVPOOL_SIZE, EvictionPool } from './pool.js';

/** Memory is under maxmemory, or evictions cannot run now. */
export const EVICT_OK = 0;
/** Over the limit, but evicting goes on in the next turns of the loop. */
export const EVICT_RUNNING = 1;
/** Over the limit with nothing left to evict (or noeviction): deny commands that add data. */
export const EVICT_FAIL = 2;
export type EvictResult = typeof EVICT_OK | typeof EVICT_RUNNING | typeof EVICT_FAIL;

/** Sampling rounds that found nothing before pick() gives up (a guard; a round finds keys unless a table is near empty). */
const MAX_EMPTY_ROUNDS = 100;

/**
 * maxmemory (Redis's evict.c): before each command, when the memory
 * estimate (memory-model.ts) is over the limit, evict keys by the policy
 * until it is not, for at most the time maxmemory-eviction-tenacity allows;
 * what is left is evicted in later turns of the event loop, between clients.
 */
export class Eviction {
  /** maxmemory in bytes, 0 for no limit: the dispatcher's whole cost when unset is reading this. */
  maxmemory = 0;
  policy: Policy;
  samples: number;
  tenacity: number;
  /** Set while a dataset is being loaded (AOF replay runs commands): no evictions then, as in Redis. */
  loading = false;
  private readonly pool = new EvictionPool();
  private nextDb = 0;
  private procRunning = false;
  /** performance.now() when memory was first found over the limit and not yet back under it; 0 when not over. */
  private exceededSince = 0;
  private exceededTotalMs = 0;
  /** The database of the key pick() returned. */
  private picked: Database | undefined;

  constructor(
    private readonly keyspace: Keyspace,
    config: Config,
    private readonly log: Logger,
    /** CLIENT PAUSE in force: the dataset stands still, evictions included (isSafeToPerformEvictions). */
    private readonly paused: () => boolean = () => false,
  ) {
    this.maxmemory = config.number('maxmemory');
    this.policy = parsePolicy(config.get('maxmemory-policy'));
    this.samples = config.number('maxmemory-samples');
    this.tenacity = config.number('maxmemory-eviction-tenacity');
    keyspace.lfuLogFactor = config.number('lfu-log-factor');
    keyspace.lfuDecayTime = config.number('lfu-decay-time');
    this.applyPolicy();
    // createSharedObjects runs after the config is read: the shared integers' fields follow the starting policy.
    keyspace.sharedIntLru.fill(keyspace.newLru());
    if (this.maxmemory > 0 && this.maxmemory < 1024 * 1024) {
      log.warning(`WARNING: You specified a maxmemory value that is less than 1MB (current value is ${this.maxmemory} bytes). Are you sure this is what you really want?`);
    }
    config.onChange('maxmemory', (v) => this.setMaxmemory(Number(v)));
    config.onChange('maxmemory-policy', (v) => {
      this.policy = parsePolicy(v);
      this.applyPolicy();
    });
    config.onChange('maxmemory-samples', (v) => (this.samples = Number(v)));
    config.onChange('maxmemory-eviction-tenacity', (v) => (this.tenacity = Number(v)));
    config.onChange('lfu-log-factor', (v) => (keyspace.lfuLogFactor = Number(v)));
    config.onChange('lfu-decay-time', (v) => (keyspace.lfuDecayTime = Number(v)));
  }

  /** What INFO reports as used_memory and maxmemory compares against: the dataset estimate plus a fixed startup share. */
  usedMemory(): number {
    return USED_MEMORY_STARTUP + this.keyspace.datasetBytes;
  }

  /** INFO total_eviction_exceeded_time (ms): time spent over maxmemory, this episode included. */
  get totalExceededMs(): number {
    return Math.floor(this.exceededTotalMs + this.currentExceededMs);
  }

  /** INFO current_eviction_exceeded_time (ms): how long memory has been over maxmemory, 0 when it is not. */
  get currentExceededMs(): number {
    return this.exceededSince === 0 ? 0 : Math.floor(performance.now() - this.exceededSince);
  }

  /** Whether evicting goes on in later turns of the event loop (the time limit cut it short). */
  get inProgress(): boolean {
    return this.procRunning;
  }

  /** CONFIG RESETSTAT. */
  resetStats(): void {
    this.exceededTotalMs = 0;
    this.exceededSince = 0;
  }

  /**
   * performEvictions(): called before each command while maxmemory is set.
   * EVICT_FAIL means commands flagged denyoom must be refused with -OOM.
   */
  perform(): EvictResult {
    // Not safe now: a pretended OK that leaves the metrics alone, as Redis's.
    if (this.loading || this.paused()) return EVICT_OK;
    const used = this.usedMemory();
    let result: EvictResult;
    if (this.maxmemory === 0 || used <= this.maxmemory) result = EVICT_OK;
    else if (this.policy.ranking === 'none') result = EVICT_FAIL;
    else result = this.evict(used - this.maxmemory);
    if (result !== EVICT_OK) {
      if (this.exceededSince === 0) this.exceededSince = performance.now();
    } else if (this.exceededSince !== 0) {
      this.exceededTotalMs += performance.now() - this.exceededSince;
      this.exceededSince = 0;
    }
    return result;
  }

  /** CONFIG SET maxmemory (updateMaxmemory): warns when already over, and starts evicting at once. */
  private setMaxmemory(bytes: number): void {
    this.maxmemory = bytes;
    this.applyPolicy();
    if (bytes === 0) return;
    const used = this.usedMemory();
    if (bytes < used) {
      this.log.warning(`WARNING: the new maxmemory value set via CONFIG SET (${bytes}) is smaller than the current memory usage (${used}). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.`);
    }
    this.perform();
  }

  /** What the keyspace needs to know of the policy: LFU counters or LRU clock, whether integers are shared, TTL sampling. */
  private applyPolicy(): void {
    const ks = this.keyspace;
    const ranking = this.policy.ranking;
    ks.lfu = ranking === 'lfu';
    ks.sharedIntegers = this.maxmemory === 0 || (ranking !== 'lru' && ranking !== 'lfu');
    // The TTL keys' sampling table, built when a volatile policy starts to need it (one pass over the TTLs).
    const volatile = this.maxmemory !== 0 && !this.policy.allKeys && ranking !== 'none';
    if (volatile !== ks.volatileSampling) {
      ks.volatileSampling = volatile;
      for (const db of ks.databases) db.syncExpireKeys();
    }
  }

  /** The eviction loop: frees at least `toFree` bytes, or stops at the time limit and goes on later. */
  private evict(toFree: number): EvictResult {
    const ks = this.keyspace;
    const limitMs = timeLimitUs(this.tenacity) / 1000;
    const start = performance.now();
    let freed = 0;
    let keysFreed = 0;
    while (freed < toFree) {
      const key = this.pick();
      if (key === undefined) return EVICT_FAIL;
      const before = ks.datasetBytes;
      this.picked!.evict(key);
      freed += before - ks.datasetBytes;
      ks.stats.evictedKeys++;
      keysFreed++;
      if (keysFreed % 16 === 0 && performance.now() - start > limitMs) {
        this.startProc();
        break;
      }
    }
    return this.procRunning ? EVICT_RUNNING : EVICT_OK;
  }

  /** evictionTimeProc: keeps evicting in later turns of the loop (clients run in between) until done. */
  private startProc(): void {
    if (this.procRunning) return;
    this.procRunning = true;
    const step = () => {
      this.keyspace.tick();
      if (this.perform() === EVICT_RUNNING) setImmediate(step).unref();
      else this.procRunning = false;
    };
    setImmediate(step).unref();
  }

  /** The next key to evict (its database in `picked`), or undefined when no key qualifies. */
  private pick(): string | undefined {
    const dbs = this.keyspace.databases;
    const allKeys = this.policy.allKeys;
    if (this.policy.ranking === 'random') {
      // One key per pick, visiting the databases in turn.
      for (let i = 0; i < dbs.length; i++) {
        const db = dbs[++this.nextDb % dbs.length]!;
        const table = allKeys ? db.keys : db.expireKeys;
        if (table.size !== 0) {
          this.picked = db;
          return table.randomKey();
        }
      }
      return undefined;
    }
    const pool = this.pool;
    for (let round = 0; round < MAX_EMPTY_ROUNDS; round++) {
      // Sample every database before choosing, so the choice is not local to one.
      let total = 0;
      for (const db of dbs) {
        const table = allKeys ? db.keys : db.expireKeys;
        if (table.size !== 0) {
          this.populate(db, table);
          total += table.size;
        }
      }
      if (total === 0) return undefined;
      // Best first; a key deleted since it was pooled is a ghost to skip.
      for (let k = EVPOOL_SIZE - 1; k >= 0; k--) {
        const key = pool.keys[k];
        if (key === undefined) continue;
        const db = dbs[pool.dbs[k]!]!;
        pool.clear(k);
        if (allKeys ? db.values.has(key) : db.expires.has(key)) {
          this.picked = db;
          return key;
        }
      }
    }
    return undefined;
  }

  /** evictionPoolPopulate: maxmemory-samples keys of one database into the pool, ranked by the policy. */
  private populate(db: Database, table: ScanTable): void {
    const ks = this.keyspace;
    const pool = this.pool;
    const ranking = this.policy.ranking;
    const clock = ks.lruClock;
    const minutes = lfuMinutesAt(ks.now);
    const decay = ks.lfuDecayTime;
    table.sample(this.samples, (key) => {
      let idle: number;
      if (ranking === 'lru') idle = idleMs(db.lruOf(key), clock);
      else if (ranking === 'lfu') idle = 255 - lfuDecrAndReturn(db.lruOf(key), minutes, decay);
      else {
        // volatile-ttl: the sooner the expiry, the better the candidate.
        const at = db.expires.get(key);
        idle = at === undefined ? -Infinity : -Number(at);
      }
      pool.insert(idle, key, db.id);
    });
  }
}

/** evictionTimeLimitUs: tenacity 0..10 is 0..500 µs, then 15% more per step, 100 is no limit. */
export function timeLimitUs(tenacity: number): number {
  if (tenacity <= 10) return 50 * tenacity;
  if (tenacity < 100) return Math.trunc(500 * Math.pow(1.15, tenacity - 10));
  return Infinity;
}

/** The dispatcher's hook: run before a command while maxmemory is set. */
export function performEvictions(server: KvServer): EvictResult {
  return server.eviction.perform();
}
