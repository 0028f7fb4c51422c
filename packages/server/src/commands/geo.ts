// The GEO group of Redis 7.0 (geo.c). Geo keys are sorted sets whose scores
// are 52-bit geohashes; the geometry lives in @kv/geo, the searches in
// geo-search.ts.

import { ErrorReply, NULL_ARRAY, type RespValue } from '@kv/resp';
import { geohashDecodeToLonLat, geohashEncode, geohashGetDistancePrecise, geohashString } from '@kv/geo';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { SYNTAX_ERROR, WRONGTYPE } from '../errors.js';
import { ZSetValue } from '../keyspace/types/zset-value.js';
import { isOption } from './args.js';
import { distanceReply, lonLatArg, positionReply, unitArg } from './geo-args.js';
import {
  GEOSEARCH, GEOSEARCHSTORE, RADIUS_COORDS, RADIUS_MEMBER, RADIUS_NOSTORE, georadiusGeneric,
} from './geo-search.js';
import { SORTED_SET_HANDLERS } from './sorted-set.js';

/** lookupKeyRead + checkType. */
function readZSet(client: Client, key: string): ZSetValue | undefined | ErrorReply {
  const v = client.db.get(key);
  if (v === undefined || v instanceof ZSetValue) return v;
  return WRONGTYPE;
}

/**
 * GEOADD key [NX|XX] [CH] lon lat member …: every pair is checked first,
 * then the command becomes `ZADD key [options] score member …` and runs as
 * ZADD, as Redis does with replaceClientCommandVector().
 */
const geoadd: Handler = (client, args) => {
  let nx = false, xx = false;
  let longIdx = 2;
  for (; longIdx < args.length; longIdx++) {
    const opt = args[longIdx]!;
    if (isOption(opt, 'NX')) nx = true;
    else if (isOption(opt, 'XX')) xx = true;
    else if (!isOption(opt, 'CH')) break;
  }
  if ((args.length - longIdx) % 3 !== 0 || (xx && nx)) return SYNTAX_ERROR;
  const zaddArgs = ['zadd', ...args.slice(1, longIdx)];
  for (let i = longIdx; i < args.length; i += 3) {
    const xy = lonLatArg(args, i);
    if (xy instanceof ErrorReply) return xy;
    // sdsfromlonglong(bits): the score travels as its exact integer digits.
    zaddArgs.push(String(geohashEncode(xy[0], xy[1])), args[i + 2]!);
  }
  // Redis replaces the command vector: the AOF and replicas see the ZADD.
  client.server.propagation.rewrite(zaddArgs);
  return SORTED_SET_HANDLERS.zadd!(client, zaddArgs);
};

/** GEOPOS key member …: [lon, lat] per member, a null array for a missing one. */
const geopos: Handler = (client, args) => {
  const z = readZSet(client, args[1]!);
  if (z instanceof ErrorReply) return z;
  const out: RespValue[] = [];
  for (let j = 2; j < args.length; j++) {
    const score = z?.score(args[j]!);
    out.push(score === undefined ? NULL_ARRAY : positionReply(score));
  }
  return out;
};

/** GEODIST key member1 member2 [unit]: the unit is checked before the key. */
const geodist: Handler = (client, args) => {
  let toMeter = 1;
  if (args.length === 5) {
    const u = unitArg(args[4]!);
    if (u instanceof ErrorReply) return u;
    toMeter = u;
  } else if (args.length > 5) return SYNTAX_ERROR;
  const z = readZSet(client, args[1]!);
  if (z instanceof ErrorReply) return z;
  if (z === undefined) return null;
  const s1 = z.score(args[2]!);
  const s2 = z.score(args[3]!);
  if (s1 === undefined || s2 === undefined) return null;
  const [lon1, lat1] = geohashDecodeToLonLat(s1);
  const [lon2, lat2] = geohashDecodeToLonLat(s2);
  // One distance: computed with correctly rounded math, the bits glibc gives Redis.
  return distanceReply(geohashGetDistancePrecise(lon1, lat1, lon2, lat2) / toMeter);
};

/** GEOHASH key member …: the 11-character standard geohash, null for a missing member. */
const geohash: Handler = (client, args) => {
  const z = readZSet(client, args[1]!);
  if (z instanceof ErrorReply) return z;
  const out: RespValue[] = [];
  for (let j = 2; j < args.length; j++) {
    const score = z?.score(args[j]!);
    out.push(score === undefined ? null : geohashString(score));
  }
  return out;
};

export const GEO_HANDLERS: Record<string, Handler> = {
  geoadd,
  geopos,
  geodist,
  geohash,
  georadius: (client, args) => georadiusGeneric(client, args, 1, RADIUS_COORDS),
  georadiusbymember: (client, args) => georadiusGeneric(client, args, 1, RADIUS_MEMBER),
  georadius_ro: (client, args) => georadiusGeneric(client, args, 1, RADIUS_COORDS | RADIUS_NOSTORE),
  georadiusbymember_ro: (client, args) => georadiusGeneric(client, args, 1, RADIUS_MEMBER | RADIUS_NOSTORE),
  geosearch: (client, args) => georadiusGeneric(client, args, 1, GEOSEARCH),
  geosearchstore: (client, args) => georadiusGeneric(client, args, 2, GEOSEARCH | GEOSEARCHSTORE),
};
