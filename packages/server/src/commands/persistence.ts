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
  const rdb = client.server.rdb;
  if (rdb.running !== undefined) return new ErrorReply('ERR Background save already in progress');
  if (client.server.aof?.rewriteRunning !== undefined) {
    if (!schedule) {
      return new ErrorReply("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
    rdb.scheduled = true;
    return new SimpleString('Background saving scheduled');
  }
  rdb.startBackground();
  return new SimpleString('Background saving started');
};

const lastsave: Handler = (client) => Math.floor(client.server.rdb.lastSave / 1000);

const bgrewriteaof: Handler = (client) => {
  const kv = client.server;
  const aof = kv.aof;
  if (aof?.rewriteRunning !== undefined) return new ErrorReply('ERR Background append only file rewriting already in progress');
  if (aof === undefined) {
    // With appendonly no, Redis writes a one-off AOF; kv only rewrites a running one.
    return new ErrorReply('ERR kv rewrites the append only file only while appendonly is yes');
  }
  if (kv.rdb.running !== undefined) {
    aof.rewriteScheduled = true;
    return new SimpleString('Background append only file rewriting scheduled');
  }
  void aof.rewrite();
  return new SimpleString('Background append only file rewriting started');
};

export const PERSISTENCE_HANDLERS: Record<string, Handler> = { save, bgsave, lastsave, bgrewriteaof };
