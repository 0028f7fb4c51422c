import type { Reply } from '../net/reply.js';
import { repr } from './repr.js';

// redis-cli --csv (cliFormatReplyCSV): strings quoted as sdscatrepr does,
// NULL for nil, ERROR,"text" for errors, aggregates (maps too) flattened
// into one comma-separated line.

export function formatCsv(r: Reply): Buffer {
  const parts: Buffer[] = [];
  write(r, parts);
  return Buffer.concat(parts);
}

const text = (s: string) => Buffer.from(s, 'latin1');

function write(r: Reply, out: Buffer[]): void {
  switch (r.type) {
    case 'error': {
      const nul = r.text.indexOf(0);
      out.push(text('ERROR,'), repr(nul < 0 ? r.text : r.text.subarray(0, nul)));
      return;
    }
    case 'status': out.push(repr(r.text)); return;
    case 'string': case 'verbatim': out.push(repr(r.value)); return;
    case 'integer': case 'double': case 'bignum': out.push(text(r.text)); return;
    case 'nil': out.push(text('NULL')); return;
    case 'bool': out.push(text(r.value ? 'true' : 'false')); return;
    default:
      r.items.forEach((item, i) => {
        if (i > 0) out.push(text(','));
        write(item, out);
      });
  }
}
