import { ReplyEncoder, RequestParser, type Protocol, type RespValue } from '@kv/resp';
import type { Database } from '../keyspace/database.js';
import type { KvServer } from '../kv-server.js';
import type { User } from '../acl/user.js';
import { newSubscriptions, type Subscriptions } from '../pubsub/hub.js';
import type { WatchedKey } from '../transactions/watch.js';
import type { Command } from '../command-table/types.js';
import type { TrackingState } from '../tracking/tracking.js';

/** A command MULTI queued, checked already, run by EXEC. */
export interface QueuedCommand {
  readonly command: Command;
  readonly args: string[];
}

/** Where a client's replies go and how it is closed: a socket, or nothing for internal clients. */
export interface Transport {
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly fd: number;
  write(bytes: Buffer): void;
  /** Closes after pending writes are flushed. */
  close(): void;
  /** Bytes written but not yet taken by the kernel (the reply list Redis counts in omem). */
  bufferedBytes?(): number;
  /** Closes at once, dropping what was not sent (freeClientAsync for a client over its limits). */
  abort?(): void;
}

/** The state Redis keeps per connection (the `client` struct). */
export class Client {
  readonly parser: RequestParser;
  readonly encoder: ReplyEncoder;
  readonly createdAt: number;
  db: Database;
  name = '';
  user = 'default';
  /** The ACL user (Redis's c->user); `user` is its name. */
  aclUser: User;
  authenticated: boolean;
  /** Unix ms of the last command, for idle time and the `timeout` config. */
  lastInteraction: number;
  /** Full name of the last command run (CLIENT LIST cmd=). */
  lastCommand = 'NULL';
  /** The arguments of the command running now (for handlers that rewrite what they propagate). */
  currentArgs: string[] | undefined = undefined;
  /** Set by QUIT, protocol errors and CLIENT KILL: close once replies are written. */
  closeAfterReply = false;
  closed = false;
  /** In MONITOR mode (flag O in CLIENT LIST); server.monitors feeds it. */
  monitor = false;
  /** True while runPending runs this client's commands: what it is sent goes out with the batch's replies. */
  running = false;
  readonly subscriptions: Subscriptions = newSubscriptions();
  /** Commands queued since MULTI; undefined outside a transaction. */
  multi: QueuedCommand[] | undefined = undefined;
  /** A command was refused while queuing: EXEC will answer EXECABORT (CLIENT_DIRTY_EXEC). */
  multiError = false;
  /** A watched key changed: EXEC will answer nil (CLIENT_DIRTY_CAS). */
  dirtyCas = false;
  /** While EXEC runs the queue: blocking commands must not block (CLIENT_DENY_BLOCKING). */
  inExec = false;
  readonly watched: WatchedKey[] = [];
  /** Sent right after the running command's reply (a monitor's own command line). */
  afterReply: RespValue[] | undefined = undefined;
  /** CLIENT NO-EVICT (flag e). */
  noEvict = false;
  /** CLIENT REPLY: on, off, skip-next (set by SKIP), skip (this command's reply is dropped). */
  replyMode: 'on' | 'off' | 'skip-next' | 'skip' = 'on';
  /** A command held back by CLIENT PAUSE, run first when the pause ends. */
  postponed: string[] | undefined = undefined;
  /** CLIENT TRACKING state while on. */
  tracking: TrackingState | undefined = undefined;
  /** CLIENT CACHING yes/no for the next command (OPTIN/OPTOUT). */
  cachingFlag: boolean | undefined = undefined;
  /** Set by the network layer: go on with the commands that arrived while the client was blocked. */
  resume: () => void = () => {};

  constructor(
    readonly id: number,
    readonly server: KvServer,
    readonly transport: Transport,
  ) {
    this.parser = new RequestParser({ maxBulkLength: server.config.number('proto-max-bulk-len') });
    this.encoder = new ReplyEncoder();
    this.createdAt = Date.now();
    this.lastInteraction = this.createdAt;
    this.db = server.keyspace.databases[0]!;
    this.aclUser = server.acl.defaultUser;
    this.authenticated = !server.requiresAuth();
    this.parser.authenticated = this.authenticated;
  }

  get protocol(): Protocol {
    return this.encoder.protocol;
  }

  set protocol(p: Protocol) {
    this.encoder.protocol = p;
  }

  setAuthenticated(yes: boolean): void {
    this.authenticated = yes;
    this.parser.authenticated = yes;
  }

  /** Channels and patterns (RESP2 subscribed mode is on while this is not 0; shard channels count apart). */
  get subscriptionCount(): number {
    return this.subscriptions.channels.size + this.subscriptions.patterns.size;
  }

  get inPubSubMode(): boolean {
    const s = this.subscriptions;
    return s.channels.size + s.patterns.size + s.shardChannels.size !== 0;
  }

  /** Sends a reply out of band (a message, an unblocked command's reply): flushed with the batch, or soon. */
  push(reply: RespValue): void {
    if (this.closed) return;
    this.encoder.write(reply);
    this.pushed();
  }

  /** push() of bytes encoded already (one message to many subscribers). */
  pushRaw(bytes: Buffer): void {
    if (this.closed) return;
    this.encoder.writeRaw(bytes);
    this.pushed();
  }

  private pushed(): void {
    // A flood of messages within one turn must hit the limit before it is flushed, too.
    if (this.encoder.length >= 1 << 16 && this.overOutputLimit()) return;
    if (!this.running) this.server.scheduleFlush(this);
  }

  /** Writes everything encoded so far to the transport, then closes if asked to. */
  flush(): void {
    if (this.closed) return;
    if (this.encoder.length !== 0) {
      const bytes = this.encoder.take();
      this.server.stats.netOutputBytes += bytes.length;
      this.server.stats.totalWritesProcessed++;
      this.transport.write(bytes);
      if ((this.transport.bufferedBytes?.() ?? 0) !== 0 && this.overOutputLimit()) return;
    }
    if (this.closeAfterReply) this.close();
  }

  /** When the soft limit was first passed (0: under it), for `soft seconds`. */
  private softLimitSince = 0;

  /**
   * checkClientOutputBufferLimits: a client whose unsent output passes its
   * class's hard limit, or stays over the soft limit for longer than allowed,
   * is dropped, so a slow reader cannot make the server hold unbounded memory.
   */
  private overOutputLimit(): boolean {
    const [hard, soft, seconds] = this.server.outputLimits(this.inPubSubMode ? 'pubsub' : 'normal');
    if (hard === 0 && soft === 0) return false;
    const used = (this.transport.bufferedBytes?.() ?? 0) + this.encoder.length;
    let over = hard !== 0 && used >= hard;
    if (!over && soft !== 0 && used >= soft) {
      const now = Date.now();
      if (this.softLimitSince === 0) this.softLimitSince = now;
      else if (now - this.softLimitSince > seconds * 1000) over = true;
    } else if (soft === 0 || used < soft) this.softLimitSince = 0;
    if (!over) return false;
    this.server.log.warning(`Client ${this.describe(Date.now())} scheduled to be closed ASAP for overcoming of output buffer limits.`);
    this.closed = true;
    (this.transport.abort ?? this.transport.close)();
    this.server.clientClosed(this);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.close();
    this.server.clientClosed(this);
  }

  /** CLIENT LIST flags=, in Redis's order; N when none. */
  flagString(): string {
    let f = '';
    if (this.monitor) f += 'O';
    if (this.inPubSubMode) f += 'P';
    if (this.multi !== undefined) f += 'x';
    if (this.server.blocking.isBlocked(this)) f += 'b';
    if (this.tracking !== undefined) {
      f += 't';
      if (this.tracking.brokenRedirect) f += 'R';
      if (this.tracking.bcast) f += 'B';
    }
    if (this.dirtyCas) f += 'd';
    if (this.closeAfterReply) f += 'c';
    if (this.noEvict) f += 'e';
    return f === '' ? 'N' : f;
  }

  /** One line of CLIENT LIST / CLIENT INFO, with Redis 7.0's fields in Redis's order. */
  describe(now: number): string {
    const qbuf = this.parser.bufferedBytes;
    const queued = this.transport.bufferedBytes?.() ?? 0;
    let argvMem = 0;
    for (const a of this.currentArgs ?? []) argvMem += a.length;
    let multiMem = 0;
    for (const q of this.multi ?? []) for (const a of q.args) multiMem += a.length + 16;
    return [
      `id=${this.id}`,
      `addr=${this.transport.remoteAddress}`,
      `laddr=${this.transport.localAddress}`,
      `fd=${this.transport.fd}`,
      `name=${this.name}`,
      `age=${Math.floor((now - this.createdAt) / 1000)}`,
      `idle=${Math.floor((now - this.lastInteraction) / 1000)}`,
      `flags=${this.flagString()}`,
      `db=${this.db.id}`,
      `sub=${this.subscriptions.channels.size}`,
      `psub=${this.subscriptions.patterns.size}`,
      `ssub=${this.subscriptions.shardChannels.size}`,
      `multi=${this.multi === undefined ? -1 : this.multi.length}`,
      `qbuf=${qbuf}`,
      `qbuf-free=${qbuf === 0 ? 0 : 20474 - Math.min(qbuf, 20474)}`,
      `argv-mem=${argvMem}`,
      `multi-mem=${multiMem}`,
      'rbs=16384', 'rbp=16384',
      // Unsent output: Redis's 16 KB static buffer (obl) then its reply list (oll nodes of 16 KB, omem bytes).
      `obl=${Math.min(this.encoder.length, 16384)}`,
      `oll=${Math.ceil(queued / 16384)}`,
      `omem=${queued}`,
      `tot-mem=${qbuf + argvMem + multiMem + queued + this.encoder.length + 16384}`,
      `events=${queued + this.encoder.length === 0 ? 'r' : 'rw'}`,
      `cmd=${this.lastCommand}`,
      `user=${this.user}`,
      `redir=${this.tracking === undefined ? -1 : this.tracking.redirect}`,
      `resp=${this.protocol}`,
    ].join(' ');
  }
}
