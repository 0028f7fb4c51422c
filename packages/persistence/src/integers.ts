/**
 * Redis's strict integer test (string2ll in src/util.c, lpStringToInt64 in
 * src/listpack.c): an optional '-', then digits with no leading zero, no
 * '+', no spaces, within a signed 64-bit integer. A string that passes
 * prints back to exactly itself, which is why Redis may store it as a number.
 */

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** The integer `s` spells strictly, as a number when it is safe and a bigint otherwise; undefined if none. */
export function parseStrictInt(s: string): number | bigint | undefined {
  const len = s.length;
  if (len === 0 || len > 20) return undefined;
  let i = 0;
  const neg = s.charCodeAt(0) === 45; /* - */
  if (neg) {
    if (len === 1) return undefined;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48 /* 0 */) return len === 1 ? 0 : undefined;
  if (first < 49 || first > 57) return undefined;
  for (let j = i + 1; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
  }
  if (len - i <= 15) return Number(s);
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) return undefined;
  return Number.isSafeInteger(Number(big)) ? Number(big) : big;
}

/** Whether `s` spells an integer strictly (see parseStrictInt). */
export function isStrictInt(s: string): boolean {
  return parseStrictInt(s) !== undefined;
}
