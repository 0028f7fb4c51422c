import { CATEGORIES, categoryFlag } from './categories.js';
import { ACL_COMMANDS, FUTURE_BIT, type AclCommand } from './commands.js';
import { READ, READ_WRITE, Selector, WRITE, type KeyPattern } from './selector.js';

// How ACL LIST, ACL GETUSER and ACL SAVE write a selector's permissions back
// as rules (acl.c ACLDescribeSelectorCommandRules): Redis 7.0 keeps only the
// command bitmap, so the rules are rebuilt from it: +@all or -@all, then the
// categories that fit best, then single commands for what is left.

/** `~p`, `%R~p` or `%W~p` (sdsCatPatternString). */
export function patternString(k: KeyPattern): string {
  if (k.perm === READ_WRITE) return `~${k.pattern}`;
  if (k.perm === READ) return `%R~${k.pattern}`;
  if (k.perm === WRITE) return `%W~${k.pattern}`;
  throw new Error('invalid key pattern permission');
}

function countCategory(s: Selector, flag: number): { on: number; off: number } {
  let on = 0;
  let off = 0;
  for (const cmd of ACL_COMMANDS.inCategory(flag)) {
    if (s.bits[cmd.id] === 1) on++;
    else off++;
  }
  return { on, off };
}

/** The command rules of a selector, starting with +@all or -@all. */
export function describeCommandRules(s: Selector): string {
  // +@all also sets the bit of "future" commands; nothing else does: it tells which way to go.
  const additive = s.bits[FUTURE_BIT] !== 1;
  const rules: string[] = [additive ? '-@all' : '+@all'];
  const fake = new Selector(false, false);
  fake.apply(rules[0]!);

  // Pick categories greedily on a copy: each time the one with the fewest differences
  // among those with more in common than different, ties to the one with more in common.
  const temp = new Selector(false, false);
  temp.bits.set(s.bits);
  const applied = new Set<number>();
  for (;;) {
    let best = -1;
    let minDiff = 2147483647;
    let maxSame = 0;
    for (let j = 0; j < CATEGORIES.length; j++) {
      if (applied.has(j)) continue;
      const { on, off } = countCategory(temp, 1 << j);
      const diff = additive ? off : on;
      const same = additive ? on : off;
      if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
        best = j;
        minDiff = diff;
        maxSame = same;
      }
    }
    if (best === -1) break;
    const flag = categoryFlag(CATEGORIES[best]!);
    fake.setCategory(flag, additive);
    temp.setCategory(flag, !additive);
    rules.push(`${additive ? '+' : '-'}@${CATEGORIES[best]}`);
    applied.add(best);
  }
  singleCommands(s, fake, rules, ACL_COMMANDS.top);
  return rules.join(' ');
}

/**
 * The commands whose bit still differs, one by one (a parent before its
 * subcommands), and the allowed first arguments of blocked commands. Redis
 * walks a hash table here, so the order of these varies between Redis runs;
 * kv uses name order.
 */
function singleCommands(s: Selector, fake: Selector, rules: string[], commands: readonly AclCommand[]): void {
  for (const cmd of commands) {
    const userBit = s.bits[cmd.id] === 1;
    if (userBit !== (fake.bits[cmd.id] === 1)) {
      rules.push(`${userBit ? '+' : '-'}${cmd.fullName}`);
      fake.changePerm(cmd, userBit);
    }
    if (cmd.subcommands.length !== 0) singleCommands(s, fake, rules, cmd.subcommands);
    const firstArgs = s.firstArgs?.get(cmd.id);
    if (!userBit && firstArgs !== undefined) for (const a of firstArgs) rules.push(`+${cmd.fullName}|${a}`);
  }
}

/** Key patterns as ACL GETUSER shows them: `~*`, or the patterns separated by spaces. */
export function describeKeys(s: Selector): string {
  return s.allKeys ? '~*' : s.keys.map(patternString).join(' ');
}

/** Channel patterns as ACL GETUSER shows them: `&*`, or `&a &b`. */
export function describeChannels(s: Selector): string {
  return s.allChannels ? '&*' : s.channels.map((c) => `&${c}`).join(' ');
}

/** A whole selector in rule form (ACLDescribeSelector): keys, channels, commands. */
export function describeSelector(s: Selector): string {
  const parts: string[] = [];
  if (s.allKeys) parts.push('~*');
  else for (const k of s.keys) parts.push(patternString(k));
  if (s.allChannels) parts.push('&*');
  else {
    parts.push('resetchannels');
    for (const c of s.channels) parts.push(`&${c}`);
  }
  parts.push(describeCommandRules(s));
  return parts.join(' ');
}
