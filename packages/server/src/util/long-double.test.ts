import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDouble, parseLongDouble, type LongDouble } from './long-double.js';
import { REDIS_INCRBYFLOAT_CORPUS } from './long-double.redis-corpus.js';

function incr(a: string, b: string): string | null {
  const x = parseLongDouble(a), y = parseLongDouble(b);
  if (x === null || y === null) return null;
  if (typeof x === 'string' || typeof y === 'string') return 'inf-error';
  const s = addLongDouble(x, y);
  return s === null ? 'inf-error' : formatLongDouble(s);
}

describe('long double arithmetic as Redis INCRBYFLOAT', () => {
  // Each expectation is what Redis 7.0.15 replied to SET k a; INCRBYFLOAT k b.
  it.each([
    ['10.5', '0.1', '10.6'],
    ['0', '3.0e3', '3000'],
    ['1', '0.1', '1.1'],
    ['0.1', '0.2', '0.3'],
    ['5.0e3', '2.0e2', '5200'],
    ['-1', '1', '0'],
    ['1', '-1.5', '-0.5'],
    ['0', '1e-17', '0.00000000000000001'],
    ['0', '1e-18', '0'],
    ['0', '0x10', '16'],
    ['1.23456789012345678901234567890', '0', '1.23456789012345679'],
    ['9223372036854775807', '1', '9223372036854775808'],
    ['0', '1e300', '1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144'],
    ['0.1', '1e30', '1000000000000000000024696061952'],
    ['0', '1e-4940', '0'],
    ['0', '-0', '0'],
    ['3', '-3', '0'],
  ])('%s + %s = %s', (a, b, want) => {
    expect(incr(a, b)).toBe(want);
  });

  it('refuses what strtold/string2ld refuse', () => {
    for (const bad of ['', ' 1', '1 ', 'abc', '1e', '.', '0x', 'nan', '1e5000', '1e-5000', '--1', '1.2.3', '0x1p']) {
      expect(parseLongDouble(bad), bad).toBeNull();
    }
    for (const bad of ['0x1p-999999999999', '0x1p999999999999', '1e-999999999999', '1e999999999999', '0x1p-16446']) {
      expect(parseLongDouble(bad), bad).toBeNull();
    }
    for (const good of ['1.', '.5', '+1', '-0', 'inf', '-Infinity', '0x1.8p3', '1E10', '1e-4940']) {
      expect(parseLongDouble(good), good).not.toBeNull();
    }
  });

  it('refuses an embedded NUL, as string2ld checks that strtold read every byte', () => {
    expect(parseLongDouble('12\x0034')).toBeNull();
    expect(parseLongDouble('12\x00')).toBeNull();
  });

  it('turns an infinite operand or result into the NaN/Infinity error', () => {
    expect(incr('inf', '1')).toBe('inf-error');
    expect(incr('1e4932', '1e4932')).toBe('inf-error');
  });

  it('agrees with every reply of the real Redis corpus', () => {
    for (const [a, b, want] of REDIS_INCRBYFLOAT_CORPUS) expect(incr(a, b), `${a} + ${b}`).toBe(want);
  });

  it('matches the edges of the long double range as Redis does', () => {
    // What Redis 7.0.15 replied to SET k 0; INCRBYFLOAT k <text> (null: "not a valid float").
    const ldblMax = '1189731495357231765021263853030970205169063322294624200440323733891737005522970722616410290336528882853545697807495577314427443153670288';
    const cases: [string, string | null][] = [
      ['4e-4951', '0'], ['3e-4951', '0'], ['2e-4951', '0'], ['1e-4951', null], ['0x1p-16445', '0'],
      ['0x1p-16446', null], ['0x1.8p-16446', '0'], ['0x1p16384', null], ['0x.8p1', '1'], ['0x.p1', null],
      ['5.', '5'], ['.', null], ['-.', null], ['1e+', null], ['nan(123)', null], ['infinit', null], ['infx', null],
      ['-nan', null],
    ];
    for (const [text, want] of cases) {
      const v = parseLongDouble(text);
      if (want === null) expect(v, text).toBeNull();
      else expect(v !== null && typeof v !== 'string' ? formatLongDouble(v) : v, text).toBe(want);
    }
    for (const max of ['1.18973149535723176502e4932', '0x1.fffffffffffffffep16383']) {
      const out = formatLongDouble(finite(max));
      expect(out.length).toBe(4933);
      expect(out.startsWith(ldblMax)).toBe(true);
    }
  });
});

/** The exact value of a finite long double as a fraction num / 2^shift. */
function exact(v: LongDouble): { num: bigint; shift: number } {
  return v.exp >= 0 ? { num: v.mant << BigInt(v.exp), shift: 0 } : { num: v.mant, shift: -v.exp };
}

/** Compares two finite long doubles exactly. */
function compare(a: LongDouble, b: LongDouble): number {
  const x = exact(a), y = exact(b);
  const s = Math.max(x.shift, y.shift);
  const l = x.num << BigInt(s - x.shift), r = y.num << BigInt(s - y.shift);
  return l < r ? -1 : l > r ? 1 : 0;
}

function finite(text: string): LongDouble {
  const v = parseLongDouble(text);
  if (v === null || typeof v === 'string') throw new Error(`not finite: ${text}`);
  return v;
}

const decimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: -40, max: 40 }))
  .map(([neg, digits, exp]) => `${neg ? '-' : ''}${digits}e${exp}`);

describe('long double properties', () => {
  it('adds integers below 2^64 exactly', () => {
    const int = fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n });
    fc.assert(fc.property(int, int, (a, b) => {
      const sum = addLongDouble(finite(String(a)), finite(String(b)));
      expect(sum === null ? null : formatLongDouble(sum)).toBe(String(a + b));
    }), { numRuns: 200 });
  });

  it('parses a decimal to the nearest long double', () => {
    fc.assert(fc.property(decimal, (text) => {
      const v = finite(text);
      if (v.mant === 0n) return;
      const [, sign, digits, e] = /^(-?)(\d+)e(-?\d+)$/.exec(text)!;
      const exp10 = Number(e);
      // decimal = num / den exactly; v = mant × 2^exp; half an ulp of v is 2^(exp + bits - 65).
      let num = BigInt(digits!) * 10n ** BigInt(Math.max(0, exp10));
      if (sign === '-') num = -num;
      const den = 10n ** BigInt(Math.max(0, -exp10));
      const bits = (v.mant < 0n ? -v.mant : v.mant).toString(2).length;
      const halfUlpExp = v.exp + bits - 65;
      const scale = Math.max(0, -v.exp, -halfUlpExp); // everything × 2^scale is an integer
      const err = (num << BigInt(scale)) - ((v.mant << BigInt(v.exp + scale)) * den);
      const halfUlp = (1n << BigInt(halfUlpExp + scale)) * den;
      expect((err < 0n ? -err : err) <= halfUlp, text).toBe(true);
    }), { numRuns: 300 });
  });

  it('keeps the order of decimals', () => {
    fc.assert(fc.property(decimal, decimal, (a, b) => {
      const x = Number(a), y = Number(b);
      if (Math.abs(x - y) <= Math.abs(x) * 1e-15) return; // too close for doubles to referee
      expect(Math.sign(compare(finite(a), finite(b)))).toBe(Math.sign(x - y));
    }), { numRuns: 300 });
  });

  it('formats a negation as the same digits with a minus', () => {
    fc.assert(fc.property(decimal, (text) => {
      const v = finite(text);
      const neg = { mant: -v.mant, exp: v.exp };
      const a = formatLongDouble(v), b = formatLongDouble(neg);
      if (a === '0') expect(b).toBe('0');
      else expect(a.startsWith('-') ? a.slice(1) : '-' + a).toBe(b);
    }), { numRuns: 200 });
  });

  it('adds commutatively, and adding zero changes nothing', () => {
    fc.assert(fc.property(decimal, decimal, (a, b) => {
      const x = finite(a), y = finite(b);
      const s1 = addLongDouble(x, y), s2 = addLongDouble(y, x);
      expect(s1 && formatLongDouble(s1)).toBe(s2 && formatLongDouble(s2));
      expect(formatLongDouble(addLongDouble(x, finite('0'))!)).toBe(formatLongDouble(x));
    }), { numRuns: 200 });
  });
});
