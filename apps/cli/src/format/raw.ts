import type { Reply } from '../net/reply.js';

// redis-cli's raw output (cliFormatReplyRaw), the default when stdout is not a
// terminal: strings as their bytes, nil as nothing, aggregate items joined by
// the -d delimiter, map entries as "key value".

export function formatRaw(r: Reply, mbDelim: string): Buffer {
  const parts: Buffer[] = [];
  write(r, Buffer.from(mbDelim, 'latin1'), parts);
  return Buffer.concat(parts);
}

const text = (s: string) => Buffer.from(s, 'latin1');

function write(r: Reply, delim: Buffer, out: Buffer[]): void {
  switch (r.type) {
    case 'nil': return;
    case 'error': out.push(r.text, text('\n')); return;
    case 'status': out.push(r.text); return;
    case 'string': case 'verbatim': out.push(r.value); return;
    case 'bool': out.push(text(r.value ? '(true)' : '(false)')); return;
    case 'integer': case 'double': case 'bignum': out.push(text(r.text)); return;
    case 'map':
      for (let i = 0; i < r.items.length; i += 2) {
        if (i > 0) out.push(delim);
        write(r.items[i]!, delim, out);
        out.push(text(' '));
        if (i + 1 < r.items.length) write(r.items[i + 1]!, delim, out);
      }
      return;
    default:
      r.items.forEach((item, i) => {
        if (i > 0) out.push(delim);
        write(item, delim, out);
      });
  }
}
