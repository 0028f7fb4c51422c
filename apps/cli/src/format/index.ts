import type { OutputMode } from '../args.js';
import type { Reply } from '../net/reply.js';
import { formatCsv } from './csv.js';
import { formatRaw } from './raw.js';
import { formatTty } from './tty.js';

export interface FormatOptions {
  output: OutputMode;
  /** Between aggregate items in raw mode (-d). */
  mbDelim: string;
  /** After each reply in raw mode (-D). */
  cmdDelim: string;
}

/**
 * One reply as redis-cli prints it (cliFormatReply). `verbatim` is redis-cli's
 * output_raw_strings: INFO, CLIENT LIST and a few more print their text as is,
 * even on a terminal.
 */
export function formatReply(r: Reply, o: FormatOptions, verbatim = false): Buffer {
  return Buffer.from(formatText(r, o, verbatim), 'latin1');
}

function formatText(r: Reply, o: FormatOptions, verbatim: boolean): string {
  // -d and -D come from the command line: UTF-8 text, written as its bytes.
  const mbDelim = Buffer.from(o.mbDelim, 'utf8').toString('latin1');
  if (verbatim) return formatRaw(r, mbDelim);
  switch (o.output) {
    case 'standard': return formatTty(r);
    case 'raw': return formatRaw(r, mbDelim) + Buffer.from(o.cmdDelim, 'utf8').toString('latin1');
    case 'csv': return formatCsv(r) + '\n';
  }
}

/** redis-cli's `-> invalidate: 'k1', 'k2'` line for client-side caching pushes on a terminal. */
export function formatInvalidate(r: Reply): Buffer | undefined {
  if (r.type !== 'push' || r.items.length !== 2) return undefined;
  const [kind, keys] = r.items;
  if (kind?.type !== 'string' || !kind.value.startsWith('invalidate') || keys?.type !== 'array') return undefined;
  const names = keys.items.map((k) => (k.type === 'string' ? `'${k.value}'` : "''"));
  return Buffer.from(`-> invalidate: ${names.join(', ')}\n`, 'latin1');
}
