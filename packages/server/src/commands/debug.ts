import { ErrorReply, MapReply, OK, PushReply, SetReply, SimpleString, BigNumberReply, BooleanReply, DoubleReply, VerbatimReply, AttributeReply, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { loadRdbFileSync } from '../persistence/rdb-files.js';
import { dumpPayload } from '@kv/persistence';
import { persistenceLimits, toRdbValue } from '../persistence/rdb-values.js';
import { quicklistNodes } from '../memory-usage.js';
import { ListValue } from '../keyspace/types/list-value.js';
import { SHARED_INTEGERS, sharedIntegerOf, type Value } from '../keyspace/value.js';
import { NO_SUCH_KEY } from '../errors.js';
import { cFixed } from '../util/printf.js';
import { objectEncoding } from './object.js';
import { helpReply } from './help.js';
import { isOption } from './args.js';
import { subcommandSyntaxError } from './subcommand-error.js';

// DEBUG (debug.c), behind `enable-debug-command` as in Redis 7.0 (default: no):
// SLEEP, OBJECT, SET-ACTIVE-EXPIRE, RELOAD, POPULATE, PROTOCOL, ERROR, LOG,
// HELP. The rest of Redis's subcommands (crashes, allocator and replication
// internals) answer as an unknown subcommand.

const DEBUG_DISABLED = new ErrorReply(
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
);
const NOT_POSITIVE_LONG = new ErrorReply('ERR value is out of range, must be positive');

/** DEBUG HELP: Redis 7.0's text, subcommands kv does not run included. */
const HELP_LINES: readonly string[] = [
  "AOF-FLUSH-SLEEP <microsec>",
  "    Server will sleep before flushing the AOF, this is used for testing.",
  "ASSERT",
  "    Crash by assertion failed.",
  "CHANGE-REPL-ID",
  "    Change the replication IDs of the instance.",
  "    Dangerous: should be used only for testing the replication subsystem.",
  "CONFIG-REWRITE-FORCE-ALL",
  "    Like CONFIG REWRITE but writes all configuration options, including",
  "    keywords not listed in original configuration file or default values.",
  "CRASH-AND-RECOVER [<milliseconds>]",
  "    Hard crash and restart after a <milliseconds> delay (default 0).",
  "DIGEST",
  "    Output a hex signature representing the current DB content.",
  "DIGEST-VALUE <key> [<key> ...]",
  "    Output a hex signature of the values of all the specified keys.",
  "ERROR <string>",
  "    Return a Redis protocol error with <string> as message. Useful for clients",
  "    unit tests to simulate Redis errors.",
  "LEAK <string>",
  "    Create a memory leak of the input string.",
  "LOG <message>",
  "    Write <message> to the server log.",
  "HTSTATS <dbid>",
  "    Return hash table statistics of the specified Redis database.",
  "HTSTATS-KEY <key>",
  "    Like HTSTATS but for the hash table stored at <key>'s value.",
  "LOADAOF",
  "    Flush the AOF buffers on disk and reload the AOF in memory.",
  "REPLICATE <string>",
  "    Replicates the provided string to replicas, allowing data divergence.",
  "MALLCTL <key> [<val>]",
  "    Get or set a malloc tuning integer.",
  "MALLCTL-STR <key> [<val>]",
  "    Get or set a malloc tuning string.",
  "OBJECT <key>",
  "    Show low level info about `key` and associated value.",
  "DROP-CLUSTER-PACKET-FILTER <packet-type>",
  "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
  "OOM",
  "    Crash the server simulating an out-of-memory error.",
  "PANIC",
  "    Crash the server simulating a panic.",
  "POPULATE <count> [<prefix>] [<size>]",
  "    Create <count> string keys named key:<num>. If <prefix> is specified then",
  "    it is used instead of the 'key' prefix. These are not propagated to",
  "    replicas. Cluster slots are not respected so keys not belonging to the",
  "    current node can be created in cluster mode.",
  "PROTOCOL <type>",
  "    Reply with a test value of the specified type. <type> can be: string,",
  "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
  "    true, false.",
  "RELOAD [option ...]",
  "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
  "    * MERGE: conflicting keys will be loaded from RDB.",
  "    * NOFLUSH: the existing database will not be removed before load, but",
  "      conflicting keys will generate an exception and kill the server.",
  "    * NOSAVE: the database will be loaded from an existing RDB file.",
  "    Examples:",
  "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
  "      the database.",
  "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
  "      existing RDB file.",
  "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
  "      file to the database.",
  "RESTART [<milliseconds>]",
  "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
  "SDSLEN <key>",
  "    Show low level SDS string info representing `key` and value.",
  "SEGFAULT",
  "    Crash the server with sigsegv.",
  "SET-ACTIVE-EXPIRE <0|1>",
  "    Setting it to 0 disables expiring keys in background when they are not",
  "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
  "    default.",
  "QUICKLIST-PACKED-THRESHOLD <size>",
  "    Sets the threshold for elements to be inserted as plain vs packed nodes",
  "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
  "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
  "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
  "SLEEP <seconds>",
  "    Stop the server for <seconds>. Decimals allowed.",
  "STRINGMATCH-TEST",
  "    Run a fuzz tester against the stringmatchlen() function.",
  "STRUCTSIZE",
  "    Return the size of different Redis core C structures.",
  "LISTPACK <key>",
  "    Show low level info about the listpack encoding of <key>.",
  "QUICKLIST <key> [<0|1>]",
  "    Show low level info about the quicklist encoding of <key>.",
  "    The optional argument (0 by default) sets the level of detail",
  "CLIENT-EVICTION",
  "    Show low level client eviction pools info (maxmemory-clients).",
  "PAUSE-CRON <0|1>",
  "    Stop periodic cron job processing.",
  "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
  "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
  "    In case NEVER is provided the last observed peak will never be reset",
  "    In case RESET is provided the peak reset time will be restored to the default value",
  "REPLYBUFFER RESIZING <0|1>",
  "    Enable or disable the reply buffer resize cron job",
  "CLUSTERLINK KILL <to|from|all> <node-id>",
  "    Kills the link based on the direction to/from (both) with the provided node.",
];

type Sub = (client: Client, args: string[]) => RespValue | undefined;

/** Subcommands by name; undefined from one means wrong arguments for it. */
const SUBCOMMANDS: Record<string, Sub> = {
  sleep: (_client, args) => {
    if (args.length !== 3) return undefined;
    // atof: a leading number or 0. DEBUG SLEEP blocks the server on purpose: it simulates a slow command.
    const seconds = parseFloat(args[2]!);
    const until = performance.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0);
    while (performance.now() < until) { /* busy wait, as usleep() blocks Redis */ }
    return OK;
  },
  object: (client, args) => (args.length === 3 ? debugObject(client, args[2]!) : undefined),
  'set-active-expire': (client, args) => {
    if (args.length !== 3) return undefined;
    // atoi: anything not starting with a non-zero number turns it off.
    client.server.activeExpire.enabled = (parseInt(args[2]!, 10) || 0) !== 0;
    return OK;
  },
  reload: (client, args) => debugReload(client, args),
  populate: (client, args) => (args.length >= 3 && args.length <= 5 ? populate(client, args) : undefined),
  protocol: (client, args) => (args.length === 3 ? protocol(client, args[2]!) : undefined),
  error: (_client, args) => {
    if (args.length !== 3) return undefined;
    // The argument is the whole error line (code included), newlines turned into spaces.
    return new ErrorReply(args[2]!.replace(/[\r\n]/g, ' '));
  },
  log: (client, args) => {
    if (args.length !== 3) return undefined;
    client.server.log.warning(`DEBUG LOG: ${args[2]}`);
    return OK;
  },
  help: (_client, args) => (args.length === 2 ? helpReply('DEBUG', HELP_LINES) : undefined),
};

const debug: Handler = (client, args) => {
  const allowed = client.server.config.get('enable-debug-command');
  const local = /^(127\.|\[::1\]|\/)/.test(client.transport.remoteAddress);
  if (allowed === 'no' || (allowed === 'local' && !local)) return DEBUG_DISABLED;
  const name = args[1]!.toLowerCase();
  const reply = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name]!(client, args) : undefined;
  // A null reply (DEBUG PROTOCOL null) is a reply; only undefined means wrong arguments.
  return reply === undefined ? subcommandSyntaxError(args) : reply;
};

/** A fake but stable address for "Value at:" (Redis prints the object's pointer). */
function addressOf(key: string): string {
  let h = 0x9e3779b9;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x85ebca6b) >>> 0;
  return `0x7f${(h >>> 0).toString(16).padStart(8, '0')}${(key.length & 0xff).toString(16).padStart(2, '0')}`;
}

/** DEBUG OBJECT key: Redis's one status line about the value (no expiry check, no access-time update). */
function debugObject(client: Client, key: string): RespValue {
  const db = client.db;
  const value = db.values.get(key);
  if (value === undefined) return NO_SUCH_KEY;
  const kv = client.server;
  const encoding = objectEncoding(client, key, value);
  const shared = typeof value === 'string' && encoding === 'int' && db.stringEncodingOf(key) !== 'int' ? sharedIntegerOf(value) : -1;
  const refcount = shared >= 0 && shared < SHARED_INTEGERS ? 2147483647 : 1;
  const lru = shared >= 0 ? kv.keyspace.sharedIntLru[shared]! : db.ownLru(key);
  let extra = '';
  if (value instanceof ListValue) {
    const fill = kv.config.number('list-max-listpack-size');
    const nodes = quicklistNodes(value, fill);
    const bytes = nodes.reduce((a, n) => a + n.bytes, 0);
    const avg = nodes.length === 0 ? 0 : value.length / nodes.length;
    extra = ` ql_nodes:${nodes.length} ql_avg_node:${cFixed(avg, 2)} ql_listpack_max:${fill} ql_compressed:${kv.config.number('list-compress-depth') !== 0 ? 1 : 0} ql_uncompressed_size:${bytes}`;
  }
  return new SimpleString(
    `Value at:${addressOf(key)} refcount:${refcount} encoding:${encoding} serializedlength:${serializedLength(client, value)} lru:${lru & 0xffffff} lru_seconds_idle:${db.idleSeconds(key)}${extra}`,
  );
}

/** rdbSavedObjectLen: the value's RDB encoding without its type byte (a DUMP payload less type, version and CRC). */
function serializedLength(client: Client, value: Value): number {
  const out = toRdbValue(value);
  const config = client.server.config;
  return dumpPayload(out.value, { compression: config.bool('rdbcompression'), encoding: out.encoding, limits: persistenceLimits(config) }).length - 11;
}

/** DEBUG POPULATE count [prefix] [size]: string keys prefix:N = value:N (padded or cut to size), missing ones only. */
function populate(client: Client, args: string[]): RespValue {
  const count = positiveLong(args[2]!);
  if (count === undefined) return NOT_POSITIVE_LONG;
  let size = 0;
  if (args.length === 5) {
    const s = positiveLong(args[4]!);
    if (s === undefined) return NOT_POSITIVE_LONG;
    size = s;
  }
  const prefix = args.length >= 4 ? args[3]! : 'key';
  const db = client.db;
  const ks = client.server.keyspace;
  // Not propagated and not counted as changes to save, as in Redis (dbAdd without server.dirty).
  const dirty = ks.dirty;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (db.getForWrite(key) !== undefined) continue;
    const base = `value:${j}`;
    const value = size === 0 ? base : size <= base.length ? base.slice(0, size) : base + '\0'.repeat(size - base.length);
    db.set(key, value);
  }
  ks.dirty = dirty;
  return OK;
}

function positiveLong(s: string): number | undefined {
  if (!/^-?\d+$/.test(s) || s.length > 20) return undefined;
  const v = BigInt(s);
  if (v < 0n || v > 9223372036854775807n) return undefined;
  return Number(v);
}

/** DEBUG PROTOCOL type: a sample reply of each RESP3 type, for client tests. */
function protocol(client: Client, name: string): RespValue {
  switch (name.toLowerCase()) {
    case 'string': return 'Hello World';
    case 'integer': return 12345;
    case 'double': return new DoubleReply(3.141);
    case 'bignum': return new BigNumberReply(1234567999999999999999999999999999999n);
    case 'null': return null;
    case 'array': return [0, 1, 2];
    case 'set': return new SetReply([0, 1, 2]);
    case 'map': return new MapReply([0, new BooleanReply(false), 1, new BooleanReply(true), 2, new BooleanReply(false)]);
    case 'attrib': {
      const real = 'Some real reply following the attribute';
      return client.protocol >= 3 ? new AttributeReply(['key-popularity', ['key:123', 90]], real) : real;
    }
    case 'push':
      if (client.protocol < 3) return new ErrorReply('ERR RESP2 is not supported by this command');
      client.push(new PushReply(['server-cpu-usage', 42]));
      return 'Some real reply following the push reply';
    case 'true': return new BooleanReply(true);
    case 'false': return new BooleanReply(false);
    case 'verbatim': return new VerbatimReply('txt', 'This is a verbatim\nstring');
    default:
      return new ErrorReply('ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false');
  }
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the RDB, empty the dataset, load it back. */
function debugReload(client: Client, args: string[]): RespValue {
  let merge = false, flush = true, save = true;
  for (const opt of args.slice(2)) {
    if (isOption(opt, 'MERGE')) merge = true;
    else if (isOption(opt, 'NOFLUSH')) flush = false;
    else if (isOption(opt, 'NOSAVE')) save = false;
    else return new ErrorReply('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
  }
  const kv = client.server;
  if (save && !kv.rdb.save()) return new ErrorReply('ERR Error trying to save the DB');
  if (flush && !merge) for (const db of kv.keyspace.databases) db.flush();
  // Keys come back as dbAddRDBLoad adds them: no `new` keyspace events, though clients may be subscribed.
  const onNewKey = kv.keyspace.onNewKey;
  kv.keyspace.onNewKey = undefined;
  try {
    loadRdbFileSync(kv);
  } catch {
    return new ErrorReply('ERR Error trying to load the RDB dump, check server logs.');
  } finally {
    kv.keyspace.onNewKey = onNewKey;
  }
  kv.log.notice('DB reloaded by DEBUG RELOAD');
  return OK;
}

export const DEBUG_HANDLERS: Record<string, Handler> = { debug };
