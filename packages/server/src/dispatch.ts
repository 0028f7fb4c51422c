import { ErrorReply, QUEUED, type RespValue } from '@kv/resp';
import type { Client } from './client/client.js';
import { NO_REPLY, type Command } from './command-table/types.js';
import { unknownSubcommand, wrongArity } from './errors.js';
import { cstr } from './util/c-string.js';
import { observeCommand } from './command-observers.js';
import { discardTransaction } from './commands/transaction.js';
import { EVICT_FAIL, performEvictions } from './eviction/evictor.js';

const NOAUTH = new ErrorReply('NOAUTH Authentication required.');
const REPLICA_KEYSPACE = new ErrorReply("ERR Replica can't interact with the keyspace");
const OOM = new ErrorReply("OOM command not allowed when used memory > 'maxmemory'.");
/** What a RESP2 client may send while subscribed (its replies would be mistaken for messages otherwise). */
const SUBSCRIBED_MODE_COMMANDS = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

/** Returned by execute when CLIENT PAUSE holds the command back: the client waits, its command kept. */
export const POSTPONED: unique symbol = Symbol('postponed');

/** Run at once inside MULTI rather than queued. */
const TRANSACTION_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/**
 * Runs one command for a client, as Redis's processCommand + call(): look the
 * command up, check arity and authentication, run the handler, count stats.
 * Returns the reply (the caller encodes it).
 */
export function execute(client: Client, args: string[]): RespValue | typeof NO_REPLY | typeof POSTPONED {
  const server = client.server;
  let command = server.commands.lookup(args[0]!);
  if (command === undefined) return reject(client, unknownCommand(args));
  if (command.subcommands !== undefined) {
    if (args.length >= 2) {
      const sub = command.subcommands.get(args[1]!.toLowerCase());
      if (sub === undefined) return reject(client, unknownSubcommand(sanitize(args[1]!.slice(0, 128)), command.name), command);
      command = sub;
    }
  }
  const arity = command.meta.arity;
  if ((arity > 0 && arity !== args.length) || args.length < -arity) {
    return reject(client, wrongArity(command.fullName), command);
  }
  if (!client.authenticated && !command.flagSet.has('no_auth') && server.requiresAuth()) return reject(client, NOAUTH, command);
  // ACL: the user may run this command, on these keys and channels (logged in ACL LOG when not).
  if (!client.aclUser.unrestricted) {
    const denied = server.acl.checkCommand(client, command, args);
    if (denied !== undefined) return reject(client, denied, command);
  }
  // maxmemory: evict first; when nothing more can go, refuse commands that may add data (processCommand).
  if (server.eviction.maxmemory !== 0 && performEvictions(server) === EVICT_FAIL && refusedOnOom(client, command)) {
    return reject(client, OOM, command);
  }
  // A MONITOR client is a replica to Redis: it may not touch the keyspace.
  if (client.monitor && (command.flagSet.has('write') || command.flagSet.has('readonly') || command.flagSet.has('may_replicate'))) {
    return reject(client, REPLICA_KEYSPACE, command);
  }
  if (client.protocol === 2 && client.inPubSubMode && !SUBSCRIBED_MODE_COMMANDS.has(command.fullName)) {
    return reject(client, new ErrorReply(`ERR Can't execute '${command.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`), command);
  }

  if (server.pause.mode !== 'none' && server.pause.holds(client, command)) {
    server.pause.postpone(client, args);
    server.commandClock.drop();
    return POSTPONED;
  }
  if (client.multi !== undefined && !TRANSACTION_CONTROL.has(command.fullName)) {
    client.multi.push({ command, args });
    client.lastInteraction = server.keyspace.now;
    server.commandClock.drop();
    return QUEUED;
  }
  return call(client, command, args);
}

/**
 * Redis's call(): runs a command that passed every check, propagates what it
 * changed and counts it. EXEC runs its queued commands through here too.
 */
export function call(client: Client, command: Command, args: string[]): RespValue | typeof NO_REPLY {
  const server = client.server;
  const handler = command.handler!;
  client.lastInteraction = server.keyspace.now;
  if (!client.inExec) client.lastCommand = command.fullName;
  client.currentArgs = args;
  const clock = server.commandClock;
  const start = clock.start();
  const keyspace = server.keyspace;
  const dirtyBefore = keyspace.dirty;
  const db = client.db.id;
  let reply: RespValue | typeof NO_REPLY;
  const previous = server.currentClient;
  server.currentClient = client;
  try {
    reply = handler(client, args);
  } catch (err) {
    // A bug in one handler must not take the server (and every client's data) down.
    server.log.warning(`Command '${command.fullName}' failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    reply = new ErrorReply(`ERR internal error in '${command.fullName}'`);
  }
  server.currentClient = previous;
  if (client.tracking !== undefined) server.tracking.afterCall(client, command, args);
  server.propagation.commandDone(db, args, keyspace.dirty !== dirtyBefore);
  const micros = clock.stop(start);
  command.usec += micros;
  observeCommand(client, command, args, micros);
  command.calls++;
  server.stats.totalCommands++;
  if (reply instanceof ErrorReply) {
    command.failedCalls++;
    server.stats.countError(reply.message);
  }
  return reply;
}

/**
 * processCommand's reject_cmd_on_oom: denyoom commands; inside MULTI anything
 * but EXEC, DISCARD, QUIT and RESET (queuing takes memory too); EXEC when a
 * queued command is denyoom.
 */
function refusedOnOom(client: Client, command: Command): boolean {
  if (command.flagSet.has('denyoom')) return true;
  const multi = client.multi;
  if (multi === undefined) return false;
  const name = command.fullName;
  if (name === 'exec') return multi.some((q) => q.command.flagSet.has('denyoom'));
  return name !== 'discard' && name !== 'quit' && name !== 'reset';
}

function reject(client: Client, error: ErrorReply, command?: Command): ErrorReply {
  // A command refused while queuing dooms the transaction (flagTransaction).
  if (client.multi !== undefined) client.multiError = true;
  if (command?.fullName === 'exec') {
    // EXEC itself refused: the transaction ends here (execCommandAbort), in MULTI or not (Redis 7.0.15 says so either way).
    discardTransaction(client);
    error = new ErrorReply(`EXECABORT Transaction discarded because of: ${error.message.startsWith('ERR ') ? error.message.slice(4) : error.message}`);
  }
  if (command !== undefined) command.rejectedCalls++;
  client.server.stats.countError(error.message);
  client.server.commandClock.drop();
  client.lastInteraction = Date.now();
  return error;
}

/** Redis's text for an unknown command: the name, then the first arguments up to 128 characters. */
function unknownCommand(args: string[]): ErrorReply {
  let rest = '';
  for (let i = 1; i < args.length && rest.length < 128; i++) {
    rest += `'${cstr(args[i]!).slice(0, 128 - rest.length)}' `;
  }
  return new ErrorReply(sanitize(`ERR unknown command '${cstr(args[0]!).slice(0, 128)}', with args beginning with: ${rest}`));
}

/** Error replies must stay on one line: Redis turns CR and LF into spaces. */
function sanitize(message: string): string {
  return /[\r\n]/.test(message) ? message.replace(/[\r\n]/g, ' ') : message;
}
