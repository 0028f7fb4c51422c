// A sorted set as Redis keeps one (t_zset.c's zset): a skip list ordered by
// (score, member bytes) for ranges and ranks, and a member -> node map for
// O(1) scores. Members are latin1 strings, so JS `<` is byte order (memcmp,
// shorter prefix first), the order of sdscmp.

import type { LexRange, ScoreRange } from './ranges.js';
import { lexGteMin, lexLteMax, scoreGteMin, scoreLteMax } from './ranges.js';
import { SkipList } from './skiplist.js';
import type { SkipNode } from './skiplist.js';

/** A member and its score; valid until the set next changes. */
export interface SortedSetEntry {
  readonly member: string;
  readonly score: number;
}

/** ZRANGEBYSCORE / ZRANGEBYLEX options. */
export interface RangeOptions {
  /** Walk from the top (ZREVRANGEBYSCORE): the range is still given as min..max. */
  reverse?: boolean;
  /** Elements of the range to skip first; negative gives nothing, as in Redis. */
  offset?: number;
  /** At most this many; negative or absent means all. */
  limit?: number;
}

export type EntryCallback = (member: string, score: number) => void;

export class SortedSet {
  private readonly dict = new Map<string, SkipNode>();
  private readonly list = new SkipList();

  get size(): number {
    return this.list.length;
  }

  has(member: string): boolean {
    return this.dict.has(member);
  }

  score(member: string): number | undefined {
    return this.dict.get(member)?.score;
  }

  /**
   * Adds a member or changes its score (a score equal to the current one,
   * -0 and 0 included, changes nothing, as zsetAdd). Returns true if the
   * member is new. A NaN score throws: callers report Redis's own errors.
   */
  set(member: string, score: number): boolean {
    if (Number.isNaN(score)) throw new RangeError('sorted set score is NaN');
    const node = this.dict.get(member);
    if (node !== undefined) {
      if (node.score !== score) this.list.updateScore(node, score);
      return false;
    }
    this.dict.set(member, this.list.insert(member, score));
    return true;
  }

  delete(member: string): boolean {
    const node = this.dict.get(member);
    if (node === undefined) return false;
    this.list.delete(node);
    this.dict.delete(member);
    return true;
  }

  /** 0-based rank (ZRANK), counted from the top when `reverse` (ZREVRANK). */
  rank(member: string, reverse = false): number | undefined {
    const node = this.dict.get(member);
    if (node === undefined) return undefined;
    const r = this.list.rankOf(node);
    return reverse ? this.list.length - r : r - 1;
  }

  /** The entry at a 0-based rank, counted from the top when `reverse`. */
  at(rank: number, reverse = false): SortedSetEntry | undefined {
    return this.list.byRank(reverse ? this.list.length - rank : rank + 1) ?? undefined;
  }

  /** A uniformly random entry, or undefined when empty. */
  randomEntry(): SortedSetEntry | undefined {
    return this.at(Math.floor(Math.random() * this.list.length));
  }

  /**
   * Emits ranks start..end inclusive (0-based, already in range, e.g. from
   * normalizeRankRange), from the top when `reverse` (ZREVRANGE).
   */
  rangeByRank(start: number, end: number, reverse: boolean, emit: EntryCallback): void {
    let node = this.list.byRank(reverse ? this.list.length - start : start + 1);
    for (let n = end - start + 1; node !== null && n > 0; n--) {
      emit(node.member, node.score);
      node = reverse ? node.backward : node.next;
    }
  }

  /** Emits the entries with scores in range, honouring offset/limit in O(log n + m). Returns how many. */
  rangeByScore(range: ScoreRange, opts: RangeOptions, emit: EntryCallback): number {
    const list = this.list;
    const reverse = opts.reverse === true;
    const start = reverse ? list.lastInScoreRange(range) : list.firstInScoreRange(range);
    if (start === null) return 0;
    const node = this.skip(start, list.foundRank, reverse, opts.offset ?? 0);
    return this.walk(node, reverse, opts.limit ?? -1, emit, reverse ? (n) => scoreGteMin(n.score, range) : (n) => scoreLteMax(n.score, range));
  }

  /** As rangeByScore, for a lex range (meaningful when all scores are equal, as in Redis). */
  rangeByLex(range: LexRange, opts: RangeOptions, emit: EntryCallback): number {
    const list = this.list;
    const reverse = opts.reverse === true;
    const start = reverse ? list.lastInLexRange(range) : list.firstInLexRange(range);
    if (start === null) return 0;
    const node = this.skip(start, list.foundRank, reverse, opts.offset ?? 0);
    return this.walk(node, reverse, opts.limit ?? -1, emit, reverse ? (n) => lexGteMin(n.member, range) : (n) => lexLteMax(n.member, range));
  }

  /** ZCOUNT, from the ranks of the first and last entries in range. */
  countByScore(range: ScoreRange): number {
    const list = this.list;
    if (list.firstInScoreRange(range) === null) return 0;
    const first = list.foundRank;
    list.lastInScoreRange(range);
    return list.foundRank - first + 1;
  }

  /** ZLEXCOUNT. */
  countByLex(range: LexRange): number {
    const list = this.list;
    if (list.firstInLexRange(range) === null) return 0;
    const first = list.foundRank;
    list.lastInLexRange(range);
    return list.foundRank - first + 1;
  }

  /** ZREMRANGEBYSCORE: returns how many were removed, telling `removed` of each. */
  deleteRangeByScore(range: ScoreRange, removed?: EntryCallback): number {
    return this.list.deleteScoreRange(range, this.forget(removed));
  }

  /** ZREMRANGEBYLEX. */
  deleteRangeByLex(range: LexRange, removed?: EntryCallback): number {
    return this.list.deleteLexRange(range, this.forget(removed));
  }

  /** ZREMRANGEBYRANK over 0-based inclusive ranks already in range. */
  deleteRangeByRank(start: number, end: number, removed?: EntryCallback): number {
    return this.list.deleteRankRange(start + 1, end + 1, this.forget(removed));
  }

  /** ZPOPMIN: removes up to `count` lowest entries, emitting them lowest first. */
  popMin(count: number, emit: EntryCallback): number {
    let n = 0;
    for (; n < count && this.list.first !== null; n++) this.pop(this.list.first, emit);
    return n;
  }

  /** ZPOPMAX: removes up to `count` highest entries, emitting them highest first. */
  popMax(count: number, emit: EntryCallback): number {
    let n = 0;
    for (; n < count && this.list.tail !== null; n++) this.pop(this.list.tail, emit);
    return n;
  }

  /** Entries in order (from the top when `reverse`). The set must not change meanwhile. */
  *entries(reverse = false): IterableIterator<SortedSetEntry> {
    for (let n = reverse ? this.list.tail : this.list.first; n !== null; n = reverse ? n.backward : n.next) yield n;
  }

  [Symbol.iterator](): IterableIterator<SortedSetEntry> {
    return this.entries();
  }

  /** The members in no particular order (cheaper than entries()). */
  members(): IterableIterator<string> {
    return this.dict.keys();
  }

  private pop(node: SkipNode, emit: EntryCallback): void {
    const { member, score } = node;
    this.list.delete(node);
    this.dict.delete(member);
    emit(member, score);
  }

  private forget(removed: EntryCallback | undefined): (node: SkipNode) => void {
    return (node) => {
      this.dict.delete(node.member);
      removed?.(node.member, node.score);
    };
  }

  /** The node `offset` places past `node` (whose 1-based rank is `rank`) by rank, not by walking. */
  private skip(node: SkipNode, rank: number, reverse: boolean, offset: number): SkipNode | null {
    if (offset === 0) return node;
    if (offset < 0) return null;
    return this.list.byRank(reverse ? rank - offset : rank + offset);
  }

  private walk(node: SkipNode | null, reverse: boolean, limit: number, emit: EntryCallback, inRange: (n: SkipNode) => boolean): number {
    let n = 0;
    while (node !== null && limit !== 0 && inRange(node)) {
      emit(node.member, node.score);
      n++;
      limit--;
      node = reverse ? node.backward : node.next;
    }
    return n;
  }
}
