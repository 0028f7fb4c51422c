import { ErrorReply, NULL_ARRAY, OK, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { NO_SUCH_KEY, NOT_INTEGER, NOT_POSITIVE, SYNTAX_ERROR, WRONGTYPE, wrongArity } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import { ListValue } from '../keyspace/types/list-value.js';
import { parseLongLong } from '../util/integers.js';
import { countArg, isOption } from './args.js';
import { notify, NOTIFY_GENERIC, NOTIFY_LIST } from '../notify/notify.js';

// The non-blocking list commands of Redis 7.0 (t_list.c). Every change goes
// through the Database: a new list is stored with set (so a later "key is
// ready" listener for BLPOP sees it), an existing one is changed in place and
// announced with touchModified, an emptied one is deleted.

const INDEX_OUT_OF_RANGE = new ErrorReply('ERR index out of range');
const RANK_ZERO = new ErrorReply(
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
);
const COUNT_NEGATIVE = new ErrorReply("ERR COUNT can't be negative");
const MAXLEN_NEGATIVE = new ErrorReply("ERR MAXLEN can't be negative");
const NUMKEYS_NOT_POSITIVE = new ErrorReply('ERR numkeys should be greater than 0');
const COUNT_NOT_POSITIVE = new ErrorReply('ERR count should be greater than 0');

/** The list at key for reading (lookupKeyRead): undefined when missing, WRONGTYPE for other types. */
function readList(db: Database, key: string): ListValue | undefined | ErrorReply {
  const v = db.get(key);
  if (v === undefined || v instanceof ListValue) return v;
  return WRONGTYPE;
}

/** The list at key for a write (lookupKeyWrite). */
function writeList(db: Database, key: string): ListValue | undefined | ErrorReply {
  const v = db.getForWrite(key);
  if (v === undefined || v instanceof ListValue) return v;
  return WRONGTYPE;
}

/**
 * Redis counts changes per element (server.dirty, behind save points and
 * rdb_changes_since_last_save); the Database counts one per notification.
 * This adds the difference: `changes` as Redis counts them, less the
 * `notified` announcements the command made.
 */
function countChanges(client: Client, changes: number, notified: number): void {
  client.server.keyspace.dirty += changes - notified;
}

/**
 * After `count` elements left a list: the command's keyspace event, then
 * the key deleted when it is empty (and its `del` event), else the change
 * announced.
 */
function elementsRemoved(client: Client, key: string, list: ListValue, count: number, event: string): void {
  notify(client, NOTIFY_LIST, event, key);
  if (list.length === 0) {
    client.db.delete(key);
    notify(client, NOTIFY_GENERIC, 'del', key);
  } else client.db.touchModified(key);
  countChanges(client, count, 1);
}

/** getPositiveLongFromObjectOrReply with a message: a non-integer gets the same error as a negative. */
function positiveArg(s: string, error: ErrorReply): number | ErrorReply {
  const v = parseLongLong(s);
  if (v === null || v < 0) return error;
  return typeof v === 'bigint' ? Number.MAX_SAFE_INTEGER : v;
}

/** LEFT or RIGHT (getListPositionFromObjectOrReply): true for the head. */
function whereArg(s: string): boolean | ErrorReply {
  if (isOption(s, 'LEFT')) return true;
  if (isOption(s, 'RIGHT')) return false;
  return SYNTAX_ERROR;
}

/** Resolves negative indexes and clamps as Redis's range commands do; null for an empty range. */
function normalizeRange(start0: number, end0: number, llen: number): [number, number] | null {
  let start = start0 < 0 ? llen + start0 : start0;
  let end = end0 < 0 ? llen + end0 : end0;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return null;
  if (end >= llen) end = llen - 1;
  return [start, end];
}

// --- Push -----------------------------------------------------------------

function pushGeneric(client: Client, args: string[], head: boolean, onlyExisting: boolean): RespValue {
  const db = client.db;
  const key = args[1]!;
  const found = writeList(db, key);
  if (found instanceof ErrorReply) return found;
  if (found === undefined && onlyExisting) return 0;
  const list = found ?? new ListValue();
  const items = list.items;
  for (let j = 2; j < args.length; j++) {
    if (head) items.pushFront(args[j]!);
    else items.pushBack(args[j]!);
  }
  if (found === undefined) db.set(key, list);
  else db.touchModified(key);
  countChanges(client, args.length - 2, 1);
  notify(client, NOTIFY_LIST, head ? 'lpush' : 'rpush', key);
  return list.length;
}

const lpush: Handler = (client, args) => pushGeneric(client, args, true, false);
const rpush: Handler = (client, args) => pushGeneric(client, args, false, false);
const lpushx: Handler = (client, args) => pushGeneric(client, args, true, true);
const rpushx: Handler = (client, args) => pushGeneric(client, args, false, true);

// --- Pop ------------------------------------------------------------------

/** Pops up to count elements from one end, in pop order. */
function popRange(list: ListValue, head: boolean, count: number): string[] {
  const items = list.items;
  const n = Math.min(count, items.length);
  const out: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = (head ? items.popFront() : items.popBack())!;
  return out;
}

function popGeneric(client: Client, args: string[], head: boolean, name: string): RespValue {
  if (args.length > 3) return wrongArity(name);
  const hasCount = args.length === 3;
  let count = 0;
  if (hasCount) {
    const c = positiveArg(args[2]!, NOT_POSITIVE);
    if (c instanceof ErrorReply) return c;
    count = c;
  }
  const db = client.db;
  const key = args[1]!;
  const list = writeList(db, key);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return hasCount ? NULL_ARRAY : null;
  if (hasCount && count === 0) return [];
  const before = list.length;
  let reply: RespValue;
  if (!hasCount) reply = head ? list.items.popFront()! : list.items.popBack()!;
  else reply = popRange(list, head, count);
  elementsRemoved(client, key, list, before - list.length, head ? 'lpop' : 'rpop');
  return reply;
}

const lpop: Handler = (client, args) => popGeneric(client, args, true, 'lpop');
const rpop: Handler = (client, args) => popGeneric(client, args, false, 'rpop');

// --- Read -----------------------------------------------------------------

const llen: Handler = (client, args) => {
  const list = readList(client.db, args[1]!);
  if (list instanceof ErrorReply) return list;
  return list === undefined ? 0 : list.length;
};

const lindex: Handler = (client, args) => {
  const list = readList(client.db, args[1]!);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return null;
  const index = countArg(args[2]!);
  if (index instanceof ErrorReply) return index;
  const i = index < 0 ? list.length + index : index;
  return list.items.at(i) ?? null;
};

const lrange: Handler = (client, args) => {
  const start = countArg(args[2]!);
  if (start instanceof ErrorReply) return start;
  const end = countArg(args[3]!);
  if (end instanceof ErrorReply) return end;
  const list = readList(client.db, args[1]!);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return [];
  const range = normalizeRange(start, end, list.length);
  return range === null ? [] : list.items.slice(range[0], range[1] + 1);
};

const lpos: Handler = (client, args) => {
  const element = args[2]!;
  let rank = 1, count = -1, maxlen = 0;
  // RANK -2^63 cannot be negated in C: it stays negative, so every match passes
  // `matches >= rank` and `matches - rank + 1 >= count` never holds.
  let rankMin = false;
  for (let j = 3; j < args.length; j++) {
    const opt = args[j]!;
    const more = args.length - 1 - j;
    if (isOption(opt, 'RANK') && more > 0) {
      const v = parseLongLong(args[++j]!);
      if (v === null) return NOT_INTEGER;
      if (v === 0) return RANK_ZERO;
      rankMin = v === -9223372036854775808n;
      rank = typeof v === 'bigint' ? (v < 0n ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER) : v;
    } else if (isOption(opt, 'COUNT') && more > 0) {
      const v = positiveArg(args[++j]!, COUNT_NEGATIVE);
      if (v instanceof ErrorReply) return v;
      count = v;
    } else if (isOption(opt, 'MAXLEN') && more > 0) {
      const v = positiveArg(args[++j]!, MAXLEN_NEGATIVE);
      if (v instanceof ErrorReply) return v;
      maxlen = v;
    } else return SYNTAX_ERROR;
  }
  const fromTail = rank < 0;
  if (fromTail) rank = -rank;
  const list = readList(client.db, args[1]!);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return count !== -1 ? [] : null;
  const items = list.items;
  const len = items.length;
  const limit = maxlen === 0 ? len : Math.min(maxlen, len);
  const found: number[] = [];
  let matches = 0;
  for (let k = 0; k < limit; k++) {
    const index = fromTail ? len - 1 - k : k;
    if (items.at(index) !== element) continue;
    matches++;
    if (!rankMin && matches < rank) continue;
    found.push(index);
    if (count === -1) break;
    if (count !== 0 && !rankMin && matches - rank + 1 >= count) break;
  }
  if (count !== -1) return found;
  return found.length > 0 ? found[0]! : null;
};

// --- Change in place --------------------------------------------------------

const lset: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const list = writeList(db, key);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return NO_SUCH_KEY;
  const index = countArg(args[2]!);
  if (index instanceof ErrorReply) return index;
  const i = index < 0 ? list.length + index : index;
  if (!list.items.set(i, args[3]!)) return INDEX_OUT_OF_RANGE;
  db.touchModified(key);
  notify(client, NOTIFY_LIST, 'lset', key);
  return OK;
};

const linsert: Handler = (client, args) => {
  let after: boolean;
  if (isOption(args[2]!, 'AFTER')) after = true;
  else if (isOption(args[2]!, 'BEFORE')) after = false;
  else return SYNTAX_ERROR;
  const db = client.db;
  const key = args[1]!;
  const list = writeList(db, key);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return 0;
  const pivot = args[3]!;
  const i = list.items.indexOf((v) => v === pivot);
  if (i === -1) return -1;
  list.items.insert(after ? i + 1 : i, args[4]!);
  db.touchModified(key);
  notify(client, NOTIFY_LIST, 'linsert', key);
  return list.length;
};

const lrem: Handler = (client, args) => {
  const count = countArg(args[2]!);
  if (count instanceof ErrorReply) return count;
  const db = client.db;
  const key = args[1]!;
  const list = writeList(db, key);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return 0;
  const element = args[3]!;
  const removed = list.items.removeWhere((v) => v === element, Math.abs(count), count < 0);
  if (removed > 0) elementsRemoved(client, key, list, removed, 'lrem');
  return removed;
};

const ltrim: Handler = (client, args) => {
  const start = countArg(args[2]!);
  if (start instanceof ErrorReply) return start;
  const end = countArg(args[3]!);
  if (end instanceof ErrorReply) return end;
  const db = client.db;
  const key = args[1]!;
  const list = writeList(db, key);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return OK;
  const len = list.length;
  const range = normalizeRange(start, end, len);
  if (range === null) list.items.dropFront(len);
  else {
    list.items.dropBack(len - range[1] - 1);
    list.items.dropFront(range[0]);
  }
  // Redis signals the key even when nothing was trimmed.
  elementsRemoved(client, key, list, len - list.length, 'ltrim');
  return OK;
};

// --- Move -------------------------------------------------------------------

/** lmoveGenericCommand: pops from source, pushes to destination (which may be the same list). */
function moveGeneric(client: Client, source: string, destination: string, fromHead: boolean, toHead: boolean): RespValue {
  const db = client.db;
  const src = writeList(db, source);
  if (src instanceof ErrorReply) return src;
  if (src === undefined || src.length === 0) return null;
  const dst = writeList(db, destination);
  if (dst instanceof ErrorReply) return dst;
  const value = (fromHead ? src.items.popFront() : src.items.popBack())!;
  const target = dst ?? new ListValue();
  if (toHead) target.items.pushFront(value);
  else target.items.pushBack(value);
  if (dst === undefined) db.set(destination, target);
  else db.touchModified(destination);
  // lmoveHandlePush announces the push first, then the pop (and the source's del).
  notify(client, NOTIFY_LIST, toHead ? 'lpush' : 'rpush', destination);
  elementsRemoved(client, source, src, 1, fromHead ? 'lpop' : 'rpop');
  // One change in Redis's count for the move, two keys announced.
  countChanges(client, 0, 1);
  return value;
}

const lmove: Handler = (client, args) => {
  const from = whereArg(args[3]!);
  if (from instanceof ErrorReply) return from;
  const to = whereArg(args[4]!);
  if (to instanceof ErrorReply) return to;
  return moveGeneric(client, args[1]!, args[2]!, from, to);
};

const rpoplpush: Handler = (client, args) => moveGeneric(client, args[1]!, args[2]!, false, true);

/** LMPOP numkeys key [key …] LEFT|RIGHT [COUNT count]. */
const lmpop: Handler = (client, args) => {
  const n = parseLongLong(args[1]!);
  if (n === null || n < 1) return NUMKEYS_NOT_POSITIVE;
  const numkeys = Number(n);
  const whereIdx = 2 + numkeys;
  if (whereIdx >= args.length) return SYNTAX_ERROR;
  const head = whereArg(args[whereIdx]!);
  if (head instanceof ErrorReply) return head;
  let count = -1;
  for (let j = whereIdx + 1; j < args.length; j++) {
    const more = args.length - 1 - j;
    if (count === -1 && isOption(args[j]!, 'COUNT') && more > 0) {
      const c = parseLongLong(args[++j]!);
      if (c === null || c < 1) return COUNT_NOT_POSITIVE;
      count = typeof c === 'bigint' ? Number.MAX_SAFE_INTEGER : c;
    } else return SYNTAX_ERROR;
  }
  if (count === -1) count = 1;
  const db = client.db;
  for (let j = 2; j < whereIdx; j++) {
    const key = args[j]!;
    const list = writeList(db, key);
    if (list === undefined) continue;
    if (list instanceof ErrorReply) return list;
    if (list.length === 0) continue;
    const popped = popRange(list, head, count);
    elementsRemoved(client, key, list, popped.length, head ? 'lpop' : 'rpop');
    client.server.propagation.rewrite([head ? 'LPOP' : 'RPOP', key, String(popped.length)]);
    return [key, popped];
  }
  return NULL_ARRAY;
};

export const LIST_HANDLERS: Record<string, Handler> = {
  lindex, linsert, llen, lmove, lmpop, lpop, lpos, lpush, lpushx, lrange, lrem, lset, ltrim, rpop, rpoplpush,
  rpush, rpushx,
};
