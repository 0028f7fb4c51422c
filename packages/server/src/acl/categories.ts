// Redis 7.0's ACL command categories (acl.c ACLCommandCategories), in
// Redis's order: ACL CAT lists them so, and ACL GETUSER/LIST try them in
// this order when describing a user's commands.

export const CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection',
  'transaction', 'scripting',
] as const;

export type Category = (typeof CATEGORIES)[number];

const INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));

/** The category's bit (1 << index), or 0 for a name that is none (compared without case, as strcasecmp). */
export function categoryFlag(name: string): number {
  const i = INDEX.get(asciiLower(name));
  return i === undefined ? 0 : 1 << i;
}

/** C's tolower over each byte: only A-Z change. */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32)) : s;
}
