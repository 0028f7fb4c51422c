import { describe, expect, it } from 'vitest';
import { GEO_UNIT_ERROR, GEO_UNIT_TO_METERS, metersToUnit, parseGeoUnit } from './units.js';
import { invalidLonLatError, isValidLonLat, validateLonLat } from './validate.js';

describe('units', () => {
  it('converts as Redis does, in any case', () => {
    expect(['m', 'KM', 'Ft', 'mI'].map(parseGeoUnit)).toEqual([1, 1000, 0.3048, 1609.34]);
    expect(GEO_UNIT_TO_METERS).toEqual({ m: 1, km: 1000, ft: 0.3048, mi: 1609.34 });
    expect(parseGeoUnit('miles')).toBeNull();
    expect(parseGeoUnit('')).toBeNull();
    expect(GEO_UNIT_ERROR).toBe('ERR unsupported unit provided. please use M, KM, FT, MI');
    expect(metersToUnit(1609.34, 1609.34)).toBe(1);
  });
});

describe('coordinate validation', () => {
  it('accepts the limits themselves', () => {
    expect(isValidLonLat(180, 85.05112878)).toBe(true);
    expect(isValidLonLat(-180, -85.05112878)).toBe(true);
    expect(validateLonLat(0, 0)).toBeNull();
  });

  it('rejects with the text of Redis 7.0.15', () => {
    expect(validateLonLat(200, 100)).toBe('ERR invalid longitude,latitude pair 200.000000,100.000000');
    expect(validateLonLat(0, 85.05112879)).toBe('ERR invalid longitude,latitude pair 0.000000,85.051129');
    expect(validateLonLat(-1e-7, -90.00000049)).toBe('ERR invalid longitude,latitude pair -0.000000,-90.000000');
    expect(validateLonLat(Infinity, 0)).toBe('ERR invalid longitude,latitude pair inf,0.000000');
    expect(invalidLonLatError(0, -Infinity)).toBe('ERR invalid longitude,latitude pair 0.000000,-inf');
  });
});
