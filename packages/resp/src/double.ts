/**
 * A double as Redis 7.0 prints it in replies: C's "%.17g" (so 1.1 prints as
 * "1.1000000000000001"), with "inf", "-inf" and "nan".
 */
export function formatDouble(d: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const neg = d < 0;
  const [digits, e] = significantDigits17(neg ? -d : d);
  let out: string;
  if (e < -4 || e >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const ae = Math.abs(e);
    out = `${digits[0]}${frac === '' ? '' : '.' + frac}e${e < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  } else if (e >= 0) {
    const frac = digits.slice(e + 1).replace(/0+$/, '');
    out = digits.slice(0, e + 1) + (frac === '' ? '' : '.' + frac);
  } else {
    out = '0.' + '0'.repeat(-e - 1) + digits.replace(/0+$/, '');
  }
  return neg ? '-' + out : out;
}

/**
 * The 17 significant digits of a positive finite double and its decimal
 * exponent, rounded half-to-even on the exact value as glibc does
 * (toExponential rounds exact ties away from zero instead).
 */
function significantDigits17(x: number): [string, number] {
  const s = x.toExponential(16);
  const ei = s.indexOf('e');
  let digits = s[0]! + s.slice(2, ei);
  let e = Number(s.slice(ei + 1));
  const s18 = x.toExponential(17);
  if (s18.charCodeAt(s18.indexOf('e') - 1) === 53 /* '5' */ && isExactTie(x)) {
    // toExponential rounded the tie up; glibc keeps an even last digit.
    const down = (BigInt(s18[0]! + s18.slice(2, s18.indexOf('e'))) / 10n).toString();
    if (Number(down[16]) % 2 === 0) {
      digits = down;
      e = Number(s18.slice(s18.indexOf('e') + 1));
    }
  }
  return [digits, e];
}

/** Whether the exact decimal expansion of x has exactly 18 significant digits ending in 5. */
function isExactTie(x: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp = biased - 1075;
  if (biased === 0) exp = -1074;
  else mant |= 1n << 52n;
  if (exp >= 0) return false; // integers: no tie at 17 digits is possible
  const exact = (mant * 5n ** BigInt(-exp)).toString().replace(/0+$/, '');
  return exact.length === 18 && exact.endsWith('5');
}
