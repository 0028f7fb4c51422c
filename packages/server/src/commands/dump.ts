import { ErrorReply, OK, type RespValue } from '@kv/resp';
import { RdbError, dumpPayload, parseDumpPayload } from '@kv/persistence';
import type { Handler } from '../command-table/types.js';
import { SYNTAX_ERROR } from '../errors.js';
import { fromRdbValue, persistenceLimits, toRdbValue } from '../persistence/rdb-values.js';
import { intArg, isOption } from './args.js';
import { notify, NOTIFY_GENERIC } from '../notify/notify.js';

// DUMP and RESTORE (cluster.c): a value as an RDB object, the RDB version and
// a CRC64, so payloads move between kv and Redis in both directions.

const BUSYKEY = new ErrorReply('BUSYKEY Target key name already exists.');

const dump: Handler = (client, args) => {
  const v = client.db.get(args[1]!);
  if (v === undefined) return null;
  const out = toRdbValue(v);
  const compression = client.server.config.bool('rdbcompression');
  return dumpPayload(out.value, { compression, encoding: out.encoding, limits: persistenceLimits(client.server.config) }).toString('latin1');
};

const restore: Handler = (client, args): RespValue => {
  let replace = false, absttl = false;
  let idle = -1, freq = -1;
  for (let j = 4; j < args.length; j++) {
    const more = args.length - j - 1;
    const opt = args[j]!;
    if (isOption(opt, 'REPLACE')) replace = true;
    else if (isOption(opt, 'ABSTTL')) absttl = true;
    else if (isOption(opt, 'IDLETIME') && more >= 1 && freq === -1) {
      const v = intArg(args[++j]!);
      if (v instanceof ErrorReply) return v;
      if (v < 0) return new ErrorReply('ERR Invalid IDLETIME value, must be >= 0');
      idle = Number(v);
    } else if (isOption(opt, 'FREQ') && more >= 1 && idle === -1) {
      const v = intArg(args[++j]!);
      if (v instanceof ErrorReply) return v;
      if (v < 0 || v > 255) return new ErrorReply('ERR Invalid FREQ value, must be >= 0 and <= 255');
      freq = Number(v);
    } else return SYNTAX_ERROR;
  }
  const db = client.db;
  const key = args[1]!;
  if (!replace && db.getForWrite(key) !== undefined) return BUSYKEY;
  const ttlArg = intArg(args[2]!);
  if (ttlArg instanceof ErrorReply) return ttlArg;
  if (ttlArg < 0) return new ErrorReply('ERR Invalid TTL value, must be >= 0');

  let loaded;
  try {
    const decoded = parseDumpPayload(Buffer.from(args[3]!, 'latin1'), { limits: persistenceLimits(client.server.config) });
    loaded = fromRdbValue(decoded, client.server.config);
  } catch (err) {
    if (err instanceof RdbError && err.code === 'dump-payload') return new ErrorReply(`ERR ${err.message}`);
    return new ErrorReply('ERR Bad data format');
  }

  // dbDelete with no lookup before it: a key whose time has passed goes without an `expired` event.
  const deleted = replace && db.deleteEvenIfExpired(key);
  let ttl = BigInt(ttlArg);
  if (ttl !== 0n && !absttl) ttl += BigInt(client.server.keyspace.now);
  // Already expired: nothing is stored (and with REPLACE the old key is gone).
  if (ttl !== 0n && ttl <= BigInt(Date.now())) {
    if (deleted) notify(client, NOTIFY_GENERIC, 'del', key);
    return OK;
  }
  db.set(key, loaded.value, loaded.stringEncoding === undefined ? undefined : { encoding: loaded.stringEncoding });
  if (ttl !== 0n) {
    db.setExpire(key, ttl <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(ttl) : ttl);
    // Propagated with the absolute time, as Redis does.
    if (!absttl) client.server.propagation.rewrite(['RESTORE', key, String(ttl), ...args.slice(3), 'ABSTTL']);
  }
  // objectSetLRUOrLFU: each applies only under the policy that keeps it.
  if (idle >= 0) db.setIdleSeconds(key, idle);
  if (freq >= 0) db.setFrequency(key, freq);
  notify(client, NOTIFY_GENERIC, 'restore', key);
  return OK;
};

export const DUMP_HANDLERS: Record<string, Handler> = { dump, restore };
