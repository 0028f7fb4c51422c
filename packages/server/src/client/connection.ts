import type { Socket } from 'node:net';
import { ErrorReply, ProtocolError } from '@kv/resp';
import { NO_REPLY } from '../command-table/types.js';
import { execute, POSTPONED } from '../dispatch.js';
import type { KvServer } from '../kv-server.js';
import { PROTECTED_MODE_DENIED, protectedModeRefuses } from '../acl/protected-mode.js';
import { Client, type Transport } from './client.js';

const MAX_CLIENTS_REACHED = Buffer.from('-ERR max number of clients reached\r\n');

/**
 * Serves one TCP connection: every complete command in a chunk is run in
 * order and the replies go out in one write (pipelining).
 */
export function serveConnection(server: KvServer, socket: Socket): Client | undefined {
  socket.setNoDelay(true);
  if (server.clients.size >= server.config.number('maxclients')) {
    server.clients.rejectedConnections++;
    socket.end(MAX_CLIENTS_REACHED);
    return undefined;
  }
  if (protectedModeRefuses(server, socket.remoteAddress)) {
    server.clients.nextId(); // Redis has made the client (and used its id) by then
    server.clients.rejectedConnections++;
    socket.end(PROTECTED_MODE_DENIED);
    return undefined;
  }
  const client = new Client(server.clients.nextId(), server, socketTransport(socket));
  server.clients.add(client);

  socket.on('data', (chunk: Buffer) => {
    if (client.closed) return;
    server.stats.netInputBytes += chunk.length;
    server.stats.totalReadsProcessed++;
    client.parser.push(chunk);
    if (client.parser.bufferedBytes > server.config.number('client-query-buffer-limit')) {
      // A client that sends more than it lets us run (or a bulk that never ends) is cut off.
      server.log.warning(`Closing client that reached max query buffer length: ${client.describe(Date.now())}`);
      client.close();
      return;
    }
    runPending(client);
  });
  client.resume = () => {
    setImmediate(() => {
      if (!client.closed) runPending(client);
    });
  };
  const closed = () => {
    if (!client.closed) {
      client.closed = true;
      server.clientClosed(client);
    }
  };
  // The peer is done sending (the server half-opens sockets for this): what
  // its last commands got, still waiting for the loop's flush, goes out first.
  socket.on('end', () => {
    client.flush();
    socket.end();
  });
  socket.on('close', closed);
  socket.on('error', (err) => {
    server.log.verbose(`Client id=${client.id} addr=${client.transport.remoteAddress}: ${err.message}`);
    closed();
  });
  return client;
}

/** Runs every complete command buffered for the client, then flushes the replies. */
export function runPending(client: Client): void {
  const server = client.server;
  // A blocked client's next commands wait in its query buffer until it is served.
  if (server.blocking.isBlocked(client)) return;
  const encoder = client.encoder;
  // One clock reading per batch: commands of a pipeline run within microseconds of each other.
  client.server.keyspace.tick();
  client.running = true;
  const clock = server.commandClock;
  clock.beginBatch();
  try {
    for (;;) {
      let args = client.postponed;
      if (args !== undefined) client.postponed = undefined;
      else args = client.parser.next();
      if (args === undefined) break;
      if (client.replyMode === 'skip-next') client.replyMode = 'skip';
      const reply = execute(client, args);
      if (reply === POSTPONED) break;
      // CLIENT REPLY OFF/SKIP drop replies, not pushed messages (CLIENT_PUSHING).
      const mode = client.replyMode as Client['replyMode'];
      if (reply !== NO_REPLY && (mode === 'on' || mode === 'skip-next')) encoder.write(reply);
      if (mode === 'skip') client.replyMode = 'on';
      if (server.tracking.hasPending) server.tracking.flushPending(client);
      if (client.afterReply !== undefined) {
        for (const v of client.afterReply) encoder.write(v);
        client.afterReply = undefined;
      }
      // What the command pushed or moved may wake blocked clients, served before the next command.
      if (server.blocking.hasReady) {
        server.blocking.serveReady();
        clock.drop();
      }
      if (client.closeAfterReply || client.closed || server.blocking.isBlocked(client)) break;
    }
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    client.server.log.verbose(`Protocol error (${err.message}) from client: id=${client.id} addr=${client.transport.remoteAddress}`);
    client.server.stats.countError(err.message);
    encoder.write(new ErrorReply(err.message));
    client.closeAfterReply = true;
  } finally {
    clock.endBatch();
  }
  client.running = false;
  // What this batch changed reaches the AOF before any reply says it was done.
  client.server.aof?.flush();
  // Replies go out once the loop has run every socket that had data, as
  // Redis writes them in beforeSleep (handleClientsWithPendingWrites): the
  // readers woken by the writes then find the server done with its turn,
  // which on a 2-core machine is worth 10-15% at redis-benchmark -P 1.
  server.scheduleFlush(client);
}

function socketTransport(socket: Socket): Transport {
  const handle = (socket as unknown as { _handle?: { fd?: number } })._handle;
  return {
    remoteAddress: formatAddress(socket.remoteAddress, socket.remotePort),
    localAddress: formatAddress(socket.localAddress, socket.localPort),
    fd: handle?.fd ?? -1,
    write: (bytes) => {
      socket.write(bytes);
    },
    close: () => {
      socket.end();
    },
    bufferedBytes: () => socket.writableLength,
    abort: () => {
      socket.destroy();
    },
  };
}

function formatAddress(host: string | undefined, port: number | undefined): string {
  const h = (host ?? '?').replace(/^::ffff:/, '');
  return h.includes(':') ? `[${h}]:${port}` : `${h}:${port}`;
}
