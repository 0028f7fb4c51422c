import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmurHash64ABig } from './murmur.js';
import { HLL_HASH_SEED, hllPattern, patternCount, patternIndex } from './pattern.js';

// The 32-bit-halves MurmurHash64A against a plain BigInt transcription of
// Redis's C, and hllPatLen against the same arithmetic on the BigInt hash.

const MASK = (1n << 64n) - 1n;
const M = 0xc6a4a7935bd1e995n;

function reference(s: string, seed: number): bigint {
  const len = s.length;
  let h = (BigInt(seed) ^ (BigInt(len) * M)) & MASK;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(s.charCodeAt(i + j));
    k = (k * M) & MASK;
    k ^= k >> 47n;
    k = (k * M) & MASK;
    h ^= k;
    h = (h * M) & MASK;
  }
  const rest = len & 7;
  if (rest !== 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(s.charCodeAt(blocks + j)) << BigInt(8 * j);
    h = (h * M) & MASK;
  }
  h ^= h >> 47n;
  h = (h * M) & MASK;
  h ^= h >> 47n;
  return h;
}

const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((a) => String.fromCharCode(...a));

describe('murmurHash64A', () => {
  it('matches the 64-bit arithmetic of Redis for any bytes and seed', () => {
    fc.assert(
      fc.property(bytes, fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        expect(murmurHash64ABig(s, seed)).toBe(reference(s, seed));
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes the empty string to the seed mixed alone', () => {
    expect(murmurHash64ABig('', HLL_HASH_SEED)).toBe(reference('', HLL_HASH_SEED));
  });
});

describe('hllPattern', () => {
  it('takes the low 14 bits as the register and counts the zero run above them, at most 51', () => {
    fc.assert(
      fc.property(bytes, (s) => {
        const h = reference(s, HLL_HASH_SEED);
        let rest = (h >> 14n) | (1n << 50n);
        let count = 1;
        while ((rest & 1n) === 0n) {
          count++;
          rest >>= 1n;
        }
        const packed = hllPattern(s);
        expect(patternIndex(packed)).toBe(Number(h & 0x3fffn));
        expect(patternCount(packed)).toBe(count);
      }),
      { numRuns: 2000 },
    );
  });
});
