import { connect, type Socket } from 'node:net';
import { PushReply, ReplyParser, encodeCommand, type RespValue } from '@kv/resp';
import { ConnectionError } from './errors.js';

export { ConnectionError };

export interface ConnectOptions {
  host?: string;
  port: number;
  /** Bulk strings as Buffer instead of latin1 strings. */
  buffers?: boolean;
}

/**
 * One connection speaking raw RESP: every reply comes back as the value the
 * server sent (error replies included, as ErrorReply values), in order.
 * Commands sent before earlier replies arrive are pipelined.
 */
export class RespConnection {
  private readonly parser: ReplyParser;
  private readonly pending: { resolve: (v: RespValue) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;
  /** Called for RESP3 pushes and for replies nobody waits for (MONITOR lines). */
  onUnsolicited: (value: RespValue) => void = () => {};

  private constructor(private readonly socket: Socket, buffers: boolean) {
    this.parser = new ReplyParser({ buffers });
    socket.on('data', (chunk) => {
      this.parser.push(chunk);
      for (let v = this.parser.next(); v !== undefined; v = this.parser.next()) {
        // RESP3 pushes (pub/sub messages, invalidations) never answer a command.
        const waiter = v instanceof PushReply ? undefined : this.pending.shift();
        if (waiter === undefined) this.onUnsolicited(v);
        else waiter.resolve(v);
      }
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const w of this.pending.splice(0)) w.reject(this.failure);
    };
    socket.on('error', (err) => fail(new ConnectionError(err.message)));
    socket.on('close', () => fail(new ConnectionError('connection closed')));
  }

  static connect(options: ConnectOptions): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(options.port, options.host ?? '127.0.0.1');
      socket.setNoDelay(true);
      socket.once('error', (err) => reject(new ConnectionError(err.message)));
      socket.once('connect', () => resolve(new RespConnection(socket, options.buffers === true)));
    });
  }

  /** Sends one command; resolves with the server's reply. */
  call(...args: (string | Buffer)[]): Promise<RespValue> {
    return this.callRaw(encodeCommand(args));
  }

  /** Sends bytes that hold exactly one command (inline or RESP) and resolves with its reply. */
  callRaw(bytes: Buffer | string): Promise<RespValue> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(bytes);
    });
  }

  /** Sends several commands in one write; resolves with their replies in order. */
  pipeline(commands: (string | Buffer)[][]): Promise<RespValue[]> {
    const bytes = Buffer.concat(commands.map((c) => encodeCommand(c)));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const replies = commands.map(() => new Promise<RespValue>((resolve, reject) => this.pending.push({ resolve, reject })));
    this.socket.write(bytes);
    return Promise.all(replies);
  }

  /** Writes bytes without waiting for any reply (protocol tests). */
  writeRaw(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Resolves when the server closes the connection. */
  closed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed || this.socket.readyState === 'closed') resolve();
      else this.socket.once('close', () => resolve());
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
