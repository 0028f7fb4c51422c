import { cstr } from '../util/c-string.js';
import { asciiLower, categoryFlag } from './categories.js';
import { ACL_COMMANDS, FUTURE_BIT, type AclCommand } from './commands.js';
import { hasSpaces, type AclErrno } from './errors.js';

// A selector: one set of permissions (commands, key patterns, channel
// patterns). Every user has its root selector and may have more, written
// `(...)`; a command is allowed when any one selector allows all of it.
// This follows acl.c's aclSelector and ACLSetSelector rule by rule.

export const READ = 1;
export const WRITE = 2;
export const READ_WRITE = READ | WRITE;

export interface KeyPattern {
  readonly pattern: string;
  /** READ, WRITE or both (`~`, or `%RW~`). */
  perm: number;
}

export class Selector {
  allKeys = false;
  allChannels: boolean;
  /** SELECTOR_FLAG_ALLCOMMANDS: set by +@all, cleared as soon as any command bit is cleared. */
  allCommands = false;
  /** One byte per command id of ACL_COMMANDS, plus FUTURE_BIT. */
  readonly bits: Uint8Array;
  /** Allowed first arguments of otherwise blocked commands (`+select|0`), by command id, as written. */
  firstArgs: Map<number, string[]> | undefined = undefined;
  keys: KeyPattern[] = [];
  channels: string[] = [];

  constructor(
    readonly root: boolean,
    /** acl-pubsub-default when the selector is made: allchannels or not. */
    allChannels: boolean,
  ) {
    this.allChannels = allChannels;
    this.bits = new Uint8Array(FUTURE_BIT + 1);
  }

  clone(): Selector {
    const s = new Selector(this.root, this.allChannels);
    s.allKeys = this.allKeys;
    s.allCommands = this.allCommands;
    s.bits.set(this.bits);
    if (this.firstArgs !== undefined) s.firstArgs = new Map([...this.firstArgs].map(([id, list]) => [id, [...list]]));
    s.keys = this.keys.map((k) => ({ pattern: k.pattern, perm: k.perm }));
    s.channels = [...this.channels];
    return s;
  }

  private setBit(id: number, allow: boolean): void {
    this.bits[id] = allow ? 1 : 0;
    if (!allow) this.allCommands = false;
  }

  /** ACLChangeSelectorPerm: a container command carries its subcommands along. */
  changePerm(cmd: AclCommand, allow: boolean): void {
    this.setBit(cmd.id, allow);
    this.firstArgs?.delete(cmd.id);
    for (const sub of cmd.subcommands) this.setBit(sub.id, allow);
  }

  /** +@category / -@category: every command in it, and the subcommands of every container in it. */
  setCategory(flag: number, allow: boolean): void {
    for (const cmd of ACL_COMMANDS.inCategory(flag)) this.changePerm(cmd, allow);
  }

  private addFirstArg(id: number, arg: string): void {
    this.firstArgs ??= new Map();
    const list = this.firstArgs.get(id);
    if (list === undefined) {
      this.firstArgs.set(id, [arg]);
      return;
    }
    const lower = asciiLower(arg);
    if (!list.some((a) => asciiLower(a) === lower)) list.push(arg);
  }

  /** ACLSetSelector: applies one rule; returns why it is refused, or undefined. */
  apply(op: string): AclErrno | undefined {
    const word = asciiLower(cstr(op));
    if (word === 'allkeys' || word === '~*') {
      this.allKeys = true;
      this.keys = [];
    } else if (word === 'resetkeys') {
      this.allKeys = false;
      this.keys = [];
    } else if (word === 'allchannels' || word === '&*') {
      this.allChannels = true;
      this.channels = [];
    } else if (word === 'resetchannels') {
      this.allChannels = false;
      this.channels = [];
    } else if (word === 'allcommands' || word === '+@all') {
      this.bits.fill(1);
      this.allCommands = true;
      this.firstArgs = undefined;
    } else if (word === 'nocommands' || word === '-@all') {
      this.bits.fill(0);
      this.allCommands = false;
      this.firstArgs = undefined;
    } else if (op[0] === '~' || op[0] === '%') {
      return this.addKeyPattern(op);
    } else if (op[0] === '&') {
      if (this.allChannels) return 'EISDIR';
      const pattern = op.slice(1);
      if (hasSpaces(pattern)) return 'EINVAL';
      if (!this.channels.includes(pattern)) this.channels.push(pattern);
      this.allChannels = false;
    } else if (op[0] === '+' && op[1] !== '@') {
      return this.allowCommand(cstr(op.slice(1)));
    } else if (op[0] === '-' && op[1] !== '@') {
      const cmd = ACL_COMMANDS.lookup(cstr(op.slice(1)));
      if (cmd === undefined) return 'ENOENT';
      this.changePerm(cmd, false);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const flag = categoryFlag(cstr(op.slice(2)));
      if (flag === 0) return 'ENOENT';
      this.setCategory(flag, op[0] === '+');
    } else {
      return 'EINVAL';
    }
    return undefined;
  }

  /** `~pattern`, `%R~pattern`, `%W~pattern`, `%RW~pattern`. */
  private addKeyPattern(op: string): AclErrno | undefined {
    if (this.allKeys) return 'EEXIST';
    let perm = 0;
    let offset = 1;
    if (op[0] === '%') {
      for (; offset < op.length; offset++) {
        const c = op[offset]!;
        if ((c === 'R' || c === 'r') && (perm & READ) === 0) perm |= READ;
        else if ((c === 'W' || c === 'w') && (perm & WRITE) === 0) perm |= WRITE;
        else if (c === '~') {
          offset++;
          break;
        } else return 'EINVAL';
      }
      // Redis 7.0.15 refuses `%~x` (no permission letter) but takes `%R` (no `~`) as an empty pattern.
      if (perm === 0) return 'EINVAL';
    } else {
      perm = READ_WRITE;
    }
    const pattern = op.slice(offset);
    if (hasSpaces(pattern)) return 'EINVAL';
    const existing = this.keys.find((k) => k.pattern === pattern);
    if (existing === undefined) this.keys.push({ pattern, perm });
    else existing.perm |= perm;
    this.allKeys = false;
    return undefined;
  }

  /** `+command`, `+container|sub`, or `+command|first-arg` for a command without subcommands. */
  private allowCommand(name: string): AclErrno | undefined {
    const bar = name.lastIndexOf('|');
    if (bar < 0) {
      const cmd = ACL_COMMANDS.lookup(name);
      if (cmd === undefined) return 'ENOENT';
      this.changePerm(cmd, true);
      return undefined;
    }
    const cmd = ACL_COMMANDS.lookup(name.slice(0, bar));
    if (cmd === undefined) return 'ENOENT';
    if (cmd.parent !== undefined) return 'ECHILD';
    const arg = name.slice(bar + 1);
    if (arg === '') return 'EINVAL';
    if (cmd.subcommands.length !== 0) {
      const sub = ACL_COMMANDS.lookup(name);
      if (sub === undefined) return 'ENOENT';
      this.changePerm(sub, true);
    } else {
      this.addFirstArg(cmd.id, arg);
    }
    return undefined;
  }
}
