import { QuicklistSplitter, type RdbEncoder, type RdbKeyHeader } from '@kv/persistence';
import { hashString } from '@kv/structures';
import { HashValue } from '../keyspace/types/hash-value.js';
import { ListValue } from '../keyspace/types/list-value.js';
import { SetValue } from '../keyspace/types/set-value.js';
import { ZSetValue } from '../keyspace/types/zset-value.js';
import type { Value } from '../keyspace/value.js';
import { ShardedMap } from '@kv/structures';

// Big collections in a snapshot, written a few hundred elements at a time
// so that no slice of a BGSAVE holds the event loop for long, and kept as
// they were when the snapshot started without copying them.
//
// Hashes and sets (hashtable) are walked with the table's scan cursor, whose
// reverse-binary order gives every element a fixed place: an element is
// written once the cursor has passed the place of its hash. Sorted sets
// are walked from the highest rank down, as Redis writes them; the place of
// a member is its (score, member). Either way the value tells the writer of
// each element just before it changes (beforeChange), and an element that
// changes before the walk has passed its place is kept as it was and
// written from that copy; elements created since are skipped. Only what
// changes is copied. Lists have no such hook (list commands reach into the
// deque directly): a list's remaining elements are copied, as an array of
// references, when a command is about to change it.

/** A collection being written in pieces. */
export interface PiecewiseValue {
  /**
   * Writes about `budget` more elements; true once the value is complete
   * (endCollection written). The first call begins the collection.
   */
  write(enc: RdbEncoder, budget: number): boolean;
  /** The keyspace is about to change the key holding this value (its beforeWrite hook). */
  keyWillChange(): void;
  /** Stops watching the value: the snapshot wrote it, or was abandoned. */
  release(): void;
}

/** Collections with more elements than this are written in pieces; smaller ones are copied whole when they change. */
export const PIECEWISE_MIN_ELEMENTS = 512;

/**
 * The piecewise writer for `value`, or undefined when it is written whole (a
 * string, a small collection, or one in a compact encoding). `live` is false
 * for a snapshot that runs to its end at once (SAVE): nothing can change
 * meanwhile, so the value is simply walked in its own order, nothing is
 * watched, and the hooks a running BGSAVE may have set are left alone.
 */
export function piecewiseWriter(value: Value, header: RdbKeyHeader, listMaxListpackSize: number, live: boolean): PiecewiseValue | undefined {
  if (typeof value === 'string') return undefined;
  if (value instanceof ListValue) {
    return value.length > PIECEWISE_MIN_ELEMENTS ? new ListWriter(value, header, listMaxListpackSize) : undefined;
  }
  if (value instanceof HashValue) {
    if (value.size <= PIECEWISE_MIN_ELEMENTS || value.encoding() !== 'hashtable') return undefined;
    if (live) return new HashWriter(value, header);
    return new WalkWriter(header, 'hash', value.size, value.entries(), (enc, [f, v]) => enc.hashEntry(f, v));
  }
  if (value instanceof SetValue) {
    if (value.size <= PIECEWISE_MIN_ELEMENTS || value.encoding() !== 'hashtable') return undefined;
    if (live) return new SetWriter(value, header);
    return new WalkWriter(header, 'set', value.size, value.members(), (enc, m) => enc.setMember(m));
  }
  if (value instanceof ZSetValue) {
    if (value.size <= PIECEWISE_MIN_ELEMENTS || value.isListpack) return undefined;
    if (live) return new ZSetWriter(value, header);
    return new WalkWriter(header, 'zset', value.size, value.set.entries(true), (enc, e) => enc.zsetEntry(e.member, e.score));
  }
  return undefined;
}

/** A big collection walked in its own order, for a snapshot that nothing changes meanwhile. */
class WalkWriter<T> implements PiecewiseValue {
  private began = false;

  constructor(
    private readonly header: RdbKeyHeader,
    private readonly type: 'hash' | 'set' | 'zset',
    private readonly count: number,
    private readonly elements: Iterator<T>,
    private readonly emit: (enc: RdbEncoder, element: T) => void,
  ) {}

  write(enc: RdbEncoder, budget: number): boolean {
    if (!this.began) {
      enc.beginCollection(this.header, this.type, this.count);
      this.began = true;
    }
    for (let n = 0; n < budget; n++) {
      const next = this.elements.next();
      if (next.done === true) {
        enc.endCollection();
        return true;
      }
      this.emit(enc, next.value);
    }
    return false;
  }

  keyWillChange(): void {}

  release(): void {}
}

const TWO_32 = 2 ** 32;
/** Elements asked of the table per scan call. */
const SCAN_COUNT = 64;

function rev32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/**
 * An element's place in the scan order of a ScanTable (whatever its size):
 * the bit-reversed hash. After a scan step returning cursor `c`, exactly the
 * elements with a place below rev32(c) have been visited (or c = 0: all).
 */
export function scanPlace(s: string): number {
  return rev32(hashString(s));
}

/** The scan progress after a step returned cursor `next`: places below it are done. */
export function scanProgress(next: number): number {
  return next === 0 ? TWO_32 : rev32(next);
}

/** What a scan-walked collection (hash or set) shares: the cursor, and the copies of elements changed ahead of it. */
abstract class ScannedWriter<Old> implements PiecewiseValue {
  protected readonly count: number;
  protected cursor = 0;
  /** Elements whose place is below this have been written (or, if changed first, kept in `before`). */
  protected progress = 0;
  private began = false;
  private leftovers: Iterator<[string, Old | undefined]> | undefined;
  /** Elements that changed before the scan reached them: what they were at the start (undefined: absent). */
  protected readonly before = new ShardedMap<Old | undefined>();

  constructor(size: number, private readonly header: RdbKeyHeader, private readonly type: 'hash' | 'set') {
    this.count = size;
  }

  /** Called (through the value's beforeChange) before `element` changes. */
  protected changing(element: string): void {
    if (this.progress === TWO_32 || this.before.has(element) || scanPlace(element) < this.progress) return;
    this.before.set(element, this.current(element));
  }

  /** What `element` holds now (undefined: absent). */
  protected abstract current(element: string): Old | undefined;
  /** One scan call from `cursor`, emitting elements; returns the next cursor. */
  protected abstract scan(cursor: number, emit: (element: string, value: string) => void): number;
  protected abstract emit(enc: RdbEncoder, element: string, value: Old): void;
  abstract release(): void;

  keyWillChange(): void {
    // The value itself reports its changes; the key may go or be renamed, the value object stays ours.
  }

  write(enc: RdbEncoder, budget: number): boolean {
    if (!this.began) {
      enc.beginCollection(this.header, this.type, this.count);
      this.began = true;
    }
    let n = 0;
    while (this.progress !== TWO_32) {
      if (n >= budget) return false;
      const from = this.progress;
      const before = this.before;
      const next = this.scan(this.cursor, (element, value) => {
        // Below `from`: visited before the table shrank. In `before`: written from the copy at the end.
        if (scanPlace(element) < from || before.has(element)) return;
        this.emit(enc, element, value as Old);
      });
      n += SCAN_COUNT;
      this.cursor = next;
      this.progress = scanProgress(next);
    }
    // The scan is complete: what changed ahead of it, as it was at the start. Nothing is added to `before` now.
    this.leftovers ??= this.before.entries();
    for (;;) {
      if (n++ >= budget) return false;
      const next = this.leftovers.next();
      if (next.done === true) break;
      const [element, old] = next.value;
      if (old !== undefined) this.emit(enc, element, old);
    }
    enc.endCollection();
    this.release();
    return true;
  }
}

class HashWriter extends ScannedWriter<string> {
  constructor(private readonly hash: HashValue, header: RdbKeyHeader) {
    super(hash.size, header, 'hash');
    hash.beforeChange = (field) => this.changing(field);
  }

  protected current(field: string): string | undefined {
    return this.hash.get(field);
  }

  protected scan(cursor: number, emit: (field: string, value: string) => void): number {
    return this.hash.scan(BigInt(cursor), SCAN_COUNT, emit);
  }

  protected emit(enc: RdbEncoder, field: string, value: string): void {
    enc.hashEntry(field, value);
  }

  release(): void {
    if (this.hash.beforeChange !== undefined) this.hash.beforeChange = undefined;
  }
}

class SetWriter extends ScannedWriter<true> {
  constructor(private readonly set: SetValue, header: RdbKeyHeader) {
    super(set.size, header, 'set');
    set.beforeChange = (member) => this.changing(member);
  }

  protected current(member: string): true | undefined {
    return this.set.has(member) ? true : undefined;
  }

  protected scan(cursor: number, emit: (member: string, value: string) => void): number {
    return this.set.scan(BigInt(cursor), SCAN_COUNT, (m) => emit(m, m));
  }

  protected emit(enc: RdbEncoder, member: string): void {
    enc.setMember(member);
  }

  release(): void {
    if (this.set.beforeChange !== undefined) this.set.beforeChange = undefined;
  }
}

/** A member the walk must pass over: created since the start, or already written and changed since. */
const SKIP = Symbol('skip');

/** Members read from the set per step. */
const RANK_CHUNK = 128;

/**
 * A skiplist sorted set, from the highest (score, member) down. `above`
 * counts the live members at or above the last one written, so the next
 * one is found by rank however the set changed meanwhile.
 */
class ZSetWriter implements PiecewiseValue {
  private readonly count: number;
  private began = false;
  /** The last member written from the live set (undefined before the first). */
  private atMember: string | undefined;
  private atScore = Infinity;
  private above = 0;
  private liveDone = false;
  /** Members that changed: their score at the start if not written yet, else SKIP. */
  private readonly touched = new ShardedMap<number | typeof SKIP>();
  /** Start-state members changed before being written, highest first when popped. */
  private readonly pending = new MaxHeap();
  private readonly members: string[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly zset: ZSetValue, private readonly header: RdbKeyHeader) {
    this.count = zset.size;
    zset.beforeChange = (member, oldScore, newScore) => this.changing(member, oldScore, newScore);
  }

  /** Whether (score, member) is at or above the last member written. */
  private passed(score: number, member: string): boolean {
    const at = this.atMember;
    if (at === undefined) return false;
    return score > this.atScore || (score === this.atScore && member >= at);
  }

  private changing(member: string, oldScore: number | undefined, newScore: number | undefined): void {
    if (oldScore !== undefined && this.passed(oldScore, member)) this.above--;
    if (newScore !== undefined && this.passed(newScore, member)) this.above++;
    if (this.liveDone || this.touched.has(member)) return;
    if (oldScore === undefined || this.passed(oldScore, member)) {
      this.touched.set(member, SKIP);
    } else {
      this.touched.set(member, oldScore);
      this.pending.push(oldScore, member);
    }
  }

  keyWillChange(): void {
    // As for hashes: the sorted set reports its own changes.
  }

  write(enc: RdbEncoder, budget: number): boolean {
    if (!this.began) {
      enc.beginCollection(this.header, 'zset', this.count);
      this.began = true;
    }
    const pending = this.pending;
    const members = this.members, scores = this.scores;
    let n = 0;
    while (n < budget) {
      if (this.liveDone) {
        if (pending.size === 0) {
          enc.endCollection();
          this.release();
          return true;
        }
        enc.zsetEntry(pending.topMember(), pending.pop());
        n++;
        continue;
      }
      // The next live members below the last one written, fetched afresh: the set may have changed since the last call.
      members.length = scores.length = 0;
      this.zset.set.rangeByRank(this.above, this.above + RANK_CHUNK - 1, true, (m, s) => {
        members.push(m);
        scores.push(s);
      });
      let p = 0;
      // Merged with the kept members, highest first, one element per unit of budget.
      while (p < members.length && n < budget) {
        const m = members[p]!, s = scores[p]!;
        n++;
        if (pending.size > 0 && pending.topAbove(s, m)) {
          enc.zsetEntry(pending.topMember(), pending.pop());
          continue;
        }
        if (!this.touched.has(m)) enc.zsetEntry(m, s);
        this.atMember = m;
        this.atScore = s;
        this.above++;
        p++;
      }
      // Nothing live is left below: only the kept members remain (later changes cannot add any).
      if (p === members.length && members.length < RANK_CHUNK) this.liveDone = true;
    }
    return false;
  }

  release(): void {
    if (this.zset.beforeChange !== undefined) this.zset.beforeChange = undefined;
  }
}

/** A binary max-heap of (score, member), ordered as a sorted set ranks them. */
class MaxHeap {
  private readonly s: number[] = [];
  private readonly m: string[] = [];

  get size(): number {
    return this.s.length;
  }

  private above(i: number, j: number): boolean {
    const a = this.s[i]!, b = this.s[j]!;
    return a > b || (a === b && this.m[i]! > this.m[j]!);
  }

  private swap(i: number, j: number): void {
    const s = this.s, m = this.m;
    [s[i], s[j]] = [s[j]!, s[i]!];
    [m[i], m[j]] = [m[j]!, m[i]!];
  }

  push(score: number, member: string): void {
    this.s.push(score);
    this.m.push(member);
    let i = this.s.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Whether the top entry ranks above (score, member). */
  topAbove(score: number, member: string): boolean {
    const a = this.s[0]!;
    return a > score || (a === score && this.m[0]! > member);
  }

  topMember(): string {
    return this.m[0]!;
  }

  /** Removes the top entry; returns its score. */
  pop(): number {
    const s = this.s, m = this.m;
    const top = s[0]!;
    const lastS = s.pop()!, lastM = m.pop()!;
    if (s.length > 0) {
      s[0] = lastS;
      m[0] = lastM;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let best = i;
        if (l < s.length && this.above(l, best)) best = l;
        if (r < s.length && this.above(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }
}

/**
 * A list, as quicklist nodes: a first pass finds where Redis would cut the
 * nodes (the RDB gives their count first), a second writes them. Both read
 * the live deque until a command is about to change the list; then the
 * elements still needed are copied (references only) and read from the copy.
 */
class ListWriter implements PiecewiseValue {
  private live: ListValue | undefined;
  /** The copy, holding elements copyBase.. of the list as it was. */
  private copy: string[] | undefined;
  private copyBase = 0;
  private readonly length: number;
  private readonly splitter: QuicklistSplitter;
  /** Index of the first element of each node (filled by the first pass). */
  private readonly nodeStarts: number[] = [];
  private counted = 0;
  private node = 0;
  private began = false;
  private readonly scratch: string[] = [];

  constructor(list: ListValue, private readonly header: RdbKeyHeader, listMaxListpackSize: number) {
    this.live = list;
    this.length = list.length;
    this.splitter = new QuicklistSplitter(listMaxListpackSize);
  }

  /** The element at `i` of the list as it was at the start. */
  private at(i: number): string {
    return this.copy !== undefined ? this.copy[i - this.copyBase]! : this.live!.items.at(i)!;
  }

  keyWillChange(): void {
    const live = this.live;
    if (live === undefined) return;
    // Counting still needs every element; writing, those of the nodes not written yet.
    const from = this.began ? this.nodeStarts[this.node] ?? this.length : 0;
    const items = live.items;
    const copy = new Array<string>(this.length - from);
    for (let i = from; i < this.length; i++) copy[i - from] = items.at(i)!;
    this.copy = copy;
    this.copyBase = from;
    this.live = undefined;
  }

  write(enc: RdbEncoder, budget: number): boolean {
    let n = 0;
    if (this.counted < this.length) {
      const splitter = this.splitter, starts = this.nodeStarts;
      const end = Math.min(this.length, this.counted + budget);
      for (let i = this.counted; i < end; i++) if (splitter.push(this.at(i))) starts.push(i);
      n = end - this.counted;
      this.counted = end;
      if (end < this.length) return false;
    }
    if (!this.began) {
      enc.beginCollection(this.header, 'list', this.nodeStarts.length);
      this.began = true;
    }
    const starts = this.nodeStarts;
    while (this.node < starts.length) {
      if (n >= budget) return false;
      const start = starts[this.node]!;
      const end = this.node + 1 < starts.length ? starts[this.node + 1]! : this.length;
      if (this.copy !== undefined) {
        enc.listNode(this.copy, start - this.copyBase, end - this.copyBase);
      } else {
        const scratch = this.scratch;
        scratch.length = 0;
        const items = this.live!.items;
        for (let i = start; i < end; i++) scratch.push(items.at(i)!);
        enc.listNode(scratch);
      }
      n += end - start;
      this.node++;
    }
    enc.endCollection();
    this.release();
    return true;
  }

  release(): void {
    this.live = undefined;
    this.copy = undefined;
  }
}
