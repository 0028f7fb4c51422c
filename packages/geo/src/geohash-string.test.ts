import { describe, expect, it } from 'vitest';
import { geohashEncode } from './geohash.js';
import { geohashString, geohashStringFromLonLat } from './geohash-string.js';

describe('GEOHASH strings', () => {
  it.each([
    // GEOHASH on Redis 7.0.15.
    [13.361389, 38.115556, 'sqc8b49rny0'],
    [15.087269, 37.502669, 'sqdtr74hyu0'],
    [180, 0, '80000000000'],
    [180, 85.05112878, 'bp05b5048p0'],
    [-180, -85.05112878, '00bh0hbj200'],
    [0, 0, 's0000000000'],
  ])('%s,%s -> %s', (lon, lat, text) => {
    expect(geohashString(geohashEncode(lon, lat))).toBe(text);
  });

  it('encodes with the standard ranges', () => {
    // The standard geohash of the Eiffel tower's position starts u09tunq.
    expect(geohashStringFromLonLat(2.294481, 48.858370)!.slice(0, 7)).toBe('u09tunq');
    expect(geohashStringFromLonLat(0, 86)).toBeNull();
  });
});
