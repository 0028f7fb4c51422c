// geo.c's extractUnitOrReply(): the units GEODIST, GEORADIUS* and GEOSEARCH*
// accept, case-insensitively, and the metres in one of each.

export type GeoUnit = 'm' | 'km' | 'ft' | 'mi';

/** Metres per unit, exactly as Redis 7.0 converts. */
export const GEO_UNIT_TO_METERS: Readonly<Record<GeoUnit, number>> = {
  m: 1,
  km: 1000,
  ft: 0.3048,
  mi: 1609.34,
};

/** The reply to an unknown unit (without the leading "-"). */
export const GEO_UNIT_ERROR = 'ERR unsupported unit provided. please use M, KM, FT, MI';

/** Metres per unit for a unit argument (any case), or null where Redis replies GEO_UNIT_ERROR. */
export function parseGeoUnit(unit: string): number | null {
  switch (unit.toLowerCase()) {
    case 'm':
      return 1;
    case 'km':
      return 1000;
    case 'ft':
      return 0.3048;
    case 'mi':
      return 1609.34;
    default:
      return null;
  }
}

/** A distance in metres expressed in a unit: what geo.c's `dist /= conversion` does. */
export function metersToUnit(meters: number, conversion: number): number {
  return meters / conversion;
}
