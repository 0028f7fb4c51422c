// The search half of geo.c: scanning the score ranges of the nine cells
// (membersOfAllNeighbors / membersOfGeoHashBox / geoGetPointsInRange),
// keeping the members inside the shape (geoWithinShape), then ordering and
// limiting them as georadiusGeneric() does. It runs over any sorted-set-like
// store that can walk a score range.

import {
  geohashCalculateAreasByShapeWGS84, geohashGetDistanceIfInRadiusWGS84, geohashGetDistanceIfInRectangle, geohashGetDistancePrecise, type GeoShape,
} from './geohash-helper.js';
import { decodeScoreInto, geohashAlign52Bits, geohashDecodeToLonLat, type GeoHashBits } from './geohash.js';
import { glibcMergeSort, pqsort } from './sort.js';

/**
 * What the search needs from a sorted set. `rangeByScore` must call `visit`
 * for every member with `min <= score < maxExclusive`, in sorted-set order
 * (score ascending, then member bytes ascending), and stop as soon as
 * `visit` returns false. Which members COUNT … ANY returns depends on that order.
 */
export interface GeoScoreRangeSource {
  rangeByScore(min: number, maxExclusive: number, visit: (member: string, score: number) => boolean | void): void;
}

/** A member found inside the shape: geo.c's geoPoint. */
export interface GeoPoint {
  readonly member: string;
  /** Distance from the centre in metres; divide by the shape's conversion for the reply. */
  readonly distance: number;
  /** The member's score (its 52-bit geohash), as WITHHASH reports it. */
  readonly score: number;
  /** The decoded position, as WITHCOORD reports it. */
  readonly lon: number;
  readonly lat: number;
}

/** scoresOfGeoHashBox(): [min inclusive, max exclusive] scores of every position inside a cell. */
export function scoresOfGeoHashBox(hash: GeoHashBits): [number, number] {
  const min = geohashAlign52Bits(hash);
  const max = geohashAlign52Bits({ bits: BigInt.asUintN(64, hash.bits + 1n), step: hash.step });
  // The uint64 values become doubles when handed to the range lookup.
  return [Number(min), Number(max)];
}

/**
 * geoWithinShape(): the decoded position and distance (metres) of a score
 * when it lies inside the shape, else null.
 */
export function geoWithinShape(shape: GeoShape, score: number): { lon: number; lat: number; distance: number } | null {
  const [lon, lat] = geohashDecodeToLonLat(score);
  const distance = distanceIfWithin(shape, lon, lat);
  return distance === null ? null : { lon, lat, distance };
}

function distanceIfWithin(shape: GeoShape, lon: number, lat: number): number | null {
  return shape.type === 'radius'
    ? geohashGetDistanceIfInRadiusWGS84(shape.lon, shape.lat, lon, lat, shape.radius * shape.conversion)
    : geohashGetDistanceIfInRectangle(shape.width * shape.conversion, shape.height * shape.conversion, shape.lon, shape.lat, lon, lat);
}

/**
 * The cells in the order membersOfAllNeighbors() scans them: centre, N, S,
 * E, W, NE, NW, SE, SW; null for the ones Redis zeroed.
 */
export function searchCells(shape: GeoShape): (GeoHashBits | null)[] {
  const r = geohashCalculateAreasByShapeWGS84(shape);
  const n = r.neighbors;
  return [r.hash, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest];
}

/**
 * The score ranges a search reads, in order, after Redis's skipping of
 * zeroed cells and of a cell equal to the one scanned just before it.
 */
export function searchScoreRanges(shape: GeoShape): [number, number][] {
  const out: [number, number][] = [];
  forEachScannedCell(searchCells(shape), (cell) => {
    out.push(scoresOfGeoHashBox(cell));
    return true;
  });
  return out;
}

function forEachScannedCell(cells: (GeoHashBits | null)[], scan: (cell: GeoHashBits) => boolean): void {
  let lastProcessed = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === null || cell === undefined) continue;
    // Huge radii make adjacent neighbours equal. As in Redis, only the cell
    // scanned last is compared, and never the centre cell (index 0 doubles
    // as "nothing scanned yet").
    const last = cells[lastProcessed];
    if (lastProcessed !== 0 && last && cell.bits === last.bits && cell.step === last.step) continue;
    if (!scan(cell)) break;
    lastProcessed = i;
  }
}

/**
 * membersOfAllNeighbors(): every member of the store inside the shape, in
 * scan order (unsorted). With `limit` > 0 (COUNT n ANY) the scan stops once
 * that many members were found, exactly where Redis stops.
 */
export function geoMembersInShape(store: GeoScoreRangeSource, shape: GeoShape, limit = 0): GeoPoint[] {
  const found: GeoPoint[] = [];
  const full = (): boolean => limit > 0 && found.length > 0 && found.length >= limit;
  const xy: [number, number] = [0, 0];
  const visit = (member: string, score: number): boolean => {
    decodeScoreInto(score, xy);
    const distance = distanceIfWithin(shape, xy[0], xy[1]);
    if (distance !== null) found.push({ member, score, distance, lon: xy[0], lat: xy[1] });
    return !full();
  };
  forEachScannedCell(searchCells(shape), (cell) => {
    if (full()) return false;
    const [min, max] = scoresOfGeoHashBox(cell);
    store.rangeByScore(min, max, visit);
    return true;
  });
  return found;
}

/**
 * The distance a WITHDIST reply prints for a point, in the shape's unit.
 * Printing keeps four decimals (llrint of value × 10^4), so V8's last bit
 * shows only when the value sits on a rounding tie; there the distance is
 * recomputed with correctly rounded math, as glibc computes it.
 */
export function geoReplyDistance(shape: GeoShape, p: GeoPoint): number {
  const value = p.distance / shape.conversion;
  const scaled = value * 1e4;
  const fraction = scaled - Math.floor(scaled);
  if (Math.abs(fraction - 0.5) > Math.abs(scaled) * 1e-14 + 1e-300) return value;
  return geohashGetDistancePrecise(shape.lon, shape.lat, p.lon, p.lat) / shape.conversion;
}

/**
 * The distance STOREDIST stores, in the shape's unit: every bit shows in the
 * stored score, so it is always computed with correctly rounded math.
 */
export function geoStoredDistance(shape: GeoShape, p: GeoPoint): number {
  return geohashGetDistancePrecise(shape.lon, shape.lat, p.lon, p.lat) / shape.conversion;
}

export type GeoSortOrder = 'none' | 'asc' | 'desc';

function ascending(a: GeoPoint, b: GeoPoint): number {
  // sort_gp_asc(): doubles compared without subtraction; NaN compares "less".
  if (a.distance > b.distance) return 1;
  if (a.distance === b.distance) return 0;
  return -1;
}

function descending(a: GeoPoint, b: GeoPoint): number {
  return -ascending(a, b);
}

export interface GeoOrderOptions {
  readonly sort?: GeoSortOrder;
  /** COUNT; 0 or absent means no limit. */
  readonly count?: number;
  /** ANY: the count limited the scan instead of choosing the nearest. */
  readonly any?: boolean;
}

/** The sort georadiusGeneric() applies: COUNT without ANY and without ASC/DESC forces ASC. */
export function effectiveGeoSort(options: GeoOrderOptions): GeoSortOrder {
  const sort = options.sort ?? 'none';
  const count = options.count ?? 0;
  return count !== 0 && sort === 'none' && options.any !== true ? 'asc' : sort;
}

/**
 * Orders and cuts the points as georadiusGeneric() does: glibc qsort (a
 * stable merge sort) when all points are returned, Redis's partial pqsort
 * when COUNT cuts them; then the first COUNT points. Equal distances thus
 * keep scan order in the first case and take pqsort's (unstable, but
 * deterministic) order in the second, as in Redis on glibc. Sorts `points`
 * in place and returns the returned prefix.
 */
export function orderGeoResults(points: GeoPoint[], options: GeoOrderOptions = {}): GeoPoint[] {
  const sort = effectiveGeoSort(options);
  const count = options.count ?? 0;
  const returned = count === 0 || points.length < count ? points.length : count;
  if (sort !== 'none') {
    const cmp = sort === 'asc' ? ascending : descending;
    if (returned === points.length) {
      // With no NaN distance the comparator is consistent and any stable sort
      // gives glibc's order; V8's is the faster one.
      if (points.every((p) => !Number.isNaN(p.distance))) points.sort(cmp);
      else glibcMergeSort(points, cmp);
    } else {
      pqsort(points, cmp, 0, returned - 1);
    }
  }
  return returned === points.length ? points : points.slice(0, returned);
}

export type GeoSearchOptions = GeoOrderOptions;

/**
 * A whole GEOSEARCH/GEORADIUS query: the members inside the shape, ordered
 * and limited as Redis replies them (distances still in metres).
 */
export function geoSearch(store: GeoScoreRangeSource, shape: GeoShape, options: GeoSearchOptions = {}): GeoPoint[] {
  const count = options.count ?? 0;
  const points = geoMembersInShape(store, shape, options.any === true ? count : 0);
  return orderGeoResults(points, options);
}
