// Doubles as Redis reads them from arguments: string2d, strtod over the whole
// argument. (Printing: formatDouble in @kv/resp for replies, d2string in
// @kv/persistence for stored scores.)
import { clearErrno, setErrnoRange, strtodRangeError } from './c-errno.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INF = /^([+-]?)(?:inf|infinity)$/i;
const HEX = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;

/**
 * Redis's string2d: strtod must take the whole string, with no leading
 * space; NaN, overflow and underflow to zero are refused. Null where Redis
 * replies "value is not a valid float" (or the command's own text).
 */
export function parseDouble(s: string): number | null {
  clearErrno(); // string2d sets errno = 0 before strtod
  if (s.length === 0) return null;
  if (DECIMAL.test(s)) {
    const v = Number(s);
    if (strtodRangeError(s, v)) {
      setErrnoRange();
      // Overflow and underflow to zero are refused; a subnormal is kept (with errno set).
      if (!Number.isFinite(v) || v === 0) return null;
    }
    return v;
  }
  const inf = INF.exec(s);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = HEX.exec(s);
  if (hex !== null) return parseHex(hex);
  return null;
}

function parseHex(m: RegExpExecArray): number | null {
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? m[4] ?? '';
  const digits = (intPart + fracPart).replace(/^0+/, '');
  const exp = Number(m[5] ?? '0') - 4 * fracPart.length;
  let v = digits === '' ? 0 : Number(BigInt(`0x${digits}`)) * 2 ** exp;
  if (!Number.isFinite(v)) {
    // 2 ** exp alone may overflow or underflow where the product would not.
    v = digits === '' ? 0 : Number(BigInt(`0x${digits}`)) * 2 ** (exp / 2) * 2 ** (exp - exp / 2);
  }
  if (!Number.isFinite(v)) return null;
  if (v === 0 && digits !== '') return null;
  return m[1] === '-' ? -v : v;
}

const C_SPACE = /^[ \t\n\v\f\r]+/;

/**
 * strtod as zslParseRange uses it: leading white space skipped, the number
 * must end the C string (so a NUL ends it), overflow gives ±inf, underflow
 * 0, and an empty string is 0. Null for no number or NaN.
 */
export function parseRangeDouble(arg: string): number | null {
  const nul = arg.indexOf('\0');
  const s = nul < 0 ? arg : arg.slice(0, nul);
  if (s === '') return 0;
  const t = s.replace(C_SPACE, '');
  if (DECIMAL.test(t)) {
    const v = Number(t);
    if (strtodRangeError(t, v)) setErrnoRange();
    return v;
  }
  const inf = INF.exec(t);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = HEX.exec(t);
  if (hex !== null) return parseHex(hex) ?? (hex[5] !== undefined && !hex[5].startsWith('-') ? (hex[1] === '-' ? -Infinity : Infinity) : 0);
  return null;
}
