// Redis's sdssplitargs: how inline commands, redis.conf lines and
// redis-cli input are split into arguments. Works on latin1 strings and,
// like the C code, stops at a NUL character.

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexValue = (c: number) => (c <= 57 ? c - 48 : (c | 0x20) - 87);

/** Splits a line into arguments; null when quotes are unbalanced (or a closing quote is followed by a non-space). */
export function splitArgs(line: string): string[] | null {
  const n = line.indexOf('\0') < 0 ? line.length : line.indexOf('\0');
  const at = (i: number) => (i < n ? line.charCodeAt(i) : 0);
  const out: string[] = [];
  let p = 0;
  for (;;) {
    while (p < n && isSpace(at(p))) p++;
    if (p >= n) return out;
    let current = '';
    let inq = false, insq = false, done = false;
    while (!done) {
      const c = at(p);
      if (inq) {
        if (c === 92 /* \ */ && at(p + 1) === 120 /* x */ && isHex(at(p + 2)) && isHex(at(p + 3))) {
          current += String.fromCharCode(hexValue(at(p + 2)) * 16 + hexValue(at(p + 3)));
          p += 3;
        } else if (c === 92 && at(p + 1) !== 0) {
          p++;
          const e = at(p);
          current += e === 110 ? '\n' : e === 114 ? '\r' : e === 116 ? '\t' : e === 98 ? '\b' : e === 97 ? '\x07' : String.fromCharCode(e);
        } else if (c === 34 /* " */) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          current += String.fromCharCode(c);
        }
      } else if (insq) {
        if (c === 92 && at(p + 1) === 39 /* ' */) {
          p++;
          current += "'";
        } else if (c === 39) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          current += String.fromCharCode(c);
        }
      } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) {
        done = true;
      } else if (c === 34) {
        inq = true;
      } else if (c === 39) {
        insq = true;
      } else {
        current += String.fromCharCode(c);
      }
      if (p < n) p++;
    }
    out.push(current);
  }
}
