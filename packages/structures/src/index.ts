export { globMatch } from './glob.js';
export { hashKey, hashString } from './hash.js';
export { ScanTable } from './scan-table.js';
export type { ScanTableStats } from './scan-table.js';
export { LEX_MAX, LEX_MIN, SortedSet, normalizeRankRange, parseLexRange, parseScoreRange } from './sorted-set/index.js';
export type { EntryCallback, LexBound, LexRange, RangeOptions, ScoreRange, SortedSetEntry } from './sorted-set/index.js';
export { ScanMap } from './scan-map.js';
export { ShardedMap, ShardedSet } from './sharded-map.js';
export { Deque } from './deque.js';
export {
  bitop, bytesToLatin1, countBits, findBit, getBit, getSignedField, getUnsignedField, padBytes, setBit, setField,
  signedFieldAdd, unsignedFieldAdd,
} from './bits.js';
export type { BitOp, FieldResult, OverflowMode } from './bits.js';
export {
  HLL_DENSE, HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_HASH_SEED, HLL_P, HLL_Q, HLL_REGISTERS, HLL_SPARSE,
  HLL_SPARSE_MAX_BYTES_DEFAULT, HyperLogLog, countMerged, estimateFromHistogram, hllPattern, hllSigma, hllTau,
  cachedCardinalityOf, denseRegisterOf, isDenseValue, isHyperLogLog, murmurHash64A, murmurHash64ABig, murmurHigh, patternCount, patternIndex,
} from './hll/index.js';
