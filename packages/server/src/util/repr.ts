// sdscatrepr: how Redis quotes a binary string for humans (MONITOR lines,
// CONFIG REWRITE values, redis-cli).

/** sdscatrepr: a double-quoted string, escapes for \\ " \n \r \t \a \b, \xHH for other unprintable bytes. */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        // isprint() in the C locale: 0x20 to 0x7e.
        out += c >= 0x20 && c <= 0x7e ? s[i] : '\\x' + c.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}
