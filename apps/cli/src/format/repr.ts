// sdscatrepr: how redis-cli quotes a string in its human output. Printable
// ASCII stays, \ and " are escaped, \n \r \t \a \b get their C escapes and
// every other byte is \xHH (lower-case hex). Strings here are latin1: one
// char per byte.

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b' };

export function repr(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    const e = ESCAPES[ch];
    if (e !== undefined) out += e;
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out + '"';
}
