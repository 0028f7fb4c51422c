import { HLL_Q, HLL_REGISTERS } from './layout.js';

// The cardinality estimator of Redis 7.0's hllCount: Otmar Ertl's
// "New cardinality estimation algorithms for HyperLogLog sketches"
// (arXiv:1702.01284), computed from the histogram of register values with
// the same floating-point steps, so the rounded result matches Redis's.

const HLL_ALPHA_INF = 0.721347520444481703680;

/** hllSigma: the correction for registers still at zero. */
export function hllSigma(x0: number): number {
  if (x0 === 1) return Infinity;
  let x = x0;
  let y = 1;
  let z = x;
  let zPrime: number;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** hllTau: the correction for registers at the maximum, Q + 1. */
export function hllTau(x0: number): number {
  if (x0 === 0 || x0 === 1) return 0;
  let x = x0;
  let y = 1;
  let z = 1 - x;
  let zPrime: number;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    // pow(d, 2) in C is d * d correctly rounded, as this product is.
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/**
 * The estimate from a histogram of register values (index = value, at
 * least Q + 2 = 52 slots). Slots past Q + 1 (values only corrupt dense data
 * can hold) are ignored, as in Redis.
 */
export function estimateFromHistogram(histogram: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * hllTau((m - histogram[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += histogram[j]!;
    z *= 0.5;
  }
  z += m * hllSigma(histogram[0]! / m);
  // llroundl: half away from zero; the value is never negative.
  return Math.round((HLL_ALPHA_INF * m * m) / z);
}
