// A connection that outlives its sockets: it connects, sends a handshake
// (HELLO/AUTH/SELECT/… as the owner says), reconnects with backoff when the
// socket drops and sends the handshake again, queues commands while it has no
// socket (or fails them, per `offlineQueue`), and fails commands that wait
// longer than `commandTimeout`.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions as TlsOptions } from 'node:tls';
import { isIP } from 'node:net';
import type { RespValue } from '@kv/resp';
import { AbortError, ConnectionError, TimeoutError } from './errors.js';
import { Fifo } from './fifo.js';
import { Link, type LinkOwner } from './link.js';
import { Kind, Pending } from './pending.js';
import { BLOCKING, CALL_SPEC, makeSpec, type CommandSpec } from './spec.js';
import type { Arg } from './types.js';

/** Delay (ms) before reconnect attempt `attempt` (1, 2, …), or null to give up. */
export type ReconnectStrategy = (attempt: number, error: Error) => number | null;

export interface SessionOptions {
  host: string;
  port: number;
  path: string | undefined;
  tls: TlsOptions | undefined;
  connectTimeout: number;
  buffers: boolean;
  /** RESP2 pub/sub connection: subscriber-mode arrays are pushes. */
  subscriber: boolean;
  reconnect: ReconnectStrategy | null;
  offlineQueue: boolean;
  commandTimeout: number;
  keepAlive: number;
}

/** A command sent first on every new socket, before anything queued. */
export interface HandshakeStep {
  args: Arg[];
  /** Pub/sub: the kind and number of confirmations that answer it. */
  pushKind?: string;
  pushes?: number;
}

export interface SessionOwner {
  handshake(session: Session): HandshakeStep[];
  onPush(session: Session, items: RespValue[]): void;
  /** Lifecycle news, passed on as the client's events. */
  onEvent(session: Session, event: SessionEvent): void;
}

export type SessionEvent =
  | { type: 'connect' }
  | { type: 'ready' }
  | { type: 'disconnect'; error: Error }
  | { type: 'reconnecting'; attempt: number; delay: number; error: Error }
  | { type: 'error'; error: Error }
  | { type: 'end' };

type State = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closing' | 'closed';

interface Offline {
  rec: Pending;
  spec: CommandSpec;
  args: readonly Arg[];
}

export class Session implements LinkOwner {
  private state: State = 'idle';
  private link: Link | null = null;
  /** The socket being connected and handshaken, not yet ready for commands. */
  private opening: Link | null = null;
  private readonly offline = new Fifo<Offline>();
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;

  constructor(
    readonly options: SessionOptions,
    private readonly owner: SessionOwner,
  ) {}

  get status(): State {
    return this.state;
  }

  /** Read through a getter: the state changes across the awaits of open(), which TypeScript's narrowing cannot see. */
  private get closing(): boolean {
    return this.state === 'closing' || this.state === 'closed';
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  /** Connects (once; later calls share the attempt); rejects if the first socket or its handshake fails. */
  connect(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (this.connecting !== undefined) return this.connecting;
    if (this.state === 'closed' || this.state === 'closing') return Promise.reject(new AbortError('the client is closed'));
    this.state = 'connecting';
    this.connecting = this.open().then(
      () => {
        this.connecting = undefined;
      },
      (err: unknown) => {
        this.connecting = undefined;
        if (this.state === 'connecting') {
          this.state = 'idle';
          this.failOffline(err as Error);
        }
        throw err;
      },
    );
    return this.connecting;
  }

  /** Sends a command now, or queues it until connected (or fails it, per offlineQueue). */
  send(rec: Pending, spec: CommandSpec, args: readonly Arg[]): void {
    this.track(rec, spec);
    if (this.state === 'ready') return this.link!.send(rec, spec, args);
    this.enqueue(rec, spec, args);
  }

  private enqueue(rec: Pending, spec: CommandSpec, args: readonly Arg[]): void {
    if (this.state === 'closed' || this.state === 'closing') return rec.fail(new AbortError('the client is closed'));
    if (!this.options.offlineQueue && this.state !== 'connecting') return rec.fail(new ConnectionError('not connected (offlineQueue is off)'));
    this.offline.push({ rec, spec, args });
  }

  /** Makes the commands sent so far leave now rather than at the end of the tick. */
  flush(): void {
    this.link?.flush();
  }

  /** Closes for good. `graceful`: send QUIT after what is queued and wait for the server to close. */
  async close(graceful: boolean): Promise<void> {
    if (this.state === 'closed') return;
    clearTimeout(this.reconnectTimer);
    if (graceful && this.state === 'ready') {
      const link = this.link!;
      this.state = 'closing';
      const quit = new Promise<unknown>((resolve, reject) => link.send(new Pending(Kind.Single, QUIT, 'QUIT', false, null, resolve, reject, null, 0), QUIT, []));
      await quit.catch(() => undefined);
      link.destroy(new AbortError('the client was closed'));
      await closedSocket(link.socket);
    } else {
      this.state = 'closing';
      const err = new AbortError('the client was closed');
      this.opening?.destroy(err);
      this.link?.destroy(err);
    }
    this.finish(new AbortError('the client was closed'));
  }

  private finish(err: Error): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.timeoutTimer);
    this.timeoutTimer = undefined;
    this.failOffline(err);
    this.owner.onEvent(this, { type: 'end' });
  }

  private failOffline(err: Error): void {
    for (let o = this.offline.shift(); o !== undefined; o = this.offline.shift()) o.rec.fail(err);
  }

  /** One socket: connect, handshake; resolves once ready for commands. */
  private async open(): Promise<void> {
    const o = this.options;
    const socket = openSocket(o);
    const link = new Link(socket, o.buffers, o.subscriber, this);
    this.opening = link;
    const timer = setTimeout(() => link.destroy(new ConnectionError(`connect timed out after ${o.connectTimeout} ms`)), o.connectTimeout);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once(o.tls === undefined ? 'connect' : 'secureConnect', () => resolve());
        socket.once('close', () => reject(link.failure ?? new ConnectionError('connection closed')));
      });
      if (this.closing) throw new AbortError('the client was closed');
      this.owner.onEvent(this, { type: 'connect' });
      const steps = this.owner.handshake(this).map(
        (step) =>
          new Promise<unknown>((resolve, reject) => {
            const rec = new Pending(Kind.Single, CALL_SPEC, String(step.args[0]), o.buffers, null, resolve, reject, null, 0);
            if (step.pushKind !== undefined) {
              rec.pushKind = step.pushKind;
              rec.pushes = step.pushes ?? 1;
            }
            link.sendArgs(rec, step.args);
          }),
      );
      link.flush();
      await Promise.all(steps);
    } catch (err) {
      link.destroy(err instanceof Error ? err : new ConnectionError(String(err)));
      throw err;
    } finally {
      clearTimeout(timer);
      if (this.opening === link) this.opening = null;
    }
    if (link.closed) throw link.failure ?? new ConnectionError('connection closed');
    if (this.closing) {
      link.destroy(new AbortError('the client was closed'));
      throw new AbortError('the client was closed');
    }
    this.link = link;
    this.state = 'ready';
    this.attempt = 0;
    for (let q = this.offline.shift(); q !== undefined; q = this.offline.shift()) {
      if (!q.rec.settled) link.send(q.rec, q.spec, q.args);
    }
    this.owner.onEvent(this, { type: 'ready' });
  }

  onPush(items: RespValue[]): void {
    this.owner.onPush(this, items);
  }

  onClose(link: Link, err: Error): void {
    if (link !== this.link) return; // a socket still opening: open() sees it fail
    this.link = null;
    if (this.state === 'closing' || this.state === 'closed') return;
    this.owner.onEvent(this, { type: 'disconnect', error: err });
    if (this.options.reconnect === null) return this.finish(new AbortError(`connection lost: ${err.message}`));
    this.state = 'reconnecting';
    this.scheduleReconnect(err);
  }

  private scheduleReconnect(err: Error): void {
    const delay = this.options.reconnect!(this.attempt + 1, err);
    if (delay === null) return this.finish(new AbortError(`gave up reconnecting after ${this.attempt} attempts: ${err.message}`));
    this.attempt++;
    this.owner.onEvent(this, { type: 'reconnecting', attempt: this.attempt, delay, error: err });
    this.reconnectTimer = setTimeout(() => {
      if (this.state !== 'reconnecting') return;
      this.open().catch((e: unknown) => {
        if (this.state !== 'reconnecting') return;
        const error = e instanceof Error ? e : new ConnectionError(String(e));
        this.owner.onEvent(this, { type: 'error', error });
        this.scheduleReconnect(error);
      });
    }, delay);
  }

  // --- command timeouts: one timer for all, set to the oldest deadline ---

  private track(rec: Pending, spec: CommandSpec): void {
    const t = this.options.commandTimeout;
    if (t <= 0 || (spec.flags & BLOCKING) !== 0) return;
    rec.deadline = Date.now() + t;
    if (this.timeoutTimer === undefined) this.armTimer(rec.deadline);
  }

  private armTimer(at: number): void {
    this.timeoutTimer = setTimeout(() => this.expire(), Math.max(1, at - Date.now()));
    this.timeoutTimer.unref();
  }

  private expire(): void {
    this.timeoutTimer = undefined;
    const now = Date.now();
    let next = Infinity;
    const scan = (length: number, at: (i: number) => Pending) => {
      for (let i = 0; i < length; i++) {
        const rec = at(i);
        if (rec.settled || rec.deadline === 0) continue;
        if (rec.deadline > now) {
          next = Math.min(next, rec.deadline);
          return; // later records were sent later
        }
        rec.fail(new TimeoutError(`no reply to ${rec.name} within ${this.options.commandTimeout} ms`));
      }
    };
    if (this.link !== null) {
      const q = this.link.pending;
      scan(q.length, (i) => q.at(i)!);
    }
    scan(this.offline.length, (i) => this.offline.at(i)!.rec);
    if (next !== Infinity && this.state !== 'closed') this.armTimer(next);
  }
}

const QUIT = makeSpec(['QUIT']);

function openSocket(o: SessionOptions): Socket {
  let socket: Socket;
  if (o.tls !== undefined) {
    const servername = o.tls.servername ?? (o.path === undefined && isIP(o.host) === 0 ? o.host : undefined);
    socket = tlsConnect({ host: o.host, port: o.port, ...(o.path === undefined ? {} : { path: o.path }), ...(servername === undefined ? {} : { servername }), ...o.tls });
  } else {
    socket = o.path === undefined ? netConnect(o.port, o.host) : netConnect(o.path);
  }
  socket.setNoDelay(true);
  if (o.keepAlive > 0) socket.setKeepAlive(true, o.keepAlive);
  return socket;
}

function closedSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}
