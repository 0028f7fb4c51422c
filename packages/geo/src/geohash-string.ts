// geo.c's geohashCommand(): the 11-character standard geohash of a stored
// position. Redis decodes the score (latitude range ±85.05112878) and
// re-encodes the centre with the standard ranges (±90, ±180) at 26 steps;
// 52 bits give ten base-32 characters and the eleventh is always '0'.

import { GEO_STEP_MAX, STANDARD_LAT_RANGE, STANDARD_LONG_RANGE } from './constants.js';
import { geohashDecodeToLonLat, geohashEncodeBits } from './geohash.js';

const GEO_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** The standard geohash string of a longitude/latitude inside the Redis limits, or null if it cannot be encoded. */
export function geohashStringFromLonLat(longitude: number, latitude: number): string | null {
  const hash = geohashEncodeBits(longitude, latitude, GEO_STEP_MAX, STANDARD_LONG_RANGE, STANDARD_LAT_RANGE);
  if (hash === null) return null;
  let out = '';
  for (let i = 0; i < 11; i++) {
    const idx = i === 10 ? 0 : Number((hash.bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn);
    out += GEO_ALPHABET[idx];
  }
  return out;
}

/** What GEOHASH replies for a member with this score. */
export function geohashString(score: number): string {
  const [lon, lat] = geohashDecodeToLonLat(score);
  // The decoded centre is clamped into the Redis limits, so this always encodes.
  return geohashStringFromLonLat(lon, lat)!;
}
