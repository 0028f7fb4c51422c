import { ErrorReply, type RespValue } from '@kv/resp';
import type { Client } from './client/client.js';
import { NO_REPLY, type Command } from './command-table/types.js';
import { unknownSubcommand, wrongArity } from './errors.js';
import { cstr } from './util/c-string.js';

const NOAUTH = new ErrorReply('NOAUTH Authentication required.');

/**
 * Runs one command for a client, as Redis's processCommand + call(): look the
 * command up, check arity and authentication, run the handler, count stats.
 * Returns the reply (the caller encodes it).
 */
export function execute(client: Client, args: string[]): RespValue | typeof NO_REPLY {
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
  if (!client.authenticated && !command.flagSet.has('no_auth')) return reject(client, NOAUTH, command);

  const handler = command.handler!;
  client.lastInteraction = server.keyspace.now;
  client.lastCommand = command.fullName;
  client.currentArgs = args;
  const start = performance.now();
  const keyspace = server.keyspace;
  const dirtyBefore = keyspace.dirty;
  const db = client.db.id;
  let reply: RespValue | typeof NO_REPLY;
  try {
    reply = handler(client, args);
  } catch (err) {
    // A bug in one handler must not take the server (and every client's data) down.
    server.log.warning(`Command '${command.fullName}' failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    reply = new ErrorReply(`ERR internal error in '${command.fullName}'`);
  }
  const propagation = server.propagation;
  if (propagation.active) {
    // call(): a command that changed the data is propagated, as run or as its handler rewrote it.
    if (keyspace.dirty !== dirtyBefore) {
      const override = propagation.override;
      if (override === undefined) propagation.emit(db, args);
      else for (const c of override) propagation.emit(db, c);
    }
    propagation.override = undefined;
  }
  command.usec += Math.round((performance.now() - start) * 1000);
  command.calls++;
  server.stats.totalCommands++;
  if (reply instanceof ErrorReply) {
    command.failedCalls++;
    server.stats.countError(reply.message);
  }
  return reply;
}

function reject(client: Client, error: ErrorReply, command?: Command): ErrorReply {
  if (command !== undefined) command.rejectedCalls++;
  client.server.stats.countError(error.message);
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
