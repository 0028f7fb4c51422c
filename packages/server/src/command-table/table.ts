import type { Command, CommandMeta, Handler } from './types.js';

/**
 * The command table: every command kv runs, with Redis's metadata, looked up
 * by name. COMMAND, the dispatcher and (later) ACL, MULTI and scripting all
 * read this one table.
 */
export class CommandTable {
  private readonly byName = new Map<string, Command>();

  constructor(handlers: Readonly<Record<string, Handler>>, meta: Readonly<Record<string, CommandMeta>>) {
    const parents = new Map<string, Map<string, Command>>();
    for (const fullName of Object.keys(handlers).sort()) {
      const bar = fullName.indexOf('|');
      if (bar < 0) continue;
      const parentName = fullName.slice(0, bar);
      let subs = parents.get(parentName);
      if (subs === undefined) parents.set(parentName, (subs = new Map()));
      subs.set(fullName.slice(bar + 1), undefined as unknown as Command);
    }
    for (const [parentName, subs] of parents) {
      // A container may run on its own too (plain COMMAND).
      const parent = makeCommand(parentName, parentName, requireMeta(meta, parentName), handlers[parentName], subs, undefined);
      for (const sub of subs.keys()) {
        const fullName = `${parentName}|${sub}`;
        subs.set(sub, makeCommand(fullName, sub, requireMeta(meta, fullName), handlers[fullName], undefined, parent));
      }
      this.byName.set(parentName, parent);
    }
    for (const [fullName, handler] of Object.entries(handlers)) {
      if (fullName.includes('|') || this.byName.has(fullName)) continue;
      this.byName.set(fullName, makeCommand(fullName, fullName, requireMeta(meta, fullName), handler, undefined, undefined));
    }
  }

  /** Looks a top-level command up by the name a client sent, in any case. */
  lookup(name: string): Command | undefined {
    // A pipeline is mostly the same command again: comparing a few characters beats hashing a new string.
    if (name === this.lastName) return this.lastFound;
    let found = this.byName.get(name) ?? this.byCase.get(name);
    if (found === undefined) {
      found = this.byName.get(name.toLowerCase());
      // Clients send the same spelling again and again ("SET"): remember it, within a bound.
      if (found !== undefined && this.byCase.size < 4096) this.byCase.set(name, found);
    }
    if (found !== undefined) {
      this.lastName = name;
      this.lastFound = found;
    }
    return found;
  }

  /** The name of the last command looked up, and what it found. */
  private lastName = '';
  private lastFound: Command | undefined = undefined;

  /** Spellings clients used (upper or mixed case) -> command, so lookups skip toLowerCase. */
  private readonly byCase = new Map<string, Command>();

  /** Resolves `parent|sub` or a top-level name. */
  lookupFullName(fullName: string): Command | undefined {
    const lower = fullName.toLowerCase();
    const bar = lower.indexOf('|');
    if (bar < 0) return this.byName.get(lower);
    return this.byName.get(lower.slice(0, bar))?.subcommands?.get(lower.slice(bar + 1));
  }

  /** Top-level commands. */
  commands(): IterableIterator<Command> {
    return this.byName.values();
  }

  get size(): number {
    return this.byName.size;
  }
}

function requireMeta(meta: Readonly<Record<string, CommandMeta>>, fullName: string): CommandMeta {
  const m = meta[fullName];
  if (m === undefined) throw new Error(`no metadata for command '${fullName}': run tools/scripts/gen-command-meta.ts`);
  return m;
}

function makeCommand(
  fullName: string,
  name: string,
  meta: CommandMeta,
  handler: Handler | undefined,
  subcommands: Map<string, Command> | undefined,
  parent: Command | undefined,
): Command {
  return {
    fullName, name, meta, handler, subcommands, parent,
    flagSet: new Set(meta.flags),
    calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0,
  };
}
