import type { Reply } from '../net/reply.js';
import { repr } from './repr.js';

// redis-cli's human output (cliFormatReplyTTY): `1) "a"`, `(integer) 1`,
// `(nil)`, nested aggregates indented under their index, maps as
// `1# "k" => "v"`, sets numbered with `~`. Latin1 strings in and out.

const EMPTY: Record<string, string> = {
  array: '(empty array)\n',
  map: '(empty hash)\n',
  set: '(empty set)\n',
  push: '(empty push)\n',
};

const SEP: Record<string, string> = { array: ')', push: ')', set: '~', map: '#' };

/** %s of a C string: up to the first NUL. */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

export function formatTty(r: Reply, prefix = ''): string {
  switch (r.type) {
    case 'error': return `(error) ${cString(r.text)}\n`;
    case 'status': return `${cString(r.text)}\n`;
    case 'integer': return `(integer) ${r.text}\n`;
    case 'double': return `(double) ${r.text}\n`;
    // hiredis 7.0 has no way to print these; kv-cli shows them as redis-cli 7.2 does.
    case 'bignum': return `(big number) ${r.text}\n`;
    case 'string': return repr(r.value) + '\n';
    case 'verbatim': return r.value + '\n';
    case 'nil': return '(nil)\n';
    case 'bool': return r.value ? '(true)\n' : '(false)\n';
    default: {
      const items = r.items;
      if (items.length === 0) return EMPTY[r.type]!;
      const isMap = r.type === 'map';
      const count = isMap ? Math.floor(items.length / 2) : items.length;
      const width = String(count).length;
      const inner = prefix + ' '.repeat(width + 2);
      const sep = SEP[r.type]!;
      const parts: string[] = [];
      for (let i = 0; i < items.length; i++) {
        const index = (isMap ? i / 2 : i) + 1;
        // The first index follows the parent's index on the same line.
        parts.push(`${i === 0 ? '' : prefix}${String(index).padStart(width)}${sep} `);
        const item = formatTty(items[i]!, inner);
        if (isMap) {
          // The key's newline gives way to " => value"; a value of several lines starts on its own line.
          parts.push(item.slice(0, -1), ' => ');
          i++;
          const v = i < items.length ? formatTty(items[i]!, inner) : '\n';
          if (v.indexOf('\n') < v.length - 1) parts.push('\n', inner);
          parts.push(v);
        } else parts.push(item);
      }
      return parts.join('');
    }
  }
}
