import { describe, expect, it } from 'vitest';
import { estimateFromHistogram, hllSigma, hllTau } from './estimate.js';
import { HLL_REGISTERS } from './layout.js';

describe('the estimator', () => {
  it('gives 0 for all registers at zero (sigma(1) is infinite)', () => {
    const h = new Int32Array(64);
    h[0] = HLL_REGISTERS;
    expect(hllSigma(1)).toBe(Infinity);
    expect(estimateFromHistogram(h)).toBe(0);
  });

  it('has tau 0 at its ends', () => {
    expect(hllTau(0)).toBe(0);
    expect(hllTau(1)).toBe(0);
  });

  it('counts one register at 1 as one element', () => {
    const h = new Int32Array(64);
    h[0] = HLL_REGISTERS - 1;
    h[1] = 1;
    expect(estimateFromHistogram(h)).toBe(1);
  });

  it('ignores histogram slots past Q + 1, as Redis does for corrupt dense registers', () => {
    const h = new Int32Array(64);
    h[0] = HLL_REGISTERS - 1;
    h[60] = 1;
    const g = new Int32Array(64);
    g[0] = HLL_REGISTERS - 1;
    expect(estimateFromHistogram(h)).toBe(estimateFromHistogram(g));
  });
});
