// Port of Redis 7.0.15's src/geohash_helper.c: the step estimate, the
// bounding box and nine-cell search area of a radius or box query, and the
// haversine distances. 7.0.15 carries the 7.0.6 speed-ups (#11535, #11579):
// a latitude-only shortcut when the longitudes give sin(Δλ/2) == 0, and the
// box test checking latitude first. They change printed digits, so they are
// ported as they are.

import { D_R, EARTH_RADIUS_IN_METERS, GEO_LAT_RANGE, GEO_LONG_RANGE, MERCATOR_MAX } from './constants.js';
import { asinCR, cosCR, sinCR } from './libm.js';
import {
  geohashDecode,
  geohashEncodeBits,
  geohashNeighbors,
  type GeoHashArea,
  type GeoHashBits,
} from './geohash.js';

/** A search shape as geo.c's GeoShape: centre, size in `unit`s, and metres per unit. */
export type GeoShape =
  | {
      readonly type: 'radius';
      /** Centre longitude and latitude, degrees. */
      readonly lon: number;
      readonly lat: number;
      /** Radius in units of `conversion` metres. */
      readonly radius: number;
      /** Metres per unit: 1 (m), 1000 (km), 0.3048 (ft), 1609.34 (mi). */
      readonly conversion: number;
    }
  | {
      readonly type: 'box';
      readonly lon: number;
      readonly lat: number;
      /** Full width and height of the box, in units of `conversion` metres. */
      readonly width: number;
      readonly height: number;
      readonly conversion: number;
    };

/** The cells around the centre cell; null where Redis zeroed a useless one (GZERO). */
export interface GeoSearchNeighbors {
  readonly north: GeoHashBits | null;
  readonly east: GeoHashBits | null;
  readonly west: GeoHashBits | null;
  readonly south: GeoHashBits | null;
  readonly northEast: GeoHashBits | null;
  readonly southEast: GeoHashBits | null;
  readonly northWest: GeoHashBits | null;
  readonly southWest: GeoHashBits | null;
}

/** GeoHashRadius, plus the bounding box Redis stores into shape->bounds. */
export interface GeoHashRadius {
  readonly hash: GeoHashBits;
  readonly area: GeoHashArea;
  readonly neighbors: GeoSearchNeighbors;
  /** [min longitude, min latitude, max longitude, max latitude]. */
  readonly bounds: readonly [number, number, number, number];
}

function degRad(ang: number): number {
  return ang * D_R;
}

function radDeg(ang: number): number {
  return ang / D_R;
}

/** The step (bits per coordinate) of the nine search cells for a radius in metres. */
export function geohashEstimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2; // Make sure the range is included in most of the base cases.
  // Cells narrow towards the poles.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/**
 * geohashBoundingBox(): [min lon, min lat, max lon, max lat] around the
 * centre. Longitudes are widened at the latitude edge farther from the
 * equator, and not wrapped: they may pass ±180.
 */
export function geohashBoundingBox(shape: GeoShape): [number, number, number, number] {
  const longitude = shape.lon;
  const latitude = shape.lat;
  const height = shape.conversion * (shape.type === 'radius' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.type === 'radius' ? shape.radius : shape.width / 2);

  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
  const southern = latitude < 0;
  return [
    southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
    latitude - latDelta,
    southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
    latitude + latDelta,
  ];
}

/**
 * geohashCalculateAreasByShapeWGS84(): the centre cell and the neighbours a
 * radius or box query must scan, with the step lowered once when a neighbour
 * does not reach the bounding box, and neighbours entirely outside it zeroed.
 * Throws a RangeError for a centre outside the Redis limits (Redis validates
 * it before getting here).
 */
export function geohashCalculateAreasByShapeWGS84(shape: GeoShape): GeoHashRadius {
  const bounds = geohashBoundingBox(shape);
  const [minLon, minLat, maxLon, maxLat] = bounds;
  const longitude = shape.lon;
  const latitude = shape.lat;
  // A box is covered by the circle through its corners.
  let radiusMeters =
    shape.type === 'radius'
      ? shape.radius
      : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
  radiusMeters *= shape.conversion;

  let steps = geohashEstimateStepsByRadius(radiusMeters, latitude);
  let hash = encodeCentre(longitude, latitude, steps);
  let neighbors = geohashNeighbors(hash);
  let area = decodeArea(hash);

  // Near a cell edge the estimated step can leave part of the bounding box
  // outside the nine cells: one step coarser then.
  const north = decodeArea(neighbors.north);
  const south = decodeArea(neighbors.south);
  const east = decodeArea(neighbors.east);
  const west = decodeArea(neighbors.west);
  const decreaseStep =
    north.latitude.max < maxLat ||
    south.latitude.min > minLat ||
    east.longitude.max < maxLon ||
    west.longitude.min > minLon;

  if (steps > 1 && decreaseStep) {
    steps--;
    hash = encodeCentre(longitude, latitude, steps);
    neighbors = geohashNeighbors(hash);
    area = decodeArea(hash);
  }

  const kept: { -readonly [K in keyof GeoSearchNeighbors]: GeoHashBits | null } = { ...neighbors };
  // Exclude the search areas that are useless.
  if (steps >= 2) {
    if (area.latitude.min < minLat) {
      kept.south = null;
      kept.southWest = null;
      kept.southEast = null;
    }
    if (area.latitude.max > maxLat) {
      kept.north = null;
      kept.northEast = null;
      kept.northWest = null;
    }
    if (area.longitude.min < minLon) {
      kept.west = null;
      kept.southWest = null;
      kept.northWest = null;
    }
    if (area.longitude.max > maxLon) {
      kept.east = null;
      kept.southEast = null;
      kept.northEast = null;
    }
  }
  return { hash, area, neighbors: kept, bounds };
}

function encodeCentre(longitude: number, latitude: number, steps: number): GeoHashBits {
  const hash = geohashEncodeBits(longitude, latitude, steps, GEO_LONG_RANGE, GEO_LAT_RANGE);
  if (hash === null) throw new RangeError(`invalid search centre ${longitude},${latitude}`);
  return hash;
}

function decodeArea(hash: GeoHashBits): GeoHashArea {
  // Never null: these hashes have a step of at least 1.
  return geohashDecode(hash)!;
}

/**
 * geohashGetLatDistance(): the distance along a meridian. Exact haversine
 * simplification: asin(sin(x)) == x for latitudes.
 */
export function geohashGetLatDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** geohashGetDistance(): haversine great-circle distance in metres. */
export function geohashGetDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  // With equal longitudes the expensive formula reduces to the latitude distance.
  if (v === 0.0) return geohashGetLatDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/**
 * geohashGetDistance() with sin, cos and asin correctly rounded, as glibc's
 * nearly always are: the same bits Redis computes where V8's Math differs
 * by an ulp. A few times slower; used where the last bit shows.
 */
export function geohashGetDistancePrecise(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = sinCR((lon2r - lon1r) / 2);
  if (v === 0.0) return geohashGetLatDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = sinCR((lat2r - lat1r) / 2);
  const a = u * u + cosCR(lat1r) * cosCR(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * asinCR(Math.sqrt(a));
}

/** geohashGetDistanceIfInRadiusWGS84(): the distance when it is <= radius (metres), else null. */
export function geohashGetDistanceIfInRadiusWGS84(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  radius: number,
): number | null {
  const distance = nearBoundary(geohashGetDistance(x1, y1, x2, y2), radius, x1, y1, x2, y2);
  return distance > radius ? null : distance;
}

/**
 * A distance that lies within a few ulps of the limit it is compared with,
 * recomputed with correctly rounded math: there V8's last bit could put a
 * point on the other side of the limit from where Redis puts it.
 */
function nearBoundary(distance: number, limit: number, x1: number, y1: number, x2: number, y2: number): number {
  return Math.abs(distance - limit) <= limit * 1e-14 ? geohashGetDistancePrecise(x1, y1, x2, y2) : distance;
}

/**
 * geohashGetDistanceIfInRectangle(): whether (x2,y2) lies in the box of
 * width_m × height_m metres centred at (x1,y1), measured along the
 * meridian and the parallel through the point; the distance to the centre
 * when it does, else null.
 */
export function geohashGetDistanceIfInRectangle(
  widthM: number,
  heightM: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): number | null {
  const latDistance = geohashGetLatDistance(y2, y1);
  if (latDistance > heightM / 2) return null;
  const lonDistance = nearBoundary(geohashGetDistance(x2, y2, x1, y2), widthM / 2, x2, y2, x1, y2);
  if (lonDistance > widthM / 2) return null;
  return geohashGetDistance(x1, y1, x2, y2);
}
