import type { Connection } from '../net/connection.js';
import { replyInteger, replyItems, replyText, type Reply } from '../net/reply.js';
import { parseCommandDocs, type CommandDoc } from './docs.js';
import { renderParams } from './params.js';

// What HELP, hints and Tab completion know about commands: taken from the
// connected server's COMMAND DOCS, so they match whatever server (kv, any
// Redis 7) is on the other end. Without COMMAND DOCS (older servers) the
// entries come from COMMAND as redis-cli's cliIntegrateHelp builds them
// (`key arg ...options...`), and without either there are none.

export interface HelpEntry {
  /** Upper-case words: ['CONFIG', 'GET']. */
  words: string[];
  full: string;
  params: string;
  summary: string;
  since: string;
  group: string;
}

export interface HelpTable {
  commands: HelpEntry[];
  groups: string[];
}

/** Redis 7.0's command groups, in help.h's order. */
const KNOWN_GROUPS = [
  'generic', 'string', 'list', 'set', 'sorted-set', 'hash', 'pubsub', 'transactions', 'connection', 'server',
  'scripting', 'hyperloglog', 'cluster', 'sentinel', 'geo', 'stream', 'bitmap',
];

export const EMPTY_HELP: HelpTable = { commands: [], groups: KNOWN_GROUPS };

function entryOf(doc: CommandDoc): HelpEntry {
  const full = doc.name.split('|').join(' ').toUpperCase();
  return { words: full.split(' '), full, params: renderParams(doc.args), summary: doc.summary, since: doc.since, group: doc.group };
}

export function tableFromDocs(docs: readonly CommandDoc[]): HelpTable {
  const commands: HelpEntry[] = [];
  for (const d of docs) {
    commands.push(entryOf(d));
    for (const s of d.subcommands) commands.push(entryOf(s));
  }
  commands.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
  const groups = [...KNOWN_GROUPS];
  for (const c of commands) if (c.group && !groups.includes(c.group)) groups.push(c.group);
  return { commands, groups };
}

/** Entries from a COMMAND reply, as redis-cli 7.0 adds the commands its help.h lacks. */
export function tableFromCommand(reply: Reply): HelpTable {
  const commands: HelpEntry[] = [];
  for (const entry of replyItems(reply) ?? []) {
    const f = replyItems(entry);
    if (!f || f.length < 4) continue;
    const name = replyText(f[0]!);
    const arity = replyInteger(f[1]!);
    const firstKey = replyInteger(f[3]!);
    if (name === undefined || arity === undefined || firstKey === undefined) continue;
    let params = '';
    let args = Math.abs(arity) - 1;
    if (firstKey === 1) {
      params += 'key ';
      args--;
    }
    while (args-- > 0) params += 'arg ';
    if (arity < 0) params += '...options...';
    const full = name.toUpperCase();
    commands.push({ words: [full], full, params, summary: 'Help not available', since: 'not known', group: 'generic' });
  }
  commands.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
  return { commands, groups: KNOWN_GROUPS };
}

/** Asks the server; never throws for a missing command (falls back), only for a broken link. */
export async function loadHelpTable(conn: Connection): Promise<HelpTable> {
  const docs = await conn.call('COMMAND', 'DOCS');
  const parsed = docs.type === 'error' ? undefined : parseCommandDocs(docs);
  if (parsed && parsed.length > 0) return tableFromDocs(parsed);
  const cmds = await conn.call('COMMAND');
  if (cmds.type === 'array' && cmds.items.length > 0) return tableFromCommand(cmds);
  return EMPTY_HELP;
}
