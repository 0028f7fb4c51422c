import type { Reply } from '../net/reply.js';
import { repr } from './repr.js';

// redis-cli --csv (cliFormatReplyCSV): strings quoted as sdscatrepr does,
// NULL for nil, ERROR,"text" for errors, aggregates (maps too) flattened
// into one comma-separated line. Latin1 strings in and out.

export function formatCsv(r: Reply): string {
  switch (r.type) {
    case 'error': {
      const nul = r.text.indexOf('\0');
      return 'ERROR,' + repr(nul < 0 ? r.text : r.text.slice(0, nul));
    }
    case 'status': return repr(r.text);
    case 'string': case 'verbatim': return repr(r.value);
    case 'integer': case 'double': case 'bignum': return r.text;
    case 'nil': return 'NULL';
    case 'bool': return r.value ? 'true' : 'false';
    default: return r.items.map(formatCsv).join(',');
  }
}
