import type { Reply } from '../net/reply.js';

// redis-cli's raw output (cliFormatReplyRaw), the default when stdout is not a
// terminal: strings as their bytes, nil as nothing, aggregate items joined by
// the -d delimiter, map entries as "key value". Latin1 strings in and out.

export function formatRaw(r: Reply, delim: string): string {
  switch (r.type) {
    case 'nil': return '';
    case 'error': return r.text + '\n';
    case 'status': return r.text;
    case 'string': case 'verbatim': return r.value;
    case 'bool': return r.value ? '(true)' : '(false)';
    case 'integer': case 'double': case 'bignum': return r.text;
    case 'map': {
      const parts: string[] = [];
      for (let i = 0; i < r.items.length; i += 2) {
        const v = i + 1 < r.items.length ? formatRaw(r.items[i + 1]!, delim) : '';
        parts.push(`${formatRaw(r.items[i]!, delim)} ${v}`);
      }
      return parts.join(delim);
    }
    default:
      return r.items.map((item) => formatRaw(item, delim)).join(delim);
  }
}
