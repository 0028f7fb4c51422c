import type { ShardedMap } from '@kv/structures';
import type { Database, ExpireTime } from './database.js';
import type { Keyspace } from './keyspace.js';

// Redis's active expire cycle (expire.c): every 1/hz seconds, walk each
// database's TTL table from where the last cycle stopped, a few keys at a
// time, deleting expired ones; keep going while more than 10% of a sample was
// expired (ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE) and the time budget lasts.
const KEYS_PER_LOOP = 20;
const ACCEPTABLE_STALE_PERCENT = 10;
const SLOW_TIME_PERCENT = 25;

export class ActiveExpire {
  private readonly cursors = new Map<Database, { map: ShardedMap<ExpireTime>; it: Iterator<[string, ExpireTime]> }>();
  /** DEBUG SET-ACTIVE-EXPIRE 0 turns the cycle off (server.active_expire_enabled); keys then expire only when touched. */
  enabled = true;
  /** INFO stats: expired_stale_perc (a running average, as Redis keeps it), expired_time_cap_reached_count, expire_cycle_cpu_milliseconds. */
  stalePercent = 0;
  timeCapReached = 0;
  cpuMicros = 0;

  constructor(private readonly keyspace: Keyspace) {}

  /** One cycle; `hz` sets the time budget (25% of the period). Returns keys expired. */
  cycle(hz: number): number {
    if (!this.enabled) return 0;
    const budgetMs = (1000 / hz) * (SLOW_TIME_PERCENT / 100);
    const start = performance.now();
    const ks = this.keyspace;
    ks.tick();
    let expired = 0;
    let totalSampled = 0;
    let capped = false;
    outer: for (const db of ks.databases) {
      if (db.expires.size === 0) continue;
      for (;;) {
        const { sampled, removed } = this.step(db);
        expired += removed;
        totalSampled += sampled;
        if (sampled === 0 || removed * 100 <= sampled * ACCEPTABLE_STALE_PERCENT) break;
        if (performance.now() - start > budgetMs) {
          capped = true;
          break outer;
        }
      }
      if (performance.now() - start > budgetMs) {
        capped = true;
        break;
      }
    }
    if (capped) this.timeCapReached++;
    this.cpuMicros += Math.round((performance.now() - start) * 1000);
    // activeExpireCycle: stat_expired_stale_perc = current*0.05 + previous*0.95.
    const current = totalSampled === 0 ? 0 : expired / totalSampled;
    this.stalePercent = current * 0.05 + this.stalePercent * 0.95;
    return expired;
  }

  private step(db: Database): { sampled: number; removed: number } {
    let cursor = this.cursors.get(db);
    if (cursor === undefined || cursor.map !== db.expires) {
      cursor = { map: db.expires, it: db.expires.entries() };
      this.cursors.set(db, cursor);
    }
    const now = this.keyspace.now;
    let sampled = 0;
    let removed = 0;
    while (sampled < KEYS_PER_LOOP) {
      const next = cursor.it.next();
      if (next.done === true) {
        // Wrapped around: start the next walk on the next cycle.
        this.cursors.delete(db);
        break;
      }
      sampled++;
      const [key, at] = next.value;
      if (at <= now && db.expireIfNeeded(key)) removed++;
    }
    return { sampled, removed };
  }
}
