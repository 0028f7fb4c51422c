import { categoryFlag, asciiLower } from './categories.js';
import { REDIS_COMMANDS } from './commands.generated.js';

// The command table ACL rules refer to: all of Redis 7.0's commands (kv's
// own table holds only the ones implemented), each with a numeric id that
// indexes a selector's bitmap, as Redis's ACLGetCommandID gives them.

/** As generated: full name, categories (space separated, without '@'), subcommands. */
export type AclCommandSpec = readonly [name: string, categories: string, subcommands?: readonly AclCommandSpec[]];

export interface AclCommand {
  readonly id: number;
  /** `config|get` for a subcommand, as Redis's fullname. */
  readonly fullName: string;
  /** One bit per category (categories.ts order). */
  readonly categories: number;
  readonly parent: AclCommand | undefined;
  readonly subcommands: readonly AclCommand[];
}

class AclCommandTable {
  /** Top-level commands, in name order. */
  readonly top: AclCommand[] = [];
  /** Every command and subcommand, a parent before its subcommands. */
  readonly all: AclCommand[] = [];
  private readonly byCategory = new Map<number, AclCommand[]>();
  private readonly byName = new Map<string, AclCommand>();

  constructor(specs: readonly AclCommandSpec[]) {
    for (const spec of specs) this.top.push(this.add(spec, undefined));
    for (let bit = 0; bit < 31; bit++) this.byCategory.set(1 << bit, this.all.filter((c) => (c.categories & (1 << bit)) !== 0));
  }

  private add(spec: AclCommandSpec, parent: AclCommand | undefined): AclCommand {
    const subcommands: AclCommand[] = [];
    let categories = 0;
    for (const c of spec[1].split(' ')) if (c !== '') categories |= categoryFlag(c);
    const cmd: AclCommand = { id: this.all.length, fullName: spec[0], categories, parent, subcommands };
    this.all.push(cmd);
    this.byName.set(spec[0], cmd);
    for (const sub of spec[2] ?? []) subcommands.push(this.add(sub, cmd));
    return cmd;
  }

  /** The commands and subcommands with this category flag, a parent before its subcommands. */
  inCategory(flag: number): readonly AclCommand[] {
    return this.byCategory.get(flag) ?? [];
  }

  /** Ids 0..size-1 are commands; id `size` is the reserved "future commands" bit that only +@all sets. */
  get size(): number {
    return this.all.length;
  }

  /**
   * lookupCommandBySdsLogic on the original table: `name` or `name|sub`
   * (the parent must have subcommands), any case; anything else is unknown.
   */
  lookup(name: string): AclCommand | undefined {
    const parts = asciiLower(name).split('|');
    if (parts.length > 2) return undefined;
    const base = this.byName.get(parts[0]!);
    if (base === undefined || base.parent !== undefined) return undefined;
    if (parts.length === 1) return base;
    if (base.subcommands.length === 0) return undefined;
    return this.byName.get(`${parts[0]}|${parts[1]}`);
  }

  /** The entry for a command of kv's table, by its full name. */
  byFullName(fullName: string): AclCommand | undefined {
    return this.byName.get(fullName);
  }
}

export const ACL_COMMANDS = new AclCommandTable(REDIS_COMMANDS);
/** The bit +@all sets so that commands added later (modules, in Redis) are allowed too. */
export const FUTURE_BIT = ACL_COMMANDS.size;
