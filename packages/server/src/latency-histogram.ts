// Per-command latency histograms, bucketed exactly as Redis 7.0's HdrHistogram
// (lowest 1 ns, highest 1 s, 2 significant figures), so INFO latencystats and
// LATENCY HISTOGRAM print the same bucket boundaries Redis prints for the same
// durations: 4 µs is reported as 4.015, 13 µs as 13.055.

/** LATENCY_HISTOGRAM_MIN_VALUE / MAX_VALUE (nanoseconds) and PRECISION of server.h. */
const MIN_VALUE = 1;
const MAX_VALUE = 1_000_000_000;
const SIGNIFICANT_FIGURES = 2;

// hdr_calculate_bucket_config for (1, 1e9, 2): unit magnitude 0, 256 sub-buckets.
const SUB_BUCKET_HALF_COUNT_MAGNITUDE = Math.ceil(Math.log2(2 * 10 ** SIGNIFICANT_FIGURES)) - 1; // 7
const SUB_BUCKET_COUNT = 2 ** (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1); // 256
const SUB_BUCKET_HALF_COUNT = SUB_BUCKET_COUNT / 2; // 128
const SUB_BUCKET_MASK = SUB_BUCKET_COUNT - 1;
const BUCKET_COUNT = bucketsNeeded(MAX_VALUE);
const COUNTS_LEN = (BUCKET_COUNT + 1) * SUB_BUCKET_HALF_COUNT; // 3072

function bucketsNeeded(value: number): number {
  let smallestUntrackable = SUB_BUCKET_COUNT;
  let needed = 1;
  while (smallestUntrackable <= value) {
    smallestUntrackable *= 2;
    needed++;
  }
  return needed;
}

/** Bits needed for a non-negative integer; exact beyond 32 bits too (the iterator's levels pass 2^32). */
function bitLength(v: number): number {
  return v < 2 ** 32 ? 32 - Math.clz32(v) : 32 + bitLength(Math.floor(v / 2 ** 32));
}

function bucketIndex(value: number): number {
  // 64 - clzll(value | sub_bucket_mask) - (sub_bucket_half_count_magnitude + 1)
  return Math.max(bitLength(value), SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1) - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
}

/** counts_index_for, on the hot path: recorded values are at most 1e9 < 2^30, so 32-bit operations are exact. */
function countsIndex(value: number): number {
  const bucket = 32 - Math.clz32(value | SUB_BUCKET_MASK) - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1);
  const sub = value >>> bucket;
  return ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (sub - SUB_BUCKET_HALF_COUNT);
}

/** hdr_value_at_index: the lowest value counted at an index. */
function valueAtIndex(index: number): number {
  let bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
  let sub = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
  if (bucket < 0) {
    sub -= SUB_BUCKET_HALF_COUNT;
    bucket = 0;
  }
  return sub * 2 ** bucket;
}

function lowestEquivalent(value: number): number {
  const bucket = bucketIndex(value);
  return Math.floor(value / 2 ** bucket) * 2 ** bucket;
}

function rangeSize(value: number): number {
  const bucket = bucketIndex(value);
  const sub = Math.floor(value / 2 ** bucket);
  return 2 ** (sub >= SUB_BUCKET_COUNT ? bucket + 1 : bucket);
}

function highestEquivalent(value: number): number {
  return lowestEquivalent(value) + rangeSize(value) - 1;
}

export class LatencyHistogram {
  /** Float64: exact counts up to 2^53, where 32 bits would wrap on a busy server. */
  private readonly counts = new Float64Array(COUNTS_LEN);
  totalCount = 0;

  /** updateCommandLatencyHistogram: a duration in nanoseconds, clamped into [1 ns, 1 s]. */
  record(nanos: number): void {
    const v = nanos < MIN_VALUE ? MIN_VALUE : nanos > MAX_VALUE ? MAX_VALUE : Math.floor(nanos);
    this.counts[countsIndex(v)]!++;
    this.totalCount++;
  }

  /** hdr_value_at_percentile, in nanoseconds. */
  valueAtPercentile(percentile: number): number {
    const requested = percentile < 100 ? percentile : 100;
    // At least one value: p0 is the lowest bucket holding a value (Redis prints its lower bound).
    let countAtPercentile = Math.max(1, Math.trunc((requested / 100) * this.totalCount + 0.5));
    if (countAtPercentile > this.totalCount) countAtPercentile = this.totalCount;
    // get_value_from_idx_up_to_count walks buckets in order; so does a walk of the counts array.
    let countToIdx = 0;
    let value = 0;
    for (let i = 0; i < COUNTS_LEN && countToIdx < countAtPercentile; i++) {
      countToIdx += this.counts[i]!;
      value = valueAtIndex(i);
    }
    return percentile === 0 ? lowestEquivalent(value) : highestEquivalent(value);
  }

  /**
   * LATENCY HISTOGRAM's cumulative distribution (fillCommandCDF): hdr's
   * logarithmic iterator from 1024 ns doubling, each step as [µs, cumulative
   * count], only the steps where the count grew.
   */
  cumulative(): [number, number][] {
    const out: [number, number][] = [];
    let nextLevel = 1024;
    let nextLevelLowest = lowestEquivalent(nextLevel);
    let index = -1;
    let value = 0;
    let highest = 0;
    let cumulativeCount = 0;
    const moveNext = (): boolean => {
      index++;
      if (index >= COUNTS_LEN) return false;
      cumulativeCount += this.counts[index]!;
      value = valueAtIndex(index);
      highest = highestEquivalent(value);
      return true;
    };
    // log_iter_next, step by step: report once the iterator reaches the level, then double the level.
    const next = (): boolean => {
      const more = cumulativeCount < this.totalCount || (index < COUNTS_LEN && valueAtIndex(index + 1) > nextLevelLowest);
      if (!more) return false;
      for (;;) {
        if (value >= nextLevelLowest) {
          nextLevel *= 2;
          nextLevelLowest = lowestEquivalent(nextLevel);
          return true;
        }
        if (!moveNext()) return true;
      }
    };
    let previous = 0;
    while (next()) {
      if (cumulativeCount > previous) out.push([Math.floor(highest / 1000), cumulativeCount]);
      previous = cumulativeCount;
    }
    return out;
  }
}
