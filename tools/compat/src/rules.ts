// Where Redis leaves replies unspecified or time-dependent, and which
// commands the random generator leaves alone: all of it as data, here.
// The command table's own tips come first: `nondeterministic_output_order`
// compares replies as multisets, `nondeterministic_output` compares only
// their type. The overrides below win over the tips.
import { refCommand, type RefCommand } from './reference.js';

export type Rule =
  | { kind: 'exact' }
  /** A multiset of elements; `pairs`: a flat key, value, key, value array (RESP2 maps). */
  | { kind: 'unordered'; pairs?: boolean }
  | { kind: 'shape' }
  /** Integers that may differ by up to `within` (the two servers ran the command moments apart). */
  | { kind: 'tolerance'; within: number };

/** Replies that depend on the moment each server ran the command. */
const TIME_TOLERANCE: Record<string, number> = {
  ttl: 1,
  pttl: 100,
  expiretime: 1,
  pexpiretime: 100,
  'object|idletime': 2,
};

/**
 * Tipped nondeterministic, yet fixed for one fresh server with one client
 * and the default configuration, and what clients depend on: compared exactly.
 */
const EXACT = new Set(['object|encoding', 'object|refcount', 'object|freq']);

/** Replies that differ by design between any two servers (ids, addresses, versions, memory). */
const SHAPE_ONLY = new Set(['client|id', 'client|info', 'client|list', 'hello', 'info', 'time', 'randomkey', 'lastsave',
  'role']);

/** Field-value replies whose field order is unspecified: in RESP2 a flat array of pairs. */
const UNORDERED_PAIRS = new Set(['hgetall', 'config|get']);

/** Lists whose order is a hash table's, though the table has no tip for it. */
const UNORDERED = new Set(['acl|cat']);

/**
 * Rules that depend on the arguments. SORT … BY orders elements of equal
 * weight as the source happens to hold them, and a set's order is its hash
 * table's, seeded at random per process.
 */
const BY_ARGUMENTS: { command: string; when: (args: readonly string[]) => boolean; rule: Rule }[] = [
  { command: 'sort', when: (args) => args.some((a) => a.toUpperCase() === 'BY'), rule: { kind: 'unordered' } },
  { command: 'sort_ro', when: (args) => args.some((a) => a.toUpperCase() === 'BY'), rule: { kind: 'unordered' } },
  // LOLWUT VERSION 5 and 6 draw with rand(): only the shape of the art can match.
  { command: 'lolwut', when: (args) => args.length >= 3 && args[1]!.toUpperCase() === 'VERSION', rule: { kind: 'shape' } },
];

/** How to compare the replies to `args` (the whole command), whose full name is `fullName` (`get`, `object|encoding`). */
export function ruleFor(fullName: string, args: readonly string[] = []): Rule {
  for (const r of BY_ARGUMENTS) if (r.command === fullName && r.when(args)) return r.rule;
  const within = TIME_TOLERANCE[fullName];
  if (within !== undefined) return { kind: 'tolerance', within };
  if (EXACT.has(fullName)) return { kind: 'exact' };
  if (SHAPE_ONLY.has(fullName)) return { kind: 'shape' };
  if (UNORDERED_PAIRS.has(fullName)) return { kind: 'unordered', pairs: true };
  if (UNORDERED.has(fullName)) return { kind: 'unordered' };
  const tips = refCommand(fullName)?.tips ?? [];
  if (tips.includes('nondeterministic_output')) return { kind: 'shape' };
  if (tips.includes('nondeterministic_output_order')) return { kind: 'unordered' };
  return { kind: 'exact' };
}

/**
 * Flags of commands the random generator leaves out: they block, enter
 * pub/sub mode, or administer the server (replication, persistence,
 * configuration, killing clients, shutting down).
 */
const EXCLUDED_FLAGS = ['blocking', 'pubsub', 'admin'];

/**
 * Commands the random generator leaves out by name: they end or change the
 * connection, hang it, reach outside 127.0.0.1, list the command table
 * (which covers what kv has, not all of Redis), have random side effects
 * that would make the two keyspaces drift apart, or differ by design.
 * Case files still cover those kv implements.
 */
const EXCLUDED_NAMES = new Set([
  'quit', 'reset', 'hello', 'auth',
  'wait',
  'client|reply', 'client|tracking', 'client|caching',
  'script|debug', 'migrate',
  'command', 'command|count', 'command|list', 'command|info', 'command|docs', 'command|getkeys', 'command|getkeysandflags',
  'config|get', 'info', 'time', 'lastsave',
  'spop', 'xadd', 'xautoclaim', 'xclaim', 'xtrim', 'acl|genpass', 'memory|usage', 'memory|stats', 'memory|doctor',
  'memory|malloc-stats',
]);

/** Whether the random generator may send this command. */
export function randomAllowed(fullName: string, ref: RefCommand): boolean {
  if (ref.subcommands !== undefined) return false; // containers: their subcommands are listed on their own
  if (EXCLUDED_NAMES.has(fullName)) return false;
  return !ref.flags.some((f) => EXCLUDED_FLAGS.includes(f));
}

/**
 * Commands that count keys whose time has passed but that no command has
 * touched yet (Redis deletes those lazily, or when its active expiry happens
 * to sample them). Before these, the random runner touches the key pool on
 * both servers, so that the count does not depend on when each one sampled.
 */
export const TOUCH_KEYS_BEFORE = new Set(['dbsize']);
