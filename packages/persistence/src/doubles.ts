/**
 * Doubles as Redis 7.0 writes them into listpacks and old RDB files, and
 * reads them back with strtod.
 */

const LLONG_HALF = 4611686018427387903; // LLONG_MAX/2, as double2ll's bound
const TWO_25 = 2 ** 25;

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
  return formatG17(d);
}

/** C's printf("%.17g", d) for a finite, non-zero d, with glibc's round-half-even on exact ties. */
export function formatG17(d: number): string {
  const neg = d < 0;
  const x = neg ? -d : d;
  const s = x.toExponential(16);
  const ei = s.indexOf('e');
  let digits = s[0]! + s.slice(2, ei);
  let e = Number(s.slice(ei + 1));
  // toExponential rounds exact ties away from zero; glibc rounds them to even. An exact
  // tie at 17 digits needs at most 25 fractional bits, hence the cheap pre-check.
  if (Number.isInteger(x * TWO_25)) [digits, e] = roundTieToEven(x, digits, e);
  return (neg ? '-' : '') + layoutG(digits, e);
}

function layoutG(digits: string, e: number): string {
  let last = digits.length;
  while (last > 1 && digits.charCodeAt(last - 1) === 48) last--;
  if (e < -4 || e >= 17) {
    const ae = e < 0 ? -e : e;
    const mantissa = last === 1 ? digits[0]! : `${digits[0]}.${digits.slice(1, last)}`;
    return `${mantissa}e${e < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (e >= 0) return last <= e + 1 ? digits.slice(0, e + 1) : `${digits.slice(0, e + 1)}.${digits.slice(e + 1, last)}`;
  return `0.${'0'.repeat(-e - 1)}${digits.slice(0, last)}`;
}

function roundTieToEven(x: number, digits: string, e: number): [string, number] {
  const s18 = x.toExponential(17);
  const ei = s18.indexOf('e');
  if (s18.charCodeAt(ei - 1) !== 53 /* 5 */ || !isExactTie(x)) return [digits, e];
  const down = (BigInt(s18[0]! + s18.slice(2, ei)) / 10n).toString();
  if (Number(down[16]) % 2 !== 0) return [digits, e];
  return [down, Number(s18.slice(ei + 1))];
}

function isExactTie(x: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = biased - 1075;
  if (biased === 0) exp = -1074;
  else mant |= 1n << 52n;
  if (exp >= 0) return false;
  const exact = (mant * 5n ** BigInt(-exp)).toString().replace(/0+$/, '');
  return exact.length === 18 && exact.endsWith('5');
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
