// Port of Redis 7.0's src/geohash.c: encoding a position into interleaved
// bits, decoding bits into the cell's bounding box, and moving to the eight
// neighbouring cells. A hash is kept as its two coordinate indices (the
// deinterleaved halves), which is exact for every value the C code can hold;
// `bits` is the interleaved uint64 as a bigint.

import {
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LAT_RANGE,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  GEO_LONG_RANGE,
  GEO_STEP_MAX,
  type GeoHashRange,
} from './constants.js';
import { bigIntToU64, deinterleave64, doubleToU64, interleave64, u64ToBigInt, u64ToNumber } from './interleave.js';

/** A geohash of `step` bits per coordinate: GeoHashBits of geohash.h. */
export interface GeoHashBits {
  /** The interleaved value: latitude in the even bits, longitude in the odd bits. */
  readonly bits: bigint;
  /** Bits per coordinate, 1..32 (26 for sorted-set scores). */
  readonly step: number;
}

export interface GeoHashArea {
  readonly hash: GeoHashBits;
  readonly longitude: GeoHashRange;
  readonly latitude: GeoHashRange;
}

export interface GeoHashNeighbors {
  readonly north: GeoHashBits;
  readonly east: GeoHashBits;
  readonly west: GeoHashBits;
  readonly south: GeoHashBits;
  readonly northEast: GeoHashBits;
  readonly southEast: GeoHashBits;
  readonly northWest: GeoHashBits;
  readonly southWest: GeoHashBits;
}

/** A hash as its deinterleaved uint32 indices: what the arithmetic works on. */
interface Cell {
  readonly lat: number;
  readonly lon: number;
  readonly step: number;
}

function cellOf(hash: GeoHashBits): Cell {
  const { hi, lo } = bigIntToU64(hash.bits);
  const { even, odd } = deinterleave64(hi, lo);
  return { lat: even, lon: odd, step: hash.step };
}

function hashOf(cell: Cell): GeoHashBits {
  const { hi, lo } = interleave64(cell.lat, cell.lon);
  return { bits: u64ToBigInt(hi, lo), step: cell.step };
}

/** C's `(uint32_t)d` for the non-negative offsets geohashEncode() produces. */
function toUint32(d: number): number {
  return Math.trunc(d) >>> 0;
}

function encodeCell(
  longRange: GeoHashRange,
  latRange: GeoHashRange,
  longitude: number,
  latitude: number,
  step: number,
): Cell | null {
  if (step > 32 || step === 0) return null;
  if ((latRange.max === 0 && latRange.min === 0) || (longRange.max === 0 && longRange.min === 0)) return null;
  // geohashEncode() refuses what the Redis index cannot hold, whatever the ranges.
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) {
    return null;
  }
  if (latitude < latRange.min || latitude > latRange.max || longitude < longRange.min || longitude > longRange.max) {
    return null;
  }
  let latOffset = (latitude - latRange.min) / (latRange.max - latRange.min);
  let longOffset = (longitude - longRange.min) / (longRange.max - longRange.min);
  latOffset *= 2 ** step;
  longOffset *= 2 ** step;
  // A coordinate exactly at its range maximum gives the index 2^step: Redis
  // keeps that overflow bit, and so do we.
  return { lat: toUint32(latOffset), lon: toUint32(longOffset), step };
}

/**
 * geohashEncode(): the interleaved hash of a position, or null where Redis
 * returns 0 (step outside 1..32, position outside the Redis limits or the ranges).
 */
export function geohashEncodeBits(
  longitude: number,
  latitude: number,
  step: number = GEO_STEP_MAX,
  longRange: GeoHashRange = GEO_LONG_RANGE,
  latRange: GeoHashRange = GEO_LAT_RANGE,
): GeoHashBits | null {
  const cell = encodeCell(longRange, latRange, longitude, latitude, step);
  return cell === null ? null : hashOf(cell);
}

/**
 * The sorted-set score GEOADD stores for a position: geohashEncodeWGS84()
 * aligned to 52 bits by geohashAlign52Bits(), then read back as a double.
 * Throws a RangeError where Redis's encoder would fail (validate first with
 * validateLonLat()) or for a step outside 1..26.
 */
export function geohashEncode(longitude: number, latitude: number, step: number = GEO_STEP_MAX): number {
  // Past 26 steps the 52-bit alignment would shift by a negative amount (undefined in C).
  if (!Number.isInteger(step) || step > GEO_STEP_MAX) throw new RangeError(`step must be 1..26, got ${step}`);
  const cell = encodeCell(GEO_LONG_RANGE, GEO_LAT_RANGE, longitude, latitude, step);
  if (cell === null) throw new RangeError(`cannot geohash longitude ${longitude}, latitude ${latitude}, step ${step}`);
  const { hi, lo } = interleave64(cell.lat, cell.lon);
  if (step === GEO_STEP_MAX) return u64ToNumber(hi, lo);
  return Number(BigInt.asUintN(64, u64ToBigInt(hi, lo) << BigInt(52 - step * 2)));
}

/** geohashAlign52Bits(): the hash shifted left to fill 52 bits (uint64 arithmetic). */
export function geohashAlign52Bits(hash: GeoHashBits): bigint {
  return BigInt.asUintN(64, hash.bits << BigInt(52 - hash.step * 2));
}

function decodeCell(cell: Cell, longRange: GeoHashRange, latRange: GeoHashRange): { longitude: GeoHashRange; latitude: GeoHashRange } {
  const latScale = latRange.max - latRange.min;
  const longScale = longRange.max - longRange.min;
  const div = 2 ** cell.step;
  // `ilato + 1` is uint32 arithmetic in C and wraps at 2^32.
  return {
    latitude: {
      min: latRange.min + ((cell.lat * 1.0) / div) * latScale,
      max: latRange.min + ((((cell.lat + 1) >>> 0) * 1.0) / div) * latScale,
    },
    longitude: {
      min: longRange.min + ((cell.lon * 1.0) / div) * longScale,
      max: longRange.min + ((((cell.lon + 1) >>> 0) * 1.0) / div) * longScale,
    },
  };
}

/** geohashDecode(): the bounding box of the cell, or null for a zero hash (bits 0, step 0). */
export function geohashDecode(
  hash: GeoHashBits,
  longRange: GeoHashRange = GEO_LONG_RANGE,
  latRange: GeoHashRange = GEO_LAT_RANGE,
): GeoHashArea | null {
  if (hash.bits === 0n && hash.step === 0) return null;
  if ((latRange.max === 0 && latRange.min === 0) || (longRange.max === 0 && longRange.min === 0)) return null;
  return { hash, ...decodeCell(cellOf(hash), longRange, latRange) };
}

/** geohashDecodeAreaToLongLat(): the centre of the box, clamped to the Redis limits. */
export function geohashDecodeAreaToLonLat(area: { longitude: GeoHashRange; latitude: GeoHashRange }): [number, number] {
  let lon = (area.longitude.min + area.longitude.max) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (area.latitude.min + area.latitude.max) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  return [lon, lat];
}

/** geohashDecodeToLongLatWGS84() of a hash: the centre of its cell. */
export function geohashDecodeBitsToLonLat(hash: GeoHashBits): [number, number] | null {
  const area = geohashDecode(hash);
  return area === null ? null : geohashDecodeAreaToLonLat(area);
}

/** The 26-step hash a sorted-set score stands for: `(uint64_t)score` as geo.c's decodeGeohash() reads it. */
export function scoreToGeoHashBits(score: number): GeoHashBits {
  const { hi, lo } = doubleToU64(score);
  return { bits: u64ToBigInt(hi, lo), step: GEO_STEP_MAX };
}

/**
 * geo.c's decodeGeohash(): the position of a sorted-set score, as GEOPOS,
 * WITHCOORD and the searches see it. Never fails for a step-26 hash.
 */
export function geohashDecodeToLonLat(score: number): [number, number] {
  const out: [number, number] = [0, 0];
  decodeScoreInto(score, out);
  return out;
}

const TWO_32 = 4294967296;
const CELLS_26 = 2 ** GEO_STEP_MAX;
const LAT_SCALE = GEO_LAT_MAX - GEO_LAT_MIN;
const LONG_SCALE = GEO_LONG_MAX - GEO_LONG_MIN;

/**
 * geohashDecodeToLonLat() without allocating, for the search's inner loop:
 * the same operations as geohashDecode() + geohashDecodeAreaToLonLat() at step 26.
 */
export function decodeScoreInto(score: number, out: [number, number]): void {
  let hi: number;
  let lo: number;
  if (score >= 0 && score < 18446744073709551616) {
    const t = Math.trunc(score);
    hi = Math.floor(t / TWO_32);
    lo = t - hi * TWO_32;
  } else {
    ({ hi, lo } = doubleToU64(score));
  }
  const { even: ilato, odd: ilono } = deinterleave64(hi, lo);
  const latMin = GEO_LAT_MIN + ((ilato * 1.0) / CELLS_26) * LAT_SCALE;
  const latMax = GEO_LAT_MIN + ((((ilato + 1) >>> 0) * 1.0) / CELLS_26) * LAT_SCALE;
  const lonMin = GEO_LONG_MIN + ((ilono * 1.0) / CELLS_26) * LONG_SCALE;
  const lonMax = GEO_LONG_MIN + ((((ilono + 1) >>> 0) * 1.0) / CELLS_26) * LONG_SCALE;
  let lon = (lonMin + lonMax) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (latMin + latMax) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  out[0] = lon;
  out[1] = lat;
}

/** geohash_move_x/_y: the moved coordinate wraps modulo 2^step, the other keeps every bit it had. */
function moved(cell: Cell, dLon: number, dLat: number): Cell {
  const size = 2 ** cell.step;
  const wrap = (v: number, d: number): number => (((v + d) % size) + size) % size;
  return {
    step: cell.step,
    lon: dLon === 0 ? cell.lon : wrap(cell.lon, dLon),
    lat: dLat === 0 ? cell.lat : wrap(cell.lat, dLat),
  };
}

/** geohashNeighbors(): the eight cells around a hash, wrapping around both axes. */
export function geohashNeighbors(hash: GeoHashBits): GeoHashNeighbors {
  const c = cellOf(hash);
  return {
    east: hashOf(moved(c, 1, 0)),
    west: hashOf(moved(c, -1, 0)),
    south: hashOf(moved(c, 0, -1)),
    north: hashOf(moved(c, 0, 1)),
    northWest: hashOf(moved(c, -1, 1)),
    northEast: hashOf(moved(c, 1, 1)),
    southEast: hashOf(moved(c, 1, -1)),
    southWest: hashOf(moved(c, -1, -1)),
  };
}
