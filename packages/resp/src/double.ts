const TWO_53 = 2 ** 53;
const TWO_25 = 2 ** 25;

/**
 * A double as Redis 7.0 prints it in replies: C's "%.17g" (so 1.1 prints as
 * "1.1000000000000001"), with "inf", "-inf" and "nan".
 */
export function formatDouble(d: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  // Integers up to 2^53 have at most 16 digits: "%.17g" prints them plainly, as String does.
  if (Number.isInteger(d) && d <= TWO_53 && d >= -TWO_53) return Object.is(d, -0) ? '-0' : String(d);
  const neg = d < 0;
  const x = neg ? -d : d;
  const s = x.toExponential(16);
  const ei = s.indexOf('e');
  let digits = s[0]! + s.slice(2, ei);
  let e = Number(s.slice(ei + 1));
  // toExponential rounds an exact tie away from zero where glibc rounds it to even. A tie
  // needs the exact value to have 18 significant digits ending in 5, which only a double
  // with at most 25 fractional bits can have (see isExactTie).
  if (Number.isInteger(x * TWO_25)) [digits, e] = roundTieToEven(x, digits, e);
  return (neg ? '-' : '') + layout(digits, e);
}

/** "%g" layout of 17 significant digits with decimal exponent e: trailing zeros dropped. */
function layout(digits: string, e: number): string {
  let last = digits.length;
  while (last > 1 && digits.charCodeAt(last - 1) === 48 /* 0 */) last--;
  if (e < -4 || e >= 17) {
    const ae = e < 0 ? -e : e;
    const mantissa = last === 1 ? digits[0]! : `${digits[0]}.${digits.slice(1, last)}`;
    return `${mantissa}e${e < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (e >= 0) {
    return last <= e + 1 ? digits.slice(0, e + 1) : `${digits.slice(0, e + 1)}.${digits.slice(e + 1, last)}`;
  }
  return `0.${'0'.repeat(-e - 1)}${digits.slice(0, last)}`;
}

function roundTieToEven(x: number, digits: string, e: number): [string, number] {
  const s18 = x.toExponential(17);
  const ei = s18.indexOf('e');
  if (s18.charCodeAt(ei - 1) !== 53 /* 5 */ || !isExactTie(x)) return [digits, e];
  // The 17 digits rounded down, when that gives the even last digit.
  const down = (BigInt(s18[0]! + s18.slice(2, ei)) / 10n).toString();
  if (Number(down[16]) % 2 !== 0) return [digits, e];
  return [down, Number(s18.slice(ei + 1))];
}

/**
 * Whether the exact decimal expansion of x has exactly 18 significant digits
 * ending in 5. Such an x is D / 10^m with D < 10^18, so 5^m divides D and
 * m <= 25: x times 2^25 is an integer, which the caller checks first.
 */
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
  // Such an integer would have an odd factor of at least 10^17: more than a mantissa holds.
  if (exp >= 0) return false;
  const exact = (mant * 5n ** BigInt(-exp)).toString().replace(/0+$/, '');
  return exact.length === 18 && exact.endsWith('5');
}
