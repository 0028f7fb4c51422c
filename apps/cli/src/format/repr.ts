// sdscatrepr: how redis-cli quotes a string in its human output. Printable
// ASCII stays, \ and " are escaped, \n \r \t \a \b get their C escapes and
// every other byte is \xHH (lower-case hex).

export function repr(bytes: Buffer): Buffer {
  const out: number[] = [0x22];
  for (const c of bytes) {
    switch (c) {
      case 0x5c: case 0x22: out.push(0x5c, c); break;
      case 0x0a: out.push(0x5c, 0x6e); break;
      case 0x0d: out.push(0x5c, 0x72); break;
      case 0x09: out.push(0x5c, 0x74); break;
      case 0x07: out.push(0x5c, 0x61); break;
      case 0x08: out.push(0x5c, 0x62); break;
      default:
        if (c >= 0x20 && c <= 0x7e) out.push(c);
        else {
          const hex = c.toString(16).padStart(2, '0');
          out.push(0x5c, 0x78, hex.charCodeAt(0), hex.charCodeAt(1));
        }
    }
  }
  out.push(0x22);
  return Buffer.from(out);
}

/** repr of a latin1 string (one char per byte), as a latin1 string. */
export function reprText(s: string): string {
  return repr(Buffer.from(s, 'latin1')).toString('latin1');
}
