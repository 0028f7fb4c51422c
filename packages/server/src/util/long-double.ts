// INCRBYFLOAT and HINCRBYFLOAT as Redis computes them: in the x87 80-bit
// `long double` (64-bit mantissa), parsed with strtold and printed with
// "%.17Lf" minus trailing zeros. JS doubles would print 10.5 + 0.1 as
// 10.59999999999999964 where Redis prints 10.6, so the arithmetic is done
// exactly with BigInt and rounded to the long double grid at each step.
import { clearErrno } from './c-errno.js';

/** A finite long double: mant × 2^exp, mant signed, |mant| < 2^64. */
export interface LongDouble {
  readonly mant: bigint;
  readonly exp: number;
}

const MANT_BITS = 64;
/** Exponent of the smallest subnormal: 2^-16445. */
const MIN_EXP = -16445;
/** Values at or above 2^16384 overflow. */
const MAX_EXP_LIMIT = 16384;
/** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are refused, longer outputs come out empty. */
const MAX_CHARS = 5 * 1024;

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Rounds |mant| × 2^exp (plus a sticky "something below") half-to-even onto the long double grid; null on overflow. */
function round(neg: boolean, mant: bigint, exp: number, sticky = false): LongDouble | null {
  if (mant === 0n) return { mant: 0n, exp: 0 };
  const shift = Math.max(bitLength(mant) - MANT_BITS, MIN_EXP - exp);
  if (shift > 0) {
    const big = BigInt(shift);
    const kept = mant >> big;
    const rest = mant - (kept << big);
    const half = 1n << (big - 1n);
    let q = kept;
    if (rest > half || (rest === half && (sticky || (q & 1n) === 1n))) q += 1n;
    mant = q;
    exp += shift;
    if (bitLength(mant) > MANT_BITS) {
      mant >>= 1n;
      exp += 1;
    }
  }
  if (mant !== 0n && bitLength(mant) + exp > MAX_EXP_LIMIT) return null;
  return { mant: neg ? -mant : mant, exp };
}

export type ParsedLongDouble = LongDouble | 'inf' | '-inf';

/**
 * Parses like Redis's string2ld: strtold syntax (decimal, hex `0x1.8p3`,
 * inf/infinity), the whole string, no leading space, not NaN, no overflow
 * and no underflow to zero. Null where Redis says "not a valid float".
 */
export function parseLongDouble(input: string): ParsedLongDouble | null {
  if (input.length === 0 || input.length >= MAX_CHARS) return null;
  clearErrno(); // string2ld sets errno = 0 before strtold
  // string2ld also wants strtold to consume every byte, so a NUL inside is refused (the patterns never match one).
  const s = input;
  let m = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (m !== null) return m[1] === '-' ? '-inf' : 'inf';
  m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
  if (m !== null && (m[2]! + (m[3] ?? '')).length > 0) {
    const digits = m[2]! + (m[3] ?? '');
    const exp = (m[4] === undefined ? 0 : Number(m[4])) - 4 * (m[3] ?? '').length;
    return finish(m[1] === '-', BigInt('0x' + digits), exp, 2);
  }
  m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (m === null || (m[2]! + (m[3] ?? '')).length === 0) return null;
  const digits = m[2]! + (m[3] ?? '');
  const exp10 = (m[4] === undefined ? 0 : Number(m[4])) - (m[3] ?? '').length;
  return finish(m[1] === '-', BigInt(digits), exp10, 10);
}

function finish(neg: boolean, n: bigint, exp: number, base: 2 | 10): ParsedLongDouble | null {
  if (n === 0n) return { mant: 0n, exp: 0 };
  if (base === 2) {
    if (bitLength(n) + exp > MAX_EXP_LIMIT + 1) return null;
    // Below half the smallest subnormal the value rounds to zero: ERANGE. Checked first so a huge negative exponent never reaches BigInt shifts.
    if (bitLength(n) + exp <= MIN_EXP - 1) return null;
    const r = round(neg, n, exp);
    return r === null || r.mant === 0n ? null : r;
  }
  const magnitude = n.toString().length + exp; // value < 10^magnitude
  if (magnitude > 4934) return null; // beyond LDBL_MAX (1.19e4932): ERANGE overflow
  if (magnitude < -4952) return null; // below the smallest subnormal (3.6e-4951): ERANGE underflow to zero
  if (exp >= 0) {
    const r = round(neg, n * 10n ** BigInt(exp), 0);
    return r;
  }
  const den = 10n ** BigInt(-exp);
  // Scale so the quotient keeps at least 66 significant bits, then round with the remainder as sticky.
  let k = MANT_BITS + 2 + bitLength(den) - bitLength(n);
  if (k < 0) k = 0;
  const scaled = n << BigInt(k);
  const q = scaled / den;
  const sticky = scaled % den !== 0n;
  const r = round(neg, q, -k, sticky);
  return r === null || r.mant === 0n ? null : r;
}

/** a + b rounded to a long double; null when it overflows. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  const e = Math.min(a.exp, b.exp);
  const sum = (a.mant << BigInt(a.exp - e)) + (b.mant << BigInt(b.exp - e));
  const neg = sum < 0n;
  return round(neg, neg ? -sum : sum, e);
}

/** "%.17Lf" with trailing zeros (and a bare '.') removed, "-0" as "0"; '' when longer than Redis's buffer. */
export function formatLongDouble(v: LongDouble): string {
  const neg = v.mant < 0n;
  const mant = neg ? -v.mant : v.mant;
  let scaled: bigint; // value × 10^17, rounded half-to-even
  if (v.exp >= 0) {
    scaled = (mant << BigInt(v.exp)) * 10n ** 17n;
  } else {
    const shift = BigInt(-v.exp);
    const num = mant * 10n ** 17n;
    scaled = num >> shift;
    const rest = num - (scaled << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const digits = scaled.toString().padStart(18, '0');
  const intPart = digits.slice(0, -17);
  const frac = digits.slice(-17).replace(/0+$/, '');
  let out = (neg ? '-' : '') + intPart + (frac === '' ? '' : '.' + frac);
  if (out === '-0') out = '0';
  // Redis's ld2string fails past its buffer and INCRBYFLOAT then stores an empty string.
  if (intPart.length + 1 + 17 + (neg ? 1 : 0) + 1 > MAX_CHARS) return '';
  return out;
}
