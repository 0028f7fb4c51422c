// The client: typed command methods over one auto-pipelined connection
// (Session), pipelines and transactions, pub/sub, client-side caching, and
// the state (AUTH, SELECT, CLIENT SETNAME, subscriptions) that a reconnect
// restores.
import { EventEmitter } from 'node:events';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { ErrorReply, MapReply, type RespValue } from '@kv/resp';
import { Multi, Pipeline, trimmed, type BatchCommand, type BatchRunner } from './batch.js';
import { checkArgs } from './command-writer.js';
import { ClientCache, cacheId, type CacheOptions, type CacheStats } from './cache.js';
import { COMMAND_DEFS, CLIENT_ONLY, type ClientCommands, type CommandDef } from './commands.js';
import { bytesKey, convert, decodeScan, decodeScored } from './decode.js';
import { Batch, Kind, Pending } from './pending.js';
import { Subscriptions, type MessageListener, type PatternListener, type SubscriptionKind } from './pubsub.js';
import { Session, type HandshakeStep, type ReconnectStrategy, type SessionEvent, type SessionOptions } from './session.js';
import { CACHEABLE, CALL_SPEC, STATEFUL, makeSpec, type CommandSpec, type ReplyObserver } from './spec.js';
import type { Arg, Key, Reply, ScoredMember } from './types.js';

export interface ReconnectOptions {
  /** First delay, ms (default 50). */
  initialDelay?: number;
  /** Longest delay, ms (default 2000). */
  maxDelay?: number;
  /** Each delay is the previous one times this (default 2). */
  factor?: number;
  /** Give up after this many failed attempts in a row (default: never). */
  maxAttempts?: number;
  /** Random spread, 0–1: each delay is multiplied by 1 ± jitter (default 0.2). */
  jitter?: number;
}

export interface ClientOptions {
  host?: string;
  port?: number;
  /** A Unix socket instead of host and port. */
  path?: string;
  /** `redis://[user:password@]host[:port][/db]`; `rediss://` turns TLS on. Explicit options win over it. */
  url?: string;
  username?: string;
  password?: string;
  /** The database to SELECT (again on every reconnect). */
  db?: number;
  /** CLIENT SETNAME (again on every reconnect). */
  name?: string;
  /** 3 sends HELLO 3: RESP3 replies, and pub/sub on the same connection. Default 2. */
  protocol?: 2 | 3;
  /** Bulk strings as Buffers instead of UTF-8 strings. */
  buffers?: boolean;
  /** TLS (node:tls options; true for defaults). */
  tls?: boolean | TlsOptions;
  /** ms to connect and finish the handshake (default 10,000). */
  connectTimeout?: number;
  /** ms to wait for a reply before failing the command with a TimeoutError (default 0: wait forever). Blocking commands are exempt. */
  commandTimeout?: number;
  /** Reconnect with exponential backoff (default true), or a function giving the delay before attempt n (null: give up). */
  reconnect?: boolean | ReconnectOptions | ReconnectStrategy;
  /** While disconnected, queue commands until reconnected (default) or fail them at once with ConnectionError. */
  offlineQueue?: boolean;
  /** Client-side caching of reads (CLIENT TRACKING); needs protocol 3. */
  clientSideCache?: boolean | CacheOptions;
  /** TCP keep-alive initial delay, ms (default 30,000; 0 turns it off). */
  keepAlive?: number;
}

export interface ClientEvents {
  /** A socket connected (before the handshake). */
  connect: [];
  /** Connected and handshaken: commands flow. */
  ready: [];
  /** The connection dropped. */
  disconnect: [error: Error];
  reconnecting: [info: { attempt: number; delay: number; error: Error }];
  /** A reconnect attempt failed, or a pub/sub listener threw. Only emitted when someone listens. */
  error: [error: Error];
  /** A RESP3 push that is not a pub/sub message or an invalidation. */
  push: [items: Reply<string | Buffer>[]];
  /** Closed for good. */
  end: [];
}

export interface MonitorHandle {
  stop(): Promise<void>;
}

/** Client-level state that a new connection must be brought back to. */
interface ConnectionState {
  protocol: 2 | 3;
  username: string | undefined;
  password: string | undefined;
  db: number;
  name: string | undefined;
}

function backoff(o: ReconnectOptions): ReconnectStrategy {
  const initial = o.initialDelay ?? 50;
  const max = o.maxDelay ?? 2000;
  const factor = o.factor ?? 2;
  const attempts = o.maxAttempts ?? Infinity;
  const jitter = Math.min(1, Math.max(0, o.jitter ?? 0.2));
  return (attempt) => {
    if (attempt > attempts) return null;
    const base = Math.min(max, initial * factor ** (attempt - 1));
    return Math.round(base * (1 + jitter * (Math.random() * 2 - 1)));
  };
}

function parseUrl(url: string): ClientOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new TypeError(`not a redis:// URL: ${url}`);
  const out: ClientOptions = {};
  if (u.hostname !== '') out.host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (u.port !== '') out.port = Number(u.port);
  if (u.username !== '') out.username = decodeURIComponent(u.username);
  if (u.password !== '') out.password = decodeURIComponent(u.password);
  const db = u.pathname.replace(/^\//, '');
  if (db !== '') out.db = Number(db);
  if (u.protocol === 'rediss:') out.tls = true;
  return out;
}

const SUBSCRIBE_COMMANDS: Record<SubscriptionKind, { sub: string; unsub: string }> = {
  subscribe: { sub: 'SUBSCRIBE', unsub: 'UNSUBSCRIBE' },
  psubscribe: { sub: 'PSUBSCRIBE', unsub: 'PUNSUBSCRIBE' },
  ssubscribe: { sub: 'SSUBSCRIBE', unsub: 'SUNSUBSCRIBE' },
};
const KINDS: SubscriptionKind[] = ['subscribe', 'psubscribe', 'ssubscribe'];
const MULTI = makeSpec(['MULTI']);
const EXEC = makeSpec(['EXEC']);
/** call() refuses these: they change the connection in ways the client must manage (use the methods). */
const MANAGED = new Set(['SUBSCRIBE', 'UNSUBSCRIBE', 'PSUBSCRIBE', 'PUNSUBSCRIBE', 'SSUBSCRIBE', 'SUNSUBSCRIBE', 'MONITOR', 'QUIT', 'RESET', 'MULTI', 'EXEC', 'DISCARD', 'SYNC', 'PSYNC']);

export interface Client<S extends string | Buffer = string> extends ClientCommands<S> {}

/**
 * A Redis client. Commands issued in the same tick are pipelined (writes of up to 4 commands);
 * replies are decoded to the types the methods declare (bulk strings as
 * UTF-8 strings, or Buffers with `buffers: true`).
 *
 * ```ts
 * const client = await Client.connect({ port: 6379 });
 * await client.set('k', 'v', { EX: 60 });
 * ```
 */
export class Client<S extends string | Buffer = string> extends EventEmitter<ClientEvents> implements BatchRunner, ReplyObserver {
  readonly options: Readonly<ClientOptions>;
  private readonly session: Session;
  /** RESP2 only: pub/sub needs a connection of its own. */
  private subSession: Session | undefined;
  private readonly state: ConnectionState;
  private readonly subs: Subscriptions;
  private readonly clientCache: ClientCache | null;
  private readonly buffers: boolean;

  constructor(options: ClientOptions = {}) {
    super();
    const o: ClientOptions = { ...(options.url === undefined ? {} : parseUrl(options.url)), ...options };
    this.options = o;
    this.buffers = o.buffers === true;
    this.state = { protocol: o.protocol ?? 2, username: o.username, password: o.password, db: o.db ?? 0, name: o.name };
    if (o.clientSideCache !== undefined && o.clientSideCache !== false) {
      if (this.state.protocol !== 3) throw new TypeError('clientSideCache needs protocol: 3 (invalidations arrive as RESP3 pushes)');
      this.clientCache = new ClientCache(o.clientSideCache === true ? {} : o.clientSideCache);
    } else this.clientCache = null;
    this.subs = new Subscriptions(this.buffers, (err) => this.report(err instanceof Error ? err : new Error(String(err))));
    this.session = new Session(this.sessionOptions(false), this.sessionOwner());
  }

  /** Creates a client and connects it. */
  static connect(options: ClientOptions & { buffers: true }): Promise<Client<Buffer>>;
  static connect(options?: ClientOptions): Promise<Client<string>>;
  static async connect(options: ClientOptions = {}): Promise<Client<string | Buffer>> {
    const c = new Client<string | Buffer>(options);
    await c.connect();
    return c;
  }

  /** Connects (and handshakes); rejects with the ConnectionError or ReplyError (bad password …) if that fails. Never retried: reconnecting starts once connected. */
  async connect(): Promise<this> {
    await this.session.connect();
    return this;
  }

  /** 'ready' while commands flow; 'reconnecting' while they queue. */
  get status(): string {
    return this.session.status;
  }

  get isReady(): boolean {
    return this.session.isReady;
  }

  /** Hits, misses and size of the client-side cache (undefined without one). */
  get cacheStats(): CacheStats | undefined {
    return this.clientCache === null ? undefined : { ...this.clientCache.stats };
  }

  /** A new client with the same options (and the current db and name), e.g. for blocking commands or WATCH. */
  duplicate(overrides: ClientOptions = {}): Client<S> {
    return new Client<S>({ ...this.options, db: this.state.db, ...(this.state.name === undefined ? {} : { name: this.state.name }), ...overrides });
  }

  /** Any command, by name and arguments; the reply decoded generically (see Reply). */
  call(...args: Arg[]): Promise<Reply<S>> {
    if (args.length === 0) return Promise.reject(new TypeError('call() needs a command name'));
    try {
      checkArgs(args);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const name = String(args[0]).toUpperCase();
    if (MANAGED.has(name)) return Promise.reject(new TypeError(`${name} changes the connection's state: use the client's ${name.toLowerCase()}() method`));
    // These change what a reconnect restores: through their methods, which record it.
    if (name === 'SELECT' || name === 'AUTH' || name === 'HELLO') return this.sendCommand(COMMAND_DEFS.get(name.toLowerCase())!, args.slice(1)) as Promise<Reply<S>>;
    if (name === 'CLIENT' && String(args[1]).toUpperCase() === 'SETNAME') return this.sendCommand(COMMAND_DEFS.get('clientSetname')!, args.slice(2)) as Promise<Reply<S>>;
    return new Promise((resolve, reject) => {
      const rec = new Pending(Kind.Single, CALL_SPEC, name, this.buffers, this, resolve as (v: unknown) => void, reject, null, 0);
      this.session.send(rec, CALL_SPEC, args);
    });
  }

  /** Sends one command through its method definition. @internal */
  sendCommand(def: CommandDef, raw: unknown[]): Promise<unknown> {
    let args: Arg[];
    try {
      args = def.build === null ? (trimmed(raw) as Arg[]) : def.build(trimmed(raw));
      checkArgs(args);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const spec = def.spec;
    let cacheKey: string | null = null;
    if (this.clientCache !== null && (spec.flags & CACHEABLE) !== 0 && args.length > 0) {
      cacheKey = cacheId(spec.name, args);
      const hit = this.clientCache.get(cacheKey);
      if (hit !== undefined) {
        try {
          return Promise.resolve(spec.decode(hit, this.buffers));
        } catch (err) {
          return Promise.reject(err as Error);
        }
      }
    }
    return new Promise((resolve, reject) => {
      const rec = new Pending(Kind.Single, spec, spec.name, this.buffers, this, resolve, reject, null, 0);
      if (cacheKey !== null) {
        rec.cacheKey = cacheKey;
        rec.cacheTag = bytesKey(args[0] as Key);
      }
      if ((spec.flags & STATEFUL) !== 0) rec.args = args;
      this.session.send(rec, spec, args);
    });
  }

  /** Collects commands to send pipelined; `exec()` resolves with their results. */
  pipeline(): Pipeline<S, []> {
    return new Pipeline<S, []>(this);
  }

  /** Collects commands for MULTI … EXEC, sent pipelined when you call `exec()`. */
  multi(): Multi<S, []> {
    return new Multi<S, []>(this);
  }

  /** @internal */
  runBatch(commands: BatchCommand[], transaction: boolean): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      for (const c of commands) checkArgs(c.args); // throws (so rejects) before anything is sent
      if (commands.length === 0 && !transaction) return resolve([]);
      const batch = new Batch(commands.length, resolve, reject, transaction);
      const s = this.session;
      if (transaction) {
        s.send(new Pending(Kind.Multi, MULTI, 'MULTI', this.buffers, this, null, null, batch, 0), MULTI, []);
        for (let i = 0; i < commands.length; i++) {
          const c = commands[i]!;
          s.send(new Pending(Kind.Queued, c.spec, c.name, this.buffers, this, null, null, batch, i), c.spec, c.args);
        }
        const exec = new Pending(Kind.Exec, EXEC, 'EXEC', this.buffers, this, null, null, batch, 0);
        exec.execSpecs = commands.map((c) => ({ spec: c.spec, args: c.args }));
        s.send(exec, EXEC, []);
      } else {
        for (let i = 0; i < commands.length; i++) {
          const c = commands[i]!;
          const rec = new Pending(Kind.Piped, c.spec, c.name, this.buffers, this, null, null, batch, i);
          if ((c.spec.flags & STATEFUL) !== 0) rec.args = c.args;
          s.send(rec, c.spec, c.args);
        }
      }
    });
  }

  // --- pub/sub ---

  /** Subscribes to channels; `listener` gets each message. Resolves once the server confirmed. Subscriptions are renewed after a reconnect. */
  subscribe(channels: Key | readonly Key[], listener: MessageListener<S>): Promise<void> {
    return this.addSubscription('subscribe', channels, listener as (...a: never[]) => void);
  }

  psubscribe(patterns: Key | readonly Key[], listener: PatternListener<S>): Promise<void> {
    return this.addSubscription('psubscribe', patterns, listener as (...a: never[]) => void);
  }

  /** Sharded pub/sub (SSUBSCRIBE, Redis 7). */
  ssubscribe(channels: Key | readonly Key[], listener: MessageListener<S>): Promise<void> {
    return this.addSubscription('ssubscribe', channels, listener as (...a: never[]) => void);
  }

  /** Removes `listener` (or all listeners) from the channels (or from every channel); unsubscribes from those left without listeners. */
  unsubscribe(channels?: Key | readonly Key[], listener?: MessageListener<S>): Promise<void> {
    return this.removeSubscription('subscribe', channels, listener as ((...a: never[]) => void) | undefined);
  }

  punsubscribe(patterns?: Key | readonly Key[], listener?: PatternListener<S>): Promise<void> {
    return this.removeSubscription('psubscribe', patterns, listener as ((...a: never[]) => void) | undefined);
  }

  sunsubscribe(channels?: Key | readonly Key[], listener?: MessageListener<S>): Promise<void> {
    return this.removeSubscription('ssubscribe', channels, listener as ((...a: never[]) => void) | undefined);
  }

  private async addSubscription(kind: SubscriptionKind, names: Key | readonly Key[], listener: (...a: never[]) => void): Promise<void> {
    const list = typeof names === 'string' || Buffer.isBuffer(names) ? [names] : [...names];
    if (list.length === 0) return;
    const fresh = this.subs.add(kind, list, listener);
    if (fresh.length === 0) return;
    try {
      await this.sendSubscription(SUBSCRIBE_COMMANDS[kind].sub, kind, fresh);
    } catch (err) {
      this.subs.remove(kind, fresh, listener);
      throw err;
    }
  }

  private async removeSubscription(kind: SubscriptionKind, names: Key | readonly Key[] | undefined, listener?: (...a: never[]) => void): Promise<void> {
    const list = names === undefined ? undefined : typeof names === 'string' || Buffer.isBuffer(names) ? [names] : [...names];
    const gone = this.subs.remove(kind, list, listener);
    if (gone.length === 0) return;
    const session = this.pubsubSession(false);
    if (session === undefined) return;
    await this.sendSubscription(SUBSCRIBE_COMMANDS[kind].unsub, `${kind.slice(0, -9)}unsubscribe`, gone);
  }

  /** SUBSCRIBE & co. are answered by one confirmation per name (pushes in RESP3). */
  private async sendSubscription(command: string, confirmation: string, names: Key[]): Promise<void> {
    const session = this.pubsubSession(true)!;
    if (session !== this.session) await session.connect();
    await new Promise<unknown>((resolve, reject) => {
      const rec = new Pending(Kind.Single, CALL_SPEC, command, this.buffers, null, resolve, reject, null, 0);
      rec.pushKind = confirmation;
      rec.pushes = names.length;
      session.send(rec, CALL_SPEC, [command, ...names]);
    });
  }

  /** The connection pub/sub runs on: the main one in RESP3, a dedicated one in RESP2. */
  private pubsubSession(create: boolean): Session | undefined {
    if (this.state.protocol === 3) return this.session;
    if (this.subSession === undefined && create) this.subSession = new Session(this.sessionOptions(true), this.sessionOwner());
    return this.subSession;
  }

  // --- MONITOR ---

  /** Runs MONITOR on a connection of its own; `listener` gets each line. */
  async monitor(listener: (line: string) => void): Promise<MonitorHandle> {
    const session = new Session({ ...this.sessionOptions(false), reconnect: null }, {
      handshake: () => [...this.handshakeSteps(true), { args: ['MONITOR'] }],
      // After MONITOR's +OK, every line comes unasked: the link hands those over as pushes.
      onPush: (_s, items) => {
        const line = convert(items[0] ?? null, false);
        if (typeof line !== 'string') return;
        try {
          listener(line);
        } catch (err) {
          this.report(err instanceof Error ? err : new Error(String(err)));
        }
      },
      onEvent: () => {},
    });
    await session.connect();
    return { stop: () => session.close(false) };
  }

  // --- scanning ---

  /** Every key (SCAN with MATCH / COUNT / TYPE), one at a time; keys changed meanwhile may be missed or repeated, as SCAN promises. */
  async *scanIterator(options: { match?: string; count?: number; type?: string } = {}): AsyncGenerator<S, void, undefined> {
    const extra: Arg[] = [];
    if (options.match !== undefined) extra.push('MATCH', options.match);
    if (options.count !== undefined) extra.push('COUNT', options.count);
    if (options.type !== undefined) extra.push('TYPE', options.type);
    let cursor = '0';
    do {
      const [next, keys] = (await this.sendCommand(SCAN, [cursor, ...extra])) as [string, S[]];
      cursor = next;
      yield* keys;
    } while (cursor !== '0');
  }

  async *hscanIterator(key: Key, options: { match?: string; count?: number } = {}): AsyncGenerator<{ field: S; value: S }, void, undefined> {
    for await (const [field, value] of this.pairs(HSCAN, key, options)) yield { field, value };
  }

  async *sscanIterator(key: Key, options: { match?: string; count?: number } = {}): AsyncGenerator<S, void, undefined> {
    let cursor = '0';
    do {
      const [next, members] = (await this.sendCommand(SSCAN, [key, cursor, ...scanOptions(options)])) as [string, S[]];
      cursor = next;
      yield* members;
    } while (cursor !== '0');
  }

  async *zscanIterator(key: Key, options: { match?: string; count?: number } = {}): AsyncGenerator<ScoredMember<S>, void, undefined> {
    let cursor = '0';
    do {
      const [next, members] = (await this.sendCommand(ZSCAN_SCORED, [key, cursor, ...scanOptions(options)])) as [string, ScoredMember<S>[]];
      cursor = next;
      yield* members;
    } while (cursor !== '0');
  }

  private async *pairs(def: CommandDef, key: Key, options: { match?: string; count?: number }): AsyncGenerator<[S, S], void, undefined> {
    let cursor = '0';
    do {
      const [next, flat] = (await this.sendCommand(def, [key, cursor, ...scanOptions(options)])) as [string, S[]];
      cursor = next;
      for (let i = 0; i + 1 < flat.length; i += 2) yield [flat[i]!, flat[i + 1]!];
    } while (cursor !== '0');
  }

  // --- closing ---

  /** Sends QUIT after everything queued, waits for the replies, then closes. No reconnect after. */
  async quit(): Promise<void> {
    await Promise.all([this.session.close(true), this.subSession?.close(true)]);
  }

  /** Closes now: commands without a reply yet fail with AbortError. */
  async close(): Promise<void> {
    await Promise.all([this.session.close(false), this.subSession?.close(false)]);
  }

  /** Same as close(). */
  disconnect(): Promise<void> {
    return this.close();
  }

  /** RESET the connection, then bring it back to the options it was made with (db, name, protocol, tracking); subscriptions are dropped. */
  async reset(): Promise<'RESET'> {
    const reply = await new Promise<unknown>((resolve, reject) => {
      this.session.send(new Pending(Kind.Single, CALL_SPEC, 'RESET', this.buffers, null, resolve, reject, null, 0), CALL_SPEC, ['RESET']);
    });
    const o = this.options;
    Object.assign(this.state, { protocol: o.protocol ?? 2, username: o.username, password: o.password, db: o.db ?? 0, name: o.name });
    if (this.state.protocol === 3) this.subs.clear();
    this.clientCache?.clear();
    const steps = this.handshakeSteps(false);
    await Promise.all(
      steps.map(
        (step) =>
          new Promise((resolve, reject) => {
            this.session.send(new Pending(Kind.Single, CALL_SPEC, String(step.args[0]), this.buffers, null, resolve, reject, null, 0), CALL_SPEC, step.args);
          }),
      ),
    );
    return reply as 'RESET';
  }

  // --- what a reconnect restores ---

  /** @internal ReplyObserver: a STATEFUL command succeeded. */
  stateful(spec: CommandSpec, args: readonly Arg[], raw: RespValue): void {
    if (raw instanceof ErrorReply) return;
    const s = this.state;
    switch (spec.name) {
      case 'SELECT':
        s.db = Number(args[0]);
        break;
      case 'AUTH':
        if (args.length >= 2) [s.username, s.password] = [String(args[0]), String(args[1])];
        else [s.username, s.password] = [undefined, String(args[0])];
        break;
      case 'CLIENT SETNAME':
        s.name = String(args[0]) === '' ? undefined : String(args[0]);
        break;
      case 'HELLO': {
        if (raw instanceof MapReply || Array.isArray(raw)) {
          const v = Number(args[0]);
          if (v === 2 || v === 3) s.protocol = v;
        }
        for (let i = 1; i < args.length; i++) {
          const w = String(args[i]).toUpperCase();
          if (w === 'AUTH') [s.username, s.password] = [String(args[++i]), String(args[++i])];
          else if (w === 'SETNAME') s.name = String(args[++i]);
        }
        break;
      }
    }
  }

  /** @internal ReplyObserver: a cacheable read replied. */
  cacheReply(key: string, tag: string, raw: RespValue): void {
    this.clientCache?.set(key, tag, raw);
  }

  private handshakeSteps(subscriber: boolean): HandshakeStep[] {
    const s = this.state;
    const steps: HandshakeStep[] = [];
    if (!subscriber && s.protocol === 3) {
      const hello: Arg[] = ['HELLO', '3'];
      if (s.password !== undefined) hello.push('AUTH', s.username ?? 'default', s.password);
      if (s.name !== undefined) hello.push('SETNAME', s.name);
      steps.push({ args: hello });
    } else {
      if (s.password !== undefined) steps.push({ args: s.username === undefined ? ['AUTH', s.password] : ['AUTH', s.username, s.password] });
      if (s.name !== undefined) steps.push({ args: ['CLIENT', 'SETNAME', s.name] });
    }
    if (subscriber) return steps;
    if (s.db !== 0) steps.push({ args: ['SELECT', s.db] });
    if (this.clientCache !== null) steps.push({ args: ['CLIENT', 'TRACKING', 'ON'] });
    return steps;
  }

  private resubscribeSteps(): HandshakeStep[] {
    const steps: HandshakeStep[] = [];
    for (const kind of KINDS) {
      const names = this.subs.names(kind);
      if (names.length > 0) steps.push({ args: [SUBSCRIBE_COMMANDS[kind].sub, ...names], pushKind: kind, pushes: names.length });
    }
    return steps;
  }

  private sessionOptions(subscriber: boolean): SessionOptions {
    const o = this.options;
    const r = o.reconnect ?? true;
    return {
      host: o.host ?? '127.0.0.1',
      port: o.port ?? 6379,
      path: o.path,
      tls: o.tls === undefined || o.tls === false ? undefined : o.tls === true ? {} : o.tls,
      connectTimeout: o.connectTimeout ?? 10_000,
      buffers: this.buffers,
      subscriber,
      reconnect: r === false ? null : r === true ? backoff({}) : typeof r === 'function' ? r : backoff(r),
      offlineQueue: o.offlineQueue ?? true,
      commandTimeout: o.commandTimeout ?? 0,
      keepAlive: o.keepAlive ?? 30_000,
    };
  }

  private sessionOwner() {
    return {
      handshake: (session: Session): HandshakeStep[] => {
        const sub = session !== this.session;
        const steps = this.handshakeSteps(sub);
        if (sub || this.state.protocol === 3) steps.push(...this.resubscribeSteps());
        return steps;
      },
      onPush: (session: Session, items: RespValue[]): void => {
        if (this.subs.dispatch(items)) return;
        const kind = typeof items[0] === 'string' ? items[0] : Buffer.isBuffer(items[0]) ? items[0].toString('latin1') : '';
        if (kind === 'invalidate' && this.clientCache !== null) {
          const keys = items[1];
          this.clientCache.invalidate(Array.isArray(keys) ? keys.map((k) => (Buffer.isBuffer(k) ? k.toString('latin1') : String(k))) : null);
          return;
        }
        if (/^[ps]?(un)?subscribe$/.test(kind)) return; // confirmations, matched by the link
        if (session === this.session && this.listenerCount('push') > 0) this.emit('push', convert(items, this.buffers) as Reply<string | Buffer>[]);
      },
      onEvent: (session: Session, e: SessionEvent): void => {
        if (e.type === 'disconnect') this.clientCache?.clear();
        if (session !== this.session) {
          if (e.type === 'error') this.report(e.error);
          return;
        }
        switch (e.type) {
          case 'connect': return void this.emit('connect');
          case 'ready': return void this.emit('ready');
          case 'disconnect': return void this.emit('disconnect', e.error);
          case 'reconnecting': return void this.emit('reconnecting', { attempt: e.attempt, delay: e.delay, error: e.error });
          case 'error': return this.report(e.error);
          case 'end': return void this.emit('end');
        }
      },
    };
  }

  /** 'error' events only reach listeners: with none, an EventEmitter would throw them. */
  private report(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}

function scanOptions(o: { match?: string; count?: number }): Arg[] {
  const out: Arg[] = [];
  if (o.match !== undefined) out.push('MATCH', o.match);
  if (o.count !== undefined) out.push('COUNT', o.count);
  return out;
}

const SCAN = COMMAND_DEFS.get('scan')!;
const HSCAN = COMMAND_DEFS.get('hscan')!;
const SSCAN = COMMAND_DEFS.get('sscan')!;
const ZSCAN_SCORED: CommandDef = {
  method: 'zscan',
  spec: makeSpec(['ZSCAN'], (v, buffers) => {
    const [cursor] = decodeScan(v, true);
    return [cursor, decodeScored((v as RespValue[])[1]!, buffers)];
  }),
  build: null,
};

for (const [method, def] of COMMAND_DEFS) {
  if (CLIENT_ONLY.has(method)) continue;
  Object.defineProperty(Client.prototype, method, {
    value: function (this: Client, ...args: unknown[]) {
      return this.sendCommand(def, args);
    },
    writable: true,
    configurable: true,
  });
}
