import { ErrorReply, OK, SimpleString } from '@kv/resp';
import type { Handler } from '../command-table/types.js';
import { SYNTAX_ERROR } from '../errors.js';
import { isOption } from './args.js';

// SAVE, BGSAVE, LASTSAVE (rdb.c).

const save: Handler = (client) => {
  const rdb = client.server.rdb;
  if (rdb.running !== undefined) return new ErrorReply('ERR Background save already in progress');
  return rdb.save() ? OK : new ErrorReply('ERR');
};

const bgsave: Handler = (client, args) => {
  let schedule = false;
  if (args.length > 1) {
    if (args.length === 2 && isOption(args[1]!, 'SCHEDULE')) schedule = true;
    else return SYNTAX_ERROR;
  }
  void schedule; // only a running AOF rewrite makes SCHEDULE matter, and kv has none yet
  const rdb = client.server.rdb;
  if (rdb.running !== undefined) return new ErrorReply('ERR Background save already in progress');
  rdb.startBackground();
  return new SimpleString('Background saving started');
};

const lastsave: Handler = (client) => Math.floor(client.server.rdb.lastSave / 1000);

export const PERSISTENCE_HANDLERS: Record<string, Handler> = { save, bgsave, lastsave };
