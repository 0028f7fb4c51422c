// Differential property tests against a scratch redis-server 7.0 (skipped
// when none is installed): random points and queries go to both, and every
// reply must match byte for byte.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrayStore } from '../test/array-store.js';
import { geodistReply, geohashReply, geoposReply, geosearchArgs, geosearchReply, type SearchReplyOptions } from '../test/geo-replies.js';
import { hasRedis7, ScratchRedis, type Reply } from '../test/redis.js';
import { GEO_LAT_MAX, GEO_LAT_MIN } from './constants.js';
import type { GeoShape } from './geohash-helper.js';
import { parseGeoUnit } from './units.js';
import { validateLonLat } from './validate.js';

const lon = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -180, max: 180, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-180, 180, 0, -0, 179.9999999, -179.9999999) },
);
const lat = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: GEO_LAT_MIN, max: GEO_LAT_MAX, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(GEO_LAT_MIN, GEO_LAT_MAX, 0, 85, -85, 66.5, 80.1) },
);
/** A cluster of points around a centre, so that searches find something. */
const cluster = fc
  .record({
    lon,
    lat,
    spread: fc.constantFrom(0, 0.0001, 0.01, 1, 20, 200),
    offsets: fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 60 }),
  })
  .map(({ lon: cLon, lat: cLat, spread, offsets }) =>
    offsets.map(([dx, dy, twin], i): [number, number, string] => {
      let x = cLon + dx * spread;
      if (x > 180 || x < -180) x = ((((x + 180) % 360) + 360) % 360) - 180;
      const y = Math.min(GEO_LAT_MAX, Math.max(GEO_LAT_MIN, cLat + dy * spread));
      // Twins share the previous point's position: equal distances.
      return [x, y, twin && i > 0 ? `t${i}` : `p${i}`];
    }),
  );
const unit = fc.constantFrom('m', 'km', 'mi', 'ft');
const size = fc.oneof(fc.constantFrom(0, 1, 1000, 1e5, 1e6, 5e6, 2e7, 5e7), fc.double({ min: 0, max: 3e7, noNaN: true }));
const options: fc.Arbitrary<SearchReplyOptions> = fc.record({
  withdist: fc.boolean(),
  withhash: fc.boolean(),
  withcoord: fc.boolean(),
  sort: fc.constantFrom('none', 'asc', 'desc'),
  count: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 70 })),
  any: fc.boolean(),
});

function place(points: [number, number, string][]): [number, number, string][] {
  // Twins take the position of the point before them.
  return points.map((p, i) => (p[2].startsWith('t') ? [points[i - 1]![0], points[i - 1]![1], p[2]] : p));
}

function redisDouble(s: Reply): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}

describe.skipIf(!hasRedis7)('against a scratch redis-server 7.0', () => {
  let redis: ScratchRedis;
  beforeAll(async () => {
    redis = await ScratchRedis.start();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  async function load(points: [number, number, string][]): Promise<ArrayStore> {
    await redis.call('DEL', 'k');
    const added = await redis.pipeline(points.map(([x, y, m]) => ['GEOADD', 'k', String(x), String(y), m]));
    expect(added.every((r) => typeof r === 'number')).toBe(true);
    const scores = await redis.pipeline(points.map(([, , m]) => ['ZSCORE', 'k', m]));
    return new ArrayStore(points.map(([, , member], i) => ({ member, score: redisDouble(scores[i]!) })));
  }

  it('GEOPOS, GEOHASH and GEODIST agree on random points', async () => {
    await fc.assert(
      fc.asyncProperty(cluster, fc.array(fc.tuple(fc.nat(), fc.nat(), unit), { maxLength: 20 }), async (raw, pairs) => {
        const points = place(raw);
        const store = await load(points);
        const members = points.map((p) => p[2]);
        const commands = members.flatMap((m) => [['GEOPOS', 'k', m], ['GEOHASH', 'k', m]]);
        const dist = pairs.map(([a, b, u]) => [members[a % members.length]!, members[b % members.length]!, u] as const);
        const replies = await redis.pipeline([...commands, ...dist.map(([a, b, u]) => ['GEODIST', 'k', a, b, u])]);
        const mine: Reply[] = [
          ...members.flatMap((m) => [[geoposReply(store, m)], [geohashReply(store, m)]]),
          ...dist.map(([a, b, u]) => geodistReply(store, a, b, u)),
        ];
        expect(mine).toEqual(replies);
      }),
      { numRuns: 100 },
    );
  });

  it('GEOSEARCH by radius and by box agrees, members, order and digits', async () => {
    await fc.assert(
      fc.asyncProperty(
        cluster,
        fc.array(
          fc.record({ centre: fc.oneof(fc.tuple(lon, lat), fc.nat()), box: fc.boolean(), w: size, h: size, unit, o: options }),
          { minLength: 1, maxLength: 15 },
        ),
        async (raw, queries) => {
          const points = place(raw);
          const store = await load(points);
          const built = queries.map(({ centre, box, w, h, unit: u, o }) => {
            const conversion = parseGeoUnit(u)!;
            const [x, y] = typeof centre === 'number' ? points[centre % points.length]! : centre;
            const shape: GeoShape = box
              ? { type: 'box', lon: x, lat: y, width: w / conversion, height: h / conversion, conversion }
              : { type: 'radius', lon: x, lat: y, radius: w / conversion, conversion };
            const opts: SearchReplyOptions = { ...o, any: o.any && o.count !== 0 };
            return { shape, unit: u, opts };
          });
          const replies = await redis.pipeline(built.map((q) => ['GEOSEARCH', 'k', ...geosearchArgs(q.shape, q.unit, q.opts)]));
          built.forEach((q, i) => {
            expect([geosearchArgs(q.shape, q.unit, q.opts).join(' '), geosearchReply(store, q.shape, q.opts)]).toEqual([
              geosearchArgs(q.shape, q.unit, q.opts).join(' '),
              replies[i],
            ]);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects the same coordinates with the same text', async () => {
    const wide = fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -200, max: 200, noNaN: true }), fc.constantFrom(180.0000001, -85.0511288, 85.05112878000001));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(wide, wide), { minLength: 1, maxLength: 30 }), async (pairs) => {
        // String(-0) is "0": send the sign, which the error text prints.
        const arg = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
        const replies = await redis.pipeline(pairs.map(([x, y]) => ['GEOADD', 'v', arg(x), arg(y), 'm']));
        pairs.forEach(([x, y], i) => {
          const error = validateLonLat(x, y);
          expect(error === null ? 'ok' : { error }).toEqual(typeof replies[i] === 'number' ? 'ok' : replies[i]);
        });
      }),
      { numRuns: 100 },
    );
  });
});
