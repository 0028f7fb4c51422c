// geo.c's extractLongLatOrReply() range check and its error text.

import { GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN } from './constants.js';
import { formatCFixed } from './c-format.js';

/** True when Redis accepts the pair (the bounds are inclusive). */
export function isValidLonLat(longitude: number, latitude: number): boolean {
  // Written as Redis's rejection test, so that NaN passes exactly as it does
  // there (Redis's number parser has already refused NaN).
  return !(longitude < GEO_LONG_MIN || longitude > GEO_LONG_MAX || latitude < GEO_LAT_MIN || latitude > GEO_LAT_MAX);
}

/** The error for an out-of-range pair, without the leading "-": "ERR invalid longitude,latitude pair %f,%f". */
export function invalidLonLatError(longitude: number, latitude: number): string {
  return `ERR invalid longitude,latitude pair ${formatCFixed(longitude, 6)},${formatCFixed(latitude, 6)}`;
}

/** null when the pair is valid, else the error Redis replies with. */
export function validateLonLat(longitude: number, latitude: number): string | null {
  return isValidLonLat(longitude, latitude) ? null : invalidLonLatError(longitude, latitude);
}
