import { ErrorReply, MapReply, OK, type RespValue } from '@kv/resp';
import { globMatch } from '@kv/structures';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { MAX_RANDOM_REPLY, NOT_FLOAT, OVERFLOW, RANDOM_REPLY_TOO_LARGE, SYNTAX_ERROR, WRONGTYPE, wrongArity } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import { HashValue, type HashLimits } from '../keyspace/types/hash-value.js';
import { addLongLong, parseLongLong } from '../util/integers.js';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../util/long-double.js';
import { intArg, isOption } from './args.js';
import { INVALID_CURSOR, parseCursor, parseScanOptions } from './scan.js';
import { hashLimits } from '../keyspace/types/limits.js';
import { notify, NOTIFY_GENERIC, NOTIFY_HASH } from '../notify/notify.js';

// The hash group of Redis 7.0 (t_hash.c), all 16 commands.

const NOT_INTEGER_HASH = new ErrorReply('ERR hash value is not an integer');
const NOT_FLOAT_HASH = new ErrorReply('ERR hash value is not a float');
const NAN_OR_INFINITY = new ErrorReply('ERR value is NaN or Infinity');
const WOULD_BE_NAN = new ErrorReply('ERR increment would produce NaN or Infinity');
const OUT_OF_RANGE = new ErrorReply('ERR value is out of range');
const COUNT_RANGE = new ErrorReply('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
const LLONG_MIN = -9223372036854775808n;
/** LONG_MAX/2: HRANDFIELD … WITHVALUES refuses counts whose reply length would overflow. */
const HALF_LONG_MAX = 4611686018427387903n;
function limits(client: Client): HashLimits {
  return hashLimits(client.server.config);
}

/** The hash at key for reading (lookupKeyRead + checkType). */
function readHash(db: Database, key: string): HashValue | undefined | ErrorReply {
  const v = db.get(key);
  if (v === undefined || v instanceof HashValue) return v;
  return WRONGTYPE;
}

function writeHash(db: Database, key: string): HashValue | undefined | ErrorReply {
  const v = db.getForWrite(key);
  if (v === undefined || v instanceof HashValue) return v;
  return WRONGTYPE;
}

/** A hash to change: the one at key, or a new one that `stored` will add (hashTypeLookupWriteOrCreate). */
function writeOrCreate(db: Database, key: string): HashValue | ErrorReply {
  const v = writeHash(db, key);
  return v ?? new HashValue();
}

/** Tells the keyspace about a change: adds a new hash, or signals one changed in place (keeping its TTL). */
function stored(db: Database, key: string, h: HashValue): void {
  if (db.peek(key) === h) db.touchModified(key);
  else db.set(key, h);
}

// --- Writes ---------------------------------------------------------------

function hsetGeneric(client: Client, args: string[], name: string, reply: (created: number) => RespValue): RespValue {
  if (args.length % 2 === 1) return wrongArity(name);
  const db = client.db;
  const key = args[1]!;
  const h = writeOrCreate(db, key);
  if (h instanceof ErrorReply) return h;
  const lim = limits(client);
  h.convertForArgs(args, 2, lim);
  let created = 0;
  for (let i = 2; i < args.length; i += 2) if (h.set(args[i]!, args[i + 1]!, lim)) created++;
  stored(db, key, h);
  notify(client, NOTIFY_HASH, 'hset', key);
  return reply(created);
}

const hset: Handler = (client, args) => hsetGeneric(client, args, 'hset', (n) => n);
const hmset: Handler = (client, args) => hsetGeneric(client, args, 'hmset', () => OK);

const hsetnx: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const h = writeOrCreate(db, key);
  if (h instanceof ErrorReply) return h;
  if (h.has(args[2]!)) return 0;
  const lim = limits(client);
  h.convertForArgs(args, 2, lim);
  h.set(args[2]!, args[3]!, lim);
  stored(db, key, h);
  notify(client, NOTIFY_HASH, 'hset', key);
  return 1;
};

const hdel: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const h = writeHash(db, key);
  if (h === undefined || h instanceof ErrorReply) return h ?? 0;
  let deleted = 0;
  for (let i = 2; i < args.length; i++) {
    if (!h.delete(args[i]!)) continue;
    deleted++;
    if (h.size === 0) break;
  }
  if (deleted > 0) notify(client, NOTIFY_HASH, 'hdel', key);
  if (h.size === 0) {
    db.delete(key);
    notify(client, NOTIFY_GENERIC, 'del', key);
  } else if (deleted > 0) db.touchModified(key);
  return deleted;
};

const hincrby: Handler = (client, args) => {
  const incr = intArg(args[3]!);
  if (incr instanceof ErrorReply) return incr;
  const db = client.db;
  const key = args[1]!;
  const h = writeOrCreate(db, key);
  if (h instanceof ErrorReply) return h;
  const field = args[2]!;
  const old = h.get(field);
  let current: ReturnType<typeof parseLongLong> = 0;
  if (old !== undefined) {
    current = parseLongLong(old);
    if (current === null) return NOT_INTEGER_HASH;
  }
  const next = addLongLong(current, incr);
  if (next === null) return OVERFLOW;
  h.set(field, String(next), limits(client));
  stored(db, key, h);
  notify(client, NOTIFY_HASH, 'hincrby', key);
  return next;
};

const hincrbyfloat: Handler = (client, args) => {
  const incr = parseLongDouble(args[3]!);
  if (incr === null) return NOT_FLOAT;
  if (typeof incr === 'string') return NAN_OR_INFINITY;
  const db = client.db;
  const key = args[1]!;
  const h = writeOrCreate(db, key);
  if (h instanceof ErrorReply) return h;
  const field = args[2]!;
  const old = h.get(field);
  const current = old === undefined ? parseLongDouble('0') : parseLongDouble(old);
  if (current === null) return NOT_FLOAT_HASH;
  // An infinite hash value parses (strtold), but any sum with it is refused.
  const sum = typeof current === 'string' ? null : addLongDouble(current, incr);
  if (sum === null) return WOULD_BE_NAN;
  const text = formatLongDouble(sum);
  h.set(field, text, limits(client));
  stored(db, key, h);
  notify(client, NOTIFY_HASH, 'hincrbyfloat', key);
  // Long-double arithmetic replayed elsewhere could round differently: propagate the result.
  client.server.propagation.rewrite(['HSET', key, field, text]);
  return text;
};

// --- Reads ----------------------------------------------------------------

const hget: Handler = (client, args) => {
  const h = readHash(client.db, args[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? null;
  return h.get(args[2]!) ?? null;
};

const hmget: Handler = (client, args) => {
  const h = readHash(client.db, args[1]!);
  if (h instanceof ErrorReply) return h;
  const out: RespValue[] = [];
  for (let i = 2; i < args.length; i++) out.push(h?.get(args[i]!) ?? null);
  return out;
};

const hlen: Handler = (client, args) => {
  const h = readHash(client.db, args[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? 0;
  return h.size;
};

const hstrlen: Handler = (client, args) => {
  const h = readHash(client.db, args[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? 0;
  return h.get(args[2]!)?.length ?? 0;
};

const hexists: Handler = (client, args) => {
  const h = readHash(client.db, args[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? 0;
  return h.has(args[2]!) ? 1 : 0;
};

const hkeys: Handler = (client, args) => {
  const h = readHash(client.db, args[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? [];
  const out: string[] = [];
  for (const [f] of h.entries()) out.push(f);
  return out;
};

const hvals: Handler = (client, args) => {
  const h = readHash(client.db, args[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? [];
  const out: string[] = [];
  for (const [, v] of h.entries()) out.push(v);
  return out;
};

const hgetall: Handler = (client, args) => {
  const h = readHash(client.db, args[1]!);
  if (h instanceof ErrorReply) return h;
  const out: string[] = [];
  if (h !== undefined) for (const [f, v] of h.entries()) out.push(f, v);
  return new MapReply(out);
};

// --- HRANDFIELD -----------------------------------------------------------

/** Entries as HRANDFIELD replies them: fields only, flat pairs (RESP2) or nested pairs (RESP3). */
function entriesReply(client: Client, entries: Iterable<[string, string]>, withValues: boolean): RespValue[] {
  const out: RespValue[] = [];
  for (const [f, v] of entries) {
    if (!withValues) out.push(f);
    else if (client.protocol === 2) out.push(f, v);
    else out.push([f, v]);
  }
  return out;
}

const hrandfield: Handler = (client, args) => {
  if (args.length === 2) {
    const h = readHash(client.db, args[1]!);
    if (h === undefined || h instanceof ErrorReply) return h ?? null;
    return h.randomEntry()[0];
  }
  const l = intArg(args[2]!);
  if (l instanceof ErrorReply) return l;
  if (l === LLONG_MIN) return COUNT_RANGE;
  let withValues = false;
  if (args.length > 4 || (args.length === 4 && !isOption(args[3]!, 'WITHVALUES'))) return SYNTAX_ERROR;
  if (args.length === 4) {
    withValues = true;
    if (BigInt(l) < -HALF_LONG_MAX || BigInt(l) > HALF_LONG_MAX) return OUT_OF_RANGE;
  }
  const h = readHash(client.db, args[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? [];
  const count = Math.abs(Number(l));
  if (count === 0) return [];
  // Case 1: a negative count (or 1) draws independently, repeats allowed.
  if (Number(l) < 0 && count > MAX_RANDOM_REPLY) return RANDOM_REPLY_TOO_LARGE;
  if (Number(l) < 0 || count === 1) return entriesReply(client, h.randomEntriesWithRepeats(count), withValues);
  // Case 2: asked for at least the whole hash: all of it, in its own order.
  if (count >= h.size) return entriesReply(client, h.entries(), withValues);
  // Cases 3 and 4: distinct entries.
  return entriesReply(client, h.randomDistinctEntries(count), withValues);
};

// --- HSCAN ----------------------------------------------------------------

const hscan: Handler = (client, args) => {
  const cursor = parseCursor(args[2]!);
  if (cursor === null) return INVALID_CURSOR;
  const h = readHash(client.db, args[1]!);
  if (h === undefined || h instanceof ErrorReply) return h ?? ['0', []];
  const opts = parseScanOptions(args, 3, false);
  if (opts instanceof ErrorReply) return opts;
  const pattern = opts.pattern;
  const matchAll = pattern === undefined || pattern === '*';
  const out: string[] = [];
  const next = h.scan(cursor, opts.count, (f, v) => {
    if (matchAll || globMatch(pattern, f)) out.push(f, v);
  });
  return [String(next), out];
};

export const HASH_HANDLERS: Record<string, Handler> = {
  hdel, hexists, hget, hgetall, hincrby, hincrbyfloat, hkeys, hlen, hmget, hmset, hrandfield, hscan, hset, hsetnx,
  hstrlen, hvals,
};
