import { ScanTable } from '@kv/structures';
import { parseLongLong, type LongLong } from '../../util/integers.js';
import type { Collection } from '../value.js';

/**
 * The index at which `v` is or would be in the sorted array. Integers below
 * 2^53 are numbers and the rest bigints (parseLongLong's one form for each
 * value), and JS's `<` compares the two kinds exactly.
 */
function search(a: readonly LongLong[], v: LongLong): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A set as Redis 7.0 keeps one (t_set.c): an `intset` (a sorted array of
 * 64-bit integers, kept here as numbers and bigints) while every member is an
 * integer in canonical form and there are at most set-max-intset-entries of
 * them, else a `hashtable` (a ScanTable: SSCAN's guarantee, O(1) random
 * members). Redis 7.0 never converts a hashtable set back, and neither do we.
 */
export class SetValue implements Collection {
  readonly type = 'set';
  private ints: LongLong[] | undefined;
  private table: ScanTable | undefined;
  /**
   * Set while a background snapshot writes this set in pieces: told of a
   * member just before it is added or removed (persistence/snapshot-collections.ts).
   */
  beforeChange: ((member: string) => void) | undefined = undefined;

  /** setTypeCreate: the encoding the first member calls for. */
  constructor(first: string) {
    if (parseLongLong(first) !== null) this.ints = [];
    else this.table = new ScanTable();
  }

  /**
   * The set rdbLoadObject makes for `members` members read from a file, the
   * first being `first`: a hashtable sized for all of them when they are
   * more than an intset holds (or the first is no integer), else an intset.
   */
  static sized(first: string, members: number, maxIntset: number): SetValue {
    const set = new SetValue(first);
    if (set.ints !== undefined && members > maxIntset) {
      set.ints = undefined;
      set.table = new ScanTable();
    }
    set.table?.reserve(members);
    return set;
  }

  encoding(): 'intset' | 'hashtable' {
    return this.ints !== undefined ? 'intset' : 'hashtable';
  }

  get size(): number {
    return this.ints !== undefined ? this.ints.length : this.table!.size;
  }

  has(member: string): boolean {
    const ints = this.ints;
    if (ints === undefined) return this.table!.has(member);
    const v = parseLongLong(member);
    if (v === null) return false;
    const i = search(ints, v);
    return i < ints.length && ints[i] === v;
  }

  /** setTypeAdd; `maxIntset` is set-max-intset-entries. True when the member is new. */
  add(member: string, maxIntset: number): boolean {
    this.beforeChange?.(member);
    const ints = this.ints;
    if (ints !== undefined) {
      const v = parseLongLong(member);
      if (v !== null) {
        const i = search(ints, v);
        if (i < ints.length && ints[i] === v) return false;
        ints.splice(i, 0, v);
        if (ints.length > maxIntset) this.convert();
        return true;
      }
      this.convert();
    }
    return this.table!.addIfAbsent(member);
  }

  /** setTypeRemove; true if the member was there. */
  delete(member: string): boolean {
    this.beforeChange?.(member);
    const ints = this.ints;
    if (ints === undefined) return this.table!.delete(member);
    const v = parseLongLong(member);
    if (v === null) return false;
    const i = search(ints, v);
    if (i >= ints.length || ints[i] !== v) return false;
    ints.splice(i, 1);
    return true;
  }

  /** The members in the encoding's order (intset: ascending). The set must not change meanwhile. */
  *members(): IterableIterator<string> {
    if (this.ints !== undefined) for (const v of this.ints) yield String(v);
    else yield* this.table!;
  }

  /** A uniformly random member of a non-empty set (dictGetFairRandomKey for a hashtable). */
  randomMember(): string {
    if (this.ints !== undefined) {
      if (this.ints.length === 0) throw new Error('randomMember of an empty set');
      return String(this.ints[Math.floor(Math.random() * this.ints.length)]!);
    }
    const m = this.table!.randomKey();
    if (m === undefined) throw new Error('randomMember of an empty set');
    return m;
  }

  /** `count` independent uniform picks, repeats allowed (SRANDMEMBER with a negative count). */
  randomMembersWithRepeats(count: number): string[] {
    const out: string[] = [];
    // One fair pick from a hashtable costs a bucket sample; for many picks one copy of the members is cheaper.
    if (this.ints === undefined && count * 16 < this.size) {
      for (let i = 0; i < count; i++) out.push(this.randomMember());
      return out;
    }
    const all = this.ints ?? [...this.table!];
    for (let i = 0; i < count; i++) out.push(String(all[Math.floor(Math.random() * all.length)]!));
    return out;
  }

  /** `count` distinct members chosen uniformly, count < size (SRANDMEMBER's cases 3 and 4, SPOP's). */
  randomDistinctMembers(count: number): string[] {
    const size = this.size;
    // As Redis: a big share is picked by shuffling a copy, a small one by drawing until enough differ.
    if (count * 3 > size || this.ints !== undefined) {
      const all = [...this.members()];
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(Math.random() * (size - i));
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      all.length = count;
      return all;
    }
    const picked = new Set<string>();
    while (picked.size < count) picked.add(this.randomMember());
    return [...picked];
  }

  /** SSCAN's step: an intset is returned whole with cursor 0, as Redis does; a hashtable from the cursor. */
  scan(cursor: bigint, count: number, emit: (member: string) => void): number {
    if (this.ints !== undefined) {
      for (const v of this.ints) emit(String(v));
      return 0;
    }
    const table = this.table!;
    return table.scan(table.scanCursorFromUser(cursor), count, emit);
  }

  clone(): SetValue {
    const copy = new SetValue('0');
    if (this.ints !== undefined) copy.ints = this.ints.slice();
    else {
      copy.ints = undefined;
      copy.table = new ScanTable();
      for (const m of this.table!) copy.table.add(m);
    }
    return copy;
  }

  /** setTypeConvert to OBJ_ENCODING_HT. */
  private convert(): void {
    const table = new ScanTable();
    for (const v of this.ints!) table.add(String(v));
    this.table = table;
    this.ints = undefined;
  }
}
