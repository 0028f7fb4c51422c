import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { globMatch } from './glob.js';

/** A naive model for patterns made only of literals, `?` and `*`. */
function model(pattern: string, str: string): boolean {
  // stringmatchlen never matches an empty string to a non-empty pattern (KEYS * special-cases it).
  if (str === '') return pattern === '';
  const re = new RegExp('^' + [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('') + '$');
  return re.test(str);
}

describe('globMatch (Redis stringmatchlen)', () => {
  it('agrees with a regex model on *, ? and literals', () => {
    const ch = fc.constantFrom('a', 'b', '*', '?');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 8 }).map((a) => a.join('')), fc.array(fc.constantFrom('a', 'b'), { maxLength: 10 }).map((a) => a.join('')), (p, s) => {
        expect(globMatch(p, s)).toBe(model(p, s));
      }),
      { numRuns: 500 },
    );
  });

  // Expectations checked with KEYS on Redis 7.0.15.
  it.each([
    ['h?llo', 'hello', true], ['h*llo', 'hllo', true], ['h[ae]llo', 'hallo', true], ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true], ['h[z-a]llo', 'hbllo', true], ['h\\*llo', 'h*llo', true], ['h\\*llo', 'hello', false],
    ['[\\]]', ']', true], ['[abc', 'a', true], ['[abc', 'b', true], ['a\\', 'a\\', true], ['*', '', false], ['', '', true], ['a[b', 'ab', true], ['*\\', 'a\\', true],
    ['[', '[', false], ['*a', 'bca', true], ['a*', 'a', true], ['**', 'x', true], ['[a-]', '-', false], ['[a-]', ']', true], ['[a-]', 'a', true], ['[^]', '-', true],
    ['[^]', 'a', true],
  ])('%j ~ %j = %s', (p, s, want) => {
    expect(globMatch(p, s)).toBe(want);
  });

  it('nocase folds ASCII letters', () => {
    expect(globMatch('HELLO*', 'hello world', true)).toBe(true);
    expect(globMatch('[A-C]x', 'bX', true)).toBe(true);
    expect(globMatch('HELLO', 'hello')).toBe(false);
  });

  // Checked with CONFIG GET (which matches nocase) on Redis 7.0.15: glibc's
  // tolower turns bytes 0x80..0xfe into 128..254 but leaves 0xff as -1 (EOF).
  it.each([
    ['*Z[\x80-m', 'daemonize', false], // signed [-128, 109] would hold 'e'; folded [128, 109] holds nothing
    ['*[\xff-s]*', 'save', true], // 0xff stays -1, so [-1, 115] holds every ASCII letter below 't'
  ])('nocase %j ~ %j = %s', (p, s, want) => {
    expect(globMatch(p, s, true)).toBe(want);
  });

  it('compares bytes as signed chars in case-sensitive ranges', () => {
    expect(globMatch('*z[\x80-m', 'daemonize')).toBe(true);
    expect(globMatch('[\x80-a]', 'b')).toBe(false);
    expect(globMatch('[\x80-a]', '\xff')).toBe(true); // -1 lies in [-128, 97]
    expect(globMatch('[\x80-a]', 'A')).toBe(true);
    expect(globMatch('[a-\x80]', '\x90')).toBe(true); // reversed ends are swapped
  });

  it('gives up fast on patterns that would backtrack exponentially', () => {
    let t = performance.now();
    expect(globMatch('a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(50))).toBe(false);
    expect(globMatch('a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(60))).toBe(false);
    expect(performance.now() - t).toBeLessThan(200);
    t = performance.now();
    expect(globMatch('*a'.repeat(200) + '*b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('fails patterns nesting more than 1000 stars, as Redis 7.0 does', () => {
    // KEYS on Redis 7.0.15: 1000 `*a` groups match 'a' x 1000, 1001 do not.
    expect(globMatch('*a'.repeat(1000), 'a'.repeat(1000))).toBe(true);
    expect(globMatch('*a'.repeat(1001), 'a'.repeat(1001))).toBe(false);
  });
});
