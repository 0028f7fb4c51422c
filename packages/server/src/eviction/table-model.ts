// The memory of the keyspace's tables, followed from the outside. A JS Map's
// size is set by V8's OrderedHashTable policy, not by its entry count: a
// deleted entry keeps its slot until the table is next rebuilt, and a table
// rebuilds only when full, at the same capacity when at least half of it is
// deleted slots and at twice the capacity otherwise; it halves when under a
// quarter full. Under the churn of a cache (keys added and evicted all the
// time) that keeps maps up to twice as large as a freshly filled one, which an
// estimate per key cannot see. The keyspace tells these models every insert
// and delete (it sees them all: the one door), and they apply the same rules,
// so the estimate follows the tables as V8 sizes them. Likewise for the SCAN
// tables, whose policy is @kv/structures' ScanTable's.

/** V8's OrderedHashTable::kInitialCapacity: a new Map already has it. */
const MAP_INITIAL_CAPACITY = 4;
/** Slots per Map entry: key, value, chain link (OrderedHashMap::kEntrySize + 1). */
const MAP_ENTRY_SLOTS = 3;
/** The table's header slots: element, deleted and bucket counts. */
const MAP_HEADER_SLOTS = 3;
const POINTER = 8;

/** A JS Map's backing store (OrderedHashMap), from its inserts and deletes. */
export class MapModel {
  capacity = MAP_INITIAL_CAPACITY;
  live = 0;
  deleted = 0;

  /** The backing store: header, one bucket per two entries, the entries. */
  get bytes(): number {
    const c = this.capacity;
    return POINTER * (MAP_HEADER_SLOTS + c / 2 + MAP_ENTRY_SLOTS * c);
  }

  /** A new key (EnsureCapacityForAdding); returns the change in bytes. */
  add(): number {
    this.live++;
    if (this.live - 1 + this.deleted < this.capacity) return 0;
    const before = this.bytes;
    // Full: rebuilt without its deleted slots, at the same size if they were half of it.
    if (this.deleted < this.capacity >> 1) this.capacity <<= 1;
    this.deleted = 0;
    return this.bytes - before;
  }

  /** A key deleted (MapPrototypeDelete, then Shrink under a quarter full); returns the change in bytes. */
  delete(): number {
    this.live--;
    this.deleted++;
    if (this.live >= this.capacity >> 2 || this.capacity <= MAP_INITIAL_CAPACITY) return 0;
    const before = this.bytes;
    this.capacity >>= 1;
    this.deleted = 0;
    return this.bytes - before;
  }
}

/** ScanTable's INITIAL_SIZE and MIN_FILL (percent). */
const SCAN_INITIAL_SIZE = 4;
const SCAN_MIN_FILL = 10;

/** A ScanTable's buckets (one pointer each), from its adds and deletes: grows at one key per bucket, shrinks under 10% full. */
export class ScanTableModel {
  size = SCAN_INITIAL_SIZE;
  used = 0;

  get bytes(): number {
    return POINTER * this.size;
  }

  add(): number {
    const before = this.bytes;
    if (this.used >= this.size) this.size = powerOfTwoAtLeast(this.used + 1);
    this.used++;
    return this.bytes - before;
  }

  delete(): number {
    const before = this.bytes;
    this.used--;
    if (this.size > SCAN_INITIAL_SIZE && this.used * 100 < this.size * SCAN_MIN_FILL) this.size = powerOfTwoAtLeast(this.used);
    return this.bytes - before;
  }

  /** A table filled with `n` keys at once; returns the change in bytes. */
  reset(n: number): number {
    const before = this.bytes;
    this.used = n;
    this.size = powerOfTwoAtLeast(n);
    return this.bytes - before;
  }
}

function powerOfTwoAtLeast(n: number): number {
  let size = SCAN_INITIAL_SIZE;
  while (size < n) size *= 2;
  return size;
}
