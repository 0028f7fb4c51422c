import { ErrorReply, SetReply, type RespValue } from '@kv/resp';
import { globMatch } from '@kv/structures';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { MAX_RANDOM_REPLY, NOT_POSITIVE, RANDOM_REPLY_TOO_LARGE, SYNTAX_ERROR, WRONGTYPE } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import { SetValue } from '../keyspace/types/set-value.js';
import { countArg, intArg, isOption } from './args.js';
import { INVALID_CURSOR, parseCursor, parseScanOptions } from './scan.js';
import { maxIntsetEntries } from '../keyspace/types/limits.js';
import { notify, NOTIFY_GENERIC, NOTIFY_SET } from '../notify/notify.js';

// The set group of Redis 7.0 (t_set.c), all 17 commands.

const COUNT_RANGE = new ErrorReply('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
const LLONG_MIN = -9223372036854775808n;
const NUMKEYS_ERROR = new ErrorReply('ERR numkeys should be greater than 0');
const LIMIT_ERROR = new ErrorReply("ERR LIMIT can't be negative");
/** spopWithCountCommand keeps the rest in a new set when count is this many times what remains (SPOP_MOVE_STRATEGY_MUL). */
const SPOP_MOVE_STRATEGY_MUL = 5;

function maxIntset(client: Client): number {
  return maxIntsetEntries(client.server.config);
}

/** The set at key for reading (lookupKeyRead + checkType). */
function readSet(db: Database, key: string): SetValue | undefined | ErrorReply {
  const v = db.get(key);
  if (v === undefined || v instanceof SetValue) return v;
  return WRONGTYPE;
}

function writeSet(db: Database, key: string): SetValue | undefined | ErrorReply {
  const v = db.getForWrite(key);
  if (v === undefined || v instanceof SetValue) return v;
  return WRONGTYPE;
}

/** A new set holding `members`, built by adds as Redis builds a result set, so its encoding is Redis's. */
function buildSet(members: Iterable<string>, max: number): SetValue | undefined {
  let set: SetValue | undefined;
  for (const m of members) {
    set ??= new SetValue(m);
    set.add(m, max);
  }
  return set;
}

/**
 * Stores a result set at dst (setKey) with the command's event, or deletes
 * dst when the result is empty (a `del` event if there was one); replies the size.
 */
function storeResult(client: Client, dst: string, set: SetValue | undefined, event: string): number {
  const db = client.db;
  if (set === undefined || set.size === 0) {
    if (db.deleteEvenIfExpired(dst)) notify(client, NOTIFY_GENERIC, 'del', dst);
    return 0;
  }
  db.set(dst, set);
  notify(client, NOTIFY_SET, event, dst);
  return set.size;
}

/** After members left a set: the command's event, then the key deleted when empty (with `del`). */
function membersRemoved(client: Client, key: string, set: SetValue, event: string): void {
  notify(client, NOTIFY_SET, event, key);
  if (set.size === 0) {
    client.db.delete(key);
    notify(client, NOTIFY_GENERIC, 'del', key);
  } else client.db.touchModified(key);
}

// --- Single-set writes ----------------------------------------------------

const sadd: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const existing = writeSet(db, key);
  if (existing instanceof ErrorReply) return existing;
  const set = existing ?? new SetValue(args[2]!);
  const max = maxIntset(client);
  let added = 0;
  for (let i = 2; i < args.length; i++) if (set.add(args[i]!, max)) added++;
  if (existing === undefined) db.set(key, set);
  else if (added > 0) db.touchModified(key);
  if (added > 0) notify(client, NOTIFY_SET, 'sadd', key);
  return added;
};

const srem: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const set = writeSet(db, key);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  let deleted = 0;
  for (let i = 2; i < args.length; i++) {
    if (!set.delete(args[i]!)) continue;
    deleted++;
    if (set.size === 0) break;
  }
  if (deleted > 0) membersRemoved(client, key, set, 'srem');
  return deleted;
};

const smove: Handler = (client, args) => {
  const db = client.db;
  const [, srcKey, dstKey, member] = args as [string, string, string, string];
  const src = writeSet(db, srcKey);
  const dst = writeSet(db, dstKey);
  if (src === undefined) return 0;
  if (src instanceof ErrorReply) return src;
  if (dst instanceof ErrorReply) return dst;
  if (src === dst) return src.has(member) ? 1 : 0;
  if (!src.delete(member)) return 0;
  membersRemoved(client, srcKey, src, 'srem');
  const max = maxIntset(client);
  if (dst === undefined) {
    const created = new SetValue(member);
    created.add(member, max);
    db.set(dstKey, created);
    notify(client, NOTIFY_SET, 'sadd', dstKey);
  } else if (dst.add(member, max)) {
    db.touchModified(dstKey);
    notify(client, NOTIFY_SET, 'sadd', dstKey);
  }
  return 1;
};

// --- Single-set reads -----------------------------------------------------

const sismember: Handler = (client, args) => {
  const set = readSet(client.db, args[1]!);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  return set.has(args[2]!) ? 1 : 0;
};

const smismember: Handler = (client, args) => {
  const set = readSet(client.db, args[1]!);
  if (set instanceof ErrorReply) return set;
  const out: number[] = [];
  for (let i = 2; i < args.length; i++) out.push(set?.has(args[i]!) === true ? 1 : 0);
  return out;
};

const scard: Handler = (client, args) => {
  const set = readSet(client.db, args[1]!);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  return set.size;
};

// --- Random members -------------------------------------------------------

const spop: Handler = (client, args) => {
  if (args.length === 3) return spopWithCount(client, args);
  if (args.length > 3) return SYNTAX_ERROR;
  const db = client.db;
  const key = args[1]!;
  const set = writeSet(db, key);
  if (set === undefined || set instanceof ErrorReply) return set ?? null;
  const member = set.randomMember();
  set.delete(member);
  membersRemoved(client, key, set, 'spop');
  // A random pick would differ on replay: propagate what was removed.
  client.server.propagation.rewrite(['SREM', key, member]);
  return member;
};

/** SPOP with a count is propagated as SREMs of what went, 1024 members per command (or DEL of the whole set). */
function propagatePopped(client: Client, key: string, popped: readonly string[]): void {
  if (!client.server.propagation.active) return;
  const commands: string[][] = [];
  for (let i = 0; i < popped.length; i += 1024) commands.push(['SREM', key, ...popped.slice(i, i + 1024)]);
  client.server.propagation.rewrite(...commands);
}

function spopWithCount(client: Client, args: string[]): RespValue {
  // getPositiveLongFromObjectOrReply gives its range error for a non-number too.
  const l = countArg(args[2]!, NOT_POSITIVE);
  if (l instanceof ErrorReply) return l;
  if (l < 0) return NOT_POSITIVE;
  const db = client.db;
  const key = args[1]!;
  const set = writeSet(db, key);
  if (set === undefined || set instanceof ErrorReply) return set ?? new SetReply([]);
  if (l === 0) return new SetReply([]);
  const size = set.size;
  notify(client, NOTIFY_SET, 'spop', key);
  // Case 1: the whole set, replied by SUNION of the one key (whose read lookup counts a hit).
  if (l >= size) {
    db.get(key);
    const all = [...set.members()];
    db.delete(key);
    notify(client, NOTIFY_GENERIC, 'del', key);
    client.server.propagation.rewrite(['DEL', key]);
    return new SetReply(all);
  }
  const remaining = size - l;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > l) {
    // Case 2: pop one by one; the set keeps its encoding.
    const popped = set.randomDistinctMembers(l);
    for (const m of popped) set.delete(m);
    db.touchModified(key);
    propagatePopped(client, key, popped);
    return new SetReply(popped);
  }
  // Case 3: the few that remain move to a new set (whose encoding may be an intset again), the old one is the reply.
  const kept = set.randomDistinctMembers(remaining);
  for (const m of kept) set.delete(m);
  const popped = [...set.members()];
  db.set(key, buildSet(kept, maxIntset(client))!, { keepTtl: true });
  propagatePopped(client, key, popped);
  return new SetReply(popped);
}

const srandmember: Handler = (client, args) => {
  if (args.length === 3) return srandmemberWithCount(client, args);
  if (args.length > 3) return SYNTAX_ERROR;
  const set = readSet(client.db, args[1]!);
  if (set === undefined || set instanceof ErrorReply) return set ?? null;
  return set.randomMember();
};

function srandmemberWithCount(client: Client, args: string[]): RespValue {
  const l = intArg(args[2]!);
  if (l instanceof ErrorReply) return l;
  if (l === LLONG_MIN) return COUNT_RANGE;
  const set = readSet(client.db, args[1]!);
  if (set === undefined || set instanceof ErrorReply) return set ?? [];
  const count = Math.abs(Number(l));
  if (count === 0) return [];
  // Case 1: a negative count (or 1) draws independently, repeats allowed.
  if (Number(l) < 0 && count > MAX_RANDOM_REPLY) return RANDOM_REPLY_TOO_LARGE;
  if (Number(l) < 0 || count === 1) return set.randomMembersWithRepeats(count);
  // Case 2: at least the whole set: all of it.
  if (count >= set.size) return [...set.members()];
  // Cases 3 and 4: distinct members.
  return set.randomDistinctMembers(count);
}

// --- Multi-set operations -------------------------------------------------

/** The sets at keys (missing ones undefined), or WRONGTYPE if any key holds another type. */
function lookupSets(db: Database, keys: readonly string[]): (SetValue | undefined)[] | ErrorReply {
  const sets: (SetValue | undefined)[] = [];
  for (const key of keys) {
    // Read lookups (they count keyspace hits) in the STORE variants too, as Redis 7.0 does.
    const set = readSet(db, key);
    if (set instanceof ErrorReply) return set;
    sets.push(set);
  }
  return sets;
}

/** sinterGenericCommand: the members of the intersection, stopping at `limit` (0: none). */
function intersect(sets: SetValue[], limit: number): string[] {
  // Smallest first, as Redis sorts them, so the outer loop is the shortest.
  const sorted = sets.slice().sort((a, b) => a.size - b.size);
  const first = sorted[0]!;
  const out: string[] = [];
  outer: for (const m of first.members()) {
    for (let j = 1; j < sorted.length; j++) {
      const other = sorted[j]!;
      if (other !== first && !other.has(m)) continue outer;
    }
    out.push(m);
    if (limit !== 0 && out.length >= limit) break;
  }
  return out;
}

function sinterGeneric(client: Client, keys: readonly string[], dst: string | undefined): RespValue {
  const db = client.db;
  const sets = lookupSets(db, keys);
  if (sets instanceof ErrorReply) return sets;
  const present = sets.filter((s): s is SetValue => s !== undefined);
  // An intersection with a missing (empty) set is empty.
  const members = present.length < sets.length ? [] : intersect(present, 0);
  if (dst !== undefined) return storeResult(client, dst, buildSet(members, maxIntset(client)), 'sinterstore');
  return new SetReply(members);
}

const sinter: Handler = (client, args) => sinterGeneric(client, args.slice(1), undefined);
const sinterstore: Handler = (client, args) => sinterGeneric(client, args.slice(2), args[1]!);
/** In Redis 7.0 SMEMBERS is SINTER of one set. */
const smembers: Handler = sinter;

const sintercard: Handler = (client, args) => {
  // Redis names its own error for a non-number too (getRangeLongFromObjectOrReply with a message).
  const numkeys = countArg(args[1]!, NUMKEYS_ERROR);
  if (numkeys instanceof ErrorReply) return numkeys;
  if (numkeys < 1) return NUMKEYS_ERROR;
  if (numkeys > args.length - 2) return new ErrorReply("ERR Number of keys can't be greater than number of args");
  let limit = 0;
  for (let j = 2 + numkeys; j < args.length; j++) {
    if (isOption(args[j]!, 'LIMIT') && j < args.length - 1) {
      const n = countArg(args[++j]!, LIMIT_ERROR);
      if (n instanceof ErrorReply) return n;
      if (n < 0) return LIMIT_ERROR;
      limit = n;
    } else {
      return SYNTAX_ERROR;
    }
  }
  const sets = lookupSets(client.db, args.slice(2, 2 + numkeys));
  if (sets instanceof ErrorReply) return sets;
  const present = sets.filter((s): s is SetValue => s !== undefined);
  if (present.length < sets.length) return 0;
  return intersect(present, limit).length;
};

/** SUNION's result, built as Redis builds it: every member of every set added to a new set. */
function union(client: Client, sets: readonly (SetValue | undefined)[]): SetValue | undefined {
  let out: SetValue | undefined;
  const max = maxIntset(client);
  for (const set of sets) {
    if (set === undefined) continue;
    for (const m of set.members()) {
      out ??= new SetValue(m);
      out.add(m, max);
    }
  }
  return out;
}

/**
 * SDIFF's result with Redis's choice of algorithm, which decides the result's
 * encoding: (1) add the members of the first set found in no other, or
 * (2) add the whole first set, then remove the others' members.
 */
function diff(client: Client, sets: readonly (SetValue | undefined)[]): SetValue | undefined {
  const first = sets[0];
  if (first === undefined) return undefined;
  const others = sets.slice(1).filter((s): s is SetValue => s !== undefined);
  // SDIFF a … a: a set minus itself.
  if (others.includes(first)) return undefined;
  let oneWork = 0, twoWork = 0;
  for (const s of sets) {
    if (s === undefined) continue;
    oneWork += first.size;
    twoWork += s.size;
  }
  const max = maxIntset(client);
  if (Math.floor(oneWork / 2) <= twoWork) {
    // Algorithm 1; larger sets first, as Redis orders them, to rule members out sooner.
    others.sort((a, b) => b.size - a.size);
    const kept: string[] = [];
    for (const m of first.members()) if (!others.some((s) => s.has(m))) kept.push(m);
    return buildSet(kept, max);
  }
  const out = buildSet(first.members(), max)!;
  for (const s of others) {
    for (const m of s.members()) out.delete(m);
    if (out.size === 0) break;
  }
  return out;
}

function sunionDiffGeneric(client: Client, keys: readonly string[], dst: string | undefined, op: 'union' | 'diff'): RespValue {
  const db = client.db;
  const sets = lookupSets(db, keys);
  if (sets instanceof ErrorReply) return sets;
  const result = op === 'union' ? union(client, sets) : diff(client, sets);
  if (dst !== undefined) return storeResult(client, dst, result, op === 'union' ? 'sunionstore' : 'sdiffstore');
  return new SetReply(result === undefined ? [] : [...result.members()]);
}

const sunion: Handler = (client, args) => sunionDiffGeneric(client, args.slice(1), undefined, 'union');
const sunionstore: Handler = (client, args) => sunionDiffGeneric(client, args.slice(2), args[1]!, 'union');
const sdiff: Handler = (client, args) => sunionDiffGeneric(client, args.slice(1), undefined, 'diff');
const sdiffstore: Handler = (client, args) => sunionDiffGeneric(client, args.slice(2), args[1]!, 'diff');

// --- SSCAN ----------------------------------------------------------------

const sscan: Handler = (client, args) => {
  const cursor = parseCursor(args[2]!);
  if (cursor === null) return INVALID_CURSOR;
  const set = readSet(client.db, args[1]!);
  if (set === undefined || set instanceof ErrorReply) return set ?? ['0', []];
  const opts = parseScanOptions(args, 3, false);
  if (opts instanceof ErrorReply) return opts;
  const pattern = opts.pattern;
  const matchAll = pattern === undefined || pattern === '*';
  const out: string[] = [];
  const next = set.scan(cursor, opts.count, (m) => {
    if (matchAll || globMatch(pattern, m)) out.push(m);
  });
  return [String(next), out];
};

export const SET_HANDLERS: Record<string, Handler> = {
  sadd, scard, sdiff, sdiffstore, sinter, sintercard, sinterstore, sismember, smembers, smismember, smove, spop,
  srandmember, srem, sscan, sunion, sunionstore,
};
