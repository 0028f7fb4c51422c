import { ErrorReply, VerbatimReply } from '@kv/resp';
import { NO_REPLY, type Handler } from '../command-table/types.js';
import { SYNTAX_ERROR } from '../errors.js';
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

/** ROLE of a master without replicas: role, replication offset, replicas. */
const role: Handler = () => ['master', 0, []];

export const SERVER_HANDLERS: Record<string, Handler> = { info, time, shutdown, role };
