// The limits and constants of Redis 7.0's geohash.h and geohash_helper.c.
// Latitude stops at ±85.05112878 because Redis indexes the EPSG:3857
// (web Mercator) square; the poles themselves cannot be stored.

export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

/** 26 steps of latitude and longitude: the 52 bits of a sorted-set score. */
export const GEO_STEP_MAX = 26;

/** Earth's quadratic mean radius for WGS-84, as geohash_helper.c has it. */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;

export const MERCATOR_MAX = 20037726.37;
export const MERCATOR_MIN = -20037726.37;

/** `M_PI / 180.0`: deg_rad() multiplies by it, rad_deg() divides by it. */
export const D_R = Math.PI / 180.0;

export interface GeoHashRange {
  readonly min: number;
  readonly max: number;
}

/** The ranges every score is encoded against. */
export const GEO_LONG_RANGE: GeoHashRange = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
export const GEO_LAT_RANGE: GeoHashRange = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };

/** The standard geohash ranges GEOHASH re-encodes with. */
export const STANDARD_LONG_RANGE: GeoHashRange = { min: -180, max: 180 };
export const STANDARD_LAT_RANGE: GeoHashRange = { min: -90, max: 90 };
