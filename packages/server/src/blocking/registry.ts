import type { RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Database } from '../keyspace/database.js';
import type { KeyspaceListener } from '../keyspace/keyspace.js';
import type { KvServer } from '../kv-server.js';

/**
 * What a blocked client waits for. `serve` tries the command again for one
 * key that became ready: its reply, or undefined to keep waiting (still
 * empty, or the wrong type). It runs as the blocked client, in its database.
 */
export interface BlockSpec {
  readonly keys: readonly string[];
  /** Unix ms at which to give up; 0 waits for ever. */
  readonly deadline: number;
  /** The reply when the time is up (nil, or WAIT's count). */
  readonly timeoutReply: RespValue;
  readonly serve?: (key: string) => RespValue | undefined;
  /** What the served command is propagated as, when its handler did not say. */
  readonly args: readonly string[];
}

interface Blocked extends BlockSpec {
  readonly db: Database;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Clients blocked on keys (Redis's db->blocking_keys and server.ready_keys).
 * Nothing polls: a change to a key someone waits on (through the keyspace's
 * one door) marks it ready, and after the command that changed it the
 * waiters are served first come, first served. A timer per client ends
 * the wait.
 */
export class BlockRegistry implements KeyspaceListener {
  private readonly waiting = new Map<Database, Map<string, Client[]>>();
  private readonly state = new Map<Client, Blocked>();
  private ready: [Database, string][] = [];
  private readonly readySet = new Map<Database, Set<string>>();

  constructor(private readonly server: KvServer) {
    server.keyspace.addListener(this);
  }

  get blockedCount(): number {
    return this.state.size;
  }

  /** Clients waiting with a timeout (INFO clients_in_timeout_table). */
  get withTimeout(): number {
    let n = 0;
    for (const b of this.state.values()) if (b.deadline !== 0) n++;
    return n;
  }

  get hasReady(): boolean {
    return this.ready.length !== 0;
  }

  isBlocked(client: Client): boolean {
    // Asked before and after every command: most of the time nobody is blocked.
    return this.state.size !== 0 && this.state.has(client);
  }

  block(client: Client, spec: BlockSpec): void {
    const db = client.db;
    const b: Blocked = { ...spec, db, timer: undefined };
    this.state.set(client, b);
    let keys = this.waiting.get(db);
    if (keys === undefined) this.waiting.set(db, (keys = new Map()));
    for (const key of spec.keys) {
      let clients = keys.get(key);
      if (clients === undefined) keys.set(key, (clients = []));
      if (!clients.includes(client)) clients.push(client);
    }
    if (spec.deadline !== 0) {
      b.timer = setTimeout(() => this.timeOut(client), Math.max(0, spec.deadline - Date.now()));
    }
  }

  /** Ends the wait without a reply (the caller sends one); false if the client was not blocked. */
  unblock(client: Client): boolean {
    const b = this.state.get(client);
    if (b === undefined) return false;
    this.state.delete(client);
    if (b.timer !== undefined) clearTimeout(b.timer);
    const keys = this.waiting.get(b.db);
    if (keys !== undefined) {
      for (const key of b.keys) {
        const clients = keys.get(key);
        if (clients === undefined) continue;
        const i = clients.indexOf(client);
        if (i >= 0) clients.splice(i, 1);
        if (clients.length === 0) keys.delete(key);
      }
      if (keys.size === 0) this.waiting.delete(b.db);
    }
    return true;
  }

  /** Unblocks with a reply and lets the client go on with what it sent meanwhile. */
  finish(client: Client, reply: RespValue): void {
    if (!this.unblock(client)) return;
    client.push(reply);
    client.resume();
  }

  /** CLIENT UNBLOCK … TIMEOUT, or the timer. */
  timeOut(client: Client): void {
    const b = this.state.get(client);
    if (b === undefined) return;
    this.server.keyspace.tick();
    this.finish(client, b.timeoutReply);
  }

  keyModified(db: Database, key: string): void {
    if (this.waiting.size === 0) return;
    if (this.waiting.get(db)?.has(key) !== true) return;
    this.markReady(db, key);
  }

  databaseFlushed(db: Database): void {
    // SWAPDB can bring waited-for keys into a database (scanDatabaseForReadyKeys).
    const keys = this.waiting.get(db);
    if (keys === undefined) return;
    for (const key of keys.keys()) if (db.values.has(key)) this.markReady(db, key);
  }

  private markReady(db: Database, key: string): void {
    let set = this.readySet.get(db);
    if (set === undefined) this.readySet.set(db, (set = new Set()));
    if (set.has(key)) return;
    set.add(key);
    this.ready.push([db, key]);
  }

  /**
   * handleClientsBlockedOnKeys: serves the waiters of every key made ready
   * by the command just run, in the order the keys became ready; serving
   * can make more keys ready (BLMOVE pushes), which are served in turn.
   */
  serveReady(): void {
    const propagation = this.server.propagation;
    const keyspace = this.server.keyspace;
    while (this.ready.length !== 0) {
      const batch = this.ready;
      this.ready = [];
      this.readySet.clear();
      for (const [db, key] of batch) {
        const clients = this.waiting.get(db)?.get(key);
        if (clients === undefined) continue;
        for (const client of [...clients]) {
          if (!db.values.has(key)) break;
          const b = this.state.get(client);
          if (b === undefined || b.serve === undefined) continue;
          const dirty = keyspace.dirty;
          propagation.override = undefined;
          const reply = b.serve(key);
          propagation.commandDone(db.id, b.args, keyspace.dirty !== dirty);
          if (reply === undefined) continue;
          this.finish(client, reply);
        }
      }
    }
  }
}
