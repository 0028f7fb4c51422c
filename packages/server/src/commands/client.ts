import { ErrorReply, OK, VerbatimReply } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { SYNTAX_ERROR } from '../errors.js';
import { cstr } from '../util/c-string.js';
import { countArg, intArg, isOption } from './args.js';
import { validateClientName } from './auth.js';
import { helpReply } from './help.js';

// CLIENT subcommands (networking.c clientCommand).

const CLIENT_TYPES = new Set(['normal', 'slave', 'replica', 'pubsub', 'master']);

/** getClientType: subscribers are `pubsub`, MONITOR clients count as normal, there are no replicas or masters yet. */
function typeMatches(client: Client, type: string): boolean {
  return type === (client.inPubSubMode ? 'pubsub' : 'normal');
}

const id: Handler = (client) => client.id;

const getname: Handler = (client) => (client.name === '' ? null : client.name);

const setname: Handler = (client, args) => {
  const invalid = validateClientName(args[2]!);
  if (invalid !== undefined) return invalid;
  client.name = args[2]!;
  return OK;
};

const info: Handler = (client) => new VerbatimReply('txt', client.describe(Date.now()) + '\n');

const list: Handler = (client, args) => {
  const now = Date.now();
  let text = '';
  if (args.length === 4 && isOption(args[2]!, 'TYPE')) {
    const type = args[3]!.toLowerCase();
    if (!CLIENT_TYPES.has(type)) return new ErrorReply(`ERR Unknown client type '${cstr(args[3]!)}'`);
    for (const c of client.server.clients) if (typeMatches(c, type)) text += c.describe(now) + '\n';
  } else if (args.length > 3 && isOption(args[2]!, 'ID')) {
    for (let j = 3; j < args.length; j++) {
      const cid = intArg(args[j]!, new ErrorReply('ERR Invalid client ID'));
      if (cid instanceof ErrorReply) return cid;
      const c = client.server.clients.get(Number(cid));
      if (c !== undefined) text += c.describe(now) + '\n';
    }
  } else if (args.length !== 2) {
    return SYNTAX_ERROR;
  } else {
    for (const c of client.server.clients) text += c.describe(now) + '\n';
  }
  return new VerbatimReply('txt', text);
};

interface KillFilter {
  addr?: string;
  laddr?: string;
  type?: string;
  id?: number;
  user?: string;
  skipme: boolean;
}

const kill: Handler = (client, args) => {
  const filter: KillFilter = { skipme: true };
  if (args.length === 3) {
    filter.addr = args[2]!;
    filter.skipme = false; // the old form may kill the caller itself
  } else if (args.length > 3) {
    for (let i = 2; i < args.length; i += 2) {
      const opt = args[i]!;
      const more = args.length > i + 1;
      const value = args[i + 1]!;
      if (isOption(opt, 'ID') && more) {
        const n = countArg(value, new ErrorReply('ERR client-id should be greater than 0'));
        if (n instanceof ErrorReply) return n;
        if (n < 1) return new ErrorReply('ERR client-id should be greater than 0');
        filter.id = n;
      } else if (isOption(opt, 'TYPE') && more) {
        const type = value.toLowerCase();
        if (!CLIENT_TYPES.has(type)) return new ErrorReply(`ERR Unknown client type '${cstr(value)}'`);
        filter.type = type;
      } else if (isOption(opt, 'ADDR') && more) filter.addr = value;
      else if (isOption(opt, 'LADDR') && more) filter.laddr = value;
      else if (isOption(opt, 'USER') && more) {
        if (client.server.acl.getUser(value) === undefined) return new ErrorReply(`ERR No such user '${cstr(value)}'`);
        filter.user = value;
      } else if (isOption(opt, 'SKIPME') && more) {
        if (isOption(value, 'YES')) filter.skipme = true;
        else if (isOption(value, 'NO')) filter.skipme = false;
        else return SYNTAX_ERROR;
      } else return SYNTAX_ERROR;
    }
  } else {
    return SYNTAX_ERROR;
  }

  let killed = 0;
  for (const c of [...client.server.clients]) {
    if (filter.addr !== undefined && c.transport.remoteAddress !== filter.addr) continue;
    if (filter.laddr !== undefined && c.transport.localAddress !== filter.laddr) continue;
    if (filter.type !== undefined && !typeMatches(c, filter.type)) continue;
    if (filter.id !== undefined && c.id !== filter.id) continue;
    if (filter.user !== undefined && c.user !== filter.user) continue;
    if (c === client && filter.skipme) continue;
    // The caller itself goes after its reply is written.
    if (c === client) client.closeAfterReply = true;
    else c.close();
    killed++;
  }
  if (args.length === 3) return killed === 0 ? new ErrorReply('ERR No such client') : OK;
  return killed;
};

const help: Handler = () =>
  helpReply('CLIENT', [
    'CACHING (YES|NO)',
    '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
    'GETREDIR',
    '    Return the client ID we are redirecting to when tracking is enabled.',
    'GETNAME',
    '    Return the name of the current connection.',
    'ID',
    '    Return the ID of the current connection.',
    'INFO',
    '    Return information about the current client connection.',
    'KILL <ip:port>',
    '    Kill connection made from <ip:port>.',
    'KILL <option> <value> [<option> <value> [...]]',
    '    Kill connections. Options are:',
    '    * ADDR (<ip:port>|<unixsocket>:0)',
    '      Kill connections made from the specified address',
    '    * LADDR (<ip:port>|<unixsocket>:0)',
    '      Kill connections made to specified local address',
    '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
    '      Kill connections by type.',
    '    * USER <username>',
    '      Kill connections authenticated by <username>.',
    '    * SKIPME (YES|NO)',
    '      Skip killing current connection (default: yes).',
    'LIST [options ...]',
    '    Return information about client connections. Options:',
    '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
    '      Return clients of specified type.',
    'UNPAUSE',
    '    Stop the current client pause, resuming traffic.',
    'PAUSE <timeout> [WRITE|ALL]',
    '    Suspend all, or just write, clients for <timeout> milliseconds.',
    'REPLY (ON|OFF|SKIP)',
    '    Control the replies sent to the current connection.',
    'SETNAME <name>',
    '    Assign the name <name> to the current connection.',
    'UNBLOCK <clientid> [TIMEOUT|ERROR]',
    '    Unblock the specified blocked client.',
    'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
    '         [OPTIN] [OPTOUT] [NOLOOP]',
    '    Control server assisted client side caching.',
    'TRACKINGINFO',
    '    Report tracking status for the current connection.',
    'NO-EVICT (ON|OFF)',
    '    Protect current client connection from eviction.',
  ]);

export const CLIENT_HANDLERS: Record<string, Handler> = {
  'client|id': id,
  'client|getname': getname,
  'client|setname': setname,
  'client|info': info,
  'client|list': list,
  'client|kill': kill,
  'client|help': help,
};
