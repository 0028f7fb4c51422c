// The reference command table taken from a real Redis 7.0.15
// (shared/reference/redis-7.0-command-table.json, beside the repository).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './servers.js';

export interface RefArgument {
  name: string;
  type: string;
  token?: string;
  /** A list, or (for a few entries of the reference) a map whose keys and values are flags. */
  flags?: string[] | Record<string, string>;
  arguments?: RefArgument[];
  value?: string;
}

/** An argument's flags as a list, whichever form the reference stored them in. */
export function argFlags(a: RefArgument): string[] {
  const f = a.flags;
  if (f === undefined) return [];
  return Array.isArray(f) ? f : Object.entries(f).flat();
}

export interface RefCommand {
  arity: number;
  flags: string[];
  tips: string[];
  arguments?: RefArgument[];
  subcommands?: Record<string, RefCommand>;
}

let table: Record<string, RefCommand> | undefined;

export function referenceTable(): Record<string, RefCommand> {
  table ??= JSON.parse(readFileSync(path.resolve(repoRoot(), '../shared/reference/redis-7.0-command-table.json'), 'utf8')) as Record<string, RefCommand>;
  return table;
}

/** The reference entry for a full name (`get`, `client|kill`). */
export function refCommand(fullName: string): RefCommand | undefined {
  const t = referenceTable();
  const bar = fullName.indexOf('|');
  return bar < 0 ? t[fullName] : t[fullName.slice(0, bar)]?.subcommands?.[fullName];
}
