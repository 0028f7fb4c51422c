// Score and lex ranges as t_zset.c's zrangespec and zlexrangespec, with the
// comparisons zslValueGteMin / zslLexValueGteMin and friends use.

/** A score interval; the ends may be ±Infinity. Exclusive ends are `(` in Redis syntax. */
export interface ScoreRange {
  min: number;
  max: number;
  minExclusive: boolean;
  maxExclusive: boolean;
}

/** `-` in a lex range: below every member. */
export const LEX_MIN: unique symbol = Symbol('lex -');
/** `+` in a lex range: above every member. */
export const LEX_MAX: unique symbol = Symbol('lex +');

export type LexBound = string | typeof LEX_MIN | typeof LEX_MAX;

/** A member interval: `[a` inclusive, `(a` exclusive, `-` and `+` the open ends. */
export interface LexRange {
  min: LexBound;
  max: LexBound;
  minExclusive: boolean;
  maxExclusive: boolean;
}

export function scoreGteMin(score: number, r: ScoreRange): boolean {
  return r.minExclusive ? score > r.min : score >= r.min;
}

export function scoreLteMax(score: number, r: ScoreRange): boolean {
  return r.maxExclusive ? score < r.max : score <= r.max;
}

/** Whether no score can be in the range (zslIsInRange's first test). */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minExclusive || r.maxExclusive));
}

/** sdscmplex: byte order, with `-` below and `+` above everything. */
export function compareLex(a: LexBound, b: LexBound): number {
  if (a === b) return 0;
  if (a === LEX_MIN || b === LEX_MAX) return -1;
  if (a === LEX_MAX || b === LEX_MIN) return 1;
  return a < b ? -1 : 1;
}

export function lexGteMin(member: string, r: LexRange): boolean {
  const c = compareLex(member, r.min);
  return r.minExclusive ? c > 0 : c >= 0;
}

export function lexLteMax(member: string, r: LexRange): boolean {
  const c = compareLex(member, r.max);
  return r.maxExclusive ? c < 0 : c <= 0;
}

/** Whether no member can be in the range (zslIsInLexRange's first test). */
export function lexRangeEmpty(r: LexRange): boolean {
  const c = compareLex(r.min, r.max);
  return c > 0 || (c === 0 && (r.minExclusive || r.maxExclusive));
}

/**
 * One end of a lex range as zslParseLexRangeItem reads it, or null if it is
 * not valid ("ERR min or max not valid string range item"). Like the C code,
 * `+` and `-` are also taken when a NUL byte follows them.
 */
function parseLexBound(s: string): { bound: LexBound; exclusive: boolean } | null {
  switch (s.charCodeAt(0)) {
    case 43 /* + */:
      return s.length === 1 || s.charCodeAt(1) === 0 ? { bound: LEX_MAX, exclusive: true } : null;
    case 45 /* - */:
      return s.length === 1 || s.charCodeAt(1) === 0 ? { bound: LEX_MIN, exclusive: true } : null;
    case 40 /* ( */:
      return { bound: s.slice(1), exclusive: true };
    case 91 /* [ */:
      return { bound: s.slice(1), exclusive: false };
    default:
      return null;
  }
}

/** ZRANGEBYLEX-style `min max` arguments, or null if either is invalid. */
export function parseLexRange(min: string, max: string): LexRange | null {
  const lo = parseLexBound(min);
  const hi = parseLexBound(max);
  if (lo === null || hi === null) return null;
  return { min: lo.bound, max: hi.bound, minExclusive: lo.exclusive, maxExclusive: hi.exclusive };
}

/**
 * ZRANGEBYSCORE-style `min max` arguments as zslParseRange reads them: a
 * leading `(` makes an end exclusive. `toDouble` is the caller's strtod
 * (whole string, or null); a NaN end is invalid. Null means "ERR min or max
 * is not a float".
 */
export function parseScoreRange(min: string, max: string, toDouble: (s: string) => number | null): ScoreRange | null {
  const lo = parseScoreBound(min, toDouble);
  const hi = parseScoreBound(max, toDouble);
  if (lo === null || hi === null) return null;
  return { min: lo.value, max: hi.value, minExclusive: lo.exclusive, maxExclusive: hi.exclusive };
}

function parseScoreBound(s: string, toDouble: (s: string) => number | null): { value: number; exclusive: boolean } | null {
  const exclusive = s.charCodeAt(0) === 40; /* ( */
  const value = toDouble(exclusive ? s.slice(1) : s);
  if (value === null || Number.isNaN(value)) return null;
  return { value, exclusive };
}

/**
 * ZRANGE / ZREMRANGEBYRANK index arithmetic: negative indexes count from the
 * end, then clamp. Returns inclusive 0-based [start, end], or null when empty.
 */
export function normalizeRankRange(start: number, end: number, length: number): [number, number] | null {
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (start > end || start >= length) return null;
  if (end >= length) end = length - 1;
  return [start, end];
}
