import { describe, expect, it } from 'vitest';
import { ArrayStore } from '../test/array-store.js';
import { geohashEncode } from './geohash.js';
import { geohashGetDistance, type GeoShape } from './geohash-helper.js';
import { effectiveGeoSort, geoMembersInShape, geoSearch, orderGeoResults, scoresOfGeoHashBox, searchCells, searchScoreRanges, type GeoPoint } from './search.js';

const sicily = new ArrayStore(
  (
    [
      ['Palermo', 13.361389, 38.115556],
      ['Catania', 15.087269, 37.502669],
      ['Agrigento', 13.583333, 37.316667],
      ['Rome', 12.496366, 41.902782],
    ] as const
  ).map(([member, lon, lat]) => ({ member, score: geohashEncode(lon, lat) })),
);
const around = (radius: number, conversion = 1000): GeoShape => ({ type: 'radius', lon: 15, lat: 37, radius, conversion });

describe('geoSearch', () => {
  it('finds the members inside a radius, with distances in metres', () => {
    // GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC on Redis 7.0.15: Catania Agrigento Palermo.
    const found = geoSearch(sicily, around(200), { sort: 'asc' });
    expect(found.map((p) => p.member)).toEqual(['Catania', 'Agrigento', 'Palermo']);
    const palermo = found[2]!;
    expect(palermo.distance).toBe(geohashGetDistance(15, 37, palermo.lon, palermo.lat));
    expect(palermo.score).toBe(3479099956230698);
  });

  it('orders by distance, descending too', () => {
    expect(geoSearch(sicily, around(200), { sort: 'desc' }).map((p) => p.member)).toEqual(['Palermo', 'Agrigento', 'Catania']);
  });

  it('sorts ascending when COUNT comes without an order, unless ANY', () => {
    expect(effectiveGeoSort({ count: 2 })).toBe('asc');
    expect(effectiveGeoSort({ count: 2, any: true })).toBe('none');
    expect(effectiveGeoSort({ count: 2, sort: 'desc' })).toBe('desc');
    expect(effectiveGeoSort({})).toBe('none');
    expect(geoSearch(sicily, around(200), { count: 2 }).map((p) => p.member)).toEqual(['Catania', 'Agrigento']);
    // Redis: COUNT 2 ANY within 10000 km gives Agrigento Palermo (scan order).
    expect(geoSearch(sicily, around(10000), { count: 2, any: true }).map((p) => p.member)).toEqual(['Agrigento', 'Palermo']);
  });

  it('stops scanning once ANY has COUNT members', () => {
    const store = new ArrayStore(sicily.entries);
    const found = geoMembersInShape(store, around(10000), 1);
    expect(found).toHaveLength(1);
    expect(store.scans).toHaveLength(1);
    const all = new ArrayStore(sicily.entries);
    expect(geoMembersInShape(all, around(10000))).toHaveLength(4);
    expect(all.scans.length).toBeGreaterThan(1);
  });

  it('takes the box width and height in units', () => {
    const box: GeoShape = { type: 'box', lon: 15, lat: 37, width: 400, height: 400, conversion: 1000 };
    expect(geoSearch(sicily, box, { sort: 'asc' }).map((p) => p.member)).toEqual(['Catania', 'Agrigento', 'Palermo']);
    const narrow: GeoShape = { ...box, width: 100 };
    expect(geoSearch(sicily, narrow, { sort: 'asc' }).map((p) => p.member)).toEqual(['Catania']);
  });
});

describe('search cells and ranges', () => {
  it('scans each distinct cell once when a huge radius makes neighbours repeat', () => {
    const whole: GeoShape = { type: 'radius', lon: 0, lat: 0, radius: 40000, conversion: 1000 };
    const cells = searchCells(whole);
    expect(cells.every((c) => c !== null && c.step === 1)).toBe(true);
    // At step 1 the centre, north (= south), east (= west) and the corners (all equal) remain.
    const ranges = searchScoreRanges(whole);
    expect(ranges).toHaveLength(4);
    expect(new Set(ranges.map(([min]) => min)).size).toBe(4);
    expect(ranges.flat().sort((a, b) => a - b)).toEqual([0, 2 ** 50, 2 * 2 ** 50, 3 * 2 ** 50, 2 ** 50, 2 * 2 ** 50, 3 * 2 ** 50, 2 ** 52].sort((a, b) => a - b));
  });

  it('gives each cell the scores of everything inside it', () => {
    expect(scoresOfGeoHashBox({ bits: 0b1011n, step: 2 })).toEqual([11 * 2 ** 48, 12 * 2 ** 48]);
    expect(scoresOfGeoHashBox({ bits: 5n, step: 26 })).toEqual([5, 6]);
  });
});

describe('orderGeoResults', () => {
  const point = (member: string, distance: number): GeoPoint => ({ member, distance, score: 0, lon: 0, lat: 0 });

  it('keeps scan order for equal distances when everything is returned', () => {
    const points = [point('a', 2), point('b', 1), point('c', 2), point('d', 1)];
    expect(orderGeoResults(points, { sort: 'asc' }).map((p) => p.member)).toEqual(['b', 'd', 'a', 'c']);
    expect(orderGeoResults([...points], { sort: 'desc' }).map((p) => p.member)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('returns COUNT points, or all when fewer', () => {
    const points = () => [point('a', 3), point('b', 1), point('c', 2)];
    expect(orderGeoResults(points(), { count: 2 }).map((p) => p.member)).toEqual(['b', 'c']);
    expect(orderGeoResults(points(), { count: 5 }).map((p) => p.member)).toEqual(['b', 'c', 'a']);
    expect(orderGeoResults(points(), { count: 2, any: true }).map((p) => p.member)).toEqual(['a', 'b']);
    expect(orderGeoResults(points()).map((p) => p.member)).toEqual(['a', 'b', 'c']);
  });
});
