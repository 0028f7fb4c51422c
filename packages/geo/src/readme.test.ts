// The README's example, run as written (with the package imported from source).
import { describe, expect, it } from 'vitest';
import { formatGeoDistance, geohashEncode, geoSearch, parseGeoUnit, type GeoScoreRangeSource } from './index.js';

describe('README example', () => {
  it('runs a radius query over a sorted array', () => {
    const places = [
      { member: 'Palermo', score: geohashEncode(13.361389, 38.115556) },
      { member: 'Catania', score: geohashEncode(15.087269, 37.502669) },
      { member: 'Rome', score: geohashEncode(12.496366, 41.902782) },
    ].sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : 1));

    const store: GeoScoreRangeSource = {
      rangeByScore(min, max, visit) {
        for (const { member, score } of places) {
          if (score >= max) break;
          if (score >= min && visit(member, score) === false) break;
        }
      },
    };

    const km = parseGeoUnit('km')!;
    const found = geoSearch(store, { type: 'radius', lon: 15, lat: 37, radius: 200, conversion: km }, { sort: 'asc' });
    // GEOSEARCH … FROMLONLAT 15 37 BYRADIUS 200 km ASC WITHDIST on Redis 7.0.15.
    expect(found.map((p) => [p.member, formatGeoDistance(p.distance / km)])).toEqual([
      ['Catania', '56.4413'],
      ['Palermo', '190.4424'],
    ]);
  });
});
