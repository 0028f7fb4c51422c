import { ErrorReply, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { SYNTAX_ERROR, WRONGTYPE } from '../errors.js';
import { cstr } from '../util/c-string.js';
import type { Database } from '../keyspace/database.js';
import { HashValue } from '../keyspace/types/hash-value.js';
import { ListValue } from '../keyspace/types/list-value.js';
import { SetValue } from '../keyspace/types/set-value.js';
import { ZSetValue } from '../keyspace/types/zset-value.js';
import { errnoIsRange, setErrnoRange, strtodRangeError } from '../util/c-errno.js';
import { isCanonicalLongLong } from '../util/integers.js';
import { stringEncoding } from '../keyspace/value.js';
import { countArg, isOption } from './args.js';
import { notify, NOTIFY_GENERIC, NOTIFY_LIST } from '../notify/notify.js';

// SORT and SORT_RO (sort.c): elements of a list, set or sorted set sorted
// numerically or (ALPHA) as strings, by themselves or by keys built from a
// pattern, then LIMIT, GET patterns and STORE into a list.

/** One element being sorted, with what it sorts by. */
interface Item {
  readonly value: string;
  score: number;
  /** ALPHA with BY: the string compared, absent when the BY key is missing. */
  cmp: string | undefined;
}

const NOT_DOUBLE = new ErrorReply("ERR One or more scores can't be converted into double");

/**
 * lookupKeyByPattern: `#` is the element itself; otherwise the first `*` is
 * replaced by it, and a `->field` after the `*` reads a hash field. A string
 * key (or hash field) gives its value; anything else gives nothing.
 */
function lookupByPattern(db: Database, pattern: string, subst: string): string | undefined {
  return lookupObjectByPattern(db, pattern, subst)?.value;
}

/** A value found by a pattern, and whether Redis holds it integer-encoded. */
interface Found {
  readonly value: string;
  readonly int: boolean;
}

function lookupObjectByPattern(db: Database, pattern: string, subst: string): Found | undefined {
  const p = cstr(pattern);
  if (p === '#') return { value: subst, int: false };
  const star = p.indexOf('*');
  if (star < 0) return undefined;
  const arrow = p.indexOf('->', star + 1);
  const field = arrow >= 0 && arrow + 2 < p.length ? pattern.slice(arrow + 2) : undefined;
  const keyEnd = field === undefined ? pattern.length : arrow;
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, keyEnd);
  const v = db.get(key);
  if (v === undefined) return undefined;
  if (field !== undefined) {
    if (!(v instanceof HashValue)) return undefined;
    const value = v.get(field);
    return value === undefined ? undefined : { value, int: v.encoding() === 'listpack' && isCanonicalLongLong(value) };
  }
  if (typeof v !== 'string') return undefined;
  return { value: v, int: stringEncoding(v, db.stringEncodingOf(key)) === 'int' };
}

/**
 * strtod as SORT checks it: the number must end the C string, and errno
 * must not say ERANGE, whichever strtod set it (see util/c-errno.ts).
 */
function sortScore(s: string): number | null {
  const c = cstr(s);
  const t = c.replace(/^[ \t\n\v\f\r]+/, '');
  let v: number;
  if (c === '') v = 0;
  else if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) v = Number(t);
  else if (/^[+-]?(?:inf|infinity)$/i.test(t)) v = t.startsWith('-') ? -Infinity : Infinity;
  else if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) v = (t.startsWith('-') ? -1 : 1) * Number(`0x${t.replace(/^[+-]?0[xX]/, '')}`);
  else return null;
  if (strtodRangeError(t, v)) setErrnoRange();
  return errnoIsRange() ? null : v;
}

/**
 * Values Redis holds as integers (OBJ_ENCODING_INT: list elements and
 * strings in canonical 64-bit form, listpack hash values) are read without
 * strtod, so a stale errno does not touch them.
 */
function intEncodedScore(s: string): number | undefined {
  if (!isCanonicalLongLong(s)) return undefined;
  return Number(s);
}

/** Byte comparison of whole strings (compareStringObjects). */
function compareBinary(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** strcoll in the C locale, which is strcmp: bytes up to the first NUL. */
function compareCollate(a: string, b: string): number {
  return compareBinary(cstr(a), cstr(b));
}

function setMembers(set: SetValue): string[] {
  const out: string[] = [];
  let cursor = 0n;
  do cursor = BigInt(set.scan(cursor, 1000, (m) => out.push(m)));
  while (cursor !== 0n);
  return out;
}

function sortGeneric(client: Client, args: string[], readonly: boolean): RespValue {
  let desc = false, alpha = false, dontSort = false;
  let limitStart = 0, limitCount = -1;
  let sortBy: string | undefined;
  let storeKey: string | undefined;
  const gets: string[] = [];
  for (let j = 2; j < args.length; j++) {
    const left = args.length - j - 1;
    const opt = args[j]!;
    if (isOption(opt, 'ASC')) desc = false;
    else if (isOption(opt, 'DESC')) desc = true;
    else if (isOption(opt, 'ALPHA')) alpha = true;
    else if (isOption(opt, 'LIMIT') && left >= 2) {
      const s = countArg(args[j + 1]!);
      if (s instanceof ErrorReply) return s;
      const c = countArg(args[j + 2]!);
      if (c instanceof ErrorReply) return c;
      limitStart = s;
      limitCount = c;
      j += 2;
    } else if (!readonly && isOption(opt, 'STORE') && left >= 1) {
      storeKey = args[++j]!;
    } else if (isOption(opt, 'BY') && left >= 1) {
      sortBy = args[++j]!;
      // A BY pattern without `*` names no per-element key: nothing to sort by.
      if (!cstr(sortBy).includes('*')) dontSort = true;
    } else if (isOption(opt, 'GET') && left >= 1) {
      gets.push(args[++j]!);
    } else return SYNTAX_ERROR;
  }

  const db = client.db;
  const source = db.get(args[1]!);
  if (source !== undefined && !(source instanceof ListValue) && !(source instanceof SetValue) && !(source instanceof ZSetValue)) {
    return WRONGTYPE;
  }
  // A set has no order of its own: with STORE the output must not depend on it, so it is sorted ALPHA.
  if (dontSort && source instanceof SetValue && storeKey !== undefined) {
    dontSort = false;
    alpha = true;
    sortBy = undefined;
  }
  if (source instanceof ZSetValue) source.convertToSkiplist();

  const vectorLen = source === undefined ? 0 : source instanceof ListValue ? source.length : source.size;
  let start = Math.min(Math.max(limitStart, 0), vectorLen);
  const count = Math.min(Math.max(limitCount, -1), vectorLen);
  let end = count < 0 ? vectorLen - 1 : start + count - 1;
  if (start >= vectorLen) {
    start = vectorLen - 1;
    end = vectorLen - 2;
  }
  if (end >= vectorLen) end = vectorLen - 1;

  let items: Item[] = [];
  const item = (value: string): Item => ({ value, score: 0, cmp: undefined });
  const ordered = source instanceof ListValue || source instanceof ZSetValue;
  if (ordered && dontSort) {
    // Native order (reversed for DESC), reading only the LIMIT range.
    if (end >= start) {
      const n = end - start + 1;
      if (source instanceof ListValue) {
        const len = source.length;
        for (let k = 0; k < n; k++) items.push(item(source.items.at(desc ? len - start - 1 - k : start + k)!));
      } else {
        source.set.rangeByRank(start, end, desc, (m) => void items.push(item(m)));
      }
    }
    end -= start;
    start = 0;
  } else if (source instanceof ListValue) {
    items = source.items.toArray().map(item);
  } else if (source instanceof SetValue) {
    items = setMembers(source).map(item);
  } else if (source instanceof ZSetValue) {
    for (const e of source.set.entries()) items.push(item(e.member));
  }

  if (!dontSort) {
    let conversionError = false;
    // Elements of a list in canonical integer form are integers inside a quicklist; set and zset members never are.
    const elementsAreInts = source instanceof ListValue;
    for (const it of items) {
      let by: Found | undefined = { value: it.value, int: elementsAreInts && isCanonicalLongLong(it.value) };
      if (sortBy !== undefined) {
        by = lookupObjectByPattern(db, sortBy, it.value);
        if (by === undefined) continue;
      }
      if (alpha) {
        if (sortBy !== undefined) it.cmp = by.value;
      } else {
        const s = by.int ? intEncodedScore(by.value)! : sortScore(by.value);
        if (s === null) conversionError = true;
        else it.score = s;
      }
    }
    if (conversionError) return NOT_DOUBLE;
    const byPattern = sortBy !== undefined;
    const store = storeKey !== undefined;
    const compare = (a: Item, b: Item): number => {
      let cmp: number;
      if (!alpha) {
        cmp = a.score > b.score ? 1 : a.score < b.score ? -1 : compareBinary(a.value, b.value);
      } else if (byPattern) {
        if (a.cmp === undefined || b.cmp === undefined) cmp = a.cmp === b.cmp ? 0 : a.cmp === undefined ? -1 : 1;
        else cmp = store ? compareBinary(a.cmp, b.cmp) : compareCollate(a.cmp, b.cmp);
      } else {
        cmp = store ? compareBinary(a.value, b.value) : compareCollate(a.value, b.value);
      }
      return desc ? -cmp : cmp;
    };
    items.sort(compare);
  }

  const out: (string | null)[] = [];
  for (let j = start; j <= end; j++) {
    const it = items[j]!;
    if (gets.length === 0) out.push(it.value);
    for (const pattern of gets) {
      const v = lookupByPattern(db, pattern, it.value);
      out.push(v ?? (storeKey !== undefined ? '' : null));
    }
  }
  if (storeKey === undefined) return out;
  if (out.length > 0) {
    db.set(storeKey, ListValue.of(out as string[]));
    notify(client, NOTIFY_LIST, 'sortstore', storeKey);
  } else if (db.deleteEvenIfExpired(storeKey)) notify(client, NOTIFY_GENERIC, 'del', storeKey);
  return out.length;
}

const sort: Handler = (client, args) => sortGeneric(client, args, false);
const sort_ro: Handler = (client, args) => sortGeneric(client, args, true);

export const SORT_HANDLERS: Record<string, Handler> = { sort, sort_ro };
