import { randomBytes } from 'node:crypto';
import { Acl } from './acl/acl.js';
import { ClientRegistry } from './client/registry.js';
import { CommandTable } from './command-table/table.js';
import { CommandClock } from './command-clock.js';
import { COMMAND_META } from './command-table/meta.generated.js';
import { HANDLERS } from './commands/index.js';
import { Config } from './config/config.js';
import { ActiveExpire } from './keyspace/active-expire.js';
import { Eviction } from './eviction/evictor.js';
import { Keyspace } from './keyspace/keyspace.js';
import { Logger } from './log.js';
import { RdbState } from './persistence/rdb-state.js';
import { Propagation } from './propagation.js';
import { Aof } from './persistence/aof.js';
import { ServerStats } from './stats.js';
import { SlowLog } from './slowlog.js';
import { LatencyMonitor } from './latency.js';
import { Monitors } from './monitor.js';
import { PubSubHub } from './pubsub/hub.js';
import { followKeyspaceEventsConfig, notifyKeyspaceEvent } from './notify/notify.js';
import { NOTIFY_EVICTED, NOTIFY_EXPIRED } from './notify/flags.js';
import { WatchRegistry } from './transactions/watch.js';
import { BlockRegistry } from './blocking/registry.js';
import { Tracking } from './tracking/tracking.js';
import { PauseState } from './client/pause.js';
import type { Client } from './client/client.js';

/** Everything a running server shares between its clients: Redis's `server` struct. */
export class KvServer {
  readonly keyspace: Keyspace;
  readonly commands = new CommandTable(HANDLERS, COMMAND_META);
  readonly clients = new ClientRegistry();
  readonly stats = new ServerStats();
  readonly activeExpire: ActiveExpire;
  /** maxmemory and its policies. */
  readonly eviction: Eviction;
  /** Executed writes on their way to the AOF (and replicas later). */
  readonly propagation = new Propagation();
  /** The append-only file, while appendonly is yes. */
  aof: Aof | undefined = undefined;
  /** dump.rdb saving and the running BGSAVE. */
  readonly rdb: RdbState;
  /** Users, permissions and the ACL log. */
  readonly acl: Acl;
  readonly startedAt = Date.now();
  /** 40 hex chars, new each start (INFO run_id). */
  readonly runId = randomBytes(20).toString('hex');
  /** The port actually listened on (differs from config when 0 was asked). */
  port = 0;
  /** Path of the config file it started with ('' for none), for INFO. */
  configFile = '';
  /** Heap in use once started, so INFO can tell the dataset from the baseline. */
  readonly startupMemory = process.memoryUsage().heapUsed;
  private peak = 0;
  readonly pubsub = new PubSubHub();
  /** notify-keyspace-events as flags (server.notify_keyspace_events; notify/flags.ts). */
  keyspaceEvents = 0;
  readonly watches: WatchRegistry;
  readonly blocking: BlockRegistry;
  readonly tracking: Tracking;
  readonly pause = new PauseState();
  /** The client whose command is running (server.current_client), for NOLOOP. */
  currentClient: Client | undefined = undefined;
  /** Clients sent something outside their own batch (messages, unblocked replies), flushed together once I/O has been read. */
  private readonly pendingFlush = new Set<Client>();
  private flushScheduled = false;
  /** SLOWLOG, LATENCY and MONITOR (slowlog.ts, latency.ts, monitor.ts; fed by command-observers.ts). */
  readonly slowlog: SlowLog;
  /** Times each command (call()). */
  readonly commandClock = new CommandClock();
  readonly latency: LatencyMonitor;
  readonly monitors = new Monitors();
  /** Set by SHUTDOWN; the network layer stops the server. */
  onShutdown: () => void = () => {};

  constructor(
    readonly config: Config,
    readonly log: Logger,
  ) {
    this.keyspace = new Keyspace(config.number('databases'));
    this.slowlog = new SlowLog(config);
    this.latency = new LatencyMonitor(config);
    this.activeExpire = new ActiveExpire(this.keyspace);
    this.rdb = new RdbState(this);
    this.acl = new Acl(this);
    this.watches = new WatchRegistry(this.keyspace);
    this.blocking = new BlockRegistry(this);
    this.tracking = new Tracking(this);
    this.keyspace.onExpired = (db, key) => {
      notifyKeyspaceEvent(this, NOTIFY_EXPIRED, 'expired', key, db.id);
      this.propagation.expired(db, key);
    };
    this.eviction = new Eviction(this.keyspace, config, log, () => this.pause.mode !== 'none');
    // Evicted keys are propagated as DEL too (lazyfree-lazy-eviction would make it UNLINK).
    this.keyspace.onEvicted = (db, key) => {
      notifyKeyspaceEvent(this, NOTIFY_EVICTED, 'evicted', key, db.id);
      this.propagation.expired(db, key);
    };
    followKeyspaceEventsConfig(this);
  }

  /** client-output-buffer-limit of a class: hard bytes, soft bytes, soft seconds. */
  outputLimits(cls: 'normal' | 'slave' | 'pubsub'): [number, number, number] {
    const raw = this.config.get('client-output-buffer-limit');
    if (raw !== this.obufRaw) {
      this.obufRaw = raw;
      const w = raw.split(' ');
      this.obufParsed = new Map();
      for (let i = 0; i < w.length; i += 4) this.obufParsed.set(w[i]!, [Number(w[i + 1]), Number(w[i + 2]), Number(w[i + 3])]);
    }
    return this.obufParsed.get(cls) ?? [0, 0, 0];
  }

  private obufRaw = '';
  private obufParsed = new Map<string, [number, number, number]>();

  scheduleFlush(client: Client): void {
    this.pendingFlush.add(client);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushPending());
  }

  /** Writes out every client's replies and messages of this turn of the loop, one write each (scheduleFlush sets it up). */
  flushPending(): void {
    this.flushScheduled = false;
    if (this.pendingFlush.size === 0) return;
    const clients = [...this.pendingFlush];
    this.pendingFlush.clear();
    for (const c of clients) c.flush();
  }

  /** Everything a client leaves behind when it goes: its subscriptions, watches, blocks. */
  clientClosed(client: Client): void {
    this.clients.remove(client);
    this.pendingFlush.delete(client);
    if (client.inPubSubMode) this.pubsub.removeClient(client);
    if (client.watched.length !== 0) this.watches.unwatchAll(client);
    this.blocking.unblock(client);
    if (client.tracking !== undefined) this.tracking.disable(client);
    this.pause.forget(client);
  }

  /** Highest memory use seen, given the current one (INFO used_memory_peak). */
  peakMemory(current: number): number {
    if (current > this.peak) this.peak = current;
    return this.peak;
  }

  /** CONFIG RESETSTAT. */
  resetStats(): void {
    this.stats.reset();
    const ks = this.keyspace.stats;
    ks.expiredKeys = ks.keyspaceHits = ks.keyspaceMisses = ks.evictedKeys = 0;
    this.eviction.resetStats();
    for (const c of this.commands.commands()) {
      for (const x of c.subcommands === undefined ? [c] : [c, ...c.subcommands.values()]) {
        x.calls = x.usec = x.rejectedCalls = x.failedCalls = 0;
      }
    }
  }

  /** CONFIG SET appendonly yes at run time: a fresh AOF whose base is the dataset now (startAppendOnly). */
  startAof(): void {
    if (this.aof !== undefined) return;
    const aof = new Aof(this);
    aof.openOnStart(undefined);
    this.aof = aof;
  }

  /** appendonly no: stop logging (stopAppendOnly). */
  stopAof(): void {
    this.aof?.close();
    this.aof = undefined;
  }

  /** Whether connections must authenticate: the default user has a password or is off. */
  requiresAuth(): boolean {
    return this.acl.defaultNeedsAuth();
  }
}
