import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GEO_LAT_MAX, GEO_LAT_MIN, STANDARD_LAT_RANGE, STANDARD_LONG_RANGE } from './constants.js';
import {
  geohashAlign52Bits,
  geohashDecode,
  geohashDecodeAreaToLonLat,
  geohashDecodeBitsToLonLat,
  geohashDecodeToLonLat,
  geohashEncode,
  geohashEncodeBits,
  geohashNeighbors,
  scoreToGeoHashBits,
  type GeoHashBits,
} from './geohash.js';

const M64 = (1n << 64n) - 1n;
const EVEN = 0x5555555555555555n;
const ODD = 0xaaaaaaaaaaaaaaaan;

/** geohash.c's geohash_move_x() / geohash_move_y() in uint64 arithmetic, as a reference. */
function refMove(hash: GeoHashBits, dx: number, dy: number): GeoHashBits {
  let bits = hash.bits;
  const shift = BigInt(64 - hash.step * 2);
  if (dx !== 0) {
    let x = bits & ODD;
    const y = bits & EVEN;
    const zz = EVEN >> shift;
    if (dx > 0) x = (x + (zz + 1n)) & M64;
    else x = ((x | zz) - (zz + 1n)) & M64;
    x &= ODD >> shift;
    bits = x | y;
  }
  if (dy !== 0) {
    const x = bits & ODD;
    let y = bits & EVEN;
    const zz = ODD >> shift;
    if (dy > 0) y = (y + (zz + 1n)) & M64;
    else y = ((y | zz) - (zz + 1n)) & M64;
    y &= EVEN >> shift;
    bits = x | y;
  }
  return { bits, step: hash.step };
}

const lon = fc.oneof(fc.double({ min: -180, max: 180, noNaN: true }), fc.constantFrom(-180, 180, 0));
const lat = fc.oneof(fc.double({ min: GEO_LAT_MIN, max: GEO_LAT_MAX, noNaN: true }), fc.constantFrom(GEO_LAT_MIN, GEO_LAT_MAX, 0));

describe('geohashEncode', () => {
  it('gives the scores Redis stores', () => {
    // ZSCORE after GEOADD on Redis 7.0.15.
    expect(geohashEncode(13.361389, 38.115556)).toBe(3479099956230698);
    expect(geohashEncode(15.087269, 37.502669)).toBe(3479447370796909);
    expect(geohashEncode(0, 0)).toBe(3377699720527872);
    expect(geohashEncode(-180, GEO_LAT_MIN)).toBe(0);
    // A coordinate at its maximum overflows into bit 52 or 53, and the score passes 2^53.
    expect(geohashEncode(180, 0)).toBe(10133099161583616);
    expect(geohashEncode(180, GEO_LAT_MAX)).toBe(13510798882111488);
  });

  it('refuses what Redis cannot index', () => {
    expect(() => geohashEncode(180.0000001, 0)).toThrow(RangeError);
    expect(() => geohashEncode(0, 85.06)).toThrow(RangeError);
    expect(() => geohashEncode(0, 0, 27)).toThrow(RangeError);
    expect(geohashEncodeBits(0, 0, 0)).toBeNull();
    expect(geohashEncodeBits(0, 0, 33)).toBeNull();
    // The standard ranges still refuse latitudes past the Redis limit.
    expect(geohashEncodeBits(0, 86, 26, STANDARD_LONG_RANGE, STANDARD_LAT_RANGE)).toBeNull();
  });

  it('aligns coarser steps to 52 bits', () => {
    fc.assert(
      fc.property(lon, lat, fc.integer({ min: 1, max: 26 }), (x, y, step) => {
        const hash = geohashEncodeBits(x, y, step)!;
        expect(geohashEncode(x, y, step)).toBe(Number(geohashAlign52Bits(hash)));
        // Inside the range the coarse hash is a prefix of the fine one.
        if (x < 180 && y < GEO_LAT_MAX) expect(geohashEncodeBits(x, y, 26)!.bits >> BigInt(52 - 2 * step)).toBe(hash.bits);
      }),
      { numRuns: 200 },
    );
  });
});

describe('geohashDecode', () => {
  it('returns a cell that contains the encoded point', () => {
    fc.assert(
      fc.property(lon, lat, fc.integer({ min: 1, max: 26 }), (x, y, step) => {
        const area = geohashDecode(geohashEncodeBits(x, y, step)!)!;
        // Up to rounding: -5e-324 lands in the cell starting at 0.
        expect(area.longitude.min).toBeLessThanOrEqual(x + 1e-12);
        expect(area.latitude.min).toBeLessThanOrEqual(y + 1e-12);
        // The upper edge belongs to the next cell, except at the range maximum (the overflow cell).
        if (x < 180) expect(x).toBeLessThan(area.longitude.max);
        if (y < GEO_LAT_MAX) expect(y).toBeLessThan(area.latitude.max);
      }),
      { numRuns: 200 },
    );
  });

  it('treats bits 0 with step 0 as no hash', () => {
    expect(geohashDecode({ bits: 0n, step: 0 })).toBeNull();
    expect(geohashDecode({ bits: 0n, step: 1 })).toEqual({
      hash: { bits: 0n, step: 1 },
      longitude: { min: -180, max: 0 },
      latitude: { min: GEO_LAT_MIN, max: 0 },
    });
  });

  it('clamps the centre of an overflow cell to the limits', () => {
    expect(geohashDecodeToLonLat(geohashEncode(180, GEO_LAT_MAX))).toEqual([180, GEO_LAT_MAX]);
    const area = geohashDecode(geohashEncodeBits(180, 0)!)!;
    expect(area.longitude.min).toBe(180);
    expect(geohashDecodeAreaToLonLat(area)[0]).toBe(180);
    expect(geohashDecodeBitsToLonLat(geohashEncodeBits(180, 0)!)).toEqual(geohashDecodeToLonLat(geohashEncode(180, 0)));
  });

  it('loses the last latitude bit when longitude 180 pushes the score past 2^53', () => {
    // The score is a double: 2^53 + odd rounds to even, one cell south here
    // (GEOPOS on Redis 7.0.15 prints -0.00000380208174278).
    const score = geohashEncode(180, -7.105427357601003e-15);
    expect(score).toBe(9382499223688532);
    expect(Number(geohashEncodeBits(180, -7.105427357601003e-15)!.bits)).toBe(score);
    expect(geohashEncodeBits(180, -7.105427357601003e-15)!.bits).toBe(9382499223688533n);
    expect(geohashDecodeToLonLat(score)[1]).toBeCloseTo(-0.00000380208174278, 15);
  });

  it('decodes a score through the same path as its hash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 2 ** 53 })), (score) => {
        expect(geohashDecodeToLonLat(score)).toEqual(geohashDecodeBitsToLonLat(scoreToGeoHashBits(score)));
      }),
      { numRuns: 300 },
    );
  });

  it('is within half a cell of the encoded point', () => {
    fc.assert(
      fc.property(lon.filter((x) => x !== 180), lat, (x, y) => {
        const [dx, dy] = geohashDecodeToLonLat(geohashEncode(x, y));
        expect(Math.abs(dx - x)).toBeLessThanOrEqual(360 / 2 ** 26);
        expect(Math.abs(dy - y)).toBeLessThanOrEqual((2 * GEO_LAT_MAX) / 2 ** 26);
      }),
      { numRuns: 200 },
    );
  });
});

describe('geohashNeighbors', () => {
  const hashes = fc.oneof(
    fc.tuple(lon, lat, fc.integer({ min: 1, max: 26 })).map(([x, y, step]) => geohashEncodeBits(x, y, step)!),
    // Arbitrary bits, including bits above 2*step (the overflow bits Redis keeps).
    fc.tuple(fc.bigInt({ min: 0n, max: (1n << 54n) - 1n }), fc.integer({ min: 1, max: 26 })).map(([bits, step]) => ({ bits, step })),
  );

  it('moves exactly as geohash_move_x/_y do', () => {
    fc.assert(
      fc.property(hashes, (hash) => {
        const n = geohashNeighbors(hash);
        expect(n).toEqual({
          east: refMove(hash, 1, 0),
          west: refMove(hash, -1, 0),
          south: refMove(hash, 0, -1),
          north: refMove(hash, 0, 1),
          northWest: refMove(hash, -1, 1),
          northEast: refMove(hash, 1, 1),
          southEast: refMove(hash, 1, -1),
          southWest: refMove(hash, -1, -1),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('wraps around the antimeridian', () => {
    const west = geohashEncodeBits(-179.9, 10, 8)!;
    const across = geohashNeighbors(west).west;
    expect(geohashDecode(across)!.longitude.max).toBe(180);
    expect(geohashNeighbors(across).east).toEqual(west);
  });
});
