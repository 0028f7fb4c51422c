import type { HelpEntry, HelpTable } from './table.js';

// The HELP command of the interactive client, worded as redis-cli 7.0 words
// it: `HELP SET`, `HELP CONFIG` (every CONFIG subcommand), `HELP @string`.
// redis-cli colours this even in pipes; kv-cli only on a terminal.

export function genericHelp(version: string): string {
  return (
    `kv-cli ${version}\n` +
    'To get help about Redis commands type:\n' +
    '      "help @<group>" to get a list of commands in <group>\n' +
    '      "help <command>" for help on <command>\n' +
    '      "help <tab>" to get a list of possible help topics\n' +
    '      "quit" to exit\n' +
    '\n' +
    'To set kv-cli preferences:\n' +
    '      ":set hints" enable online hints\n' +
    '      ":set nohints" disable online hints\n' +
    'Set your preferences in ~/.kvclirc\n'
  );
}

function entryHelp(e: HelpEntry, withGroup: boolean, color: boolean): string {
  const c = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  let s = `\r\n  ${c('1', e.full)} ${c('90', e.params)}\r\n`;
  s += `  ${c('33', 'summary:')} ${e.summary}\r\n`;
  s += `  ${c('33', 'since:')} ${e.since}\r\n`;
  if (withGroup) s += `  ${c('33', 'group:')} ${e.group}\r\n`;
  return s;
}

/** What `HELP args…` prints. */
export function helpOutput(table: HelpTable, args: readonly string[], version: string, color: boolean): string {
  if (args.length === 0) return genericHelp(version);
  let group: string | undefined;
  if (args[0]!.startsWith('@')) {
    const wanted = args[0]!.slice(1).toLowerCase();
    group = table.groups.find((g) => g.toLowerCase() === wanted);
  }
  let out = '';
  for (const e of table.commands) {
    if (group !== undefined) {
      if (e.group === group) out += entryHelp(e, false, color);
    } else if (args.length <= e.words.length && args.every((a, j) => a.toUpperCase() === e.words[j])) {
      out += entryHelp(e, true, color);
    }
  }
  return out + '\r\n';
}
