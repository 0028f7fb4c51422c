import { createHash, timingSafeEqual } from 'node:crypto';
import { splitArgs } from '@kv/resp';
import { cstr } from '../util/c-string.js';
import { asciiLower } from './categories.js';
import { describeSelector } from './describe.js';
import type { AclErrno } from './errors.js';
import { Selector } from './selector.js';

// An ACL user (acl.c's user struct and ACLSetUser): flags, password hashes
// and selectors, the first of which is the root one.

const ENABLED = 1;
const DISABLED = 2;
const NOPASS = 4;
const SKIP_SANITIZE = 8;
const SANITIZE = 16;

/** In the order ACL LIST and GETUSER print them. */
const FLAG_NAMES: readonly (readonly [string, number])[] = [
  ['on', ENABLED],
  ['off', DISABLED],
  ['nopass', NOPASS],
  ['skip-sanitize-payload', SKIP_SANITIZE],
  ['sanitize-payload', SANITIZE],
];

/** The SHA-256 of a password's bytes, as 64 lower-case hex digits (ACLHashPassword). */
export function hashPassword(password: string): string {
  return createHash('sha256').update(Buffer.from(password, 'latin1')).digest('hex');
}

function isPasswordHash(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

export class User {
  private flags = DISABLED;
  /** SHA-256 hex of each password, in the order added. */
  passwords: string[] = [];
  selectors: Selector[];
  /**
   * Some selector allows every command, key and channel: permission checks
   * can be skipped (the default user, usually). Kept up to date by apply().
   */
  unrestricted = false;

  constructor(
    readonly name: string,
    allChannelsByDefault: boolean,
  ) {
    this.selectors = [new Selector(true, allChannelsByDefault)];
  }

  get root(): Selector {
    return this.selectors[0]!;
  }

  get disabled(): boolean {
    return (this.flags & DISABLED) !== 0;
  }

  get nopass(): boolean {
    return (this.flags & NOPASS) !== 0;
  }

  /** The flag names, in Redis's order. */
  flagNames(): string[] {
    return FLAG_NAMES.filter(([, f]) => (this.flags & f) !== 0).map(([n]) => n);
  }

  /** ACLCopyUser: the rules of `src`, keeping this user's name. */
  copyFrom(src: User): void {
    this.flags = src.flags;
    this.passwords = [...src.passwords];
    this.selectors = src.selectors.map((s) => s.clone());
    this.refresh();
  }

  /** Whether the password is one of the user's (or the user takes any); disabled users take none. */
  checkPassword(password: string): boolean {
    if (this.disabled) return false;
    if (this.nopass) return true;
    const hashed = Buffer.from(hashPassword(password));
    // Compare with every hash, in constant time per hash, as time_independent_strcmp.
    let ok = false;
    for (const p of this.passwords) if (timingSafeEqual(hashed, Buffer.from(p))) ok = true;
    return ok;
  }

  /** ACLSetUser: applies one rule; returns why it is refused, or undefined. */
  apply(op: string, allChannelsByDefault: boolean): AclErrno | undefined {
    const err = this.applyRule(op, allChannelsByDefault);
    this.refresh();
    return err;
  }

  private applyRule(op: string, allChannelsByDefault: boolean): AclErrno | undefined {
    if (op === '') return undefined;
    const word = asciiLower(cstr(op));
    switch (word) {
      case 'on':
        this.flags = (this.flags | ENABLED) & ~DISABLED;
        return undefined;
      case 'off':
        this.flags = (this.flags | DISABLED) & ~ENABLED;
        return undefined;
      case 'skip-sanitize-payload':
        this.flags = (this.flags | SKIP_SANITIZE) & ~SANITIZE;
        return undefined;
      case 'sanitize-payload':
        this.flags = (this.flags | SANITIZE) & ~SKIP_SANITIZE;
        return undefined;
      case 'nopass':
        this.flags |= NOPASS;
        this.passwords = [];
        return undefined;
      case 'resetpass':
        this.flags &= ~NOPASS;
        this.passwords = [];
        return undefined;
    }
    const first = op[0];
    if (first === '>' || first === '#') {
      let hash: string;
      if (first === '>') hash = hashPassword(op.slice(1));
      else {
        hash = op.slice(1);
        if (!isPasswordHash(hash)) return 'EBADMSG';
      }
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.flags &= ~NOPASS;
      return undefined;
    }
    if (first === '<' || first === '!') {
      let hash: string;
      if (first === '<') hash = hashPassword(op.slice(1));
      else {
        hash = op.slice(1);
        if (!isPasswordHash(hash)) return 'EBADMSG';
      }
      const i = this.passwords.indexOf(hash);
      if (i < 0) return 'ENODEV';
      this.passwords.splice(i, 1);
      return undefined;
    }
    if (first === '(' && op[op.length - 1] === ')') {
      const selector = new Selector(false, allChannelsByDefault);
      // Unbalanced quotes inside make sdssplitargs fail: Redis then adds an empty selector.
      for (const rule of splitArgs(op.slice(1, -1)) ?? []) {
        const err = selector.apply(rule);
        if (err !== undefined) return err;
      }
      this.selectors.push(selector);
      return undefined;
    }
    if (word === 'clearselectors') {
      this.selectors = [this.root];
      return undefined;
    }
    if (word === 'reset') {
      for (const rule of ['resetpass', 'resetkeys', 'resetchannels']) this.applyRule(rule, allChannelsByDefault);
      if (allChannelsByDefault) this.applyRule('allchannels', allChannelsByDefault);
      for (const rule of ['off', 'sanitize-payload', 'clearselectors', '-@all']) this.applyRule(rule, allChannelsByDefault);
      return undefined;
    }
    return this.root.apply(op);
  }

  private refresh(): void {
    this.unrestricted = this.selectors.some((s) => s.allCommands && s.allKeys && s.allChannels);
  }

  /** The user in rule form, as ACL LIST and the ACL file show it after `user <name> ` (ACLDescribeUser). */
  describe(): string {
    let out = '';
    for (const f of this.flagNames()) out += `${f} `;
    for (const p of this.passwords) out += `#${p} `;
    for (const s of this.selectors) out += s.root ? describeSelector(s) : ` (${describeSelector(s)})`;
    return out;
  }
}

/**
 * ACLMergeSelectorArguments: a selector may be spread over several
 * arguments (`(+get` `~a)`); they are joined with spaces. Returns the index
 * of the argument that opens an unclosed selector when one is left open.
 */
export function mergeSelectorArgs(args: readonly string[]): string[] | { unmatched: number } {
  const out: string[] = [];
  let open = -1;
  let selector = '';
  for (let j = 0; j < args.length; j++) {
    const op = args[j]!;
    if (op[0] === '(' && op[op.length - 1] !== ')') {
      selector = op;
      open = j;
      continue;
    }
    if (open !== -1) {
      selector += ` ${cstr(op)}`;
      if (op[op.length - 1] === ')') {
        open = -1;
        out.push(selector);
      }
      continue;
    }
    out.push(op);
  }
  return open === -1 ? out : { unmatched: open };
}
