import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_IN_METERS, GEO_LAT_MAX, GEO_LAT_MIN } from './constants.js';
import { geohashDecode, geohashNeighbors } from './geohash.js';
import {
  geohashBoundingBox,
  geohashCalculateAreasByShapeWGS84,
  geohashEstimateStepsByRadius,
  geohashGetDistance,
  geohashGetDistanceIfInRadiusWGS84,
  geohashGetDistanceIfInRectangle,
  geohashGetLatDistance,
  type GeoShape,
} from './geohash-helper.js';

describe('geohashEstimateStepsByRadius', () => {
  it.each([
    [0, 0, 26],
    [0.001, 0, 26],
    [1, 0, 24],
    [1000, 0, 14],
    [1000, 70, 13],
    [1000, -70, 13],
    [1000, 81, 12],
    [1000, -81, 12],
    [5e6, 0, 2],
    [5e6, 67, 1],
    [2e7, 0, 1],
    [3e7, 0, 1],
    [Infinity, 0, 1],
  ])('radius %s m at latitude %s: step %s', (radius, lat, step) => {
    expect(geohashEstimateStepsByRadius(radius, lat)).toBe(step);
  });
});

describe('distances', () => {
  it('measures known distances', () => {
    // A quarter of the equator, and pole-to-equator along a meridian.
    expect(geohashGetDistance(0, 0, 90, 0)).toBeCloseTo((Math.PI / 2) * EARTH_RADIUS_IN_METERS, 6);
    expect(geohashGetDistance(10, 0, 10, 90)).toBe(EARTH_RADIUS_IN_METERS * Math.abs(90 * (Math.PI / 180) - 0));
    expect(geohashGetLatDistance(10, -10)).toBe(EARTH_RADIUS_IN_METERS * Math.abs(-10 * (Math.PI / 180) - 10 * (Math.PI / 180)));
  });

  it('is symmetric and zero at the same point', () => {
    const lon = fc.double({ min: -180, max: 180, noNaN: true });
    const lat = fc.double({ min: GEO_LAT_MIN, max: GEO_LAT_MAX, noNaN: true });
    fc.assert(
      fc.property(lon, lat, lon, lat, (x1, y1, x2, y2) => {
        expect(geohashGetDistance(x1, y1, x1, y1)).toBe(0);
        expect(geohashGetDistance(x1, y1, x2, y2)).toBeCloseTo(geohashGetDistance(x2, y2, x1, y1), 6);
      }),
      { numRuns: 200 },
    );
  });

  it('includes the radius itself', () => {
    const d = geohashGetDistance(13.361389, 38.115556, 15.087269, 37.502669);
    expect(geohashGetDistanceIfInRadiusWGS84(13.361389, 38.115556, 15.087269, 37.502669, d)).toBe(d);
    expect(geohashGetDistanceIfInRadiusWGS84(13.361389, 38.115556, 15.087269, 37.502669, d * (1 - 1e-15))).toBeNull();
  });

  it('tests a box along the meridian and the parallel of the point', () => {
    const height = geohashGetLatDistance(0, 1) * 2;
    const width = geohashGetDistance(0, 1, 1, 1) * 2;
    expect(geohashGetDistanceIfInRectangle(width, height, 0, 0, 1, 1)).toBe(geohashGetDistance(0, 0, 1, 1));
    expect(geohashGetDistanceIfInRectangle(width, height * 0.999, 0, 0, 1, 1)).toBeNull();
    expect(geohashGetDistanceIfInRectangle(width * 0.999, height, 0, 0, 1, 1)).toBeNull();
  });
});

describe('geohashBoundingBox', () => {
  const radius = (lon: number, lat: number, r: number): GeoShape => ({ type: 'radius', lon, lat, radius: r, conversion: 1 });

  it('widens at the edge farther from the equator', () => {
    const [w, s, e, n] = geohashBoundingBox(radius(10, 45, 100000));
    expect(e - 10).toBeCloseTo(10 - w, 12);
    expect(n - 45).toBeCloseTo(45 - s, 12);
    // North: the longitude span is the one at the northern latitude.
    expect(e - 10).toBeCloseTo((100000 / EARTH_RADIUS_IN_METERS / Math.cos((n * Math.PI) / 180)) * (180 / Math.PI), 9);
    const [w2] = geohashBoundingBox(radius(10, -45, 100000));
    expect(10 - w2).toBeCloseTo(e - 10, 9);
  });

  it('does not wrap across the antimeridian', () => {
    const [w, , e] = geohashBoundingBox({ type: 'box', lon: 179.5, lat: 0, width: 400, height: 10, conversion: 1000 });
    expect(e).toBeGreaterThan(180);
    expect(w).toBeLessThan(180);
  });

  it('uses half the box width and height', () => {
    const box = geohashBoundingBox({ type: 'box', lon: 0, lat: 0, width: 2000, height: 1000, conversion: 1 });
    const circle = geohashBoundingBox(radius(0, 0, 500));
    expect(box[1]).toBe(circle[1]);
    expect(box[3]).toBe(circle[3]);
  });
});

describe('geohashCalculateAreasByShapeWGS84', () => {
  const shapes = fc.record({
    lon: fc.double({ min: -180, max: 180, noNaN: true }),
    lat: fc.double({ min: GEO_LAT_MIN, max: GEO_LAT_MAX, noNaN: true }),
    size: fc.oneof(fc.constantFrom(0, 1, 1e3, 1e5, 1e7, 4e7), fc.double({ min: 0, max: 3e7, noNaN: true })),
    box: fc.boolean(),
  }).map(({ lon, lat, size, box }): GeoShape =>
    box ? { type: 'box', lon, lat, width: size, height: size / 2, conversion: 1 } : { type: 'radius', lon, lat, radius: size, conversion: 1 });

  it('centres on the cell of the centre, with its true neighbours or nothing', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const r = geohashCalculateAreasByShapeWGS84(shape);
        const area = geohashDecode(r.hash)!;
        expect(r.area).toEqual(area);
        expect(area.longitude.min).toBeLessThanOrEqual(shape.lon + 1e-9);
        expect(area.latitude.min).toBeLessThanOrEqual(shape.lat + 1e-9);
        const all = geohashNeighbors(r.hash);
        for (const [k, v] of Object.entries(r.neighbors)) {
          if (v !== null) expect(v).toEqual(all[k as keyof typeof all]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every neighbour at step 1 and prunes at finer steps', () => {
    const whole = geohashCalculateAreasByShapeWGS84({ type: 'radius', lon: 0, lat: 0, radius: 4e7, conversion: 1 });
    expect(whole.hash.step).toBe(1);
    expect(Object.values(whole.neighbors).every((n) => n !== null)).toBe(true);
    // A zero radius strictly inside a step-26 cell needs no neighbour at all.
    const point = geohashCalculateAreasByShapeWGS84({ type: 'radius', lon: 0.0000013, lat: 0.0000006, radius: 0, conversion: 1 });
    expect(point.hash.step).toBe(26);
    expect(Object.values(point.neighbors).filter((n) => n !== null)).toEqual([]);
  });

  it('bounds the search with the bounding box', () => {
    const r = geohashCalculateAreasByShapeWGS84({ type: 'radius', lon: 2.35, lat: 48.85, radius: 5, conversion: 1000 });
    expect(r.bounds).toEqual(geohashBoundingBox({ type: 'radius', lon: 2.35, lat: 48.85, radius: 5, conversion: 1000 }));
  });
});
