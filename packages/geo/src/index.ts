// @kv/geo: geohash, distances and radius/box search exactly as Redis 7.0.15
// computes and prints them, over any sorted-set-like store.

export {
  D_R,
  EARTH_RADIUS_IN_METERS,
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LAT_RANGE,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  GEO_LONG_RANGE,
  GEO_STEP_MAX,
  MERCATOR_MAX,
  MERCATOR_MIN,
  STANDARD_LAT_RANGE,
  STANDARD_LONG_RANGE,
  type GeoHashRange,
} from './constants.js';
export {
  geohashAlign52Bits,
  geohashDecode,
  geohashDecodeAreaToLonLat,
  geohashDecodeBitsToLonLat,
  geohashDecodeToLonLat,
  geohashEncode,
  geohashEncodeBits,
  geohashNeighbors,
  scoreToGeoHashBits,
  type GeoHashArea,
  type GeoHashBits,
  type GeoHashNeighbors,
} from './geohash.js';
export {
  geohashBoundingBox,
  geohashCalculateAreasByShapeWGS84,
  geohashEstimateStepsByRadius,
  geohashGetDistance,
  geohashGetDistanceIfInRadiusWGS84,
  geohashGetDistanceIfInRectangle,
  geohashGetDistancePrecise,
  geohashGetLatDistance,
  type GeoHashRadius,
  type GeoSearchNeighbors,
  type GeoShape,
} from './geohash-helper.js';
export { geohashString, geohashStringFromLonLat } from './geohash-string.js';
export {
  formatCFixed,
  formatFixedPoint,
  formatGeoCoordinate,
  formatGeoDistance,
  formatGeoHashScore,
  formatHumanLongDouble,
} from './c-format.js';
export { GEO_UNIT_ERROR, GEO_UNIT_TO_METERS, metersToUnit, parseGeoUnit, type GeoUnit } from './units.js';
export { invalidLonLatError, isValidLonLat, validateLonLat } from './validate.js';
export {
  effectiveGeoSort,
  geoMembersInShape,
  geoReplyDistance,
  geoStoredDistance,
  geoSearch,
  geoWithinShape,
  orderGeoResults,
  scoresOfGeoHashBox,
  searchCells,
  searchScoreRanges,
  type GeoOrderOptions,
  type GeoPoint,
  type GeoScoreRangeSource,
  type GeoSearchOptions,
  type GeoSortOrder,
} from './search.js';
export { asinCR, cosCR, sinCR } from './libm.js';
export { glibcMergeSort, pqsort, type Comparator } from './sort.js';
