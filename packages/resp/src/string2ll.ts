const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

/**
 * Redis's string2ll over the bytes [from, to): an optional '-', no '+', no
 * leading zeros, no spaces, fewer than 21 characters, within a long long.
 * Undefined when Redis would refuse the text. Values beyond 2^53 come back
 * rounded, which is enough for the callers: they only compare with limits.
 */
export function parseLongLong(buf: Buffer, from: number, to: number): number | undefined {
  const len = to - from;
  if (len <= 0 || len >= 21) return undefined;
  if (len === 1 && buf[from] === 48 /* 0 */) return 0;
  let i = from;
  const neg = buf[i] === 45; /* - */
  if (neg && ++i === to) return undefined;
  let c = buf[i]!;
  if (c < 49 || c > 57) return undefined;
  if (to - i > 15) return parseLong(buf, from, i, to);
  let v = 0;
  for (; i < to; i++) {
    c = buf[i]!;
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

/** The rare 16-to-20-digit case: checked exactly against the long long range. */
function parseLong(buf: Buffer, from: number, digits: number, to: number): number | undefined {
  for (let i = digits; i < to; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) return undefined;
  }
  const big = BigInt(buf.toString('latin1', from, to));
  return big > LLONG_MAX || big < LLONG_MIN ? undefined : Number(big);
}
