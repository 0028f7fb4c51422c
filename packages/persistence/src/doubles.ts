import { formatDouble } from '@kv/resp';

/**
 * Doubles as Redis 7.0 writes them into listpacks and old RDB files, and
 * reads them back with strtod.
 */

const LLONG_HALF = 4611686018427387903; // LLONG_MAX/2, as double2ll's bound

/**
 * Redis's double2ll (src/util.h): the integer a double holds exactly, if it
 * lies within ±LLONG_MAX/2. -0 counts as 0, as in C.
 */
export function doubleToInteger(d: number): number | bigint | undefined {
  if (!(d >= -LLONG_HALF && d <= LLONG_HALF) || !Number.isInteger(d)) return undefined;
  if (d === 0) return 0;
  return Number.isSafeInteger(d) ? d : BigInt(d);
}

/**
 * Redis 7.0's d2string (src/util.c): "nan", "inf", "-inf", "0"/"-0",
 * integers printed plainly, anything else with C's "%.17g".
 */
export function d2string(d: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const n = doubleToInteger(d);
  if (n !== undefined) return String(n);
  return formatDouble(d);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * C's strtod over the whole of `s` as Redis uses it for stored scores:
 * decimal notation, "inf"/"infinity", "nan", optional sign and leading
 * spaces. Undefined when `s` holds no number.
 */
export function parseDouble(s: string): number | undefined {
  const t = s.replace(/^[ \t\n\v\f\r]+/, '');
  const m = DECIMAL.exec(t);
  if (m) return Number(m[0]);
  const lower = t.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.startsWith('-') || lower.startsWith('+') ? lower.slice(1) : lower;
  if (body.startsWith('inf')) return sign * Infinity;
  if (body.startsWith('nan')) return NaN;
  return undefined;
}
