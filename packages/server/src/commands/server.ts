import { ErrorReply, OK, VerbatimReply, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import { loadRdbFileSync } from '../persistence/rdb-files.js';
import { NO_REPLY, type Handler } from '../command-table/types.js';
import { SYNTAX_ERROR } from '../errors.js';
import { cstr } from '../util/c-string.js';
import { infoText } from '../info.js';
import { isOption } from './args.js';

const info: Handler = (client, args) => new VerbatimReply('txt', infoText(client.server, args.slice(1)));

const time: Handler = () => {
  const us = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
  return [String(us / 1_000_000n), String(us % 1_000_000n)];
};

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. There is no persistence yet,
 * so SAVE has nothing to write; the server stops and the connection closes
 * without a reply, as in Redis.
 */
const shutdown: Handler = (client, args) => {
  let save = false, nosave = false, abort = false, force = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (isOption(a, 'NOSAVE')) nosave = true;
    else if (isOption(a, 'SAVE')) save = true;
    else if (isOption(a, 'FORCE')) force = true;
    else if (isOption(a, 'NOW')) continue;
    else if (isOption(a, 'ABORT')) abort = true;
    else return SYNTAX_ERROR;
  }
  if ((abort && args.length !== 2) || (save && nosave)) return SYNTAX_ERROR;
  if (abort) return new ErrorReply('ERR No shutdown in progress.');
  client.server.log.warning('User requested shutdown...');
  if (!client.server.rdb.prepareShutdown({ save, nosave, force })) {
    return new ErrorReply('ERR Errors trying to SHUTDOWN. Check logs.');
  }
  client.server.onShutdown();
  return NO_REPLY;
};

const DEBUG_DISABLED = new ErrorReply(
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
);

/** DEBUG, behind `enable-debug-command` as in Redis 7.0 (default: no). Only SLEEP so far. */
const debug: Handler = (client, args) => {
  const allowed = client.server.config.get('enable-debug-command');
  const local = /^(127\.|\[::1\])/.test(client.transport.remoteAddress);
  if (allowed === 'no' || (allowed === 'local' && !local)) return DEBUG_DISABLED;
  const sub = args[1]!;
  if (isOption(sub, 'SLEEP') && args.length === 3) {
    const seconds = Number(args[2]);
    // DEBUG SLEEP blocks the server on purpose: it exists to simulate a slow command.
    const until = performance.now() + (Number.isFinite(seconds) ? seconds * 1000 : 0);
    while (performance.now() < until) { /* busy wait, as usleep() blocks Redis */ }
    return OK;
  }
  if (isOption(sub, 'RELOAD')) return debugReload(client, args);
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${cstr(sub)}'. Try DEBUG HELP.`);
};

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the RDB, empty the dataset, load it back. */
function debugReload(client: Client, args: string[]): RespValue {
  let merge = false, flush = true, save = true;
  for (const opt of args.slice(2)) {
    if (isOption(opt, 'MERGE')) merge = true;
    else if (isOption(opt, 'NOFLUSH')) flush = false;
    else if (isOption(opt, 'NOSAVE')) save = false;
    else return new ErrorReply("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
  }
  const kv = client.server;
  if (save && !kv.rdb.save()) return new ErrorReply('ERR Error trying to save the DB');
  if (flush && !merge) for (const db of kv.keyspace.databases) db.flush();
  try {
    loadRdbFileSync(kv);
  } catch {
    return new ErrorReply('ERR Error trying to load the RDB dump, check server logs.');
  }
  kv.log.notice('DB reloaded by DEBUG RELOAD');
  return OK;
}

export const SERVER_HANDLERS: Record<string, Handler> = { info, time, shutdown, debug };
