// Glob-style matching exactly as Redis's stringmatchlen (util.c), used by
// KEYS, SCAN MATCH, CONFIG GET, SORT patterns and pub/sub patterns:
// `*`, `?`, `[abc]`, `[^a-z]`, `\x` escapes. Strings are latin1 (one char
// per byte); bytes compare as C's signed `char`, as in Redis.

const signed = (c: number) => (c > 127 ? c - 256 : c);
const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
/**
 * glibc's tolower() on a signed char, as Redis calls it in nocase ranges:
 * bytes 0x80..0xfe come back as 128..254, but 0xff is -1 (EOF) and stays -1.
 * So a nocase range whose ends straddle 127 compares differently (after the
 * signed swap) than a case-sensitive one. Verified against Redis 7.0.15.
 */
const foldSigned = (c: number) => (c < -1 ? c + 256 : lower(c));

/** Whether `str` matches the glob `pattern` (Redis semantics; nocase folds ASCII letters). */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return match(pattern, 0, str, 0, nocase, { skipLonger: false }, 0);
}

/** Deeper `*` nesting than this fails the match, as Redis 7.0 guards against abusive patterns. */
const MAX_NESTING = 1000;

function match(pat: string, p: number, str: string, s: number, nocase: boolean, state: { skipLonger: boolean }, nesting: number): boolean {
  if (nesting > MAX_NESTING) return false;
  const plen = pat.length;
  const slen = str.length;
  while (p < plen && s < slen) {
    const pc = pat.charCodeAt(p);
    if (pc === 42 /* * */) {
      while (p + 1 < plen && pat.charCodeAt(p + 1) === 42) p++;
      if (p + 1 === plen) return true;
      while (s < slen) {
        if (match(pat, p + 1, str, s, nocase, state, nesting + 1)) return true;
        // No match for the rest from any later start either: stop trying longer matches for earlier stars.
        if (state.skipLonger) return false;
        s++;
      }
      state.skipLonger = true;
      return false;
    } else if (pc === 63 /* ? */) {
      s++;
    } else if (pc === 91 /* [ */) {
      p++;
      const not = p < plen && pat.charCodeAt(p) === 94; /* ^ */
      if (not) p++;
      let matched = false;
      const sc = str.charCodeAt(s);
      for (;;) {
        const remaining = plen - p;
        const c = remaining > 0 ? pat.charCodeAt(p) : 0;
        if (c === 92 /* \ */ && remaining >= 2) {
          p++;
          if (pat.charCodeAt(p) === sc) matched = true;
        } else if (remaining > 0 && c === 93 /* ] */) {
          break;
        } else if (remaining === 0) {
          p--; // the loop end below steps past the last char again
          break;
        } else if (remaining >= 3 && pat.charCodeAt(p + 1) === 45 /* - */) {
          let start = signed(c);
          let end = signed(pat.charCodeAt(p + 2));
          let x = signed(sc);
          if (start > end) [start, end] = [end, start];
          if (nocase) {
            start = foldSigned(start);
            end = foldSigned(end);
            x = foldSigned(x);
          }
          p += 2;
          if (x >= start && x <= end) matched = true;
        } else if (nocase ? lower(c) === lower(sc) : c === sc) {
          matched = true;
        }
        p++;
      }
      if (not) matched = !matched;
      if (!matched) return false;
      s++;
    } else {
      let c = pc;
      if (c === 92 /* \ */ && plen - p >= 2) c = pat.charCodeAt(++p);
      const sc = str.charCodeAt(s);
      if (nocase ? lower(c) !== lower(sc) : c !== sc) return false;
      s++;
    }
    p++;
    if (s === slen) {
      while (p < plen && pat.charCodeAt(p) === 42) p++;
      break;
    }
  }
  return p === plen && s === slen;
}
