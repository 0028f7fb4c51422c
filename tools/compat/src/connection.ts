// A raw connection for the tester: one command at a time, each reply kept as
// its exact bytes and as a parsed value. It never throws on what a server
// sends: a malformed reply, a closed connection or a silent server is an
// outcome to report, not a crash of the tester.
import { connect, type Socket } from 'node:net';
import { ReplyParser, encodeCommand, type RespValue } from '@kv/resp';
import { frameLength, FramingError } from './framer.js';

export interface Reply {
  readonly raw: Buffer;
  readonly value: RespValue;
}

/** Why no reply came; the connection is unusable afterwards. */
export class Failure {
  constructor(
    readonly reason: string,
    /** The server said nothing in time: it may be stuck. */
    readonly timedOut = false,
  ) {}
}

export type Outcome = Reply | Failure;

export class TesterConnection {
  private pending: Buffer = Buffer.alloc(0);
  private waiter: ((o: Outcome) => void) | undefined;
  private broken: Failure | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      this.deliver();
    });
    // A reset (writing to a socket the server already closed) is the same event as a close, seen a moment later.
    socket.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(new Failure(err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'connection closed' : `connection error: ${err.message}`)));
    socket.on('close', () => this.fail(new Failure('connection closed')));
  }

  static connect(port: number): Promise<TesterConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new TesterConnection(socket));
      });
    });
  }

  get usable(): boolean {
    return this.broken === undefined;
  }

  /** Sends one command and waits up to `timeoutMs` for its reply. */
  call(args: readonly string[], timeoutMs = 5000): Promise<Outcome> {
    return this.callRaw(encodeCommand(args as string[]), timeoutMs);
  }

  /**
   * Sends bytes that should draw `replies` replies (inline commands,
   * pipelines, protocol errors); several come back as one Reply: the bytes
   * joined, the values in an array.
   */
  async callRaw(bytes: Buffer, timeoutMs = 5000, replies = 1): Promise<Outcome> {
    if (this.broken !== undefined) return this.broken;
    if (this.waiter !== undefined) throw new Error('TesterConnection: one command at a time');
    if (this.pending.length > 0) {
      // Bytes nobody asked for: the tail of an earlier malformed reply, or a reply too many.
      const extra = JSON.stringify(this.pending.toString('latin1', 0, 200));
      this.fail(new Failure(`bytes after the previous reply, before this command was sent: ${extra}`));
      return this.broken!;
    }
    const got: Reply[] = [];
    const deadline = Date.now() + timeoutMs;
    this.socket.write(bytes);
    while (got.length < replies) {
      const o = await this.next(deadline - Date.now());
      if (o instanceof Failure) return o;
      got.push(o);
    }
    if (replies === 1) return got[0]!;
    return { raw: Buffer.concat(got.map((r) => r.raw)), value: got.map((r) => r.value) };
  }

  /** Sends a command without waiting (a blocking command, a publish seen by another connection); read its reply with receive(). */
  send(args: readonly string[]): void {
    if (this.broken === undefined) this.socket.write(encodeCommand(args as string[]));
  }

  /** The next reply or message the server sends, unasked or to an earlier send(); a Failure after `timeoutMs`. */
  async receive(timeoutMs = 5000): Promise<Outcome> {
    if (this.broken !== undefined) return this.broken;
    if (this.waiter !== undefined) throw new Error('TesterConnection: one command at a time');
    return this.next(timeoutMs);
  }

  /** True if nothing arrives within `ms` (a client that should still be blocked). */
  async quietFor(ms: number): Promise<boolean> {
    if (this.pending.length !== 0) return false;
    await new Promise((r) => setTimeout(r, ms));
    return this.pending.length === 0;
  }

  private next(timeoutMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.fail(new Failure(`no reply within ${timeoutMs} ms`, true)), Math.max(0, timeoutMs));
      this.waiter = (o) => {
        clearTimeout(timer);
        resolve(o);
      };
      this.deliver();
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver(): void {
    const waiter = this.waiter;
    if (waiter === undefined || this.pending.length === 0) return;
    let len: number | undefined;
    try {
      len = frameLength(this.pending);
    } catch (err) {
      if (!(err instanceof FramingError)) throw err;
      return this.fail(new Failure(`malformed reply (${err.message}): ${JSON.stringify(this.pending.toString('latin1', 0, 200))}`));
    }
    if (len === undefined) return;
    const raw = Buffer.from(this.pending.subarray(0, len));
    this.pending = this.pending.subarray(len);
    let value: RespValue | undefined;
    try {
      const parser = new ReplyParser();
      parser.push(raw);
      value = parser.next();
    } catch (err) {
      return this.fail(new Failure(`reply the parser rejects (${String(err)}): ${JSON.stringify(raw.toString('latin1', 0, 200))}`));
    }
    if (value === undefined) return this.fail(new Failure(`reply the parser finds incomplete: ${JSON.stringify(raw.toString('latin1', 0, 200))}`));
    this.waiter = undefined;
    waiter({ raw, value });
  }

  private fail(f: Failure): void {
    this.broken ??= f;
    this.socket.destroy();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(this.broken);
  }
}
