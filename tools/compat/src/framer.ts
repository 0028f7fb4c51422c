// Finds where one reply ends in the byte stream, without interpreting it, so
// that replies can be compared byte for byte (`:+5` is not `:5`, `,1e300` is
// not `,1e+300`) and a reply the parser rejects is still delimited.

/** Thrown when the bytes cannot be a RESP reply. */
export class FramingError extends Error {}

function line(buf: Buffer, at: number): number | undefined {
  const cr = buf.indexOf(13, at);
  return cr < 0 || cr + 1 >= buf.length ? undefined : cr;
}

function count(buf: Buffer, at: number, cr: number): number {
  const text = buf.toString('latin1', at + 1, cr);
  if (!/^-?\d{1,15}$/.test(text)) throw new FramingError(`bad length ${JSON.stringify(buf.toString('latin1', at, cr))}`);
  return Number(text);
}

/** The length in bytes of the complete reply at buf[start], or undefined if more bytes are needed. */
export function frameLength(buf: Buffer, start = 0): number | undefined {
  let at = start;
  let pending = 1; // values still to read, nested aggregates included
  while (pending > 0) {
    if (at >= buf.length) return undefined;
    const type = String.fromCharCode(buf[at]!);
    const cr = line(buf, at);
    if (cr === undefined) return undefined;
    if (buf[cr + 1] !== 10) throw new FramingError('CR not followed by LF');
    pending--;
    switch (type) {
      case '+': case '-': case ':': case '_': case ',': case '#': case '(':
        at = cr + 2;
        break;
      case '$': case '!': case '=': {
        const n = count(buf, at, cr);
        if (n < 0) {
          at = cr + 2;
          break;
        }
        const end = cr + 2 + n;
        if (end + 2 > buf.length) return undefined;
        if (buf[end] !== 13 || buf[end + 1] !== 10) throw new FramingError('bulk not followed by CRLF');
        at = end + 2;
        break;
      }
      case '*': case '~': case '>': case '%': case '|': {
        const n = count(buf, at, cr);
        // An attribute is followed by the value it describes.
        if (n > 0) pending += type === '%' ? n * 2 : type === '|' ? n * 2 + 1 : n;
        else if (type === '|') pending += 1;
        at = cr + 2;
        break;
      }
      default:
        throw new FramingError(`unknown reply type ${JSON.stringify(type)}`);
    }
  }
  return at - start;
}
