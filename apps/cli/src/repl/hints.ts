import { splitArgs } from '@kv/resp';
import type { HelpEntry, HelpTable } from '../help/table.js';

// The grey hint after the cursor: the arguments still to type, from the
// server's COMMAND DOCS. As in redis-cli, typed arguments are taken off the
// front of the hint until an optional part ("[...") begins. Unlike redis-cli
// 7.0, a subcommand ("CONFIG GET") is matched as a whole, so its own
// arguments are hinted.

/** The entry with the most words that the typed words start with. */
export function findEntry(table: HelpTable, argv: readonly string[]): HelpEntry | undefined {
  let best: HelpEntry | undefined;
  for (const e of table.commands) {
    if (e.words.length > argv.length) continue;
    if (!e.words.every((w, i) => w === argv[i]!.toUpperCase())) continue;
    if (!best || e.words.length > best.words.length) best = e;
  }
  return best;
}

export function hintFor(table: HelpTable, line: string): string | undefined {
  const argv = splitArgs(line);
  if (argv === null || argv.length === 0) return undefined;
  const endSpace = /\s$/.test(line);
  const entry = findEntry(table, argv);
  if (!entry) return undefined;
  let hint = entry.params;
  let toRemove = argv.length - entry.words.length;
  while (toRemove > 0 && hint.length > 0) {
    if (hint[0] === '[') break;
    if (hint[0] === ' ') toRemove--;
    hint = hint.slice(1);
  }
  return endSpace ? hint : ' ' + hint;
}
