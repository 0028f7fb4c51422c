import { ScanTable, SortedSet, type EntryCallback, type LexRange, type ScoreRange } from '@kv/structures';
import type { Collection } from '../value.js';

/** zset-max-listpack-entries / -value, read from the config when a command runs. */
export interface ZSetLimits {
  readonly maxListpackEntries: number;
  readonly maxListpackValue: number;
}

/** ZADD's input flags (zsetAdd's ZADD_IN_*). */
export const ZADD_INCR = 1, ZADD_NX = 2, ZADD_XX = 4, ZADD_GT = 8, ZADD_LT = 16;

/** What zsetAdd did: added, updated, nothing (a NX/XX/GT/LT refusal), or a NaN result. */
export type ZAddOutcome = 'added' | 'updated' | 'unchanged' | 'nop' | 'nan';

/**
 * A sorted set value. kv keeps every sorted set in one SortedSet (skip list
 * plus map); the encoding Redis would use is tracked beside it, because
 * OBJECT ENCODING and ZSCAN's answer depend on it: a "listpack" set is
 * returned whole by one ZSCAN call, a "skiplist" one is walked with a
 * reverse-binary cursor over `scan`, kept only in that encoding.
 */
export class ZSetValue implements Collection {
  readonly type = 'zset';
  readonly set = new SortedSet();
  private scanTable: ScanTable | undefined;
  /**
   * Set while a background snapshot writes this sorted set in pieces: told
   * of a member's score before and after each change (undefined: absent),
   * just before it happens or, for range removals and pops, as each member
   * goes (persistence/snapshot-collections.ts).
   */
  beforeChange: ((member: string, oldScore: number | undefined, newScore: number | undefined) => void) | undefined = undefined;

  private constructor(listpack: boolean) {
    if (!listpack) this.scanTable = new ScanTable();
  }

  /** zaddGenericCommand's choice for a new key: skiplist at once when the first member is already too long. */
  static forFirstMember(memberLength: number, limits: ZSetLimits): ZSetValue {
    return new ZSetValue(limits.maxListpackEntries !== 0 && memberLength <= limits.maxListpackValue);
  }

  /** A new, empty listpack-encoded set (ZRANGESTORE's destination). */
  static listpack(): ZSetValue {
    return new ZSetValue(true);
  }

  /** A new, empty skiplist-encoded set (the destination of ZUNIONSTORE and friends before zsetConvertToListpackIfNeeded). */
  static skiplist(members = 0): ZSetValue {
    const z = new ZSetValue(false);
    // rdbLoadObject's dictExpand for the members a file says are coming.
    if (members > 0) z.scanTable!.reserve(members);
    return z;
  }

  get size(): number {
    return this.set.size;
  }

  get isListpack(): boolean {
    return this.scanTable === undefined;
  }

  encoding(): string {
    return this.isListpack ? 'listpack' : 'skiplist';
  }

  clone(): ZSetValue {
    const copy = new ZSetValue(this.isListpack);
    for (const { member, score } of this.set.entries()) copy.insert(member, score);
    return copy;
  }

  score(member: string): number | undefined {
    return this.set.score(member);
  }

  /** zsetAdd: NX/XX/GT/LT/INCR semantics, converting to skiplist as Redis does before the insert that would overflow. */
  add(member: string, score: number, flags: number, limits: ZSetLimits): { outcome: ZAddOutcome; score: number } {
    if (Number.isNaN(score)) return { outcome: 'nan', score };
    const current = this.set.score(member);
    if (current !== undefined) {
      if (flags & ZADD_NX) return { outcome: 'nop', score: current };
      if (flags & ZADD_INCR) {
        score += current;
        if (Number.isNaN(score)) return { outcome: 'nan', score };
      }
      if ((flags & ZADD_LT && score >= current) || (flags & ZADD_GT && score <= current)) return { outcome: 'nop', score: current };
      if (score !== current) {
        this.beforeChange?.(member, current, this.stored(score));
        this.set.set(member, this.stored(score));
        return { outcome: 'updated', score };
      }
      return { outcome: 'unchanged', score };
    }
    if (flags & ZADD_XX) return { outcome: 'nop', score };
    if (this.isListpack && (this.set.size + 1 > limits.maxListpackEntries || member.length > limits.maxListpackValue)) {
      this.convertToSkiplist();
    }
    this.insert(member, score);
    return { outcome: 'added', score };
  }

  /**
   * A listpack stores a score that is an integer as one (double2ll), so -0
   * comes back as 0; a skiplist keeps the double. (Replies to the command
   * that set it still show the computed score, as zsetAdd's newscore does.)
   */
  private stored(score: number): number {
    return score === 0 && this.isListpack ? 0 : score;
  }

  /** Adds a member known to be absent (building results and copies). */
  insert(member: string, score: number): void {
    this.beforeChange?.(member, undefined, this.stored(score));
    this.set.set(member, this.stored(score));
    this.scanTable?.add(member);
  }

  delete(member: string): boolean {
    const watch = this.beforeChange;
    if (watch !== undefined) {
      const score = this.set.score(member);
      if (score === undefined) return false;
      watch(member, score, undefined);
    }
    if (!this.set.delete(member)) return false;
    this.scanTable?.delete(member);
    return true;
  }

  deleteRangeByScore(range: ScoreRange): number {
    return this.set.deleteRangeByScore(range, this.forget());
  }

  deleteRangeByLex(range: LexRange): number {
    return this.set.deleteRangeByLex(range, this.forget());
  }

  deleteRangeByRank(start: number, end: number): number {
    return this.set.deleteRangeByRank(start, end, this.forget());
  }

  pop(max: boolean, count: number, emit: EntryCallback): number {
    const forget = this.forget();
    return max
      ? this.set.popMax(count, (m, s) => (forget?.(m, s), emit(m, s)))
      : this.set.popMin(count, (m, s) => (forget?.(m, s), emit(m, s)));
  }

  private forget(): EntryCallback | undefined {
    const table = this.scanTable;
    const watch = this.beforeChange;
    if (watch !== undefined) {
      return (member, score) => {
        watch(member, score, undefined);
        table?.delete(member);
      };
    }
    return table === undefined ? undefined : (member) => void table.delete(member);
  }

  /** zsetConvert to skiplist: on overflow, and (destructively, as in Redis) before SORT reads the set. */
  convertToSkiplist(): void {
    if (!this.isListpack) return;
    const table = new ScanTable();
    for (const { member } of this.set.entries()) table.add(member);
    this.scanTable = table;
  }

  /**
   * zsetConvertToListpackIfNeeded, for the results of ZUNIONSTORE and
   * friends: back to listpack when small enough.
   */
  convertToListpackIfNeeded(maxMemberLength: number, limits: ZSetLimits): void {
    if (!this.isListpack && this.set.size <= limits.maxListpackEntries && maxMemberLength <= limits.maxListpackValue) {
      this.scanTable = undefined;
      const negativeZeros: string[] = [];
      for (const e of this.set.entries()) if (Object.is(e.score, -0)) negativeZeros.push(e.member);
      for (const m of negativeZeros) {
        this.beforeChange?.(m, -0, 0);
        this.set.delete(m);
        this.set.set(m, 0);
      }
    }
  }

  /** One ZSCAN step over a skiplist-encoded set; returns the next cursor. */
  scan(cursor: bigint, count: number, emit: (member: string) => void): number {
    const table = this.scanTable!;
    let next = table.scanCursorFromUser(cursor);
    let budget = count * 10;
    let found = 0;
    do {
      next = table.scanStep(next, (m) => {
        found++;
        emit(m);
      });
    } while (next !== 0 && budget-- > 0 && found < count);
    return next;
  }
}
