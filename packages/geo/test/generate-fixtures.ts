// Regenerates fixtures/redis-<version>.json from a scratch redis-server:
//   node tools/scripts/run-ts.mjs packages/geo/test/generate-fixtures.ts packages/geo/test/fixtures
// The replies are Redis's own; redis-fixtures.test.ts checks @kv/geo against them.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GEO_LAT_MAX, GEO_LAT_MIN, parseGeoUnit, type GeoShape } from '../src/index.js';
import { geosearchArgs, type SearchReplyOptions } from './geo-replies.js';
import { ScratchRedis, type Reply } from './redis.js';

export interface FixturePoint {
  member: string;
  lon: number;
  lat: number;
  /** ZSCORE's reply. */
  score: string;
}

export interface FixtureSearch {
  shape: GeoShape;
  unit: string;
  options: SearchReplyOptions;
  fromMember?: string;
  args: string[];
  reply: Reply;
}

export interface Fixtures {
  redisVersion: string;
  points: FixturePoint[];
  geoaddErrors: { lon: string; lat: string; error: string }[];
  oddScores: { score: string; geopos: Reply; geohash: Reply }[];
  geopos: Record<string, Reply>;
  geohash: Record<string, Reply>;
  geodist: { a: string; b: string; unit: string; reply: Reply }[];
  searches: FixtureSearch[];
}

let seed = 20240601;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

const named: [string, number, number][] = [
  ['Palermo', 13.361389, 38.115556],
  ['Catania', 15.087269, 37.502669],
  ['Rome', 12.496366, 41.902782],
  ['London', -0.127758, 51.507351],
  ['NewYork', -74.005941, 40.712784],
  ['Tokyo', 139.691706, 35.689487],
  ['Sydney', 151.209296, -33.86882],
  ['Reykjavik', -21.942237, 64.146582],
  ['Longyearbyen', 15.6356, 78.2232],
  ['Ushuaia', -68.303, -54.8019],
  ['McMurdo', 166.6667, -77.85],
  ['Suva', 178.4419, -18.1416],
  ['Apia', -171.7514, -13.8333],
  ['Anadyr', 177.5089, 64.7337],
  ['Nome', -165.4064, 64.5011],
  ['Kiritimati', -157.4, 1.87],
  ['am-east', 180, 0],
  ['am-west', -180, 0],
  ['am-east-10', 179.9999999, 10],
  ['am-west-10', -179.9999999, 10],
  // Longitude 180 sets bit 53: the score rounds to even and the latitude moves a cell.
  ['am-rounded', 180, -7.105427357601003e-15],
  ['ne-corner', 180, GEO_LAT_MAX],
  ['sw-corner', -180, GEO_LAT_MIN],
  ['north-edge', 0, GEO_LAT_MAX],
  ['south-edge', 0, GEO_LAT_MIN],
  ['near-north', 90, 85],
  ['near-south', -90, -85],
  ['origin', 0, 0],
  ['tiny', -0.0000001, 0.0000001],
  ['Palermo-twin-a', 13.361389, 38.115556],
  ['Palermo-twin-b', 13.361389, 38.115556],
];

/**
 * Pairs whose GEODIST tells Redis 7.0.15's code from older code: same
 * longitude (the meridian shortcut of #11579 gives other last digits than
 * the full haversine), and distances where llrint(d * 10^4) prints
 * otherwise than "%.4f" would. Found by search, then confirmed on Redis.
 */
const telling: [string, number, number, number, number][] = [
  ['meridian-1', 27.280288188201922, 80.26649518424546, 27.280288188201922, -81.94377973058117],
  ['meridian-2', -24.84235049279127, 40.54477833740808, -24.84235049279127, 1.9263105725893603],
  ['meridian-3', 6.668228965955848, -43.740693840141425, 6.668228965955848, 35.624984515960044],
  ['meridian-4', -43.95860958458189, 10.26717426765556, -43.95860958458189, -65.15282502065466],
  ['meridian-5', 0.45106310746709255, 0.6575198121365644, 0.45106310746709255, -75.76617016533133],
  ['llrint-1', -0.42108005449466646, -12.844543840196456, 90.01419745200593, 82.31232500142474],
  ['llrint-2', -102.39417307521893, -29.670920751732805, -149.67393872536582, -44.743085949337846],
  ['llrint-3', 119.86792040427707, -26.15452169569846, -32.18337992837161, 27.406127625632134],
];

function cluster(prefix: string, lon: number, lat: number, n: number, spread: number, sites: number): [string, number, number][] {
  const spots = Array.from({ length: sites }, () => [lon + (rnd() - 0.5) * spread, lat + (rnd() - 0.5) * spread] as const);
  return Array.from({ length: n }, (_, i) => {
    const s = spots[Math.floor(rnd() * sites)]!;
    return [`${prefix}${String(i).padStart(2, '0')}`, s[0], Math.min(GEO_LAT_MAX, Math.max(GEO_LAT_MIN, s[1]))];
  });
}

async function main(outDir: string): Promise<void> {
  const r = await ScratchRedis.start();
  try {
    const info = String(await r.call('INFO', 'server'));
    const redisVersion = /redis_version:(\S+)/.exec(info)![1]!;
    const all = [
      ...named,
      ...telling.flatMap(([m, x1, y1, x2, y2]): [string, number, number][] => [[`${m}a`, x1, y1], [`${m}b`, x2, y2]]),
      // Many members on a few spots: equal distances, where qsort and pqsort order matter.
      ...cluster('paris-', 2.3522, 48.8566, 60, 0.02, 6),
      ...cluster('fiji-', 180, -17, 25, 3, 25).map(([m, lon, lat]) => [m, lon > 180 ? lon - 360 : lon, lat] as [string, number, number]),
      ...cluster('pole-', 0, 84.9, 25, 8, 25),
    ];
    await r.call('DEL', 'pts');
    await r.pipeline(all.map(([m, lon, lat]) => ['GEOADD', 'pts', String(lon), String(lat), m]));
    const scores = await r.pipeline(all.map(([m]) => ['ZSCORE', 'pts', m]));
    if (scores.some((s) => typeof s !== 'string')) throw new Error('a point was not stored');
    const points: FixturePoint[] = all.map(([member, lon, lat], i) => ({ member, lon, lat, score: String(scores[i]) }));

    const badPairs: [string, string][] = [
      ['200', '100'], ['-180.0000001', '0'], ['180.0000001', '0'], ['0', '85.05112879'], ['0', '-85.05112879'],
      ['0', '90'], ['1e300', '0'], ['inf', '0'], ['0', '-inf'], ['-0.0000004', '-85.1'], ['-0.0000006', '86'],
      ['123.4567895', '89.9999995'], ['181.0000005', '0'], ['-1e-7', '-90.00000049'],
    ];
    const errs = await r.pipeline(badPairs.map(([lon, lat]) => ['GEOADD', 'bad', lon, lat, 'x']));
    const geoaddErrors = badPairs.map(([lon, lat], i) => ({ lon, lat, error: (errs[i] as { error: string }).error }));

    const odd = ['-1', '-1.5', '1.5', 'inf', '-inf', '18446744073709551616', '9223372036854775808', '1e30', '-1e30', '9007199254740994', '4503599627370495.5', '123456789', '0', '4503599627370496'];
    await r.pipeline(odd.map((s, i) => ['ZADD', 'odd', s, `o${i}`]));
    const oddPos = await r.pipeline(odd.map((_, i) => ['GEOPOS', 'odd', `o${i}`]));
    const oddHash = await r.pipeline(odd.map((_, i) => ['GEOHASH', 'odd', `o${i}`]));
    const oddScores = odd.map((score, i) => ({ score, geopos: (oddPos[i] as Reply[])[0]!, geohash: (oddHash[i] as Reply[])[0]! }));

    const members = points.map((p) => p.member);
    const pos = await r.pipeline(members.map((m) => ['GEOPOS', 'pts', m]));
    const hashes = await r.pipeline(members.map((m) => ['GEOHASH', 'pts', m]));
    const geopos: Record<string, Reply> = {};
    const geohash: Record<string, Reply> = {};
    members.forEach((m, i) => {
      geopos[m] = (pos[i] as Reply[])[0]!;
      geohash[m] = (hashes[i] as Reply[])[0]!;
    });

    const units = ['m', 'km', 'mi', 'ft', 'KM'];
    const pairs: { a: string; b: string; unit: string }[] = [];
    for (let i = 0; i < named.length; i++) {
      for (let j = 0; j < named.length; j += 3) pairs.push({ a: named[i]![0], b: named[j]![0], unit: units[(i + j) % units.length]! });
    }
    for (let i = 0; i < 40; i++) pairs.push({ a: members[Math.floor(rnd() * members.length)]!, b: members[Math.floor(rnd() * members.length)]!, unit: units[i % units.length]! });
    for (const [m] of telling) for (const unit of ['m', 'km', 'ft', 'mi']) pairs.push({ a: `${m}a`, b: `${m}b`, unit });
    pairs.push({ a: 'Palermo', b: 'nosuch', unit: 'm' }, { a: 'Palermo', b: 'Catania', unit: 'furlong' });
    const dists = await r.pipeline(pairs.map(({ a, b, unit }) => ['GEODIST', 'pts', a, b, unit]));
    const geodist = pairs.map((p, i) => ({ ...p, reply: dists[i]! }));

    const searches: Omit<FixtureSearch, 'reply' | 'args'>[] = [];
    const full: SearchReplyOptions = { withdist: true, withhash: true, withcoord: true };
    const radius = (lon: number, lat: number, size: number, unit: string): GeoShape => ({ type: 'radius', lon, lat, radius: size, conversion: parseGeoUnit(unit)! });
    const box = (lon: number, lat: number, w: number, h: number, unit: string): GeoShape => ({ type: 'box', lon, lat, width: w, height: h, conversion: parseGeoUnit(unit)! });
    const add = (shape: GeoShape, unit: string, options: SearchReplyOptions, fromMember?: string): void => {
      searches.push(fromMember === undefined ? { shape, unit, options } : { shape, unit, options, fromMember });
    };
    // Radii from zero to more than the whole planet.
    for (const [size, unit] of [[0, 'm'], [0.1, 'm'], [1, 'm'], [500, 'm'], [10, 'km'], [200, 'km'], [1000, 'km'], [5000, 'km'], [10000, 'km'], [20000, 'km'], [40000, 'km'], [3000, 'mi'], [100000, 'ft']] as const) {
      add(radius(13.361389, 38.115556, size, unit), unit, { ...full, sort: 'asc' });
      add(radius(2.3522, 48.8566, size, unit), unit, { withdist: true, sort: 'desc' });
      add(radius(0, 0, size, unit), unit, { withdist: true });
    }
    add(radius(0, 0, 0, 'm'), 'm', full, 'origin');
    add(radius(0, 0, 0, 'm'), 'm', full, 'Palermo-twin-a');
    add(radius(0, 0, 250, 'km'), 'km', { ...full, sort: 'asc' }, 'Palermo');
    // The antimeridian.
    for (const [lon, lat] of [[180, 0], [-180, 0], [179.9, 0], [-179.95, 10], [180, -17], [-179.5, -17.5], [177.5, 64.7]] as const) {
      add(radius(lon, lat, 100, 'km'), 'km', { ...full, sort: 'asc' });
      add(radius(lon, lat, 1500, 'km'), 'km', { withdist: true, sort: 'asc' });
      add(box(lon, lat, 400, 100, 'km'), 'km', { ...full, sort: 'asc' });
      add(box(lon, lat, 1500, 1000, 'km'), 'km', { withdist: true, withcoord: true, sort: 'desc' });
      add(box(lon, lat, 3000, 300, 'mi'), 'mi', { withdist: true });
    }
    // The poles' edges.
    for (const [lon, lat] of [[0, GEO_LAT_MAX], [0, GEO_LAT_MIN], [0, 85], [10, 84.9], [-90, -85], [180, GEO_LAT_MAX], [-180, GEO_LAT_MIN], [15.6, 78.2]] as const) {
      add(radius(lon, lat, 50, 'km'), 'km', { ...full, sort: 'asc' });
      add(radius(lon, lat, 500, 'km'), 'km', { withdist: true, sort: 'asc' });
      add(radius(lon, lat, 3000, 'km'), 'km', { withdist: true, sort: 'asc' });
      add(box(lon, lat, 2000, 500, 'km'), 'km', { withdist: true, withcoord: true, sort: 'asc' });
      add(box(lon, lat, 500, 2000, 'km'), 'km', { withdist: true });
      add(box(lon, lat, 40000, 40000, 'km'), 'km', { withdist: true, sort: 'asc' });
    }
    // Boxes, zero to huge.
    for (const [w, h, unit] of [[0, 0, 'm'], [1, 1, 'm'], [10, 2, 'km'], [2, 10, 'km'], [100, 100, 'km'], [4000, 200, 'km'], [200, 4000, 'km'], [40000, 20000, 'km'], [1e5, 3e4, 'ft']] as const) {
      add(box(13.361389, 38.115556, w, h, unit), unit, { ...full, sort: 'asc' });
      add(box(2.3522, 48.8566, w, h, unit), unit, { withdist: true });
    }
    // Ties: COUNT cuts with pqsort, or stops the scan with ANY.
    for (const count of [1, 2, 3, 5, 8, 13, 21, 40, 59, 60, 100]) {
      add(radius(2.3522, 48.8566, 5, 'km'), 'km', { withdist: true, sort: 'asc', count });
      add(radius(2.3522, 48.8566, 5, 'km'), 'km', { withdist: true, sort: 'desc', count });
      add(radius(2.3522, 48.8566, 5, 'km'), 'km', { withdist: true, count });
      add(radius(2.3522, 48.8566, 5, 'km'), 'km', { withdist: true, count, any: true });
      add(radius(2.3522, 48.8566, 5, 'km'), 'km', { withdist: true, count, any: true, sort: 'desc' });
      add(box(180, -17, 1000, 1000, 'km'), 'km', { withdist: true, count, any: true });
      add(box(180, -17, 1000, 1000, 'km'), 'km', { withdist: true, count, sort: 'desc' });
    }
    const replies = await r.pipeline(searches.map((s) => ['GEOSEARCH', 'pts', ...geosearchArgs(s.shape, s.unit, s.options, s.fromMember)]));
    const fixtures: Fixtures = {
      redisVersion,
      points,
      geoaddErrors,
      oddScores,
      geopos,
      geohash,
      geodist,
      searches: searches.map((s, i) => ({ ...s, args: geosearchArgs(s.shape, s.unit, s.options, s.fromMember), reply: replies[i]! })),
    };
    const out = path.join(outDir, `redis-${redisVersion}.json`);
    writeFileSync(out, serialize(fixtures));
    console.log(`wrote ${out}: ${points.length} points, ${geodist.length} GEODIST, ${searches.length} GEOSEARCH`);
  } finally {
    await r.stop();
  }
}

/** One entry per line: readable diffs without the bulk of full indentation. */
function serialize(fixtures: Fixtures): string {
  const fields = Object.entries(fixtures).map(([key, value]) => {
    let body: string;
    if (Array.isArray(value)) body = `[\n${value.map((v) => JSON.stringify(v)).join(',\n')}\n]`;
    else if (typeof value === 'object' && value !== null) {
      body = `{\n${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}`;
    } else body = JSON.stringify(value);
    return `${JSON.stringify(key)}: ${body}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}

const outDir = process.argv[2];
if (outDir === undefined) {
  console.error('usage: generate-fixtures.ts <output directory>');
  process.exit(2);
}
await main(path.resolve(outDir));
