import { ErrorReply, MapReply, OK, PONG, SimpleString, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { DB_INDEX_OUT_OF_RANGE, wrongArity } from '../errors.js';
import { cstr } from '../util/c-string.js';
import { REDIS_VERSION } from '../version.js';
import { int32Arg, intArg, isOption } from './args.js';
import { authenticate, clientSetDefaultAuth, validateClientName } from './auth.js';
import { resetConnectionState } from '../client/reset.js';

const RESET = new SimpleString('RESET');
const NOPROTO = new ErrorReply('NOPROTO unsupported protocol version');
const HELLO_NOAUTH = new ErrorReply(
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
);
const AUTH_NO_PASSWORD = new ErrorReply(
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
);

const ping: Handler = (client, args) => {
  if (args.length > 2) return wrongArity('ping');
  // A RESP2 subscriber cannot tell a reply from a message, so PING answers in the message shape.
  if (client.protocol === 2 && client.inPubSubMode) return ['pong', args.length === 1 ? '' : args[1]!];
  return args.length === 1 ? PONG : args[1]!;
};

const echo: Handler = (_client, args) => args[1]!;

const select: Handler = (client, args) => {
  const index = int32Arg(args[1]!);
  if (index instanceof ErrorReply) return index;
  const db = client.server.keyspace.databases[index];
  if (db === undefined) return DB_INDEX_OUT_OF_RANGE;
  client.db = db;
  return OK;
};

const quit: Handler = (client) => {
  client.closeAfterReply = true;
  return OK;
};

const auth: Handler = (client, args) => {
  if (args.length > 3) return new ErrorReply('ERR syntax error');
  if (args.length === 2 && client.server.acl.defaultUser.nopass) return AUTH_NO_PASSWORD;
  const [username, password] = args.length === 2 ? ['default', args[1]!] : [args[1]!, args[2]!];
  return authenticate(client, username, password) ?? OK;
};

const hello: Handler = (client, args) => {
  let protocol: number | undefined;
  let next = 1;
  if (args.length >= 2) {
    const v = intArg(args[next++]!, new ErrorReply('ERR Protocol version is not an integer or out of range'));
    if (v instanceof ErrorReply) return v;
    if (v < 2 || v > 3) return NOPROTO;
    protocol = Number(v);
  }
  let credentials: [string, string] | undefined;
  let name: string | undefined;
  for (let j = next; j < args.length; j++) {
    const more = args.length - 1 - j;
    const opt = args[j]!;
    if (isOption(opt, 'AUTH') && more >= 2) {
      credentials = [args[j + 1]!, args[j + 2]!];
      j += 2;
    } else if (isOption(opt, 'SETNAME') && more >= 1) {
      name = args[j + 1]!;
      const invalid = validateClientName(name);
      if (invalid !== undefined) return invalid;
      j++;
    } else {
      return new ErrorReply(`ERR Syntax error in HELLO option '${cstr(opt)}'`);
    }
  }
  if (credentials !== undefined) {
    const failed = authenticate(client, credentials[0], credentials[1]);
    if (failed !== undefined) return failed;
  }
  if (!client.authenticated) return HELLO_NOAUTH;
  if (name !== undefined) client.name = name;
  if (protocol !== undefined) client.protocol = protocol as 2 | 3;
  return helloReply(client);
};

function helloReply(client: Client): RespValue {
  return new MapReply([
    'server', 'redis',
    'version', REDIS_VERSION,
    'proto', client.protocol,
    'id', client.id,
    'mode', 'standalone',
    'role', 'master',
    'modules', [],
  ]);
}

const reset: Handler = (client) => {
  resetConnectionState(client);
  client.db = client.server.keyspace.databases[0]!;
  client.protocol = 2;
  client.name = '';
  clientSetDefaultAuth(client);
  return RESET;
};

export const CONNECTION_HANDLERS: Record<string, Handler> = { ping, echo, select, quit, auth, hello, reset };
