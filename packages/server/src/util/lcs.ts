// The longest common subsequence as Redis's lcsCommand computes it: the
// classic O(n·m) table, then one walk back from the end that rebuilds the
// subsequence and the ranges of contiguous matches. Which of several equally
// long subsequences comes out, and how its ranges split, depends on the walk,
// so the walk follows Redis's step for step.

/** One run of contiguous matching bytes: inclusive offsets in each string. */
export interface LcsMatch {
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
}

export interface LcsWalk {
  /** The subsequence itself (latin1, one char per byte). */
  readonly text: string;
  /** Its ranges, from the end of the strings towards their start, as Redis lists them. */
  readonly matches: LcsMatch[];
}

/** Cells of the table for strings of these lengths; each cell is 4 bytes in Redis and here. */
export function lcsCells(alen: number, blen: number): number {
  return (alen + 1) * (blen + 1);
}

export class LcsTable {
  private readonly t: Uint32Array;
  private readonly w: number;

  constructor(private readonly a: string, private readonly b: string) {
    const alen = a.length, blen = b.length;
    const w = blen + 1;
    const t = new Uint32Array(lcsCells(alen, blen));
    for (let i = 1; i <= alen; i++) {
      const ai = a.charCodeAt(i - 1);
      const row = w * i, prev = w * (i - 1);
      for (let j = 1; j <= blen; j++) {
        if (ai === b.charCodeAt(j - 1)) t[row + j] = t[prev + j - 1]! + 1;
        else {
          const up = t[prev + j]!, left = t[row + j - 1]!;
          t[row + j] = up > left ? up : left;
        }
      }
    }
    this.t = t;
    this.w = w;
  }

  /** Length of the longest common subsequence. */
  get length(): number {
    return this.t[this.b.length + this.w * this.a.length]!;
  }

  /** Redis's walk back through the table. */
  walk(): LcsWalk {
    const { a, b, t, w } = this;
    const alen = a.length;
    let idx = this.length;
    const codes = new Uint8Array(idx);
    const matches: LcsMatch[] = [];
    // aStart === alen means "no range open", as in Redis.
    let aStart = alen, aEnd = 0, bStart = 0, bEnd = 0;
    let i = alen, j = b.length;
    while (i > 0 && j > 0) {
      let emit = false;
      const ch = a.charCodeAt(i - 1);
      if (ch === b.charCodeAt(j - 1)) {
        codes[idx - 1] = ch;
        if (aStart === alen) {
          aStart = aEnd = i - 1;
          bStart = bEnd = j - 1;
        } else if (aStart === i && bStart === j) {
          aStart--;
          bStart--;
        } else {
          emit = true;
        }
        if (aStart === 0 || bStart === 0) emit = true;
        idx--;
        i--;
        j--;
      } else {
        if (t[j + w * (i - 1)]! > t[j - 1 + w * i]!) i--;
        else j--;
        if (aStart !== alen) emit = true;
      }
      if (emit) {
        matches.push({ aStart, aEnd, bStart, bEnd });
        aStart = alen;
      }
    }
    return { text: Buffer.from(codes.buffer, codes.byteOffset, codes.length).toString('latin1'), matches };
  }
}
