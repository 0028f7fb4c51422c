// Sets and maps of keys that a snapshot builds while it runs (keys written,
// created, saved). A JS Set or Map that grows past a power of two rehashes
// every entry at once: at a million keys that is tens of milliseconds on the
// event loop, in the middle of a slice. Spread over SHARDS tables, each one
// stays small and so does each rehash.

const SHARDS = 64;

/**
 * A shard from the length and a few chars (the last four, two in the middle,
 * the first): keys mostly differ there, and reading the whole key costs as
 * much as the set operation itself. A pattern that defeats it only makes
 * shards uneven, never wrong.
 */
function shardOf(key: string): number {
  const n = key.length;
  let h = Math.imul(n, 0x9e3779b1);
  for (let i = n > 4 ? n - 4 : 0; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  if (n > 6) {
    const m = n >>> 1;
    h = Math.imul(h ^ key.charCodeAt(m), 0x01000193);
    h = Math.imul(h ^ key.charCodeAt(m - 1), 0x01000193);
    h = Math.imul(h ^ key.charCodeAt(0), 0x01000193);
  }
  return (h ^ (h >>> 16)) & (SHARDS - 1);
}

export class ShardedSet {
  private readonly shards: Set<string>[] = Array.from({ length: SHARDS }, () => new Set<string>());

  has(key: string): boolean {
    return this.shards[shardOf(key)]!.has(key);
  }

  add(key: string): void {
    this.shards[shardOf(key)]!.add(key);
  }

  /** Adds `key`; false when it was there already. */
  addNew(key: string): boolean {
    const shard = this.shards[shardOf(key)]!;
    const before = shard.size;
    return shard.add(key).size !== before;
  }
}

export class ShardedMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    return this.shards[shardOf(key)]!.has(key);
  }

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]!.get(key);
  }

  set(key: string, value: V): void {
    const shard = this.shards[shardOf(key)]!;
    const before = shard.size;
    shard.set(key, value);
    this.count += shard.size - before;
  }

  delete(key: string): boolean {
    if (!this.shards[shardOf(key)]!.delete(key)) return false;
    this.count--;
    return true;
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
    this.count = 0;
  }

  /** Every entry; as with a Map, entries added meanwhile may or may not be visited. */
  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards) yield* shard;
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) yield* shard.values();
  }
}
