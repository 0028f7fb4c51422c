// Redis's eviction pool (evict.c, EVPOOL_SIZE): the best candidates seen so
// far, kept across calls and across databases, sorted by ascending `idle`
// (idle time for LRU, 255 - counter for LFU, the reverse of the expiry for
// TTL), so the best to evict sits at the right end. Each sampling round
// inserts its keys where they rank; a full pool drops its worst entry.

export const EVPOOL_SIZE = 16;

export class EvictionPool {
  readonly idle = new Float64Array(EVPOOL_SIZE);
  /** undefined marks an empty slot; filled slots are always a prefix. */
  readonly keys: (string | undefined)[] = new Array<string | undefined>(EVPOOL_SIZE).fill(undefined);
  readonly dbs = new Int32Array(EVPOOL_SIZE);

  /** evictionPoolPopulate's insertion of one sampled key. Like Redis, it does not look for the key already being there. */
  insert(idle: number, key: string, db: number): void {
    const keys = this.keys;
    let k = 0;
    while (k < EVPOOL_SIZE && keys[k] !== undefined && this.idle[k]! < idle) k++;
    if (k === 0 && keys[EVPOOL_SIZE - 1] !== undefined) {
      // Worse than everything in a full pool.
      return;
    } else if (k < EVPOOL_SIZE && keys[k] === undefined) {
      // An empty slot: nothing to move.
    } else if (keys[EVPOOL_SIZE - 1] === undefined) {
      // Room on the right: shift k.. one to the right.
      this.move(k + 1, k, EVPOOL_SIZE - k - 1);
    } else {
      // Full: drop the worst (slot 0) by shifting 1..k-1 left, insert at k-1.
      k--;
      this.move(0, 1, k);
    }
    keys[k] = key;
    this.idle[k] = idle;
    this.dbs[k] = db;
  }

  /** Empties slot k (the caller takes entries from the right). */
  clear(k: number): void {
    this.keys[k] = undefined;
    this.idle[k] = 0;
  }

  /** The filled slots, best last (for tests). */
  entries(): { key: string; idle: number; db: number }[] {
    const out: { key: string; idle: number; db: number }[] = [];
    for (let k = 0; k < EVPOOL_SIZE; k++) {
      const key = this.keys[k];
      if (key !== undefined) out.push({ key, idle: this.idle[k]!, db: this.dbs[k]! });
    }
    return out;
  }

  /** memmove of n entries from `from` to `to`. */
  private move(to: number, from: number, n: number): void {
    if (n <= 0) return;
    this.idle.copyWithin(to, from, from + n);
    this.dbs.copyWithin(to, from, from + n);
    this.keys.copyWithin(to, from, from + n);
  }
}
