// A map from latin1 strings to values that scans as Redis's dict.c does:
// the keys live in a ScanTable (reverse-binary cursors, incremental
// rehashing, fair random picks) and the values beside them in a Map. The
// hash and set types of the server use it for their `hashtable` encoding, so
// HSCAN/SSCAN keep SCAN's guarantee and HRANDFIELD picks in O(1).

import { ScanTable } from './scan-table.js';

export class ScanMap<V> {
  private readonly table = new ScanTable();
  private readonly map = new Map<string, V>();

  get size(): number {
    return this.map.size;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Sets a key's value; true when the key is new. */
  set(key: string, value: V): boolean {
    const map = this.map;
    const before = map.size;
    map.set(key, value);
    if (map.size === before) return false;
    this.table.add(key);
    return true;
  }

  /** Sizes the key table for `n` keys up front (ScanTable.reserve). */
  reserve(n: number): void {
    this.table.reserve(n);
  }

  /** Removes a key; true if it was there. */
  delete(key: string): boolean {
    if (!this.map.delete(key)) return false;
    this.table.delete(key);
    return true;
  }

  clear(): void {
    this.map.clear();
    this.table.clear();
  }

  /** A 64-bit client cursor as a table cursor (see ScanTable.scanCursorFromUser). */
  scanCursorFromUser(cursor: bigint): number {
    return this.table.scanCursorFromUser(cursor);
  }

  /**
   * Visits buckets from `cursor` until at least `count` entries were emitted
   * or `maxBuckets` buckets were visited (scanGenericCommand's loop, which
   * allows 10*count); returns the next cursor, 0 when the iteration is
   * complete. Every key present for the whole iteration is emitted at least once.
   */
  scan(cursor: number, count: number, emit: (key: string, value: V) => void, maxBuckets = count * 10): number {
    const map = this.map;
    let emitted = 0;
    const step = (k: string): void => {
      emitted++;
      emit(k, map.get(k)!);
    };
    do cursor = this.table.scanStep(cursor, step);
    while (cursor !== 0 && maxBuckets-- > 0 && emitted < count);
    return cursor;
  }

  /** A random key (dictGetFairRandomKey), or undefined when empty. */
  randomKey(): string | undefined {
    return this.table.randomKey();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  entries(): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.map.entries();
  }

  /** Moves table buckets for about `ms` milliseconds; true while a resize is still under way. */
  rehashFor(ms: number): boolean {
    return this.table.rehashFor(ms);
  }
}
