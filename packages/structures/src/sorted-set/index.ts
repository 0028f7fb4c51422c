export { SortedSet } from './sorted-set.js';
export type { EntryCallback, RangeOptions, SortedSetEntry } from './sorted-set.js';
export { LEX_MAX, LEX_MIN, normalizeRankRange, parseLexRange, parseScoreRange } from './ranges.js';
export type { LexBound, LexRange, ScoreRange } from './ranges.js';
