import { ErrorReply, OK, SimpleString, type RespValue } from '@kv/resp';
import { globMatch } from '@kv/structures';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { DB_INDEX_OUT_OF_RANGE, NO_SUCH_KEY, SYNTAX_ERROR } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import { stringEncoding, typeOf, type Value } from '../keyspace/value.js';
import { int32Arg, isOption } from './args.js';
import { notify, notifyKeyspaceEvent, NOTIFY_GENERIC } from '../notify/notify.js';

// The generic keyspace commands of Redis's db.c: DEL … SWAPDB.

const SAME_OBJECT = new ErrorReply('ERR source and destination objects are the same');

const del: Handler = (client, args) => {
  let deleted = 0;
  for (let i = 1; i < args.length; i++) {
    if (!client.db.delete(args[i]!)) continue;
    notify(client, NOTIFY_GENERIC, 'del', args[i]!);
    deleted++;
  }
  return deleted;
};

const exists: Handler = (client, args) => {
  let count = 0;
  // lookupKeyReadWithFlags(LOOKUP_NOTOUCH): a miss counts and is a keymiss event.
  for (let i = 1; i < args.length; i++) if (client.db.peekRead(args[i]!) !== undefined) count++;
  return count;
};

const touch: Handler = (client, args) => {
  let count = 0;
  // A read lookup (lookupKeyRead): it counts hits and misses, and a miss is a keymiss event.
  for (let i = 1; i < args.length; i++) if (client.db.get(args[i]!) !== undefined) count++;
  return count;
};

const type: Handler = (client, args) => {
  const value = client.db.peekRead(args[1]!);
  return new SimpleString(value === undefined ? 'none' : typeOf(value));
};

const keys: Handler = (client, args) => {
  const pattern = args[1]!;
  const all = pattern === '*';
  const db = client.db;
  const now = client.server.keyspace.now;
  const out: string[] = [];
  for (const key of db.values.keys()) {
    if (!all && !globMatch(pattern, key)) continue;
    // Expired keys are skipped, not deleted, as keysCommand does.
    const at = db.expires.size === 0 ? undefined : db.expires.get(key);
    if (at !== undefined && at <= now) continue;
    out.push(key);
  }
  return out;
};

const randomkey: Handler = (client) => {
  const db = client.db;
  for (;;) {
    const key = db.keys.randomKey();
    if (key === undefined) return null;
    if (!db.expireIfNeeded(key)) return key;
  }
};

const dbsize: Handler = (client) => client.db.size;

function renameGeneric(client: Client, args: string[], nx: boolean): RespValue {
  const [, src, dst] = args as [string, string, string];
  const db = client.db;
  const value = db.getForWrite(src);
  if (value === undefined) return NO_SUCH_KEY;
  if (src === dst) return nx ? 0 : OK;
  if (nx && db.getForWrite(dst) !== undefined) return 0;
  moveKey(db, src, db, dst, value);
  notify(client, NOTIFY_GENERIC, 'rename_from', src);
  notify(client, NOTIFY_GENERIC, 'rename_to', dst);
  return nx ? 1 : OK;
}

/** Moves a value with its TTL and encoding from one key to another (which may be in another database). */
function moveKey(from: Database, src: string, to: Database, dst: string, value: Value): void {
  const expireAt = from.getExpire(src);
  const encoding = from.stringEncodingOf(src);
  // Redis moves the object itself, and its idle time or LFU counter with it.
  const lru = from.lruOf(src);
  to.delete(dst);
  to.set(dst, value, { encoding, lru });
  if (expireAt !== undefined) to.setExpire(dst, expireAt);
  from.delete(src);
}

const rename: Handler = (client, args) => renameGeneric(client, args, false);
const renamenx: Handler = (client, args) => renameGeneric(client, args, true);

const move: Handler = (client, args) => {
  const key = args[1]!;
  const dbid = int32Arg(args[2]!);
  if (dbid instanceof ErrorReply) return dbid;
  const target = client.server.keyspace.databases[dbid];
  if (target === undefined) return DB_INDEX_OUT_OF_RANGE;
  const src = client.db;
  if (target === src) return SAME_OBJECT;
  const value = src.getForWrite(key);
  if (value === undefined) return 0;
  if (target.getForWrite(key) !== undefined) return 0;
  moveKey(src, key, target, key, value);
  notifyKeyspaceEvent(client.server, NOTIFY_GENERIC, 'move_from', key, src.id);
  notifyKeyspaceEvent(client.server, NOTIFY_GENERIC, 'move_to', key, target.id);
  return 1;
};

const copy: Handler = (client, args) => {
  const [, src, dst] = args as [string, string, string];
  let target = client.db;
  let replace = false;
  for (let j = 3; j < args.length; j++) {
    const more = args.length - 1 - j;
    if (isOption(args[j]!, 'REPLACE')) replace = true;
    else if (isOption(args[j]!, 'DB') && more >= 1) {
      // Checked as soon as it is read: a bad DB beats a later syntax error.
      const id = int32Arg(args[++j]!);
      if (id instanceof ErrorReply) return id;
      const db = client.server.keyspace.databases[id];
      if (db === undefined) return DB_INDEX_OUT_OF_RANGE;
      target = db;
    } else return SYNTAX_ERROR;
  }
  const source = client.db;
  if (target === source && src === dst) return SAME_OBJECT;
  // The source is read (lookupKeyRead: a miss is a keymiss event), the destination written.
  const value = source.get(src);
  if (value === undefined) return 0;
  if (target.getForWrite(dst) !== undefined) {
    if (!replace) return 0;
    target.delete(dst);
  }
  const expireAt = source.getExpire(src);
  // dupStringObject gives an integer its own object: the copy of a shared integer is not shared.
  const encoding = typeof value === 'string' && stringEncoding(value, source.stringEncodingOf(src)) === 'int' ? 'int' : source.stringEncodingOf(src);
  target.set(dst, typeof value === 'string' ? value : value.clone(), { encoding });
  if (expireAt !== undefined) target.setExpire(dst, expireAt);
  notifyKeyspaceEvent(client.server, NOTIFY_GENERIC, 'copy_to', dst, target.id);
  return 1;
};

function flushMode(args: string[]): ErrorReply | undefined {
  if (args.length > 2) return SYNTAX_ERROR;
  if (args.length === 2 && !isOption(args[1]!, 'ASYNC') && !isOption(args[1]!, 'SYNC')) return SYNTAX_ERROR;
  return undefined;
}

// Flushing swaps in empty tables: the old ones are freed by V8's GC off the
// main path, so SYNC and ASYNC cost the same here.
const flushdb: Handler = (client, args) => {
  const bad = flushMode(args);
  if (bad !== undefined) return bad;
  client.server.keyspace.dirty += client.db.flush();
  return OK;
};

const flushall: Handler = (client, args) => {
  const bad = flushMode(args);
  if (bad !== undefined) return bad;
  const ks = client.server.keyspace;
  const rdb = client.server.rdb;
  // flushAllDataAndResetRDB: a running BGSAVE is stopped, and with save points the (empty) dataset is saved at once.
  rdb.abortBackground();
  for (const db of ks.databases) ks.dirty += db.flush();
  if (rdb.savePoints().length > 0) rdb.save();
  ks.dirty++;
  return OK;
};

const swapdb: Handler = (client, args) => {
  const ks = client.server.keyspace;
  const a = int32Arg(args[1]!, new ErrorReply('ERR invalid first DB index'));
  if (a instanceof ErrorReply) return a;
  const b = int32Arg(args[2]!, new ErrorReply('ERR invalid second DB index'));
  if (b instanceof ErrorReply) return b;
  if (a < 0 || a >= ks.databases.length || b < 0 || b >= ks.databases.length) return DB_INDEX_OUT_OF_RANGE;
  if (a !== b) ks.swap(a, b);
  return OK;
};

export const KEY_HANDLERS: Record<string, Handler> = {
  del, unlink: del, exists, touch, type, keys, randomkey, dbsize, rename, renamenx, move, copy, flushdb, flushall, swapdb,
};
