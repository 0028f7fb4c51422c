import { globMatch } from '@kv/structures';
import type { Command } from '../command-table/types.js';
import { commandKeys, hasKeys, type KeyReference } from '../command-table/key-specs.js';
import { cstr } from '../util/c-string.js';
import { asciiLower } from './categories.js';
import { ACL_COMMANDS, FUTURE_BIT } from './commands.js';
import { READ, WRITE, type Selector } from './selector.js';
import type { User } from './user.js';

// Whether a user may run a command line (acl.c ACLCheckAllUserCommandPerm):
// the command (or an allowed first argument), every key it names with the
// access its key specs declare, and the channels of the pub/sub commands
// that take them. One selector must allow all of it.

export const ACL_OK = 0;
export const DENIED_CMD = 1;
export const DENIED_KEY = 2;
export const DENIED_CHANNEL = 4;

export interface PermissionResult {
  /** ACL_OK or the DENIED_* reason. */
  readonly denied: number;
  /** The argument that was refused (a key or channel). */
  readonly pos: number;
}

const OK_RESULT: PermissionResult = { denied: ACL_OK, pos: 0 };

/** Commands whose channels are checked, and how: the channel arguments and whether to compare literally. */
const CHANNEL_ARGS: Readonly<Record<string, { readonly all: boolean; readonly literal: boolean }>> = {
  publish: { all: false, literal: false },
  spublish: { all: false, literal: false },
  subscribe: { all: true, literal: false },
  ssubscribe: { all: true, literal: false },
  // PSUBSCRIBE's patterns must appear as such among the user's channel patterns.
  psubscribe: { all: true, literal: true },
};

const aclIds = new WeakMap<Command, number>();

/** The command's bit in a selector; a command Redis 7.0 lacks counts as a "future" one (allowed by +@all). */
function aclId(command: Command): number {
  let id = aclIds.get(command);
  if (id === undefined) {
    id = ACL_COMMANDS.byFullName(command.fullName)?.id ?? FUTURE_BIT;
    aclIds.set(command, id);
  }
  return id;
}

/** The permission a key needs, from its key-spec flags (ACLSelectorCheckKey). */
function neededPerm(flags: readonly string[]): number {
  let perm = 0;
  for (const f of flags) {
    if (f === 'access') perm |= READ;
    else if (f === 'insert' || f === 'delete' || f === 'update') perm |= WRITE;
  }
  return perm;
}

function keyAllowed(s: Selector, key: string, perm: number): boolean {
  for (const p of s.keys) {
    if ((p.perm & perm) !== perm) continue;
    if (globMatch(p.pattern, key)) return true;
  }
  return false;
}

/** ACLCheckChannelAgainstList. */
export function channelAllowed(patterns: readonly string[], channel: string, literal: boolean): boolean {
  for (const p of patterns) {
    if (literal ? p === cstr(channel) : globMatch(p, channel)) return true;
  }
  return false;
}

interface CheckState {
  keys: KeyReference[] | undefined;
  /** Redis keeps the last refused position across selectors (local_idxptr is not reset). */
  pos: number;
}

/** ACLSelectorCheckCmd. */
function checkSelector(s: Selector, command: Command, id: number, args: readonly string[], state: CheckState): number {
  if (!s.allCommands && !command.flagSet.has('no_auth') && s.bits[id] !== 1) {
    // Blocked, unless its first argument is one allowed (`+select|0`).
    const allowed = args.length < 2 ? undefined : s.firstArgs?.get(id);
    if (allowed === undefined) return DENIED_CMD;
    const arg = asciiLower(cstr(args[command.parent !== undefined ? 2 : 1] ?? ''));
    if (!allowed.some((a) => asciiLower(a) === arg)) return DENIED_CMD;
  }
  if (!s.allKeys && hasKeys(command.fullName, command.meta)) {
    state.keys ??= commandKeys(command.fullName, command.meta, args);
    for (const k of state.keys) {
      if (!keyAllowed(s, args[k.pos]!, neededPerm(k.flags))) {
        state.pos = k.pos;
        return DENIED_KEY;
      }
    }
  }
  const channels = s.allChannels ? undefined : CHANNEL_ARGS[command.fullName];
  if (channels !== undefined) {
    const end = channels.all ? args.length : Math.min(2, args.length);
    for (let j = 1; j < end; j++) {
      if (!channelAllowed(s.channels, args[j]!, channels.literal)) {
        state.pos = j;
        return DENIED_CHANNEL;
      }
    }
  }
  return ACL_OK;
}

/**
 * Whether `user` may run `args` as `command`. When no selector allows it,
 * the reason is the command if no selector got past it, else the key or
 * channel refused furthest along (Redis's choice of what to log).
 */
export function checkUserCommand(user: User, command: Command, args: readonly string[]): PermissionResult {
  if (user.unrestricted) return OK_RESULT;
  const id = aclId(command);
  const state: CheckState = { keys: undefined, pos: 0 };
  let relevant = DENIED_CMD;
  let lastPos = 0;
  for (const s of user.selectors) {
    const r = checkSelector(s, command, id, args, state);
    if (r === ACL_OK) return OK_RESULT;
    if (r > relevant || (r === relevant && state.pos > lastPos)) {
      relevant = r;
      lastPos = state.pos;
    }
  }
  return { denied: relevant, pos: lastPos };
}
