import type { RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';

/** Returned by a handler that sends no reply (SHUTDOWN closes the connection instead). */
export const NO_REPLY: unique symbol = Symbol('no reply');

/** A command's handler: reads its arguments, works through the keyspace API, returns the reply. */
export type Handler = (client: Client, args: string[]) => RespValue | typeof NO_REPLY;

/** A reply value as stored in generated metadata: RESP3-typed JSON. */
export type MetaValue =
  | string
  | number
  | null
  | MetaValue[]
  | { readonly $map: MetaValue[] }
  | { readonly $set: MetaValue[] }
  | { readonly $simple: string };

/** What Redis 7.0 reports about a command (COMMAND INFO / COMMAND DOCS), kept as data. */
export interface CommandMeta {
  readonly arity: number;
  readonly flags: readonly string[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  readonly aclCategories: readonly string[];
  readonly tips: readonly string[];
  /** The COMMAND INFO reply as Redis gives it, but for the subcommands (its last element). */
  readonly info: readonly MetaValue[];
  /** The COMMAND DOCS map (summary, since, group, complexity, history, arguments …), without subcommands. */
  readonly docs: readonly MetaValue[];
}

/** One entry of the command table. */
export interface Command {
  /** Lower-case name; `parent|sub` for subcommands (Redis's fullname). */
  readonly fullName: string;
  /** The name alone (`kill` for `client|kill`). */
  readonly name: string;
  readonly meta: CommandMeta;
  readonly handler: Handler | undefined;
  readonly subcommands: ReadonlyMap<string, Command> | undefined;
  readonly parent: Command | undefined;
  /** Flags as a set, for quick checks on the hot path. */
  readonly flagSet: ReadonlySet<string>;
  /** Counted for INFO commandstats. */
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}
