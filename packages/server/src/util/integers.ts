// Integer parsing and 64-bit arithmetic exactly as Redis's string2ll and
// long long math: small values stay JS numbers, the rest go through BigInt.

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;

/** A signed 64-bit integer: a number while it is a safe integer, else a bigint. */
export type LongLong = number | bigint;

/**
 * Parses like Redis's string2ll: optional '-', no '+', no leading zeros, no
 * spaces, at most 20 characters, within the signed 64-bit range.
 */
export function parseLongLong(s: string): LongLong | null {
  const len = s.length;
  if (len === 0 || len >= 21) return null;
  if (len === 1 && s === '0') return 0;
  let i = 0;
  if (s.charCodeAt(0) === 45 /* - */) {
    if (len === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return null;
  for (let j = i + 1; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  if (len - i <= 15) return Number(s);
  const big = BigInt(s);
  if (big > LLONG_MAX || big < LLONG_MIN) return null;
  return normalize(big);
}

/** Parses a non-negative or negative integer as Redis's string2l/getLongFromObject would (same rules as long long on 64-bit). */
export const parseLong = parseLongLong;

/** Returns a number when the value is a safe integer, else the bigint. */
export function normalize(v: bigint): LongLong {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Adds two 64-bit integers; null on signed overflow. */
export function addLongLong(a: LongLong, b: LongLong): LongLong | null {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  const r = BigInt(a) + BigInt(b);
  if (r > LLONG_MAX || r < LLONG_MIN) return null;
  return normalize(r);
}

/** Whether a string is exactly how Redis would print the integer it holds (so it would be int-encoded). */
export function isCanonicalLongLong(s: string): boolean {
  return parseLongLong(s) !== null;
}

export function compareLongLong(a: LongLong, b: LongLong): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = BigInt(a), y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
