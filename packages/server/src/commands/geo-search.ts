// geo.c's georadiusGeneric(): GEORADIUS, GEORADIUSBYMEMBER, their _RO forms,
// GEOSEARCH and GEOSEARCHSTORE. The argument walk is Redis's, branch for
// branch, because which error a bad command gets depends on its order.

import { ErrorReply, type RespValue } from '@kv/resp';
import {
  formatGeoHashScore, geohashDecodeToLonLat, geoReplyDistance, geoSearch, geoStoredDistance,
  type GeoPoint, type GeoScoreRangeSource, type GeoShape, type GeoSortOrder,
} from '@kv/geo';
import type { ScoreRange } from '@kv/structures';
import type { Client } from '../client/client.js';
import { SYNTAX_ERROR, WRONGTYPE } from '../errors.js';
import { ZSetValue } from '../keyspace/types/zset-value.js';
import { intArg, isOption } from './args.js';
import { boxArg, coordinateReply, distanceReply, lonLatArg, radiusArg } from './geo-args.js';
import { limits } from './sorted-set.js';
import { notify, NOTIFY_GENERIC, NOTIFY_ZSET } from '../notify/notify.js';

/** Search around coordinates (GEORADIUS[_RO]). */
export const RADIUS_COORDS = 1;
/** Search around a member (GEORADIUSBYMEMBER[_RO]). */
export const RADIUS_MEMBER = 2;
/** No STORE/STOREDIST option (the _RO forms). */
export const RADIUS_NOSTORE = 4;
/** GEOSEARCH's arguments (FROMMEMBER/FROMLONLAT, BYRADIUS/BYBOX). */
export const GEOSEARCH = 8;
/** GEOSEARCHSTORE: a destination first, and STOREDIST without a key. */
export const GEOSEARCHSTORE = 16;

const COULD_NOT_DECODE = new ErrorReply('ERR could not decode requested zset member');
const COUNT_NOT_POSITIVE = new ErrorReply('ERR COUNT must be > 0');
const ANY_WITHOUT_COUNT = new ErrorReply('ERR the ANY argument requires COUNT argument');

/** Centre and size of the shape, filled in as the arguments are read (GeoShape in geo.c). */
interface ShapeDraft {
  lon: number;
  lat: number;
  conversion: number;
  type: 'radius' | 'box' | undefined;
  radius: number;
  width: number;
  height: number;
}

/** Everything the argument walk decided. */
interface SearchOptions {
  storeKey: string | undefined;
  storeDist: boolean;
  withDist: boolean;
  withHash: boolean;
  withCoord: boolean;
  sort: GeoSortOrder;
  any: boolean;
  count: number;
}

/** Entries read per call: small first (COUNT … ANY often stops early), doubling up to a cap. */
const FIRST_CHUNK = 64;
const MAX_CHUNK = 4096;

/**
 * A sorted set seen as the search's store. SortedSet.rangeByScore cannot be
 * stopped from its callback, so the range is read in growing chunks: COUNT …
 * ANY then stops within one chunk of where Redis stops, without reading the
 * rest of a cell that may hold most of the set.
 */
function rangeSource(z: ZSetValue): GeoScoreRangeSource {
  return {
    rangeByScore(min, maxExclusive, visit) {
      const range: ScoreRange = { min, max: maxExclusive, minExclusive: false, maxExclusive: true };
      let stopped = false;
      const emit = (member: string, score: number): void => {
        if (!stopped && visit(member, score) === false) stopped = true;
      };
      let offset = 0;
      for (let chunk = FIRST_CHUNK; ; chunk = Math.min(chunk * 2, MAX_CHUNK)) {
        const n = z.set.rangeByScore(range, { offset, limit: chunk }, emit);
        if (stopped || n < chunk) return;
        offset += chunk;
      }
    },
  };
}

/** longLatFromMember(): the decoded position of a member, or null when it is absent. */
function memberPosition(z: ZSetValue, member: string): [number, number] | null {
  const score = z.score(member);
  return score === undefined ? null : geohashDecodeToLonLat(score);
}

/** georadiusGeneric(). `srcIdx` is the source key's argument index. */
export function georadiusGeneric(client: Client, args: string[], srcIdx: number, flags: number): RespValue {
  const db = client.db;
  const found = db.get(args[srcIdx]!);
  if (found !== undefined && !(found instanceof ZSetValue)) return WRONGTYPE;
  const z = found;

  const shape: ShapeDraft = { lon: 0, lat: 0, conversion: 0, type: undefined, radius: 0, width: 0, height: 0 };
  const opts: SearchOptions = {
    storeKey: undefined, storeDist: false, withDist: false, withHash: false, withCoord: false, sort: 'none', any: false, count: 0,
  };
  let baseArgs: number;
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    const xy = lonLatArg(args, 2);
    if (xy instanceof ErrorReply) return xy;
    [shape.lon, shape.lat] = xy;
    const r = radiusArg(args, baseArgs - 2);
    if (r instanceof ErrorReply) return r;
    shape.type = 'radius';
    shape.radius = r.radius;
    shape.conversion = r.conversion;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    // Without the key Redis still reads the options, to know which empty reply to give.
    if (z !== undefined) {
      const xy = memberPosition(z, args[2]!);
      if (xy === null) return COULD_NOT_DECODE;
      [shape.lon, shape.lat] = xy;
      const r = radiusArg(args, baseArgs - 2);
      if (r instanceof ErrorReply) return r;
      shape.type = 'radius';
      shape.radius = r.radius;
      shape.conversion = r.conversion;
    }
  } else {
    baseArgs = 2;
    if (flags & GEOSEARCHSTORE) {
      baseArgs = 3;
      opts.storeKey = args[1]!;
    }
  }

  const error = parseOptions(args, baseArgs, flags, z, shape, opts);
  if (error !== undefined) return error;
  return runSearch(client, z, shape, opts, flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore');
}

/** The option loop of georadiusGeneric(); fills `shape` and `opts`, or returns the error. */
function parseOptions(args: string[], baseArgs: number, flags: number, z: ZSetValue | undefined, shape: ShapeDraft, opts: SearchOptions): ErrorReply | undefined {
  const search = (flags & GEOSEARCH) !== 0;
  const storeAllowed = !(flags & RADIUS_NOSTORE) && !search;
  let fromMember = false, fromLonLat = false, byRadius = false, byBox = false;
  const remaining = args.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const at = baseArgs + i;
    const arg = args[at]!;
    if (isOption(arg, 'WITHDIST')) opts.withDist = true;
    else if (isOption(arg, 'WITHHASH')) opts.withHash = true;
    else if (isOption(arg, 'WITHCOORD')) opts.withCoord = true;
    else if (isOption(arg, 'ANY')) opts.any = true;
    else if (isOption(arg, 'ASC')) opts.sort = 'asc';
    else if (isOption(arg, 'DESC')) opts.sort = 'desc';
    else if (isOption(arg, 'COUNT') && i + 1 < remaining) {
      const c = intArg(args[at + 1]!);
      if (c instanceof ErrorReply) return c;
      if (c <= 0) return COUNT_NOT_POSITIVE;
      // Beyond 2^53 the exact value cannot matter: no set is that large.
      opts.count = Number(c);
      i++;
    } else if (isOption(arg, 'STORE') && i + 1 < remaining && storeAllowed) {
      opts.storeKey = args[at + 1]!;
      opts.storeDist = false;
      i++;
    } else if (isOption(arg, 'STOREDIST') && i + 1 < remaining && storeAllowed) {
      opts.storeKey = args[at + 1]!;
      opts.storeDist = true;
      i++;
    } else if (isOption(arg, 'STOREDIST') && search && flags & GEOSEARCHSTORE) {
      opts.storeDist = true;
    } else if (isOption(arg, 'FROMMEMBER') && i + 1 < remaining && search && !fromLonLat) {
      // No source key: keep reading the arguments, the reply is empty anyway.
      if (z !== undefined) {
        const xy = memberPosition(z, args[at + 1]!);
        if (xy === null) return COULD_NOT_DECODE;
        [shape.lon, shape.lat] = xy;
      }
      fromMember = true;
      i++;
    } else if (isOption(arg, 'FROMLONLAT') && i + 2 < remaining && search && !fromMember) {
      const xy = lonLatArg(args, at + 1);
      if (xy instanceof ErrorReply) return xy;
      [shape.lon, shape.lat] = xy;
      fromLonLat = true;
      i += 2;
    } else if (isOption(arg, 'BYRADIUS') && i + 2 < remaining && search && !byBox) {
      const r = radiusArg(args, at + 1);
      if (r instanceof ErrorReply) return r;
      shape.type = 'radius';
      shape.radius = r.radius;
      shape.conversion = r.conversion;
      byRadius = true;
      i += 2;
    } else if (isOption(arg, 'BYBOX') && i + 3 < remaining && search && !byRadius) {
      const b = boxArg(args, at + 1);
      if (b instanceof ErrorReply) return b;
      shape.type = 'box';
      shape.width = b.width;
      shape.height = b.height;
      shape.conversion = b.conversion;
      byBox = true;
      i += 3;
    } else return SYNTAX_ERROR;
  }

  if (opts.storeKey !== undefined && (opts.withDist || opts.withHash || opts.withCoord)) {
    const what = flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS';
    return new ErrorReply(`ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  // The command name as the client typed it, as Redis prints argv[0].
  if (search && !(fromMember || fromLonLat)) {
    return new ErrorReply(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${cName(args[0]!)}`);
  }
  if (search && !(byRadius || byBox)) {
    return new ErrorReply(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${cName(args[0]!)}`);
  }
  if (opts.any && opts.count === 0) return ANY_WITHOUT_COUNT;
  return undefined;
}

/** `%s` of an sds: C stops at the first NUL. */
function cName(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function toShape(d: ShapeDraft): GeoShape {
  return d.type === 'box'
    ? { type: 'box', lon: d.lon, lat: d.lat, width: d.width, height: d.height, conversion: d.conversion }
    : { type: 'radius', lon: d.lon, lat: d.lat, radius: d.radius, conversion: d.conversion };
}

/** The search itself and its reply or stored result. */
function runSearch(client: Client, z: ZSetValue | undefined, draft: ShapeDraft, opts: SearchOptions, storeEvent: string): RespValue {
  const db = client.db;
  if (z === undefined) {
    if (opts.storeKey === undefined) return [];
    if (db.deleteEvenIfExpired(opts.storeKey)) notify(client, NOTIFY_GENERIC, 'del', opts.storeKey);
    return 0;
  }
  const shape = toShape(draft);
  const points = geoSearch(rangeSource(z), shape, { sort: opts.sort, count: opts.count, any: opts.any });
  if (opts.storeKey === undefined) return points.map((p) => pointReply(p, shape, opts));
  return storePoints(client, opts.storeKey, points, shape, opts.storeDist, storeEvent);
}

/** One element of the reply: the member alone, or [member, dist?, hash?, [lon, lat]?]. */
function pointReply(p: GeoPoint, shape: GeoShape, opts: SearchOptions): RespValue {
  if (!opts.withDist && !opts.withHash && !opts.withCoord) return p.member;
  const out: RespValue[] = [p.member];
  if (opts.withDist) out.push(distanceReply(geoReplyDistance(shape, p)));
  if (opts.withHash) out.push(hashReply(p.score));
  if (opts.withCoord) out.push(positionOf(p));
  return out;
}

/** addReplyLongLong((long long)score). */
function hashReply(score: number): number | bigint {
  const text = formatGeoHashScore(score);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function positionOf(p: GeoPoint): RespValue[] {
  return [coordinateReply(p.lon), coordinateReply(p.lat)];
}

/**
 * STORE / STOREDIST / GEOSEARCHSTORE: a skiplist built from the results,
 * converted to a listpack when small enough, as georadiusGeneric() does.
 * No result deletes the destination.
 */
function storePoints(client: Client, key: string, points: readonly GeoPoint[], shape: GeoShape, storeDist: boolean, event: string): number {
  const db = client.db;
  if (points.length === 0) {
    if (db.deleteEvenIfExpired(key)) notify(client, NOTIFY_GENERIC, 'del', key);
    return 0;
  }
  const result = ZSetValue.skiplist();
  let maxLength = 0;
  for (const p of points) {
    // A member found twice (Redis only skips a cell equal to the one before) would make Redis abort; kv keeps the first.
    if (result.score(p.member) !== undefined) continue;
    // Every bit of a stored distance shows: computed with correctly rounded math, as glibc's.
    result.insert(p.member, storeDist ? geoStoredDistance(shape, p) : p.score);
    if (p.member.length > maxLength) maxLength = p.member.length;
  }
  result.convertToListpackIfNeeded(maxLength, limits(client));
  db.set(key, result);
  notify(client, NOTIFY_ZSET, event, key);
  return points.length;
}
