import type { Reply } from '../net/reply.js';
import { repr } from './repr.js';

// redis-cli's human output (cliFormatReplyTTY): `1) "a"`, `(integer) 1`,
// `(nil)`, nested aggregates indented under their index, maps as
// `1# "k" => "v"`, sets numbered with `~`.

const EMPTY: Record<string, string> = {
  array: '(empty array)\n',
  map: '(empty hash)\n',
  set: '(empty set)\n',
  push: '(empty push)\n',
};

const SEP: Record<string, string> = { array: ')', push: ')', set: '~', map: '#' };

export function formatTty(r: Reply, prefix = ''): Buffer {
  const parts: Buffer[] = [];
  write(r, prefix, parts);
  return Buffer.concat(parts);
}

const text = (s: string) => Buffer.from(s, 'latin1');
const NL = text('\n');

function write(r: Reply, prefix: string, out: Buffer[]): void {
  switch (r.type) {
    case 'error': out.push(text('(error) '), cString(r.text), NL); return;
    case 'status': out.push(cString(r.text), NL); return;
    case 'integer': out.push(text(`(integer) ${r.text}\n`)); return;
    case 'double': out.push(text(`(double) ${r.text}\n`)); return;
    // hiredis 7.0 has no way to print these; kv-cli shows them as redis-cli 7.2 does.
    case 'bignum': out.push(text(`(big number) ${r.text}\n`)); return;
    case 'string': out.push(repr(r.value), NL); return;
    case 'verbatim': out.push(r.value, NL); return;
    case 'nil': out.push(text('(nil)\n')); return;
    case 'bool': out.push(text(r.value ? '(true)\n' : '(false)\n')); return;
    default: {
      const items = r.items;
      if (items.length === 0) {
        out.push(text(EMPTY[r.type]!));
        return;
      }
      const isMap = r.type === 'map';
      const count = isMap ? Math.floor(items.length / 2) : items.length;
      const width = String(count).length;
      const inner = prefix + ' '.repeat(width + 2);
      const sep = SEP[r.type]!;
      for (let i = 0; i < items.length; i++) {
        const index = (isMap ? i / 2 : i) + 1;
        // The first index follows the parent's index on the same line.
        out.push(text(`${i === 0 ? '' : prefix}${String(index).padStart(width)}${sep} `));
        const item: Buffer[] = [];
        write(items[i]!, inner, item);
        if (isMap) {
          // The key's newline gives way to " => value".
          const key = Buffer.concat(item);
          out.push(key.subarray(0, key.length - 1), text(' => '));
          i++;
          const value: Buffer[] = [];
          if (i < items.length) write(items[i]!, inner, value);
          else value.push(NL);
          const v = Buffer.concat(value);
          // A value that takes several lines starts on its own line, under the key's index.
          if (v.indexOf(0x0a) < v.length - 1) out.push(NL, text(inner));
          out.push(v);
        } else out.push(...item);
      }
    }
  }
}

/** %s of a C string: up to the first NUL byte. */
function cString(b: Buffer): Buffer {
  const nul = b.indexOf(0);
  return nul < 0 ? b : b.subarray(0, nul);
}
