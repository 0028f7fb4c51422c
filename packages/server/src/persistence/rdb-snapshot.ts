import { RdbEncoder, type RdbKeyInput } from '@kv/persistence';
import type { Database, ExpireTime } from '../keyspace/database.js';
import type { Value } from '../keyspace/value.js';
import { toRdbValue } from './rdb-values.js';
import type { EncodingLimits } from '@kv/persistence';

// A point-in-time snapshot of every database, serialised in slices.
//
// Node cannot fork, so the copy-on-write Redis gets from the kernel is done
// by hand: the snapshot walks each database's value map with a live
// iterator, and the keyspace calls `beforeWrite` before any key changes.
// A key the walk has not reached yet is copied at that moment (its value as
// it was when the snapshot started) and written from the copy. Keys created
// after the start are skipped. FLUSHALL and SWAPDB replace or swap whole
// maps, which the walk keeps hold of, so they need no copying.

/** The part of one database the snapshot walks: the maps as they were at the start. */
interface DbWalk {
  readonly index: number;
  readonly values: Map<string, Value>;
  readonly expires: Map<string, ExpireTime>;
  readonly iterator: Iterator<[string, Value]>;
  /** Keys copied before their first change, with the value and expiry they had at the start. */
  readonly saved: Map<string, RdbKeyInput>;
  /** Keys that did not exist at the start (created since): not part of the snapshot. */
  readonly created: Set<string>;
  /** Keys already written. */
  readonly done: Set<string>;
  readonly keys: number;
  readonly expiresCount: number;
}

export interface SnapshotOptions {
  readonly limits: EncodingLimits;
  readonly compression: boolean;
  readonly checksum: boolean;
  /** The aux field aof-base: 1 when the snapshot is an AOF base. */
  readonly aofBase?: boolean;
}

export class RdbSnapshot {
  private readonly walks: DbWalk[];
  private readonly byMap = new Map<Map<string, Value>, DbWalk>();
  private readonly encoder: RdbEncoder;
  private current = 0;
  private started = false;
  private finished = false;
  /** Keys written so far, and in all (INFO current_save_keys_processed / _total). */
  processed = 0;
  readonly total: number;

  constructor(databases: readonly Database[], options: SnapshotOptions) {
    this.encoder = new RdbEncoder({
      compression: options.compression,
      checksum: options.checksum,
      limits: options.limits,
      aofBase: options.aofBase ?? false,
    });
    this.walks = [];
    let total = 0;
    for (const db of databases) {
      if (db.values.size === 0) continue;
      const walk: DbWalk = {
        index: db.id,
        values: db.values,
        expires: db.expires,
        iterator: db.values.entries(),
        saved: new Map(),
        created: new Set(),
        done: new Set(),
        keys: db.values.size,
        expiresCount: db.expires.size,
      };
      total += walk.keys;
      this.walks.push(walk);
      this.byMap.set(db.values, walk);
    }
    this.total = total;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** The keyspace's hook: a key of `db` is about to change (or be created, or go). */
  beforeWrite(db: Database, key: string): void {
    const walk = this.byMap.get(db.values);
    if (walk === undefined || walk.done.has(key) || walk.saved.has(key) || walk.created.has(key)) return;
    const value = walk.values.get(key);
    if (value === undefined) {
      walk.created.add(key);
      return;
    }
    walk.saved.set(key, entry(walk, key, value));
  }

  /**
   * Serialises keys until `budgetMs` has passed; returns the bytes produced
   * (possibly none). After the last key it adds EOF and the checksum and
   * `isFinished` turns true.
   */
  step(budgetMs: number): Buffer {
    const deadline = performance.now() + budgetMs;
    const enc = this.encoder;
    let n = 0;
    while (this.current < this.walks.length) {
      const walk = this.walks[this.current]!;
      if (!this.started) {
        enc.selectDb(walk.index, { keys: walk.keys, expires: walk.expiresCount });
        this.started = true;
      }
      const next = walk.iterator.next();
      if (next.done === true) {
        // Keys deleted (or replaced) before the walk reached them: written from their copies.
        for (const [key, saved] of walk.saved) {
          if (walk.done.has(key)) continue;
          walk.done.add(key);
          enc.key(saved);
          this.processed++;
        }
        this.current++;
        this.started = false;
        continue;
      }
      const [key, value] = next.value;
      if (!walk.done.has(key) && !walk.created.has(key)) {
        walk.done.add(key);
        enc.key(walk.saved.get(key) ?? entry(walk, key, value));
        this.processed++;
      }
      if ((++n & 63) === 0 && performance.now() >= deadline) return enc.take();
    }
    this.finished = true;
    return enc.end();
  }
}

function entry(walk: DbWalk, key: string, value: Value): RdbKeyInput {
  const out = toRdbValue(value);
  const exp = walk.expires.size === 0 ? undefined : walk.expires.get(key);
  return {
    db: walk.index,
    key,
    ...out.value,
    ...(out.encoding === undefined ? {} : { encoding: out.encoding }),
    ...(exp === undefined ? {} : { expireAt: Number(exp) }),
  };
}
