// A Map (and a Set) of strings that never stops the world to grow. V8 grows a Map by
// rebuilding it whole, at once: 130 ms at a million keys, 270 ms at two, in
// which a server answers nobody (Redis's dict rehashes a bucket at a time).
// Split over SHARDS Maps by a hash of the key, the rebuild that comes with
// growth concerns one shard, 1/256 of the keys. Small maps stay one Map, so
// they pay nothing for the hash: the split happens once, at SPLIT_AT keys.

import { hashKey } from './hash.js';

const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;
/** Keys at which one Map becomes SHARDS (moving them costs about 2 ms, once). */
const SPLIT_AT = 1 << 15;

function shardOf(key: string): number {
  return hashKey(key) & (SHARDS - 1);
}

export class ShardedMap<V> implements Iterable<[string, V]> {
  /** One Map until SPLIT_AT keys, then SHARDS of them. */
  private shards: Map<string, V>[] = [new Map()];
  private count = 0;

  get size(): number {
    return this.count;
  }

  private shard(key: string): Map<string, V> {
    const shards = this.shards;
    return shards.length === 1 ? shards[0]! : shards[shardOf(key)]!;
  }

  get(key: string): V | undefined {
    return this.shard(key).get(key);
  }

  has(key: string): boolean {
    return this.shard(key).has(key);
  }

  set(key: string, value: V): this {
    const shard = this.shard(key);
    const before = shard.size;
    shard.set(key, value);
    if (shard.size !== before && ++this.count >= SPLIT_AT && this.shards.length === 1) this.split();
    return this;
  }

  /** Makes room for `n` keys up front (RESIZEDB): a map that will be split is split while empty. */
  reserve(n: number): void {
    if (n >= SPLIT_AT && this.shards.length === 1 && this.count === 0) this.shards = Array.from({ length: SHARDS }, () => new Map<string, V>());
  }

  /**
   * Sets a key the caller believes absent, in one lookup instead of has()
   * then set(); false (and the value replaced) when it was there after all.
   */
  setNew(key: string, value: V): boolean {
    const shard = this.shard(key);
    const before = shard.size;
    shard.set(key, value);
    if (shard.size === before) return false;
    if (++this.count >= SPLIT_AT && this.shards.length === 1) this.split();
    return true;
  }

  delete(key: string): boolean {
    if (!this.shard(key).delete(key)) return false;
    this.count--;
    return true;
  }

  clear(): void {
    this.shards = [new Map()];
    this.count = 0;
  }

  *keys(): IterableIterator<string> {
    for (const shard of this.shards) yield* shard.keys();
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }

  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards) yield* shard.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  private split(): void {
    const one = this.shards[0]!;
    const shards = Array.from({ length: SHARDS }, () => new Map<string, V>());
    for (const [key, value] of one) shards[shardOf(key)]!.set(key, value);
    this.shards = shards;
  }
}

/** The Set counterpart of ShardedMap, for sets of keys that can grow to millions (a snapshot's keys saved). */
export class ShardedSet {
  private readonly map = new ShardedMap<true>();

  get size(): number {
    return this.map.size;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  add(key: string): this {
    this.map.set(key, true);
    return this;
  }

  /** Adds `key`; false when it was there already. */
  addNew(key: string): boolean {
    const before = this.map.size;
    return this.map.set(key, true).size !== before;
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.map.keys();
  }
}
