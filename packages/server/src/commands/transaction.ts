import { ErrorReply, NULL_ARRAY, OK, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import { NO_REPLY, type Handler } from '../command-table/types.js';
import { call } from '../dispatch.js';

const NESTED = new ErrorReply('ERR MULTI calls can not be nested');
const EXEC_WITHOUT_MULTI = new ErrorReply('ERR EXEC without MULTI');
const DISCARD_WITHOUT_MULTI = new ErrorReply('ERR DISCARD without MULTI');
const EXECABORT = new ErrorReply('EXECABORT Transaction discarded because of previous errors.');
const WATCH_IN_MULTI = new ErrorReply('ERR WATCH inside MULTI is not allowed');

/** Leaves the transaction state (discardTransaction): queue, error flag and watches. */
export function discardTransaction(client: Client): void {
  client.multi = undefined;
  client.multiError = false;
  client.dirtyCas = false;
  if (client.watched.length !== 0) client.server.watches.unwatchAll(client);
}

const multi: Handler = (client) => {
  if (client.multi !== undefined) return NESTED;
  client.multi = [];
  return OK;
};

const discard: Handler = (client) => {
  if (client.multi === undefined) return DISCARD_WITHOUT_MULTI;
  discardTransaction(client);
  return OK;
};

const exec: Handler = (client) => {
  const queue = client.multi;
  if (queue === undefined) return EXEC_WITHOUT_MULTI;
  const server = client.server;
  if (!client.dirtyCas && client.watched.length !== 0 && server.watches.anyExpired(client)) client.dirtyCas = true;
  if (client.multiError || client.dirtyCas) {
    const reply = client.multiError ? EXECABORT : NULL_ARRAY;
    discardTransaction(client);
    return reply;
  }
  // Unwatch first: the transaction's own writes must not count as changes to what it watched.
  discardTransaction(client);
  const propagation = server.propagation;
  propagation.beginUnit();
  client.inExec = true;
  const replies: RespValue[] = [];
  try {
    for (const { command, args } of queue) {
      // ACL rules may have changed since the command was queued: EXEC checks again (execCommand).
      const denied = client.aclUser.unrestricted ? undefined : server.acl.checkQueued(client, command, args);
      const reply = denied ?? call(client, command, args);
      if (reply !== NO_REPLY) replies.push(reply);
    }
  } finally {
    client.inExec = false;
    propagation.endUnit();
  }
  // The queued commands were propagated one by one (wrapped above); EXEC itself adds nothing.
  if (propagation.active) propagation.override = [];
  return replies;
};

const watch: Handler = (client, args) => {
  if (client.multi !== undefined) return WATCH_IN_MULTI;
  // Already doomed: watching more changes nothing.
  if (client.dirtyCas) return OK;
  for (let i = 1; i < args.length; i++) client.server.watches.watch(client, client.db, args[i]!);
  return OK;
};

const unwatch: Handler = (client) => {
  if (client.watched.length !== 0) client.server.watches.unwatchAll(client);
  client.dirtyCas = false;
  return OK;
};

export const TRANSACTION_HANDLERS: Record<string, Handler> = { multi, exec, discard, watch, unwatch };
