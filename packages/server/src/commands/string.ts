import { ErrorReply, MapReply, OK, type RespValue } from '@kv/resp';
import { constants } from 'node:buffer';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { NOT_FLOAT, NOT_INTEGER, OVERFLOW, STRING_TOO_LONG, SYNTAX_ERROR, WRONGTYPE, invalidExpireTime, wrongArity } from '../errors.js';
import type { Database, SetOptions } from '../keyspace/database.js';
import { LLONG_MAX, addLongLong, normalize, parseLongLong, type LongLong } from '../util/integers.js';
import { LcsTable, lcsCells } from '../util/lcs.js';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../util/long-double.js';
import { countArg, intArg, isOption } from './args.js';
import { toExpireTime } from './expire.js';
import { notify, NOTIFY_GENERIC, NOTIFY_STRING } from '../notify/notify.js';

// The string group of Redis 7.0 (t_string.c), all 22 commands.

/** The options of a write that leaves the TTL alone, made once: SET and INCR run millions of times. */
const KEEP_TTL: SetOptions = { keepTtl: true };
const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

/** The string at key for reading: undefined when missing, WRONGTYPE for other types. */
function readString(db: Database, key: string): string | undefined | ErrorReply {
  const v = db.get(key);
  if (v === undefined || typeof v === 'string') return v;
  return WRONGTYPE;
}

function writeString(db: Database, key: string): string | undefined | ErrorReply {
  const v = db.getForWrite(key);
  if (v === undefined || typeof v === 'string') return v;
  return WRONGTYPE;
}

/**
 * checkStringLength: a string may not grow past proto-max-bulk-len. V8 also
 * caps a string at MAX_STRING_LENGTH (2^29-24 bytes, just under the default
 * 512 MB), and past it kv refuses with the same error rather than throw.
 */
function tooLong(client: Client, size: number, append: number): boolean {
  const total = size + append;
  return total > client.server.config.number('proto-max-bulk-len') || total > MAX_STRING_LENGTH;
}

// --- SET and friends ------------------------------------------------------

const F_NX = 1, F_XX = 2, F_GET = 4, F_KEEPTTL = 8, F_PERSIST = 16, F_EX = 32, F_PX = 64, F_EXAT = 128, F_PXAT = 256;
const ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

interface StringOptions {
  flags: number;
  expire: string | undefined;
}

/** parseExtendedStringArgumentsOrReply, for SET (`forSet`) and GETEX. */
function parseStringOptions(args: string[], forSet: boolean): StringOptions | ErrorReply {
  let flags = 0;
  let expire: string | undefined;
  for (let j = forSet ? 3 : 2; j < args.length; j++) {
    const opt = args[j]!.toUpperCase();
    const hasNext = j < args.length - 1;
    if (opt === 'NX' && !(flags & F_XX) && forSet) flags |= F_NX;
    else if (opt === 'XX' && !(flags & F_NX) && forSet) flags |= F_XX;
    else if (opt === 'GET' && forSet) flags |= F_GET;
    else if (opt === 'KEEPTTL' && !(flags & (F_PERSIST | ANY_EXPIRE)) && forSet) flags |= F_KEEPTTL;
    else if (opt === 'PERSIST' && !forSet && !(flags & (ANY_EXPIRE | F_KEEPTTL))) flags |= F_PERSIST;
    else if (opt === 'EX' && !(flags & (F_KEEPTTL | F_PERSIST | F_EXAT | F_PX | F_PXAT)) && hasNext) {
      flags |= F_EX;
      expire = args[++j];
    } else if (opt === 'PX' && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PXAT)) && hasNext) {
      flags |= F_PX;
      expire = args[++j];
    } else if (opt === 'EXAT' && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_PX | F_PXAT)) && hasNext) {
      flags |= F_EXAT;
      expire = args[++j];
    } else if (opt === 'PXAT' && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PX)) && hasNext) {
      flags |= F_PXAT;
      expire = args[++j];
    } else return SYNTAX_ERROR;
  }
  return { flags, expire };
}

/** getExpireMillisecondsOrReply: the absolute expiry in ms, or the error. */
function expireAt(client: Client, text: string, flags: number, command: string): bigint | ErrorReply {
  const v = intArg(text);
  if (v instanceof ErrorReply) return v;
  let ms = BigInt(v);
  const seconds = (flags & (F_EX | F_EXAT)) !== 0;
  if (ms <= 0n || (seconds && ms > LLONG_MAX / 1000n)) return invalidExpireTime(command);
  if (seconds) ms *= 1000n;
  if (flags & (F_EX | F_PX)) ms += BigInt(client.server.keyspace.now);
  // Redis's long long addition wraps past LLONG_MAX, and the wrapped value fails its `<= 0` check.
  if (ms <= 0n || ms > LLONG_MAX) return invalidExpireTime(command);
  return ms;
}

/** setGenericCommand. */
function setGeneric(
  client: Client, flags: number, key: string, value: string, expire: string | undefined, command: string,
  okReply: RespValue, abortReply: RespValue,
): RespValue {
  let at: bigint | undefined;
  if (expire !== undefined) {
    const e = expireAt(client, expire, flags, command);
    if (e instanceof ErrorReply) return e;
    at = e;
  }
  const db = client.db;
  let old: RespValue = null;
  if (flags & F_GET) {
    const v = readString(db, key);
    if (v instanceof ErrorReply) return v;
    old = v ?? null;
  }
  const found = db.getForWrite(key) !== undefined;
  if ((flags & F_NX && found) || (flags & F_XX && !found)) return flags & F_GET ? old : abortReply;
  db.set(key, value, flags & F_KEEPTTL ? KEEP_TTL : undefined);
  notify(client, NOTIFY_STRING, 'set', key);
  if (at !== undefined) {
    db.setExpire(key, toExpireTime(at));
    notify(client, NOTIFY_GENERIC, 'expire', key);
    client.server.propagation.rewrite(['SET', key, value, 'PXAT', String(at)]);
  } else if (flags & F_GET) {
    // Replay needs no GET (SET … GET is propagated without it).
    client.server.propagation.rewrite(['SET', key, value, ...optionsWithoutGet(client, command)]);
  }
  return flags & F_GET ? old : okReply;
}

/** The options of the SET being run, minus GET (only called while propagating). */
function optionsWithoutGet(client: Client, command: string): string[] {
  const args = client.currentArgs;
  if (command !== 'set' || args === undefined) return [];
  return args.slice(3).filter((a) => !isOption(a, 'GET'));
}

const set: Handler = (client, args) => {
  const opts = parseStringOptions(args, true);
  if (opts instanceof ErrorReply) return opts;
  return setGeneric(client, opts.flags, args[1]!, args[2]!, opts.expire, 'set', OK, null);
};

const setnx: Handler = (client, args) => setGeneric(client, F_NX, args[1]!, args[2]!, undefined, 'setnx', 1, 0);
const setex: Handler = (client, args) => setGeneric(client, F_EX, args[1]!, args[3]!, args[2]!, 'setex', OK, null);
const psetex: Handler = (client, args) => setGeneric(client, F_PX, args[1]!, args[3]!, args[2]!, 'psetex', OK, null);

const get: Handler = (client, args) => {
  const v = readString(client.db, args[1]!);
  return v ?? null;
};

const getex: Handler = (client, args) => {
  const opts = parseStringOptions(args, false);
  if (opts instanceof ErrorReply) return opts;
  const db = client.db;
  const key = args[1]!;
  const v = readString(db, key);
  if (v === undefined || v instanceof ErrorReply) return v ?? null;
  let at: bigint | undefined;
  if (opts.expire !== undefined) {
    const e = expireAt(client, opts.expire, opts.flags, 'getex');
    if (e instanceof ErrorReply) return e;
    at = e;
  }
  const propagation = client.server.propagation;
  if (opts.flags & (F_EXAT | F_PXAT) && at! <= BigInt(client.server.keyspace.now)) {
    db.delete(key);
    propagation.rewrite(['DEL', key]);
    notify(client, NOTIFY_GENERIC, 'del', key);
  } else if (at !== undefined) {
    db.setExpire(key, toExpireTime(at));
    if (!(opts.flags & F_PXAT)) propagation.rewrite(['PEXPIREAT', key, String(at)]);
    notify(client, NOTIFY_GENERIC, 'expire', key);
  } else if (opts.flags & F_PERSIST && db.persist(key)) {
    propagation.rewrite(['PERSIST', key]);
    notify(client, NOTIFY_GENERIC, 'persist', key);
  }
  return v;
};

const getdel: Handler = (client, args) => {
  const v = readString(client.db, args[1]!);
  if (v === undefined || v instanceof ErrorReply) return v ?? null;
  client.db.delete(args[1]!);
  notify(client, NOTIFY_GENERIC, 'del', args[1]!);
  return v;
};

const getset: Handler = (client, args) => {
  const db = client.db;
  const v = readString(db, args[1]!);
  if (v instanceof ErrorReply) return v;
  db.set(args[1]!, args[2]!);
  notify(client, NOTIFY_STRING, 'set', args[1]!);
  return v ?? null;
};

const mget: Handler = (client, args) => {
  const out: RespValue[] = [];
  for (let i = 1; i < args.length; i++) {
    const v = client.db.get(args[i]!);
    out.push(typeof v === 'string' ? v : null);
  }
  return out;
};

const mset: Handler = (client, args) => {
  if (args.length % 2 === 0) return wrongArity('mset');
  for (let i = 1; i < args.length; i += 2) {
    client.db.set(args[i]!, args[i + 1]!);
    notify(client, NOTIFY_STRING, 'set', args[i]!);
  }
  return OK;
};

const msetnx: Handler = (client, args) => {
  if (args.length % 2 === 0) return wrongArity('msetnx');
  for (let i = 1; i < args.length; i += 2) if (client.db.getForWrite(args[i]!) !== undefined) return 0;
  for (let i = 1; i < args.length; i += 2) {
    client.db.set(args[i]!, args[i + 1]!);
    notify(client, NOTIFY_STRING, 'set', args[i]!);
  }
  return 1;
};

// --- In-place changes -----------------------------------------------------

const append: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const v = writeString(db, key);
  if (v instanceof ErrorReply) return v;
  if (v === undefined) {
    db.set(key, args[2]!);
    notify(client, NOTIFY_STRING, 'append', key);
    return args[2]!.length;
  }
  if (tooLong(client, v.length, args[2]!.length)) return STRING_TOO_LONG;
  const next = v + args[2]!;
  db.set(key, next, { keepTtl: true, encoding: 'raw' });
  notify(client, NOTIFY_STRING, 'append', key);
  return next.length;
};

const setrange: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const value = args[3]!;
  const offset = countArg(args[2]!);
  if (offset instanceof ErrorReply) return offset;
  if (offset < 0) return new ErrorReply('ERR offset is out of range');
  const v = writeString(db, key);
  if (v instanceof ErrorReply) return v;
  if (v === undefined) {
    if (value.length === 0) return 0;
    if (tooLong(client, offset, value.length)) return STRING_TOO_LONG;
    db.set(key, '\0'.repeat(offset) + value, { encoding: 'raw' });
    notify(client, NOTIFY_STRING, 'setrange', key);
    return offset + value.length;
  }
  if (value.length === 0) return v.length;
  if (tooLong(client, offset, value.length)) return STRING_TOO_LONG;
  const padded = v.length < offset ? v + '\0'.repeat(offset - v.length) : v;
  const next = padded.slice(0, offset) + value + padded.slice(offset + value.length);
  db.set(key, next, { keepTtl: true, encoding: 'raw' });
  notify(client, NOTIFY_STRING, 'setrange', key);
  return next.length;
};

const getrange: Handler = (client, args) => {
  const start0 = countArg(args[2]!);
  if (start0 instanceof ErrorReply) return start0;
  const end0 = countArg(args[3]!);
  if (end0 instanceof ErrorReply) return end0;
  const v = readString(client.db, args[1]!);
  if (v instanceof ErrorReply) return v;
  if (v === undefined) return '';
  const len = v.length;
  let start = start0, end = end0;
  if (start < 0 && end < 0 && start > end) return '';
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return '';
  return v.slice(start, end + 1);
};

const strlen: Handler = (client, args) => {
  const v = readString(client.db, args[1]!);
  if (v instanceof ErrorReply) return v;
  return v === undefined ? 0 : v.length;
};

// --- Counters -------------------------------------------------------------

function incrDecr(client: Client, key: string, by: LongLong): RespValue {
  const db = client.db;
  const v = writeString(db, key);
  if (v instanceof ErrorReply) return v;
  const current = v === undefined ? 0 : parseLongLong(v);
  if (current === null) return NOT_INTEGER;
  const next = addLongLong(current, by);
  if (next === null) return OVERFLOW;
  db.set(key, String(next), KEEP_TTL);
  notify(client, NOTIFY_STRING, 'incrby', key);
  return next;
}

const incr: Handler = (client, args) => incrDecr(client, args[1]!, 1);
const decr: Handler = (client, args) => incrDecr(client, args[1]!, -1);

const incrby: Handler = (client, args) => {
  const by = intArg(args[2]!);
  if (by instanceof ErrorReply) return by;
  return incrDecr(client, args[1]!, by);
};

const decrby: Handler = (client, args) => {
  const by = intArg(args[2]!);
  if (by instanceof ErrorReply) return by;
  if (by === -9223372036854775808n) return new ErrorReply('ERR decrement would overflow');
  return incrDecr(client, args[1]!, typeof by === 'bigint' ? normalize(-by) : -by);
};

const incrbyfloat: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const v = writeString(db, key);
  if (v instanceof ErrorReply) return v;
  const current = parseLongDouble(v ?? '0');
  const by = parseLongDouble(args[2]!);
  if (current === null || by === null) return NOT_FLOAT;
  const sum = typeof current === 'string' || typeof by === 'string' ? null : addLongDouble(current, by);
  if (sum === null) return new ErrorReply('ERR increment would produce NaN or Infinity');
  const text = formatLongDouble(sum);
  // Redis stores the result as text, never as an int-encoded string.
  db.set(key, text, { keepTtl: true, encoding: text.length <= 44 ? 'embstr' : 'raw' });
  notify(client, NOTIFY_STRING, 'incrbyfloat', key);
  // Float arithmetic could round differently on replay: propagate the result.
  client.server.propagation.rewrite(['SET', key, text, 'KEEPTTL']);
  return text;
};

// --- LCS ------------------------------------------------------------------

const lcs: Handler = (client, args) => {
  const a0 = client.db.get(args[1]!);
  const b0 = client.db.get(args[2]!);
  if ((a0 !== undefined && typeof a0 !== 'string') || (b0 !== undefined && typeof b0 !== 'string')) {
    return new ErrorReply('ERR The specified keys must contain string values');
  }
  const a = a0 ?? '', b = b0 ?? '';
  let getlen = false, getidx = false, withmatchlen = false;
  let minmatchlen = 0;
  for (let j = 3; j < args.length; j++) {
    const opt = args[j]!;
    const more = args.length - 1 - j;
    if (isOption(opt, 'IDX')) getidx = true;
    else if (isOption(opt, 'LEN')) getlen = true;
    else if (isOption(opt, 'WITHMATCHLEN')) withmatchlen = true;
    else if (isOption(opt, 'MINMATCHLEN') && more > 0) {
      const n = countArg(args[++j]!);
      if (n instanceof ErrorReply) return n;
      minmatchlen = Math.max(n, 0);
    } else return SYNTAX_ERROR;
  }
  if (getidx && getlen) return new ErrorReply('ERR If you want both the length and indexes, please just use IDX.');
  if (lcsCells(a.length, b.length) * 4 > client.server.config.number('proto-max-bulk-len')) {
    return new ErrorReply('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
  }
  let table: LcsTable;
  try {
    table = new LcsTable(a, b);
  } catch (err) {
    // Only reachable with proto-max-bulk-len raised past what V8 will allocate in one typed array.
    if (err instanceof RangeError) return new ErrorReply('ERR Insufficient memory, failed allocating transient memory for LCS');
    throw err;
  }
  if (getlen) return table.length;
  const walk = table.walk();
  if (!getidx) return walk.text;
  const matches: RespValue[] = [];
  for (const m of walk.matches) {
    const len = m.aEnd - m.aStart + 1;
    if (minmatchlen !== 0 && len < minmatchlen) continue;
    const entry: RespValue[] = [[m.aStart, m.aEnd], [m.bStart, m.bEnd]];
    if (withmatchlen) entry.push(len);
    matches.push(entry);
  }
  return new MapReply(['matches', matches, 'len', table.length]);
};

const substr = getrange;

export const STRING_HANDLERS: Record<string, Handler> = {
  append, decr, decrby, get, getdel, getex, getrange, getset, incr, incrby, incrbyfloat, lcs, mget, mset, msetnx,
  psetex, set, setex, setnx, setrange, strlen, substr,
};
