import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { RdbStream, readRdbInto, type RdbCollectionSink, type RdbCollectionStart, type RdbItem, type RdbVisitor } from '@kv/persistence';
import type { Config } from '../config/config.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { HashValue, type HashLimits } from '../keyspace/types/hash-value.js';
import { hashLimits, maxIntsetEntries, zsetLimits } from '../keyspace/types/limits.js';
import { ListValue } from '../keyspace/types/list-value.js';
import { SetValue } from '../keyspace/types/set-value.js';
import { ZSetValue } from '../keyspace/types/zset-value.js';
import type { StringEncodingOverride, Value } from '../keyspace/value.js';
import { fromRdbValue, persistenceLimits } from './rdb-values.js';

// Loading an RDB file into the keyspace, streamed: records are handled as
// the file is read (RdbStream), and big collections are built straight
// from their elements as they come (rdbLoadObject builds its dicts and
// skiplists the same way), never as a plain Map or Set first.

/** What loading found. */
export interface LoadResult {
  readonly keys: number;
  readonly expired: number;
}

/** A collection being built from its elements, or skipped (already expired). */
interface Building {
  readonly start: RdbCollectionStart;
  readonly skip: boolean;
  value: Value | undefined;
  /** zset: the longest member, for the listpack check at the end, and how many members were given. */
  longest: number;
  given: number;
}

/** A visitor putting keys into the keyspace, skipping the ones already expired (as a master does). */
class KeyspaceLoader implements RdbVisitor, RdbCollectionSink {
  keys = 0;
  expired = 0;
  private readonly now = Date.now();
  private building: Building | undefined;
  private readonly hashLimits: HashLimits;
  private readonly maxIntset: number;
  readonly collection: RdbCollectionSink = this;

  /**
   * `startUp`: the keyspace is empty and nothing else runs (no client, no
   * snapshot), so keys go in by Database.loadKey, and a key twice in the
   * file stops the load as it stops Redis's. Otherwise (DEBUG RELOAD, which
   * may MERGE into what is there) by Database.set, a later key replacing.
   */
  constructor(private readonly keyspace: Keyspace, private readonly config: Config, private readonly startUp: boolean) {
    this.hashLimits = hashLimits(config);
    this.maxIntset = maxIntsetEntries(config);
    if (startUp) {
      // What createObject stamps on every object it makes while loading.
      const lru = keyspace.newLru();
      for (const db of keyspace.databases) db.unstampedLru = lru;
    }
  }

  item(item: RdbItem): void {
    if (item.kind === 'resize-db') {
      this.keyspace.databases[item.db]!.reserve(item.dbSize, item.expiresSize);
      return;
    }
    if (item.kind !== 'key') return;
    if (item.expireAt !== -1 && item.expireAt < this.now) {
      this.expired++;
      return;
    }
    const loaded = fromRdbValue(item, this.config);
    this.store(item.db, item.key, loaded.value, item.expireAt, loaded.stringEncoding);
    this.setIdleOrFrequency(item.db, item.key, item.lruIdle, item.lfuFreq);
  }

  /** objectSetLRUOrLFU: the IDLE or FREQ the file gives, each only under the policy that keeps it. */
  private setIdleOrFrequency(db: number, key: string, idle: number | undefined, freq: number | undefined): void {
    const database = this.keyspace.databases[db]!;
    if (idle !== undefined) database.setIdleSeconds(key, idle);
    if (freq !== undefined) database.setFrequency(key, freq);
  }

  stringKey(db: number, key: string, value: string, expireAt: number): void {
    if (expireAt !== -1 && expireAt < this.now) {
      this.expired++;
      return;
    }
    // A string read from a file has the encoding its value implies: no override to keep.
    this.store(db, key, value, expireAt, undefined);
  }

  begin(start: RdbCollectionStart): void {
    const skip = start.expireAt !== -1 && start.expireAt < this.now;
    let value: Value | undefined;
    if (!skip) {
      switch (start.type) {
        case 'hash': value = HashValue.sized(start.count, this.hashLimits); break;
        case 'list': value = new ListValue(); break;
        case 'zset': value = ZSetValue.skiplist(start.count); break;
        case 'set': value = undefined; break; // its first member decides intset or hashtable
      }
    }
    this.building = { start, skip, value, longest: 0, given: 0 };
  }

  elements(values: readonly string[], scores: readonly number[] | undefined): void {
    const b = this.building!;
    if (b.skip) return;
    switch (b.start.type) {
      case 'hash': {
        const hash = b.value as HashValue;
        const limits = this.hashLimits;
        for (let i = 0; i < values.length; i += 2) {
          if (!hash.set(values[i]!, values[i + 1]!, limits)) throw new Error('Duplicate hash fields detected');
        }
        return;
      }
      case 'set': {
        const max = this.maxIntset;
        for (let i = 0; i < values.length; i++) {
          const m = values[i]!;
          const set = (b.value ??= SetValue.sized(m, b.start.count, max)) as SetValue;
          if (!set.add(m, max)) throw new Error('Duplicate set members detected');
        }
        return;
      }
      case 'zset': {
        // A member twice leaves the set smaller than the elements given: found at the end (a lookup each would cost as much as the insert).
        const z = b.value as ZSetValue;
        for (let i = 0; i < values.length; i++) {
          const m = values[i]!;
          z.insert(m, scores![i]!);
          if (m.length > b.longest) b.longest = m.length;
        }
        b.given += values.length;
        return;
      }
      case 'list': {
        const items = (b.value as ListValue).items;
        for (let i = 0; i < values.length; i++) items.pushBack(values[i]!);
        return;
      }
    }
  }

  end(): void {
    const b = this.building!;
    this.building = undefined;
    if (b.skip) {
      this.expired++;
      return;
    }
    const value = b.value;
    // An empty collection: Redis skips such keys.
    if (value === undefined || (value instanceof ListValue ? value.length === 0 : (value as HashValue).size === 0)) return;
    if (value instanceof ZSetValue) {
      if (value.size !== b.given) throw new Error('Duplicate zset fields detected');
      value.convertToListpackIfNeeded(b.longest, zsetLimits(this.config));
    }
    this.store(b.start.db, b.start.key, value, b.start.expireAt, undefined);
    this.setIdleOrFrequency(b.start.db, b.start.key, b.start.lruIdle, b.start.lfuFreq);
  }

  private store(db: number, key: string, value: Value, expireAt: number, encoding: StringEncodingOverride | undefined): void {
    const database = this.keyspace.databases[db]!;
    if (this.startUp) {
      // rdbLoad's "RDB has duplicated key" (a panic there).
      if (!database.loadKey(key, value, expireAt, encoding)) throw new Error(`RDB has duplicated key '${key}' in DB ${db}`);
    } else {
      database.set(key, value, encoding === undefined ? undefined : { encoding });
      if (expireAt !== -1) database.setExpire(key, expireAt);
    }
    this.keys++;
  }
}

function readOptions(keyspace: Keyspace, config: Config): { limits: ReturnType<typeof persistenceLimits>; databases: number } {
  return { limits: persistenceLimits(config), databases: keyspace.databases.length };
}

/** Streams `file` into the keyspace (at start-up: the server is not accepting yet). */
export async function loadRdbInto(keyspace: Keyspace, config: Config, file: string): Promise<LoadResult> {
  const loader = new KeyspaceLoader(keyspace, config, true);
  await readRdbInto(createReadStream(file, { highWaterMark: READ_CHUNK }), loader, readOptions(keyspace, config));
  return { keys: loader.keys, expired: loader.expired };
}

/** The same, blocking (DEBUG RELOAD, as in Redis), still reading the file a chunk at a time. */
export function loadRdbIntoSync(keyspace: Keyspace, config: Config, file: string): LoadResult {
  const loader = new KeyspaceLoader(keyspace, config, false);
  const stream = new RdbStream(loader, readOptions(keyspace, config));
  const fd = openSync(file, 'r');
  try {
    while (!stream.done) {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      const n = readSync(fd, chunk, 0, READ_CHUNK, null);
      if (n === 0) break;
      stream.push(chunk.subarray(0, n));
    }
    stream.finish();
  } finally {
    closeSync(fd);
  }
  return { keys: loader.keys, expired: loader.expired };
}

const READ_CHUNK = 1 << 20;
