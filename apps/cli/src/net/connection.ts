import { connect, type Socket } from 'node:net';
import { encodeCommand } from '@kv/resp';
import { ReplyParser, ReplyProtocolError } from './reply-parser.js';
import type { Reply } from './reply.js';

// One socket to the server. Replies are handed out in order by read(); RESP3
// pushes go to onPush while it is set (as hiredis's push callback), else they
// are read like replies (SUBSCRIBE streams them that way).

/** TCP, or a Unix socket (-s). Like redis-cli, connecting waits as long as the OS does. */
export type ConnectOptions = { host: string; port: number } | { path: string };

/** The link failed (refused, reset, closed): the text hiredis would give after "Error: ". */
export class LinkError extends Error {}

const errnoText: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  EPIPE: 'Broken pipe',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENOTFOUND: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
};

/** An OS error as strerror/gai_strerror word it (what redis-cli prints). */
export function describeError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== undefined && errnoText[code] !== undefined) return errnoText[code]!;
  return err.message;
}

export class Connection {
  private readonly parser = new ReplyParser();
  private readonly inbox: Reply[] = [];
  private readonly waiters: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private failure: LinkError | undefined;
  private readonly closeListeners: (() => void)[] = [];
  /** Receives RESP3 pushes while set. */
  onPush: ((r: Reply) => void) | undefined;
  /** Receives every other reply while set, instead of read() (mass insertion counts them this way). */
  onReply: ((r: Reply) => void) | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    // A write that races the server's FIN fails with EPIPE where hiredis would read EOF: same words as EOF.
    socket.on('error', (err) => this.fail(new LinkError((err as NodeJS.ErrnoException).code === 'EPIPE' ? 'Server closed the connection' : describeError(err))));
    socket.on('close', () => this.fail(new LinkError('Server closed the connection')));
  }

  static connect(options: ConnectOptions): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = 'path' in options ? connect({ path: options.path }) : connect({ host: options.host, port: options.port });
      const onError = (err: Error) => {
        socket.destroy();
        reject(new LinkError(describeError(err)));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        if (!('path' in options)) {
          socket.setNoDelay(true);
          socket.setKeepAlive(true, 15_000);
        }
        resolve(new Connection(socket));
      });
    });
  }

  /** True once the link failed or closed; every later read rejects. */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** Queues one command. */
  send(args: readonly (string | Buffer)[]): void {
    if (this.failure) return;
    this.socket.write(encodeCommand(args));
  }

  /** Writes bytes as they are; false when the socket buffer is full (wait for 'drain'). */
  writeRaw(bytes: Buffer): boolean {
    if (this.failure) return true;
    return this.socket.write(bytes);
  }

  /** The next reply (not a push while onPush is set). */
  read(): Promise<Reply> {
    const ready = this.inbox.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Sends one command and resolves with its reply. */
  call(...args: (string | Buffer)[]): Promise<Reply> {
    this.send(args);
    return this.read();
  }

  /** Sends commands in one write; resolves with their replies in order. */
  async pipeline(commands: readonly (readonly (string | Buffer)[])[]): Promise<Reply[]> {
    if (commands.length === 0) return [];
    this.socket.write(Buffer.concat(commands.map((c) => encodeCommand(c))));
    const out: Reply[] = [];
    for (let i = 0; i < commands.length; i++) out.push(await this.read());
    return out;
  }

  onClose(listener: () => void): void {
    if (this.failure) listener();
    else this.closeListeners.push(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private received(chunk: Buffer): void {
    this.parser.push(chunk);
    for (;;) {
      let r: Reply | undefined;
      try {
        r = this.parser.next();
      } catch (err) {
        if (!(err instanceof ReplyProtocolError)) throw err;
        this.fail(new LinkError(err.message));
        this.socket.destroy();
        return;
      }
      if (r === undefined) return;
      if (r.type === 'push' && this.onPush) {
        this.onPush(r);
        continue;
      }
      if (this.onReply) {
        this.onReply(r);
        continue;
      }
      const w = this.waiters.shift();
      if (w) w.resolve(r);
      else this.inbox.push(r);
    }
  }

  private fail(err: LinkError): void {
    if (this.failure) return;
    this.failure = err;
    for (const w of this.waiters.splice(0)) w.reject(err);
    for (const l of this.closeListeners.splice(0)) l();
  }
}
