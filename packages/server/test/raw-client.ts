import { connect, type Socket } from 'node:net';
import { ReplyParser, encodeCommand, type RespValue } from '@kv/resp';

/**
 * A bare connection that sends commands and hands out every reply and pushed
 * message in arrival order: for subscribers, blocked clients and tracking,
 * where replies come unasked.
 */
export class RawClient {
  private readonly parser = new ReplyParser();
  private readonly queue: RespValue[] = [];
  private waiters: ((v: RespValue) => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.parser.push(chunk);
      for (let v = this.parser.next(); v !== undefined; v = this.parser.next()) {
        const w = this.waiters.shift();
        if (w !== undefined) w(v);
        else this.queue.push(v);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      s.once('error', reject);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(new RawClient(s));
      });
    });
  }

  send(...args: string[]): void {
    this.socket.write(encodeCommand(args));
  }

  /** The next reply or message; rejects after `ms`. */
  next(ms = 5000): Promise<RespValue> {
    const v = this.queue.shift();
    if (v !== undefined) return Promise.resolve(v);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no reply within ${ms} ms`));
      }, ms);
      const waiter = (r: RespValue) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.waiters.push(waiter);
    });
  }

  async call(...args: string[]): Promise<RespValue> {
    this.send(...args);
    return this.next();
  }

  /** Replies already received and not taken. */
  get waiting(): number {
    return this.queue.length;
  }

  close(): void {
    this.socket.destroy();
  }
}
