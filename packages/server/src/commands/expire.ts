import { ErrorReply } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { invalidExpireTime } from '../errors.js';
import { cstr } from '../util/c-string.js';
import type { ExpireTime } from '../keyspace/database.js';
import { LLONG_MAX, LLONG_MIN, normalize } from '../util/integers.js';
import { intArg, isOption } from './args.js';
import { notify, NOTIFY_GENERIC } from '../notify/notify.js';

// EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME,
// PERSIST, as expire.c has them.

const NX_CONFLICT = new ErrorReply('ERR NX and XX, GT or LT options at the same time are not compatible');
const GT_LT_CONFLICT = new ErrorReply('ERR GT and LT options at the same time are not compatible');

interface ExpireFlags { nx: boolean; xx: boolean; gt: boolean; lt: boolean }

function parseFlags(args: string[]): ExpireFlags | ErrorReply {
  const f: ExpireFlags = { nx: false, xx: false, gt: false, lt: false };
  for (let j = 3; j < args.length; j++) {
    const opt = args[j]!;
    if (isOption(opt, 'NX')) f.nx = true;
    else if (isOption(opt, 'XX')) f.xx = true;
    else if (isOption(opt, 'GT')) f.gt = true;
    else if (isOption(opt, 'LT')) f.lt = true;
    else return new ErrorReply(`ERR Unsupported option ${cstr(opt)}`);
  }
  if (f.nx && (f.xx || f.gt || f.lt)) return NX_CONFLICT;
  if (f.gt && f.lt) return GT_LT_CONFLICT;
  return f;
}

/** expireGenericCommand: `basetime` is now for relative forms, 0 for the *AT forms. */
function expireGeneric(client: Client, args: string[], relative: boolean, seconds: boolean): number | ErrorReply {
  const flags = parseFlags(args);
  if (flags instanceof ErrorReply) return flags;
  const when = intArg(args[2]!);
  if (when instanceof ErrorReply) return when;
  const command = args[0]!.toLowerCase();
  let at = BigInt(when);
  if (seconds) {
    if (at > LLONG_MAX / 1000n || at < LLONG_MIN / 1000n) return invalidExpireTime(command);
    at *= 1000n;
  }
  const base = BigInt(relative ? client.server.keyspace.now : 0);
  if (at > LLONG_MAX - base) return invalidExpireTime(command);
  at += base;

  const db = client.db;
  const key = args[1]!;
  if (db.getForWrite(key) === undefined) return 0;
  const current = db.getExpire(key);
  if (flags.nx && current !== undefined) return 0;
  if (flags.xx && current === undefined) return 0;
  if (flags.gt && (current === undefined || at <= BigInt(current))) return 0;
  if (flags.lt && current !== undefined && at >= BigInt(current)) return 0;
  // A time already past deletes the key (checkAlreadyExpired).
  if (at <= BigInt(client.server.keyspace.now)) {
    db.delete(key);
    client.server.propagation.rewrite(['DEL', key]);
    notify(client, NOTIFY_GENERIC, 'del', key);
    return 1;
  }
  db.setExpire(key, toExpireTime(at));
  notify(client, NOTIFY_GENERIC, 'expire', key);
  // Replayed later, a relative time would mean another moment: propagate the absolute one.
  if (relative || seconds) client.server.propagation.rewrite(['PEXPIREAT', key, String(at), ...args.slice(3)]);
  return 1;
}

const expire: Handler = (c, a) => expireGeneric(c, a, true, true);
const pexpire: Handler = (c, a) => expireGeneric(c, a, true, false);
const expireat: Handler = (c, a) => expireGeneric(c, a, false, true);
const pexpireat: Handler = (c, a) => expireGeneric(c, a, false, false);

/** An absolute time as stored: a number while it is exact. */
export function toExpireTime(at: bigint): ExpireTime {
  return at <= 9007199254740991n && at >= -9007199254740991n ? Number(at) : at;
}

/** ttlGenericCommand: -2 no key, -1 no TTL. */
function ttlGeneric(client: Client, key: string, ms: boolean, absolute: boolean): number | bigint {
  const db = client.db;
  // lookupKeyReadWithFlags(LOOKUP_NOTOUCH): a miss counts and is a keymiss event.
  if (db.peekRead(key) === undefined) return -2;
  const at = db.getExpire(key);
  if (at === undefined) return -1;
  let t = BigInt(at);
  if (!absolute) {
    t -= BigInt(client.server.keyspace.now);
    if (t < 0n) t = 0n;
  }
  if (!ms) t = (t + 500n) / 1000n;
  return normalize(t);
}

const ttl: Handler = (c, a) => ttlGeneric(c, a[1]!, false, false);
const pttl: Handler = (c, a) => ttlGeneric(c, a[1]!, true, false);
const expiretime: Handler = (c, a) => ttlGeneric(c, a[1]!, false, true);
const pexpiretime: Handler = (c, a) => ttlGeneric(c, a[1]!, true, true);

const persist: Handler = (client, args) => {
  const db = client.db;
  if (db.getForWrite(args[1]!) === undefined) return 0;
  if (!db.persist(args[1]!)) return 0;
  notify(client, NOTIFY_GENERIC, 'persist', args[1]!);
  return 1;
};

export const EXPIRE_HANDLERS: Record<string, Handler> = {
  expire, pexpire, expireat, pexpireat, ttl, pttl, expiretime, pexpiretime, persist,
};

