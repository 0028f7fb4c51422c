import { PushReply, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Command } from '../command-table/types.js';
import { commandKeys } from '../command-table/key-specs.js';
import type { Database } from '../keyspace/database.js';
import type { KeyspaceListener } from '../keyspace/keyspace.js';
import type { KvServer } from '../kv-server.js';

/** A client's CLIENT TRACKING settings while on. */
export interface TrackingState {
  /** Client id invalidations go to; 0 for the client itself. */
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  prefixes: string[];
  /** The redirect client went away (flag R). */
  brokenRedirect: boolean;
}

const INVALIDATE_CHANNEL = '__redis__:invalidate';

interface Prefix {
  readonly clients: Set<Client>;
  /** Keys changed since the last broadcast, each with the client that changed it (for NOLOOP). */
  pending: Map<string, Client | undefined>;
}

/**
 * Server-assisted client-side caching (Redis's tracking.c). Default mode:
 * the keys a client read are remembered (one table for all databases, as
 * in Redis) and the first change to one sends that client an invalidation,
 * then forgets it. BCAST mode: every change to a key under a subscribed
 * prefix is announced, batched once per event-loop turn.
 */
export class Tracking implements KeyspaceListener {
  /** key -> ids of clients that may have cached it. */
  private readonly table = new Map<string, Set<number>>();
  private readonly prefixes = new Map<string, Prefix>();
  private broadcastScheduled = false;
  /** Invalidations for the client running a command, sent after its reply (tracking_pending_keys). */
  private readonly pendingForCurrent: string[] = [];
  clients = 0;

  constructor(private readonly server: KvServer) {
    server.keyspace.addListener(this);
  }

  get trackedKeys(): number {
    return this.table.size;
  }

  /** Client ids across all tracked keys (tracking_total_items). */
  get trackedItems(): number {
    let n = 0;
    for (const ids of this.table.values()) n += ids.size;
    return n;
  }

  get prefixCount(): number {
    return this.prefixes.size;
  }

  enable(client: Client, state: TrackingState): void {
    if (client.tracking === undefined) this.clients++;
    client.tracking = state;
    if (state.bcast) {
      const prefixes = state.prefixes.length === 0 ? [''] : state.prefixes;
      for (const p of prefixes) {
        let entry = this.prefixes.get(p);
        if (entry === undefined) this.prefixes.set(p, (entry = { clients: new Set(), pending: new Map() }));
        entry.clients.add(client);
      }
      if (state.prefixes.length === 0) state.prefixes = [''];
    }
  }

  disable(client: Client): void {
    const state = client.tracking;
    if (state === undefined) return;
    if (state.bcast) {
      for (const p of state.prefixes) {
        const entry = this.prefixes.get(p);
        if (entry === undefined) continue;
        entry.clients.delete(client);
        if (entry.clients.size === 0) this.prefixes.delete(p);
      }
    }
    client.tracking = undefined;
    client.cachingFlag = undefined;
    this.clients--;
  }

  /** After a command ran for a tracking client: remember what a read-only command read (trackingRememberKeys). */
  afterCall(client: Client, command: Command, args: readonly string[]): void {
    const state = client.tracking!;
    const caching = client.cachingFlag;
    // CLIENT CACHING lasts for the next command only (any CLIENT subcommand keeps it, as does MULTI).
    if (command.parent?.name !== 'client' && client.multi === undefined) client.cachingFlag = undefined;
    if (state.bcast || !command.flagSet.has('readonly')) return;
    if (state.optin && caching !== true) return;
    if (state.optout && caching === false) return;
    for (const ref of commandKeys(command.fullName, command.meta, args)) {
      const key = args[ref.pos]!;
      let ids = this.table.get(key);
      if (ids === undefined) this.table.set(key, (ids = new Set()));
      ids.add(client.id);
    }
    const max = this.server.config.number('tracking-table-max-keys');
    if (max > 0 && this.table.size > max) this.limitTable(max);
  }

  /**
   * trackingLimitUsedSlots: past tracking-table-max-keys, keys are dropped
   * from the table with an invalidation, so their clients stop trusting
   * them; the oldest go first (Redis picks random ones).
   */
  private limitTable(max: number): void {
    for (const key of this.table.keys()) {
      if (this.table.size <= max) break;
      this.invalidateKey(key, undefined, false);
    }
  }

  keyModified(_db: Database, key: string): void {
    if (this.clients === 0) return;
    this.invalidateKey(key, this.server.currentClient);
  }

  /** The command count at the last flush invalidation: FLUSHALL empties every database but sends one. */
  private lastFlush = -1;

  databaseFlushed(): void {
    if (this.clients === 0) return;
    // SWAPDB does not invalidate in Redis 7.0; FLUSHDB/FLUSHALL do, once.
    if (this.server.currentClient?.lastCommand === 'swapdb') return;
    const seq = this.server.stats.totalCommands;
    if (seq === this.lastFlush) return;
    this.lastFlush = seq;
    // trackingInvalidateKeysOnFlush: every tracking client hears "everything", as a null.
    for (const c of this.server.clients) if (c.tracking !== undefined) this.send(c, null);
    this.table.clear();
  }

  private invalidateKey(key: string, by: Client | undefined, bcast = true): void {
    if (bcast && this.prefixes.size !== 0) {
      for (const [prefix, entry] of this.prefixes) {
        if (key.startsWith(prefix)) {
          entry.pending.set(key, by);
          this.scheduleBroadcast();
        }
      }
    }
    const ids = this.table.get(key);
    if (ids === undefined) return;
    this.table.delete(key);
    for (const id of ids) {
      const target = this.server.clients.get(id);
      if (target === undefined || target.tracking === undefined || target.tracking.bcast) continue;
      if (target.tracking.noloop && target === by) continue;
      // Its own change: the invalidation follows the command's reply.
      if (target === by && target.running) this.pendingForCurrent.push(key);
      else this.send(target, [key]);
    }
  }

  /** After a command's reply: the invalidations it caused for its own client. */
  flushPending(client: Client): void {
    if (this.pendingForCurrent.length === 0) return;
    const keys = this.pendingForCurrent.splice(0);
    if (client.tracking !== undefined) for (const k of keys) this.send(client, [k]);
  }

  get hasPending(): boolean {
    return this.pendingForCurrent.length !== 0;
  }

  private scheduleBroadcast(): void {
    if (this.broadcastScheduled) return;
    this.broadcastScheduled = true;
    setImmediate(() => {
      this.broadcastScheduled = false;
      this.broadcast();
    });
  }

  /** trackingBroadcastInvalidationMessages: one message per prefix with the keys changed under it. */
  private broadcast(): void {
    for (const entry of this.prefixes.values()) {
      if (entry.pending.size === 0) continue;
      const pending = entry.pending;
      entry.pending = new Map();
      for (const c of entry.clients) {
        const keys: string[] = [];
        for (const [k, by] of pending) if (!(c.tracking?.noloop === true && by === c)) keys.push(k);
        if (keys.length !== 0) this.send(c, keys);
      }
    }
  }

  /** sendTrackingMessage: a push to the client itself (RESP3), or a message on __redis__:invalidate to the redirect client. */
  private send(client: Client, keys: string[] | null): void {
    const state = client.tracking;
    if (state === undefined) return;
    let target = client;
    let redirected = false;
    if (state.redirect !== 0) {
      const r = this.server.clients.get(state.redirect);
      if (r === undefined) {
        state.brokenRedirect = true;
        if (client.protocol === 3) client.push(new PushReply(['tracking-redir-broken', state.redirect]));
        return;
      }
      target = r;
      redirected = true;
    }
    const payload: RespValue = keys;
    if (target.protocol === 3) target.push(new PushReply(['invalidate', payload]));
    else if (redirected && target.inPubSubMode) target.push(new PushReply(['message', INVALIDATE_CHANNEL, payload]));
  }
}
