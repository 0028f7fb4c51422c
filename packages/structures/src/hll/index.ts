export { HyperLogLog, countMerged } from './hyperloglog.js';
export {
  HLL_DENSE, HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_P, HLL_Q, HLL_REGISTERS, HLL_SPARSE, HLL_SPARSE_MAX_BYTES_DEFAULT,
  isHyperLogLog,
} from './layout.js';
export { HLL_HASH_SEED, hllPattern, patternCount, patternIndex } from './pattern.js';
export { murmurHash64A, murmurHash64ABig, murmurHigh } from './murmur.js';
export { estimateFromHistogram, hllSigma, hllTau } from './estimate.js';
export { cachedCardinalityOf, denseRegisterOf, isDenseValue } from './latin1.js';
