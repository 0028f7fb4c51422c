import { RdbEncoder, type EncodingLimits, type RdbKeyInput } from '@kv/persistence';
import type { Database, ExpireTime } from '../keyspace/database.js';
import type { Value } from '../keyspace/value.js';
import { toRdbValue } from './rdb-values.js';
import { ShardedMap, ShardedSet } from '@kv/structures';
import { piecewiseWriter, type PiecewiseValue } from './snapshot-collections.js';

// A point-in-time snapshot of every database, serialised in slices.
//
// Node cannot fork, so the copy-on-write Redis gets from the kernel is done
// by hand: the snapshot walks each database's value map with a live
// iterator (insertion order, which keeps memory access sequential), and the
// keyspace calls `beforeWrite` before any key changes. A key the walk has
// not reached yet is saved at that moment as it was (a string or small
// collection copied, a big collection kept by reference with its elements
// watched, see snapshot-collections.ts) and written from that. Keys created
// since the start are skipped. FLUSHALL and SWAPDB replace or swap whole
// maps, which the walk keeps hold of, so they need no copying. A snapshot
// that runs to its end at once (SAVE) sees no changes and keeps none of this.

/** A key saved before the walk reached it: written whole, or in pieces. */
type SavedKey = { readonly whole: RdbKeyInput } | { readonly pieces: PiecewiseValue };

/** The part of one database the snapshot walks: the maps as they were at the start. */
interface DbWalk {
  readonly index: number;
  readonly values: ShardedMap<Value>;
  readonly expires: ShardedMap<ExpireTime>;
  readonly iterator: Iterator<[string, Value]>;
  /** Keys changed before the walk reached them, as they were at the start. */
  readonly saved: ShardedMap<SavedKey>;
  /** Keys that did not exist at the start (created since): not part of the snapshot. */
  readonly created: ShardedSet;
  /** Keys already written (kept only by a live snapshot: changes are asked about them). */
  readonly done: ShardedSet;
  /** The saved keys the walk did not meet (deleted since), written after it. */
  leftovers: Iterator<[string, SavedKey]> | undefined;
  readonly keys: number;
  readonly expiresCount: number;
}

export interface SnapshotOptions {
  readonly limits: EncodingLimits;
  readonly compression: boolean;
  readonly checksum: boolean;
  /** The aux field aof-base: 1 when the snapshot is an AOF base. */
  readonly aofBase?: boolean;
  /**
   * False when the snapshot is written to its end at once (SAVE): nothing
   * changes meanwhile, so nothing is tracked or watched. Default true.
   */
  readonly live?: boolean;
}

/** Elements of a big collection written between two looks at the clock. */
const ELEMENTS_PER_CHECK = 256;
/** Keys written between two looks at the clock. */
const KEYS_PER_CHECK = 32;
/** A step returns once this much is buffered, so chunks stay small whatever the time budget. */
const MAX_CHUNK_BYTES = 1 << 20;

export class RdbSnapshot {
  private readonly walks: DbWalk[];
  private readonly byMap = new Map<ShardedMap<Value>, DbWalk>();
  private readonly encoder: RdbEncoder;
  private readonly listMaxListpackSize: number;
  private readonly live: boolean;
  private current = 0;
  private started = false;
  private finished = false;
  /** The big value being written, and the key it belongs to. */
  private inProgress: { walk: DbWalk; key: string; value: PiecewiseValue } | undefined;
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
    this.listMaxListpackSize = options.limits.listMaxListpackSize;
    this.live = options.live ?? true;
    this.walks = [];
    let total = 0;
    for (const db of databases) {
      if (db.values.size === 0) continue;
      const walk: DbWalk = {
        index: db.id,
        values: db.values,
        expires: db.expires,
        iterator: db.values.entries(),
        saved: new ShardedMap(),
        created: new ShardedSet(),
        done: new ShardedSet(),
        leftovers: undefined,
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
    if (this.finished) return;
    const walk = this.byMap.get(db.values);
    if (walk === undefined) return;
    const busy = this.inProgress;
    if (busy !== undefined && busy.walk === walk && busy.key === key) {
      busy.value.keyWillChange();
      return;
    }
    if (walk.done.has(key) || walk.saved.has(key) || walk.created.has(key)) return;
    const value = walk.values.get(key);
    if (value === undefined) {
      walk.created.add(key);
      return;
    }
    const expire = walk.expires.size === 0 ? undefined : walk.expires.get(key);
    const pieces = piecewiseWriter(value, header(walk, key, expire), this.listMaxListpackSize, true);
    if (pieces !== undefined) {
      pieces.keyWillChange();
      walk.saved.set(key, { pieces });
    } else {
      walk.saved.set(key, { whole: entry(walk, key, value, expire) });
    }
  }

  /** Stops watching every value (the snapshot is abandoned, or done). */
  dispose(): void {
    this.inProgress?.value.release();
    this.inProgress = undefined;
    for (const walk of this.walks) {
      for (const saved of walk.saved.values()) if ('pieces' in saved) saved.pieces.release();
      walk.saved.clear();
    }
  }

  /**
   * Serialises keys until `budgetMs` has passed; returns the bytes produced
   * (possibly none). After the last key it adds EOF and the checksum and
   * `isFinished` turns true.
   */
  step(budgetMs: number): Buffer {
    const deadline = performance.now() + budgetMs;
    const enc = this.encoder;
    const live = this.live;
    let keys = 0;
    for (;;) {
      const busy = this.inProgress;
      if (busy !== undefined) {
        if (busy.value.write(enc, ELEMENTS_PER_CHECK)) {
          this.inProgress = undefined;
          this.processed++;
        }
        if (enc.buffered >= MAX_CHUNK_BYTES || performance.now() >= deadline) return enc.take();
        continue;
      }
      if (this.current >= this.walks.length) break;
      const walk = this.walks[this.current]!;
      if (!this.started) {
        enc.selectDb(walk.index, { keys: walk.keys, expires: walk.expiresCount });
        this.started = true;
      }
      if (walk.leftovers === undefined) {
        const next = walk.iterator.next();
        if (next.done === true) {
          // Keys deleted (or replaced) before the walk reached them: written from what was saved.
          walk.leftovers = walk.saved.entries();
          continue;
        }
        const [key, value] = next.value;
        if (!live) {
          this.visit(walk, key, value);
        } else if (!walk.created.has(key) && walk.done.addNew(key)) {
          const saved = walk.saved.get(key);
          if (saved === undefined) {
            this.visit(walk, key, value);
          } else {
            // Written now: the leftovers after the walk are then only the keys it did not meet.
            walk.saved.delete(key);
            this.writeSaved(walk, key, saved);
          }
        }
      } else {
        const next = walk.leftovers.next();
        if (next.done === true) {
          walk.saved.clear();
          this.current++;
          this.started = false;
          continue;
        }
        const [key, saved] = next.value;
        if (walk.done.addNew(key)) this.writeSaved(walk, key, saved);
      }
      if (++keys % KEYS_PER_CHECK === 0 && (enc.buffered >= MAX_CHUNK_BYTES || performance.now() >= deadline)) return enc.take();
    }
    this.finished = true;
    this.dispose();
    return enc.end();
  }

  private visit(walk: DbWalk, key: string, value: Value): void {
    const expire = walk.expires.size === 0 ? undefined : walk.expires.get(key);
    if (typeof value === 'string') {
      this.encoder.stringKey(walk.index, key, value, expire === undefined ? -1 : Number(expire));
      this.processed++;
      return;
    }
    const pieces = piecewiseWriter(value, header(walk, key, expire), this.listMaxListpackSize, this.live);
    if (pieces !== undefined) {
      this.inProgress = { walk, key, value: pieces };
      return;
    }
    this.encoder.key(entry(walk, key, value, expire));
    this.processed++;
  }

  private writeSaved(walk: DbWalk, key: string, saved: SavedKey): void {
    if ('pieces' in saved) {
      this.inProgress = { walk, key, value: saved.pieces };
      return;
    }
    this.encoder.key(saved.whole);
    this.processed++;
  }
}

function header(walk: DbWalk, key: string, expire: ExpireTime | undefined): { db: number; key: string; expireAt?: number } {
  return expire === undefined ? { db: walk.index, key } : { db: walk.index, key, expireAt: Number(expire) };
}

function entry(walk: DbWalk, key: string, value: Value, expire: ExpireTime | undefined): RdbKeyInput {
  if (typeof value === 'string') {
    return expire === undefined
      ? { db: walk.index, key, type: 'string', value }
      : { db: walk.index, key, type: 'string', value, expireAt: Number(expire) };
  }
  const out = toRdbValue(value);
  return {
    db: walk.index,
    key,
    ...out.value,
    ...(out.encoding === undefined ? {} : { encoding: out.encoding }),
    ...(expire === undefined ? {} : { expireAt: Number(expire) }),
  };
}
