// A sorted-array GeoScoreRangeSource for tests: entries kept in sorted-set
// order (score, then member bytes).

import type { GeoScoreRangeSource } from '../src/index.js';

export interface Entry {
  member: string;
  score: number;
}

function compare(a: Entry, b: Entry): number {
  if (a.score !== b.score) return a.score < b.score ? -1 : 1;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

export class ArrayStore implements GeoScoreRangeSource {
  readonly entries: Entry[];
  /** How many range scans were made, and the ranges. */
  readonly scans: [number, number][] = [];

  constructor(entries: Iterable<Entry>) {
    const byMember = new Map<string, number>();
    for (const e of entries) byMember.set(e.member, e.score);
    this.entries = [...byMember].map(([member, score]) => ({ member, score })).sort(compare);
  }

  score(member: string): number | undefined {
    return this.entries.find((e) => e.member === member)?.score;
  }

  rangeByScore(min: number, maxExclusive: number, visit: (member: string, score: number) => boolean | void): void {
    this.scans.push([min, maxExclusive]);
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.score < min) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (!(e.score < maxExclusive)) break;
      if (visit(e.member, e.score) === false) break;
    }
  }
}
