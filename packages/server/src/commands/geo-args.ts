// The argument helpers of geo.c (extractLongLatOrReply, extractUnitOrReply,
// extractDistanceOrReply, extractBoxOrReply) and the reply helpers every GEO
// command shares. Each parser returns the value or the ErrorReply Redis sends.

import { DoubleReply, ErrorReply } from '@kv/resp';
import { formatGeoCoordinate, formatGeoDistance, geohashDecodeToLonLat, GEO_UNIT_ERROR, validateLonLat } from '@kv/geo';
import { NOT_FLOAT } from '../errors.js';
import { parseDouble } from '../util/double.js';
import { isOption } from './args.js';

const UNIT_ERROR = new ErrorReply(GEO_UNIT_ERROR);

/** extractLongLatOrReply(): two doubles at args[i], args[i+1], inside the Redis limits. */
export function lonLatArg(args: readonly string[], i: number): [number, number] | ErrorReply {
  const lon = parseDouble(args[i]!);
  if (lon === null) return NOT_FLOAT;
  const lat = parseDouble(args[i + 1]!);
  if (lat === null) return NOT_FLOAT;
  const invalid = validateLonLat(lon, lat);
  return invalid === null ? [lon, lat] : new ErrorReply(invalid);
}

/** extractUnitOrReply(): metres per unit. strcasecmp, so a NUL ends the argument as in C. */
export function unitArg(arg: string): number | ErrorReply {
  if (isOption(arg, 'M')) return 1;
  if (isOption(arg, 'KM')) return 1000;
  if (isOption(arg, 'FT')) return 0.3048;
  if (isOption(arg, 'MI')) return 1609.34;
  return UNIT_ERROR;
}

/** A non-negative double with the command's own messages (getDoubleFromObjectOrReply + sign check). */
function sizeArg(arg: string, notNumeric: string): number | ErrorReply {
  const v = parseDouble(arg);
  return v === null ? new ErrorReply(notNumeric) : v;
}

/** extractDistanceOrReply(): `<radius> <unit>` at args[i]. */
export function radiusArg(args: readonly string[], i: number): { radius: number; conversion: number } | ErrorReply {
  const radius = sizeArg(args[i]!, 'ERR need numeric radius');
  if (radius instanceof ErrorReply) return radius;
  if (radius < 0) return new ErrorReply('ERR radius cannot be negative');
  const conversion = unitArg(args[i + 1]!);
  if (conversion instanceof ErrorReply) return conversion;
  return { radius, conversion };
}

/** extractBoxOrReply(): `<width> <height> <unit>` at args[i]. */
export function boxArg(args: readonly string[], i: number): { width: number; height: number; conversion: number } | ErrorReply {
  const width = sizeArg(args[i]!, 'ERR need numeric width');
  if (width instanceof ErrorReply) return width;
  const height = sizeArg(args[i + 1]!, 'ERR need numeric height');
  if (height instanceof ErrorReply) return height;
  if (height < 0 || width < 0) return new ErrorReply('ERR height or width cannot be negative');
  const conversion = unitArg(args[i + 2]!);
  if (conversion instanceof ErrorReply) return conversion;
  return { width, height, conversion };
}

/**
 * addReplyHumanLongDouble(): a bulk string in RESP2, a double in RESP3,
 * printed "%.17Lf" with the trailing zeros trimmed either way.
 */
export function coordinateReply(value: number): DoubleReply {
  return new DoubleReply(value, formatGeoCoordinate(value));
}

/** GEOPOS / WITHCOORD's pair for a stored score. */
export function positionReply(score: number): [DoubleReply, DoubleReply] {
  const [lon, lat] = geohashDecodeToLonLat(score);
  return [coordinateReply(lon), coordinateReply(lat)];
}

/** addReplyDoubleDistance(): always a bulk string, four decimals. */
export function distanceReply(distance: number): string {
  return formatGeoDistance(distance);
}
