import { describe, expect, it } from 'vitest';
import { addLongDouble, formatLongDouble, parseLongDouble, type LongDouble } from './long-double.js';

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
    for (const good of ['1.', '.5', '+1', '-0', 'inf', '-Infinity', '0x1.8p3', '1E10', '1e-4940']) {
      expect(parseLongDouble(good), good).not.toBeNull();
    }
  });

  it('stops at a NUL like strtold does', () => {
    expect(formatLongDouble(parseLongDouble('12\x0034') as LongDouble)).toBe('12');
  });

  it('turns an infinite operand or result into the NaN/Infinity error', () => {
    expect(incr('inf', '1')).toBe('inf-error');
    expect(incr('1e4932', '1e4932')).toBe('inf-error');
  });
});
