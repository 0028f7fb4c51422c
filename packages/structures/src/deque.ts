/**
 * A double-ended queue on a power-of-two ring buffer: O(1) push and pop at
 * both ends and O(1) access by index, which is what Redis's list commands
 * need (LPUSH/RPOP at the ends, LINDEX/LSET/LRANGE by position). Inserting
 * or removing in the middle moves the shorter side, as a quicklist would
 * only touch one node but never more than half the list here.
 *
 * The buffer shrinks when it is a quarter full, so a list that grew big and
 * was popped empty does not keep its memory.
 */
export class Deque<T> {
  private buf: (T | undefined)[];
  private mask: number;
  private head = 0;
  private len = 0;

  constructor(capacity = MIN_CAPACITY) {
    const cap = capacityFor(capacity);
    this.buf = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  static from<T>(items: Iterable<T>): Deque<T> {
    const list = Array.isArray(items) ? (items as T[]) : [...items];
    const d = new Deque<T>(list.length);
    for (let i = 0; i < list.length; i++) d.buf[i] = list[i];
    d.len = list.length;
    return d;
  }

  get length(): number {
    return this.len;
  }

  /** The element at index i (0 = front); undefined outside 0..length-1. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.len) return undefined;
    return this.buf[(this.head + i) & this.mask];
  }

  /** Replaces the element at index i; false when i is out of range. */
  set(i: number, value: T): boolean {
    if (i < 0 || i >= this.len) return false;
    this.buf[(this.head + i) & this.mask] = value;
    return true;
  }

  pushBack(value: T): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.buf[(this.head + this.len) & this.mask] = value;
    this.len++;
  }

  pushFront(value: T): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = value;
    this.len++;
  }

  popFront(): T | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.maybeShrink();
    return v;
  }

  popBack(): T | undefined {
    if (this.len === 0) return undefined;
    const at = (this.head + this.len - 1) & this.mask;
    const v = this.buf[at];
    this.buf[at] = undefined;
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Inserts before index i (0..length; length appends), moving the shorter side. */
  insert(i: number, value: T): void {
    if (i < 0 || i > this.len) throw new RangeError(`insert index ${i} out of range`);
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    const buf = this.buf, mask = this.mask;
    if (i < this.len / 2) {
      this.head = (this.head - 1) & mask;
      for (let j = 0; j < i; j++) buf[(this.head + j) & mask] = buf[(this.head + j + 1) & mask];
    } else {
      for (let j = this.len; j > i; j--) buf[(this.head + j) & mask] = buf[(this.head + j - 1) & mask];
    }
    buf[(this.head + i) & mask] = value;
    this.len++;
  }

  /** Removes n elements from the front (all if n >= length). */
  dropFront(n: number): void {
    const k = Math.min(Math.max(n, 0), this.len);
    for (let j = 0; j < k; j++) this.buf[(this.head + j) & this.mask] = undefined;
    this.head = (this.head + k) & this.mask;
    this.len -= k;
    this.maybeShrink();
  }

  /** Removes n elements from the back (all if n >= length). */
  dropBack(n: number): void {
    const k = Math.min(Math.max(n, 0), this.len);
    for (let j = this.len - k; j < this.len; j++) this.buf[(this.head + j) & this.mask] = undefined;
    this.len -= k;
    this.maybeShrink();
  }

  /**
   * Removes up to `limit` elements matching `match` (0 = no limit), scanning
   * from the front or, with fromBack, from the back; returns how many went.
   * One compacting pass: O(length) whatever is removed (LREM).
   */
  removeWhere(match: (v: T) => boolean, limit: number, fromBack = false): number {
    const buf = this.buf, mask = this.mask, n = this.len;
    let removed = 0;
    if (!fromBack) {
      let w = 0;
      for (let r = 0; r < n; r++) {
        const v = buf[(this.head + r) & mask] as T;
        if ((limit === 0 || removed < limit) && match(v)) removed++;
        else buf[(this.head + w++) & mask] = v;
      }
      for (let j = w; j < n; j++) buf[(this.head + j) & mask] = undefined;
    } else {
      let w = n - 1;
      for (let r = n - 1; r >= 0; r--) {
        const v = buf[(this.head + r) & mask] as T;
        if ((limit === 0 || removed < limit) && match(v)) removed++;
        else buf[(this.head + w--) & mask] = v;
      }
      for (let j = 0; j <= w; j++) buf[(this.head + j) & mask] = undefined;
      this.head = (this.head + removed) & mask;
    }
    this.len = n - removed;
    this.maybeShrink();
    return removed;
  }

  /** Index of the first element from `from` on that matches, or -1. */
  indexOf(match: (v: T) => boolean, from = 0): number {
    for (let i = Math.max(from, 0); i < this.len; i++) if (match(this.buf[(this.head + i) & this.mask] as T)) return i;
    return -1;
  }

  /** Elements start..end-1, clamped to the deque, in order. */
  slice(start = 0, end = this.len): T[] {
    const s = Math.max(start, 0), e = Math.min(end, this.len);
    const out: T[] = [];
    for (let i = s; i < e; i++) out.push(this.buf[(this.head + i) & this.mask] as T);
    return out;
  }

  toArray(): T[] {
    return this.slice();
  }

  clone(): Deque<T> {
    return Deque.from(this.toArray());
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.len; i++) yield this.buf[(this.head + i) & this.mask] as T;
  }

  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap > MIN_CAPACITY && this.len <= cap / 4) this.resize(capacityFor(this.len * 2));
  }

  private resize(cap: number): void {
    const next = new Array<T | undefined>(cap);
    for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & this.mask];
    this.buf = next;
    this.mask = cap - 1;
    this.head = 0;
  }
}

const MIN_CAPACITY = 8;

function capacityFor(n: number): number {
  let cap = MIN_CAPACITY;
  while (cap < n) cap *= 2;
  return cap;
}
