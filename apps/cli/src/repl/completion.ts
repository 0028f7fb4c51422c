import type { HelpTable } from '../help/table.js';

// Tab completion as redis-cli does it: the whole line so far is a prefix of a
// command ("conf" -> CONFIG, "config g" -> CONFIG GET); after "help " help
// topics (@groups first) complete too.

export function completions(table: HelpTable, line: string): string[] {
  let start = 0;
  let withGroups = false;
  if (line.slice(0, 5).toLowerCase() === 'help ') {
    start = 5;
    while (start < line.length && /\s/.test(line[start]!)) start++;
    withGroups = true;
  }
  const typed = line.slice(start).toUpperCase();
  const head = line.slice(0, start);
  const out: string[] = [];
  if (withGroups) {
    for (const g of table.groups) if (`@${g}`.toUpperCase().startsWith(typed)) out.push(head + '@' + g);
  }
  for (const c of table.commands) if (c.full.startsWith(typed)) out.push(head + c.full);
  return out;
}
