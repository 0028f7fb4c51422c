// sin, cos and asin rounded correctly (to the double nearest the exact
// value), for the haversine distance. V8's Math.sin/cos/asin (fdlibm) are off
// by one ulp on a few percent of arguments; glibc's (which Redis calls) are
// correctly rounded in all but very rare cases. Each function refines V8's
// answer with double-double arithmetic (about 106 bits), so it costs a few
// hundred flops: the search uses it only where the last bit can show.

/** A double-double: the unevaluated sum hi + lo, |lo| <= ulp(hi) / 2. */
interface DD {
  hi: number;
  lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1, Dekker's split

/** a * b exactly, as hi + lo (no FMA in JavaScript: Dekker's product). */
function twoProd(a: number, b: number, out: DD): void {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  out.hi = p;
  out.lo = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** (x.hi + x.lo) * (y.hi + y.lo) into out. */
function mulDD(x: DD, yh: number, yl: number, out: DD): void {
  // out may be x: read x before twoProd writes.
  const xh = x.hi, xl = x.lo;
  twoProd(xh, yh, out);
  const lo = out.lo + (xh * yl + xl * yh);
  const hi = out.hi + lo;
  out.lo = lo - (hi - out.hi);
  out.hi = hi;
}

/** x + (bh + bl) into x. */
function addDD(x: DD, bh: number, bl: number): void {
  const s = x.hi + bh;
  const v = s - x.hi;
  const e = x.hi - (s - v) + (bh - v) + x.lo + bl;
  const hi = s + e;
  x.lo = e - (hi - s);
  x.hi = hi;
}

/** (hi + lo) / d for a double d, to double-double precision. */
function divByDouble(hi: number, lo: number, d: number): [number, number] {
  const q1 = hi / d;
  const p: DD = { hi: 0, lo: 0 };
  twoProd(q1, d, p);
  const q2 = (hi - p.hi - p.lo + lo) / d;
  const s = q1 + q2;
  return [s, q2 - (s - q1)];
}

/** 1/n! as double-doubles, n = 0 … 60. */
const INV_FACT: [number, number][] = (() => {
  const out: [number, number][] = [[1, 0]];
  let cur: [number, number] = [1, 0];
  for (let n = 1; n <= 60; n++) {
    cur = divByDouble(cur[0], cur[1], n);
    out.push(cur);
  }
  return out;
})();

/** Terms enough for |x| <= 4: 4^59 / 59! < 2^-120. */
const LAST_TERM = 59;

/** MAX_X[n]: the largest |x| for which x^n / n! < 2^-115, so the series may stop before the x^n term. */
const MAX_X: number[] = (() => {
  const out: number[] = [0];
  let logFact = 0;
  for (let n = 1; n <= LAST_TERM + 1; n++) {
    logFact += Math.log(n);
    out.push(Math.exp((logFact - 115 * Math.LN2) / n));
  }
  return out;
})();

/** The last term of the series the argument needs, of the parity of `first`. */
function lastTerm(x: number, first: 0 | 1): number {
  const ax = Math.abs(x);
  let n = first + 2;
  while (n < LAST_TERM - 1 && !(ax <= MAX_X[n + 2]!)) n += 2;
  return n;
}

/** Σ (-1)^k x^(2k+first) / (2k+first)! by Horner in double-double: sin (first = 1) or cos (first = 0). */
function series(x: number, first: 0 | 1, out: DD): void {
  const x2: DD = { hi: 0, lo: 0 };
  twoProd(x, x, x2);
  let n = lastTerm(x, first);
  const sign = (k: number): number => (((k - first) / 2) % 2 === 0 ? 1 : -1);
  out.hi = sign(n) * INV_FACT[n]![0];
  out.lo = sign(n) * INV_FACT[n]![1];
  for (n -= 2; n >= first; n -= 2) {
    mulDD(out, x2.hi, x2.lo, out);
    const c = INV_FACT[n]!;
    const s = sign(n);
    addDD(out, s * c[0], s * c[1]);
  }
  if (first === 1) mulDD(out, x, 0, out);
}

const scratch: DD = { hi: 0, lo: 0 };

/** sin(x) correctly rounded, for |x| <= 4 (else Math.sin). */
export function sinCR(x: number): number {
  if (!(Math.abs(x) <= 4) || x === 0) return Math.sin(x);
  series(x, 1, scratch);
  return scratch.hi + scratch.lo;
}

/** cos(x) correctly rounded, for |x| <= 4 (else Math.cos). */
export function cosCR(x: number): number {
  if (!(Math.abs(x) <= 4)) return Math.cos(x);
  series(x, 0, scratch);
  return scratch.hi + scratch.lo;
}

/**
 * asin(s) correctly rounded for 0 <= s <= 1 - 2^-20, by one Newton step on
 * sin from V8's answer; closer to 1 (antipodal points) the step loses its
 * precision and V8's answer is kept.
 */
export function asinCR(s: number): number {
  const z = Math.asin(s);
  if (!(s > 0 && s <= 1 - 2 ** -20)) return z;
  series(z, 1, scratch);
  // sin(z) - s, then the Newton correction (sin(z) - s) / cos(z), tiny next to z.
  addDD(scratch, -s, 0);
  const delta = (scratch.hi + scratch.lo) / Math.cos(z);
  const hi = z - delta;
  // z - delta rounded once: hi is the double nearest the double-double sum.
  return hi;
}
