// A set of latin1 strings laid out as Redis's dict.c lays out its keys: a
// power-of-two table of buckets, grown and shrunk by incremental rehashing,
// so that SCAN's reverse-binary cursor keeps Redis's guarantee (every key
// present for the whole iteration is returned at least once) and random
// sampling is O(1). A bucket holds one string, or an array only on collision.

import { BucketTable } from './bucket-table.js';
import type { Bucket } from './bucket-table.js';
import { hashKey, hashString } from './hash.js';

/** DICT_HT_INITIAL_SIZE. */
const INITIAL_SIZE = 4;
/** Shrink when less than this percentage of the buckets would be used (HASHTABLE_MIN_FILL). */
const MIN_FILL = 10;
/** Empty buckets one rehash step may skip, as dictRehash(d, 1)'s empty_visits. */
const EMPTY_VISITS = 10;
/** Keys dictGetFairRandomKey samples before picking one (GETFAIR_NUM_ENTRIES). */
const FAIR_SAMPLE = 15;

export interface ScanTableStats {
  /** Buckets of the main table and, while rehashing, of the new one. */
  tables: { buckets: number; used: number; chains: number; maxChain: number }[];
  rehashing: boolean;
}

function rev32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/** The reverse-binary increment of dictScan: bump the high bits masked by `mask`. */
function nextCursor(v: number, mask: number): number {
  return rev32((rev32((v | ~mask) >>> 0) + 1) >>> 0);
}

function bucketHas(b: Bucket, key: string): boolean {
  return b === key || (typeof b === 'object' && b.includes(key));
}

/** Chains are copied, not pushed to, so a chain array has no spare capacity. */
function bucketAdd(b: Bucket, key: string): Bucket {
  if (b === undefined) return key;
  if (typeof b === 'string') return [b, key];
  const n = b.length;
  const out = new Array<string>(n + 1);
  for (let i = 0; i < n; i++) out[i] = b[i]!;
  out[n] = key;
  return out;
}

/** The bucket without `key`, or `null` when the key was not in it. */
function bucketDelete(b: Bucket, key: string): Bucket | null {
  if (b === key) return undefined;
  if (typeof b !== 'object') return null;
  const i = b.indexOf(key);
  if (i < 0) return null;
  if (b.length === 2) return b[1 - i];
  b[i] = b[b.length - 1]!;
  b.pop();
  return b;
}

function bucketLength(b: Bucket): number {
  return b === undefined ? 0 : typeof b === 'string' ? 1 : b.length;
}

function emitBucket(b: Bucket, emit: (key: string) => void): number {
  if (b === undefined) return 0;
  if (typeof b === 'string') {
    emit(b);
    return 1;
  }
  // A copy: emit may be told about a key and change the table before the loop ends.
  const keys = b.slice();
  for (const k of keys) emit(k);
  return keys.length;
}

const randomIndex = (n: number) => Math.floor(Math.random() * n);

export class ScanTable {
  private t0 = new BucketTable(INITIAL_SIZE);
  /** The table being rehashed into, while rehashing. */
  private t1: BucketTable | undefined;
  /** Next t0 bucket to move while rehashing; every t0 bucket below it is empty. */
  private rehashIndex = 0;
  private used0 = 0;
  private used1 = 0;

  get size(): number {
    return this.used0 + this.used1;
  }

  /** Whether a resize is under way. */
  get rehashing(): boolean {
    return this.t1 !== undefined;
  }

  has(key: string): boolean {
    const h = hashKey(key);
    if (bucketHas(this.t0.get(h & this.t0.mask), key)) return true;
    return this.t1 !== undefined && bucketHas(this.t1.get(h & this.t1.mask), key);
  }

  /** Adds a key the caller knows is absent. */
  add(key: string): void {
    if (this.t1 !== undefined) this.rehashStep();
    // Grow at load factor 1 to the next power of two above used+1, as _dictExpandIfNeeded.
    else if (this.used0 >= this.t0.size) this.startResize(this.used0 + 1);
    const h = hashKey(key);
    if (this.t1 !== undefined) {
      const i = h & this.t1.mask;
      this.t1.set(i, bucketAdd(this.t1.get(i), key));
      this.used1++;
    } else {
      const i = h & this.t0.mask;
      this.t0.set(i, bucketAdd(this.t0.get(i), key));
      this.used0++;
    }
  }

  /** Adds `key` unless it is there; true when it was added. */
  addIfAbsent(key: string): boolean {
    if (this.has(key)) return false;
    this.add(key);
    return true;
  }

  /**
   * dictExpand before a known number of adds (RESIZEDB, a collection's
   * length in an RDB file): the table gets its final size at once instead
   * of growing through every power of two below it.
   */
  reserve(n: number): void {
    if (this.t1 !== undefined || n <= this.t0.size) return;
    if (this.size === 0) {
      let size = INITIAL_SIZE;
      while (size < n) size *= 2;
      this.t0 = new BucketTable(size);
    } else this.startResize(n);
  }

  delete(key: string): boolean {
    if (this.t1 !== undefined) this.rehashStep();
    const h = hashKey(key);
    const i0 = h & this.t0.mask;
    const b0 = bucketDelete(this.t0.get(i0), key);
    if (b0 !== null) {
      this.t0.set(i0, b0);
      this.used0--;
    } else {
      if (this.t1 === undefined) return false;
      const i1 = h & this.t1.mask;
      const b1 = bucketDelete(this.t1.get(i1), key);
      if (b1 === null) return false;
      this.t1.set(i1, b1);
      this.used1--;
    }
    this.shrinkIfSparse();
    return true;
  }

  clear(): void {
    this.t0 = new BucketTable(INITIAL_SIZE);
    this.t1 = undefined;
    this.rehashIndex = 0;
    this.used0 = this.used1 = 0;
  }

  /**
   * Reduces a cursor a client sent (Redis reads up to 64 bits) to the 32
   * bits the table's cursors use. dictScan only ever looks at the bits under
   * its masks, and tables never exceed 2^32 buckets, so no answer changes.
   */
  scanCursorFromUser(cursor: bigint): number {
    return Number(BigInt.asUintN(32, cursor));
  }

  /**
   * SCAN as scanGenericCommand drives dictScan: visits buckets from `cursor`
   * until at least `count` keys were emitted or 10*count buckets were
   * visited, and returns the next cursor (0 once the iteration is complete).
   */
  scan(cursor: number, count: number, emit: (key: string) => void): number;
  /** One dictScan step: emits the bucket(s) at `cursor`, returns the next cursor. */
  scan(cursor: number, emit: (key: string) => void): number;
  scan(cursor: number, countOrEmit: number | ((key: string) => void), maybeEmit?: (key: string) => void): number {
    if (typeof countOrEmit === 'function') return this.scanStep(cursor, countOrEmit);
    const emit = maybeEmit!;
    let budget = countOrEmit * 10;
    let emitted = 0;
    do {
      let n = 0;
      cursor = this.scanStep(cursor, (k) => {
        n++;
        emit(k);
      });
      emitted += n;
    } while (cursor !== 0 && budget-- > 0 && emitted < countOrEmit);
    return cursor;
  }

  /** dictScan: emits the keys of the bucket(s) at `cursor`, returns the next cursor. */
  scanStep(cursor: number, emit: (key: string) => void): number {
    if (this.size === 0) return 0;
    let v = cursor >>> 0;
    if (this.t1 === undefined) {
      const m0 = this.t0.mask;
      emitBucket(this.t0.get(v & m0), emit);
      return nextCursor(v, m0);
    }
    let small = this.t0;
    let large = this.t1;
    if (small.size > large.size) [small, large] = [large, small];
    const m0 = small.mask;
    const m1 = large.mask;
    emitBucket(small.get(v & m0), emit);
    // Then every bucket of the larger table that expands the smaller one's bucket.
    do {
      emitBucket(large.get(v & m1), emit);
      v = nextCursor(v, m1);
    } while ((v & (m0 ^ m1)) !== 0);
    return v;
  }

  /** A random key (dictGetFairRandomKey), or undefined when empty. */
  randomKey(): string | undefined {
    if (this.size === 0) return undefined;
    let picked: string | undefined;
    let seen = 0;
    // Reservoir of one over the sampled keys: uniform among them, no array needed.
    this.sample(FAIR_SAMPLE, (k) => {
      if (randomIndex(++seen) === 0) picked = k;
    });
    return picked ?? this.anyRandomKey();
  }

  /** dictGetRandomKey: a random non-empty bucket, then a random key of its chain. */
  private anyRandomKey(): string | undefined {
    if (this.size === 0) return undefined;
    if (this.t1 !== undefined) this.rehashStep();
    for (;;) {
      let b: Bucket;
      const t1 = this.t1;
      if (t1 !== undefined) {
        const span = this.t0.size + t1.size - this.rehashIndex;
        const i = this.rehashIndex + randomIndex(span);
        b = i >= this.t0.size ? t1.get(i - this.t0.size) : this.t0.get(i);
      } else {
        b = this.t0.get(randomIndex(this.t0.size));
      }
      if (b === undefined) continue;
      return typeof b === 'string' ? b : b[randomIndex(b.length)];
    }
  }

  /**
   * Up to `count` keys from a random stretch of buckets, for eviction and
   * expiry sampling (dictGetSomeKeys of Redis 7.0). May emit fewer keys than
   * asked, and the same key twice.
   */
  sample(count: number, emit: (key: string) => void): void {
    count = Math.min(count, this.size);
    if (count <= 0) return;
    for (let j = 0; j < count && this.t1 !== undefined; j++) this.rehashStep();
    const t0 = this.t0;
    const t1 = this.t1;
    const tables = t1 === undefined ? [t0] : [t0, t1];
    const maxMask = Math.max(t0.size, t1?.size ?? 0) - 1;
    let i = randomIndex(maxMask + 1);
    let stored = 0;
    let emptyRun = 0;
    for (let steps = count * 10; stored < count && steps > 0; steps--) {
      for (let j = 0; j < tables.length; j++) {
        if (j === 0 && t1 !== undefined && i < this.rehashIndex) {
          // t0 is empty below rehashIndex; if t1 is too small to reach i, jump ahead.
          if (i >= t1.size) i = this.rehashIndex;
          else continue;
        }
        const t = tables[j]!;
        if (i >= t.size) continue;
        const b = t.get(i);
        if (b === undefined) {
          emptyRun++;
          if (emptyRun >= 5 && emptyRun > count) {
            i = randomIndex(maxMask + 1);
            emptyRun = 0;
          }
          continue;
        }
        emptyRun = 0;
        if (typeof b === 'string') {
          emit(b);
          if (++stored === count) return;
        } else {
          for (const k of b.slice()) {
            emit(k);
            if (++stored === count) return;
          }
        }
      }
      i = (i + 1) & maxMask;
    }
  }

  /** Every key, in bucket order. The table must not change while iterating. */
  *[Symbol.iterator](): IterableIterator<string> {
    for (const t of this.t1 === undefined ? [this.t0] : [this.t0, this.t1]) {
      for (const b of t.buckets()) {
        if (typeof b === 'string') yield b;
        else yield* b;
      }
    }
  }

  /** Bucket and chain counts, for DEBUG HTSTATS and for checking memory shape. */
  stats(): ScanTableStats {
    const tables = (this.t1 === undefined ? [this.t0] : [this.t0, this.t1]).map((t, j) => {
      let chains = 0;
      let maxChain = 0;
      for (const b of t.buckets()) {
        const n = bucketLength(b);
        if (n > 1) chains++;
        if (n > maxChain) maxChain = n;
      }
      return { buckets: t.size, used: j === 0 ? this.used0 : this.used1, chains, maxChain };
    });
    return { tables, rehashing: this.t1 !== undefined };
  }

  /** Moves buckets for up to about `ms` milliseconds (activerehashing in serverCron); true while more remain. */
  rehashFor(ms: number): boolean {
    const end = performance.now() + ms;
    while (this.t1 !== undefined) {
      for (let i = 0; i < 100 && this.t1 !== undefined; i++) this.rehashStep();
      if (performance.now() >= end) break;
    }
    return this.t1 !== undefined;
  }

  private startResize(needed: number): void {
    let size = INITIAL_SIZE;
    while (size < needed) size *= 2;
    if (size === this.t0.size) return;
    this.t1 = new BucketTable(size);
    this.rehashIndex = 0;
  }

  private shrinkIfSparse(): void {
    if (this.t1 !== undefined) return;
    const size = this.t0.size;
    if (size > INITIAL_SIZE && this.used0 * 100 < size * MIN_FILL) this.startResize(this.used0);
  }

  /** Moves one bucket from t0 to t1 (skipping at most a few empty ones); finishes the resize when done. */
  private rehashStep(): void {
    const t1 = this.t1!;
    const t0 = this.t0;
    const m1 = t1.mask;
    if (this.used0 > 0) {
      let empty = EMPTY_VISITS;
      while (t0.get(this.rehashIndex) === undefined) {
        this.passRehashIndex();
        if (--empty === 0) return;
      }
      const b = t0.get(this.rehashIndex)!;
      t0.set(this.rehashIndex, undefined);
      if (typeof b === 'string') {
        const i = hashString(b) & m1;
        t1.set(i, bucketAdd(t1.get(i), b));
      } else {
        for (const k of b) {
          const i = hashString(k) & m1;
          t1.set(i, bucketAdd(t1.get(i), k));
        }
      }
      const n = bucketLength(b);
      this.used0 -= n;
      this.used1 += n;
      this.passRehashIndex();
    }
    if (this.used0 === 0) {
      this.t0 = t1;
      this.used0 = this.used1;
      this.used1 = 0;
      this.t1 = undefined;
      this.rehashIndex = 0;
    }
  }

  /** Steps past an emptied t0 bucket, freeing t0's memory a chunk at a time. */
  private passRehashIndex(): void {
    if (BucketTable.endsChunk(this.rehashIndex)) this.t0.dropChunkOf(this.rehashIndex);
    this.rehashIndex++;
  }
}
