import { ErrorReply, OK } from '@kv/resp';
import type { Handler } from '../command-table/types.js';
import { intArg } from './args.js';
import { helpReply } from './help.js';
import { subcommandSyntaxError } from './subcommand-error.js';

// SLOWLOG GET / LEN / RESET / HELP (slowlog.c); the log itself is src/slowlog.ts.

const COUNT_ERROR = new ErrorReply('ERR count should be greater than or equal to -1');

const get: Handler = (client, args) => {
  if (args.length > 3) return subcommandSyntaxError(args);
  let count = 10;
  if (args.length === 3) {
    // getRangeLongFromObjectOrReply(-1, LONG_MAX) with its own message for every failure.
    const v = intArg(args[2]!, COUNT_ERROR);
    if (v instanceof ErrorReply) return v;
    if (v < -1) return COUNT_ERROR;
    count = Number(v);
  }
  return client.server.slowlog.reply(count);
};

const len: Handler = (client) => client.server.slowlog.length;

const reset: Handler = (client) => {
  client.server.slowlog.reset();
  return OK;
};

const help: Handler = () =>
  helpReply('SLOWLOG', [
    'GET [<count>]',
    '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
    '    Entries are made of:',
    '    id, timestamp, time in microseconds, arguments array, client IP and port,',
    '    client name',
    'LEN',
    '    Return the length of the slowlog.',
    'RESET',
    '    Reset the slowlog.',
  ]);

export const SLOWLOG_HANDLERS: Record<string, Handler> = {
  'slowlog|get': get,
  'slowlog|len': len,
  'slowlog|reset': reset,
  'slowlog|help': help,
};
