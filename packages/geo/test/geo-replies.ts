// The replies of the geo commands, built from @kv/geo the way geo.c builds
// them, in the shape test/redis.ts parses Redis's RESP2 replies into. Used to
// compare against a real Redis and against the baked fixtures.

import {
  formatGeoCoordinate,
  formatGeoDistance,
  formatGeoHashScore,
  geohashDecodeToLonLat,
  geohashGetDistancePrecise,
  geoReplyDistance,
  geohashString,
  geoSearch,
  parseGeoUnit,
  type GeoShape,
  type GeoSortOrder,
} from '../src/index.js';
import type { ArrayStore } from './array-store.js';
import type { Reply } from './redis.js';

export function geoposReply(store: ArrayStore, member: string): Reply {
  const score = store.score(member);
  if (score === undefined) return null;
  const [lon, lat] = geohashDecodeToLonLat(score);
  return [formatGeoCoordinate(lon), formatGeoCoordinate(lat)];
}

export function geohashReply(store: ArrayStore, member: string): Reply {
  const score = store.score(member);
  return score === undefined ? null : geohashString(score);
}

export function geodistReply(store: ArrayStore, a: string, b: string, unit = 'm'): Reply {
  const conversion = parseGeoUnit(unit);
  if (conversion === null) return { error: 'ERR unsupported unit provided. please use M, KM, FT, MI' };
  const s1 = store.score(a);
  const s2 = store.score(b);
  if (s1 === undefined || s2 === undefined) return null;
  const [x1, y1] = geohashDecodeToLonLat(s1);
  const [x2, y2] = geohashDecodeToLonLat(s2);
  return formatGeoDistance(geohashGetDistancePrecise(x1, y1, x2, y2) / conversion);
}

export interface SearchReplyOptions {
  withdist?: boolean;
  withhash?: boolean;
  withcoord?: boolean;
  sort?: GeoSortOrder;
  count?: number;
  any?: boolean;
}

/** The shape of a FROMMEMBER search: centred on the member's decoded position. */
export function shapeFromMember(store: ArrayStore, member: string, shape: GeoShape): GeoShape | null {
  const score = store.score(member);
  if (score === undefined) return null;
  const [lon, lat] = geohashDecodeToLonLat(score);
  return { ...shape, lon, lat };
}

export function geosearchReply(store: ArrayStore, shape: GeoShape, o: SearchReplyOptions): Reply {
  const points = geoSearch(store, shape, o);
  return points.map((p) => {
    if (!o.withdist && !o.withhash && !o.withcoord) return p.member;
    const item: Reply[] = [p.member];
    if (o.withdist) item.push(formatGeoDistance(geoReplyDistance(shape, p)));
    if (o.withhash) item.push(Number(formatGeoHashScore(p.score)));
    if (o.withcoord) item.push([formatGeoCoordinate(p.lon), formatGeoCoordinate(p.lat)]);
    return item;
  });
}

/** The GEOSEARCH arguments (after the key) for a shape and options. */
export function geosearchArgs(shape: GeoShape, unit: string, o: SearchReplyOptions, fromMember?: string): string[] {
  const args = fromMember === undefined ? ['FROMLONLAT', String(shape.lon), String(shape.lat)] : ['FROMMEMBER', fromMember];
  if (shape.type === 'radius') args.push('BYRADIUS', String(shape.radius), unit);
  else args.push('BYBOX', String(shape.width), String(shape.height), unit);
  if (o.withdist) args.push('WITHDIST');
  if (o.withhash) args.push('WITHHASH');
  if (o.withcoord) args.push('WITHCOORD');
  if (o.sort === 'asc') args.push('ASC');
  if (o.sort === 'desc') args.push('DESC');
  if (o.count) args.push('COUNT', String(o.count));
  if (o.count && o.any) args.push('ANY');
  return args;
}
