// Redis's sdssplitargs: how inline commands, redis.conf lines and redis-cli
// input are split into arguments. Works on latin1 strings and, like the C
// code, stops at a NUL character. Plain runs of characters are sliced, not
// copied one by one.

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexValue = (c: number) => (c <= 57 ? c - 48 : (c | 0x20) - 87);
/** Ends an unquoted argument: space, \n, \r, \t (not \v or \f, which isspace counts as blanks). */
const endsWord = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Splits a line into arguments; null when quotes are unbalanced (or a closing quote is followed by a non-space). */
export function splitArgs(line: string): string[] | null {
  const nul = line.indexOf('\0');
  const n = nul < 0 ? line.length : nul;
  const out: string[] = [];
  let p = 0;
  for (;;) {
    while (p < n && isSpace(line.charCodeAt(p))) p++;
    if (p >= n) return out;
    let current = '';
    for (;;) {
      // An unquoted run, up to a blank, a quote or the end.
      let q = p;
      while (q < n) {
        const c = line.charCodeAt(q);
        if (endsWord(c) || c === 34 || c === 39) break;
        q++;
      }
      if (q > p) current += line.slice(p, q);
      p = q;
      if (p >= n || endsWord(line.charCodeAt(p))) break;
      const quoted = line.charCodeAt(p) === 34 ? doubleQuoted(line, p + 1, n) : singleQuoted(line, p + 1, n);
      if (quoted === null) return null;
      current += quoted.text;
      p = quoted.next;
      // The closing quote is followed by a blank or the end, so the argument is done.
      break;
    }
    out.push(current);
    if (p < n) p++;
  }
}

interface Quoted {
  text: string;
  /** Index of the character after the closing quote. */
  next: number;
}

function doubleQuoted(line: string, p: number, n: number): Quoted | null {
  let text = '';
  let from = p;
  while (p < n) {
    const c = line.charCodeAt(p);
    if (c === 92 /* \ */ && p + 1 < n) {
      text += line.slice(from, p);
      const e = line.charCodeAt(p + 1);
      if (e === 120 /* x */ && p + 3 < n && isHex(line.charCodeAt(p + 2)) && isHex(line.charCodeAt(p + 3))) {
        text += String.fromCharCode(hexValue(line.charCodeAt(p + 2)) * 16 + hexValue(line.charCodeAt(p + 3)));
        p += 4;
      } else {
        text += e === 110 ? '\n' : e === 114 ? '\r' : e === 116 ? '\t' : e === 98 ? '\b' : e === 97 ? '\x07' : line[p + 1]!;
        p += 2;
      }
      from = p;
    } else if (c === 34 /* " */) {
      return closing(line, text + line.slice(from, p), p, n);
    } else {
      p++;
    }
  }
  return null;
}

function singleQuoted(line: string, p: number, n: number): Quoted | null {
  let text = '';
  let from = p;
  while (p < n) {
    const c = line.charCodeAt(p);
    if (c === 92 /* \ */ && p + 1 < n && line.charCodeAt(p + 1) === 39) {
      text += line.slice(from, p) + "'";
      p += 2;
      from = p;
    } else if (c === 39 /* ' */) {
      return closing(line, text + line.slice(from, p), p, n);
    } else {
      p++;
    }
  }
  return null;
}

/** sdssplitargs wants the closing quote followed by a blank (isspace) or the end. */
function closing(line: string, text: string, quote: number, n: number): Quoted | null {
  if (quote + 1 < n && !isSpace(line.charCodeAt(quote + 1))) return null;
  return { text, next: quote + 1 };
}
