// The skip list of t_zset.c (zskiplist): nodes ordered by (score, member
// bytes), each level link carrying the span it jumps so ranks are O(log n),
// and a backward pointer at level 0 for reverse walks.
//
// Three in four nodes have a single level, so level 0 lives in plain fields
// (its span is always 1) and only taller nodes carry arrays for the levels
// above. That keeps a one-level node to a single small object.

import type { LexRange, ScoreRange } from './ranges.js';
import { lexGteMin, lexLteMax, lexRangeEmpty, scoreGteMin, scoreLteMax, scoreRangeEmpty } from './ranges.js';

/** ZSKIPLIST_MAXLEVEL */
const MAX_LEVEL = 32;
/** ZSKIPLIST_P */
const P = 0.25;

export class SkipNode {
  backward: SkipNode | null = null;
  /** The level-0 forward link. */
  next: SkipNode | null = null;
  /** Forward links of levels 1.., or null for a one-level node. */
  up: (SkipNode | null)[] | null = null;
  /** Spans of levels 1.., beside `up`. */
  upSpan: number[] | null = null;

  constructor(
    public member: string,
    public score: number,
    level: number,
  ) {
    this.setLevel(level);
  }

  get level(): number {
    return this.up === null ? 1 : this.up.length + 1;
  }

  setLevel(level: number): void {
    if (level <= 1) {
      this.up = this.upSpan = null;
    } else {
      this.up = new Array<SkipNode | null>(level - 1).fill(null);
      this.upSpan = new Array<number>(level - 1).fill(0);
    }
  }
}

function fwd(x: SkipNode, i: number): SkipNode | null {
  return i === 0 ? x.next : x.up![i - 1];
}

function setFwd(x: SkipNode, i: number, to: SkipNode | null): void {
  if (i === 0) x.next = to;
  else x.up![i - 1] = to;
}

/** Only read where the link at level i is followed, so level 0 is always 1. */
function span(x: SkipNode, i: number): number {
  return i === 0 ? 1 : x.upSpan![i - 1];
}

function setSpan(x: SkipNode, i: number, s: number): void {
  if (i !== 0) x.upSpan![i - 1] = s;
}

/** Whether node x sorts before (score, member). */
function before(x: SkipNode, score: number, member: string): boolean {
  return x.score < score || (x.score === score && x.member < member);
}

function randomLevel(): number {
  let level = 1;
  while (Math.random() < P && level < MAX_LEVEL) level++;
  return level;
}

export class SkipList {
  readonly header = new SkipNode('', 0, MAX_LEVEL);
  tail: SkipNode | null = null;
  length = 0;
  /** Levels in use (zsl->level). */
  level = 1;
  /** The 1-based rank of the node the last *InRange search found. */
  foundRank = 0;
  // Scratch vectors of zslInsert/zslDelete, reused so a change allocates nothing.
  private readonly update: SkipNode[] = new Array<SkipNode>(MAX_LEVEL).fill(this.header);
  private readonly rank: number[] = new Array<number>(MAX_LEVEL).fill(0);

  get first(): SkipNode | null {
    return this.header.next;
  }

  /** zslInsert: the caller knows (score, member) is not in the list. */
  insert(member: string, score: number): SkipNode {
    const node = new SkipNode(member, score, randomLevel());
    this.link(node);
    return node;
  }

  /** zslDelete of a node known to be in the list. */
  delete(node: SkipNode): void {
    this.findUpdate(node.score, node.member);
    this.unlink(node);
  }

  /**
   * zslUpdateScore: changes a node's score, in place when its position
   * cannot change, else by moving it (with a fresh random level, as Redis
   * re-inserts it).
   */
  updateScore(node: SkipNode, score: number): void {
    const prev = node.backward;
    const next = node.next;
    if ((prev === null || prev.score < score) && (next === null || next.score > score)) {
      node.score = score;
      return;
    }
    this.findUpdate(node.score, node.member);
    this.unlink(node);
    node.score = score;
    node.backward = node.next = null;
    node.setLevel(randomLevel());
    this.link(node);
  }

  /** zslGetRank: the 1-based rank of a node known to be in the list. */
  rankOf(node: SkipNode): number {
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || !(f.score < node.score || (f.score === node.score && f.member <= node.member))) break;
        rank += span(x, i);
        x = f;
      }
      if (x === node) return rank;
    }
    throw new Error('skiplist: node not in list');
  }

  /** zslGetElementByRank: the node at a 1-based rank, or null. */
  byRank(rank: number): SkipNode | null {
    if (rank < 1 || rank > this.length) return null;
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || traversed + span(x, i) > rank) break;
        traversed += span(x, i);
        x = f;
      }
      if (traversed === rank) return x;
    }
    return null;
  }

  /** zslFirstInRange; sets foundRank. */
  firstInScoreRange(r: ScoreRange): SkipNode | null {
    if (!this.inScoreRange(r)) return null;
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || scoreGteMin(f.score, r)) break;
        rank += span(x, i);
        x = f;
      }
    }
    const first = x.next!;
    if (!scoreLteMax(first.score, r)) return null;
    this.foundRank = rank + 1;
    return first;
  }

  /** zslLastInRange; sets foundRank. */
  lastInScoreRange(r: ScoreRange): SkipNode | null {
    if (!this.inScoreRange(r)) return null;
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || !scoreLteMax(f.score, r)) break;
        rank += span(x, i);
        x = f;
      }
    }
    if (x === this.header || !scoreGteMin(x.score, r)) return null;
    this.foundRank = rank;
    return x;
  }

  /** zslFirstInLexRange; sets foundRank. */
  firstInLexRange(r: LexRange): SkipNode | null {
    if (!this.inLexRange(r)) return null;
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || lexGteMin(f.member, r)) break;
        rank += span(x, i);
        x = f;
      }
    }
    const first = x.next!;
    if (!lexLteMax(first.member, r)) return null;
    this.foundRank = rank + 1;
    return first;
  }

  /** zslLastInLexRange; sets foundRank. */
  lastInLexRange(r: LexRange): SkipNode | null {
    if (!this.inLexRange(r)) return null;
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || !lexLteMax(f.member, r)) break;
        rank += span(x, i);
        x = f;
      }
    }
    if (x === this.header || !lexGteMin(x.member, r)) return null;
    this.foundRank = rank;
    return x;
  }

  /** zslDeleteRangeByScore: unlinks the nodes in range, telling `removed` of each. */
  deleteScoreRange(r: ScoreRange, removed: (node: SkipNode) => void): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || scoreGteMin(f.score, r)) break;
        x = f;
      }
      this.update[i] = x;
    }
    return this.deleteFrom(x.next, removed, (n) => scoreLteMax(n.score, r));
  }

  /** zslDeleteRangeByLex. */
  deleteLexRange(r: LexRange, removed: (node: SkipNode) => void): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || lexGteMin(f.member, r)) break;
        x = f;
      }
      this.update[i] = x;
    }
    return this.deleteFrom(x.next, removed, (n) => lexLteMax(n.member, r));
  }

  /** zslDeleteRangeByRank: 1-based inclusive ranks. */
  deleteRankRange(start: number, end: number, removed: (node: SkipNode) => void): number {
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || traversed + span(x, i) >= start) break;
        traversed += span(x, i);
        x = f;
      }
      this.update[i] = x;
    }
    let rank = traversed + 1;
    return this.deleteFrom(x.next, removed, () => rank++ <= end);
  }

  private deleteFrom(x: SkipNode | null, removed: (node: SkipNode) => void, inRange: (node: SkipNode) => boolean): number {
    let n = 0;
    while (x !== null && inRange(x)) {
      const next = x.next;
      this.unlink(x);
      removed(x);
      n++;
      x = next;
    }
    return n;
  }

  private inScoreRange(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r)) return false;
    if (this.tail === null || !scoreGteMin(this.tail.score, r)) return false;
    return scoreLteMax(this.header.next!.score, r);
  }

  private inLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    if (this.tail === null || !lexGteMin(this.tail.member, r)) return false;
    return lexLteMax(this.header.next!.member, r);
  }

  /** Fills `update` with the last node before (score, member) at each level. */
  private findUpdate(score: number, member: string): void {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = fwd(x, i);
        if (f === null || !before(f, score, member)) break;
        x = f;
      }
      this.update[i] = x;
    }
  }

  private link(node: SkipNode): void {
    const { update, rank, header } = this;
    const { score, member } = node;
    let x = header;
    let r = 0;
    for (let i = this.level - 1; i >= 1; i--) {
      for (;;) {
        const f = x.up![i - 1];
        if (f === null || !before(f, score, member)) break;
        r += x.upSpan![i - 1];
        x = f;
      }
      rank[i] = r;
      update[i] = x;
    }
    for (;;) {
      const f = x.next;
      if (f === null || !before(f, score, member)) break;
      r++;
      x = f;
    }
    rank[0] = r;
    update[0] = x;
    const level = node.level;
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = header;
        setSpan(header, i, this.length);
      }
      this.level = level;
    }
    for (let i = 0; i < level; i++) {
      const u = update[i];
      setFwd(node, i, fwd(u, i));
      setFwd(u, i, node);
      setSpan(node, i, span(u, i) - (rank[0] - rank[i]));
      setSpan(u, i, rank[0] - rank[i] + 1);
    }
    for (let i = level; i < this.level; i++) setSpan(update[i], i, span(update[i], i) + 1);
    node.backward = update[0] === header ? null : update[0];
    if (node.next !== null) node.next.backward = node;
    else this.tail = node;
    this.length++;
  }

  /** zslDeleteNode, with `update` filled for this node. */
  private unlink(node: SkipNode): void {
    const update = this.update;
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (fwd(u, i) === node) {
        setSpan(u, i, span(u, i) + span(node, i) - 1);
        setFwd(u, i, fwd(node, i));
      } else {
        setSpan(u, i, span(u, i) - 1);
      }
    }
    if (node.next !== null) node.next.backward = node.backward;
    else this.tail = node.backward;
    while (this.level > 1 && fwd(this.header, this.level - 1) === null) this.level--;
    this.length--;
  }
}
