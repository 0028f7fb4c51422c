import { ErrorReply, OK } from '@kv/resp';
import { NO_REPLY, type Handler } from '../command-table/types.js';

// MONITOR (monitorCommand): the connection becomes a monitor and from then on
// receives every command the server runs (src/monitor.ts feeds it).

const DENY_BLOCKING = new ErrorReply("ERR MONITOR isn't allowed for DENY BLOCKING client");

const monitor: Handler = (client) => {
  // Inside EXEC the client expects one reply per command, so it cannot start a stream (CLIENT_DENY_BLOCKING).
  if (client.inExec) return DENY_BLOCKING;
  // Already a monitor: ignored, without a reply.
  if (client.monitor) return NO_REPLY;
  client.monitor = true;
  client.server.monitors.add(client);
  return OK;
};

export const MONITOR_HANDLERS: Record<string, Handler> = { monitor };
