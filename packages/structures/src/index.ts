export { globMatch } from './glob.js';
export { hashString } from './hash.js';
export { ScanTable } from './scan-table.js';
export type { ScanTableStats } from './scan-table.js';
export { LEX_MAX, LEX_MIN, SortedSet, normalizeRankRange, parseLexRange, parseScoreRange } from './sorted-set/index.js';
export type { EntryCallback, LexBound, LexRange, RangeOptions, ScoreRange, SortedSetEntry } from './sorted-set/index.js';
