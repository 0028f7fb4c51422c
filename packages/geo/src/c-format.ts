// The three ways Redis 7.0.15 prints the doubles of geo replies and errors:
// C's printf("%.Nf") (exact decimal value, ties to even, as glibc does),
// util.c's fixedpoint_d2string() (GEODIST and WITHDIST since 7.0.6: llrint of
// the value times 10^4, which can differ from "%.4f" by one in the last
// digit), and ld2string(LD_STR_HUMAN) ("%.17Lf" with trailing zeros trimmed:
// GEOPOS and WITHCOORD).

const view = new DataView(new ArrayBuffer(8));

function signBit(x: number): boolean {
  view.setFloat64(0, x);
  return (view.getUint8(0) & 0x80) !== 0;
}

/** |x| = mantissa * 2^exponent, exactly, for a finite double. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** The exact |x| * 10^digits rounded to an integer, ties to even. */
function scaledAbs(x: number, digits: number): bigint {
  const { mantissa, exponent } = decompose(x);
  const scaled = mantissa * 10n ** BigInt(digits);
  if (exponent >= 0) return scaled << BigInt(exponent);
  const shift = BigInt(-exponent);
  const q = scaled >> shift;
  const rem = scaled - (q << shift);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** C's `printf("%.*f", digits, x)` as glibc prints a double. */
export function formatCFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return signBit(x) ? '-nan' : 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const text = scaledAbs(x, digits).toString();
  let body: string;
  if (digits === 0) {
    body = text;
  } else {
    const padded = text.padStart(digits + 1, '0');
    body = `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  }
  return signBit(x) ? `-${body}` : body;
}

const LLONG_MIN = -(2n ** 63n);
const TWO_63 = 2 ** 63;

/** llrint() on x86-64: round to nearest even; out of range and NaN give LLONG_MIN. */
function llrint(x: number): bigint {
  if (!(x >= -TWO_63 && x < TWO_63)) return LLONG_MIN;
  const floor = Math.floor(x);
  const diff = x - floor;
  let r = floor;
  if (diff > 0.5 || (diff === 0.5 && floor % 2 !== 0)) r = floor + 1;
  return BigInt(r);
}

/**
 * util.c's fixedpoint_d2string(): `digits` (1..17) digits after the dot,
 * from llrint(value * 10^digits). This is how 7.0.15 prints GEODIST and
 * WITHDIST (with 4 digits).
 */
export function formatFixedPoint(value: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new RangeError(`digits must be 1..17, got ${digits}`);
  if (value === 0) return `0.${'0'.repeat(digits)}`;
  const svalue = llrint(value * 10 ** digits);
  const negative = svalue < 0n;
  const magnitude = negative ? -svalue : svalue;
  const padded = magnitude.toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** A distance as GEODIST and WITHDIST print it (addReplyDoubleDistance). */
export function formatGeoDistance(distance: number): string {
  return formatFixedPoint(distance, 4);
}

/**
 * ld2string(LD_STR_HUMAN) of a double: "%.17Lf" with the trailing zeros and
 * dot removed, and "-0" turned into "0". This is how GEOPOS and WITHCOORD
 * print coordinates (addReplyHumanLongDouble), in RESP2 bulk strings and
 * RESP3 doubles alike.
 */
export function formatHumanLongDouble(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  let text = formatCFixed(value, 17);
  if (text.includes('.')) {
    let end = text.length;
    while (text.charCodeAt(end - 1) === 0x30) end--;
    if (text.charCodeAt(end - 1) === 0x2e) end--;
    text = text.slice(0, end);
  }
  return text === '-0' ? '0' : text;
}

/** A coordinate as GEOPOS and WITHCOORD print it. */
export function formatGeoCoordinate(value: number): string {
  return formatHumanLongDouble(value);
}

/**
 * WITHHASH's integer: `addReplyLongLong(c, score)`, i.e. C's (long long)score
 * (truncation; out of range and NaN give LLONG_MIN on x86-64).
 */
export function formatGeoHashScore(score: number): string {
  if (!(score >= -TWO_63 && score < TWO_63)) return LLONG_MIN.toString();
  return BigInt(Math.trunc(score)).toString();
}
