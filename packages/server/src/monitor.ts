import { SimpleString } from '@kv/resp';
import type { Client } from './client/client.js';
import { repr } from './util/repr.js';

// MONITOR (replicationFeedMonitors): every command any client runs, as one
// status line per command sent to each monitoring client:
//   +1700000000.123456 [0 127.0.0.1:5555] "set" "k" "v"
// The database is the one the command ran in (after SELECT, the new one),
// arguments are quoted as sdscatrepr quotes them, secrets are redacted.

/** Clients in MONITOR mode (server.monitors). */
export class Monitors {
  private readonly clients = new Set<Client>();

  get size(): number {
    return this.clients.size;
  }

  add(client: Client): void {
    this.clients.add(client);
  }

  /** RESET and closing the connection end MONITOR mode. */
  remove(client: Client): void {
    this.clients.delete(client);
  }

  has(client: Client): boolean {
    return this.clients.has(client);
  }

  /** Sends one command to every monitor. `args` are the arguments as shown (already redacted). */
  feed(client: Client, args: readonly string[]): void {
    const line = new SimpleString(monitorLine(nowMicros(), client.db.id, peerTag(client), args));
    for (const m of this.clients) {
      if (m.closed) this.clients.delete(m);
      // A monitor sees its own commands too, after their reply (Redis feeds once the reply is queued).
      else if (m === client) (m.afterReply ??= []).push(line);
      else m.push(line);
    }
  }
}

function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/**
 * Who ran the command, as the line shows it: `lua` for a script's client
 * (its transport's remoteAddress is 'lua'), `unix:<path>` for a Unix socket,
 * otherwise ip:port.
 */
export function peerTag(client: Client): string {
  const peer = client.transport.remoteAddress;
  if (peer === 'lua') return 'lua';
  if (peer.startsWith('/')) return `unix:${peer}`;
  return peer;
}

/** One MONITOR line without the leading '+' and the CRLF. */
export function monitorLine(micros: number, db: number, peer: string, args: readonly string[]): string {
  const seconds = Math.floor(micros / 1e6);
  const usec = String(micros - seconds * 1e6).padStart(6, '0');
  let line = `${seconds}.${usec} [${db} ${peer}]`;
  for (const a of args) line += ' ' + repr(a);
  return line;
}
