// C's errno, as far as replies can see it. SORT tests `errno == ERANGE`
// after strtod without clearing errno first, so an overflow or underflow in
// any earlier strtod (a ZADD score, a ZRANGEBYSCORE bound) makes a later
// SORT of non-integer elements fail, until something clears errno: a
// strtoul/strtold that resets it (SCAN cursors, INCRBYFLOAT), CONFIG SET, or
// accepting a connection (accept's EAGAIN). Redis 7.0.15 behaves so, and kv
// follows.

let range = false;

/** errno == ERANGE. */
export function errnoIsRange(): boolean {
  return range;
}

/** A strtod-family call overflowed or underflowed. */
export function setErrnoRange(): void {
  range = true;
}

/** Something set errno to another value (or to 0). */
export function clearErrno(): void {
  range = false;
}

const DBL_MIN = 2.2250738585072014e-308;

/** Whether strtod would set ERANGE for text that read as `v`: overflow, or an underflow to zero or a subnormal. */
export function strtodRangeError(text: string, v: number): boolean {
  if (!Number.isFinite(v)) return !/inf/i.test(text);
  if (v === 0) return /[1-9]/.test(text.replace(/[eEpP].*$/, '').replace(/^[+-]?0[xX]/, ''));
  return Math.abs(v) < DBL_MIN;
}
