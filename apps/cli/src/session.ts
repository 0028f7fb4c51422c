import type { CliConfig } from './args.js';
import { formatInvalidate, formatReply } from './format/index.js';
import { Connection, LinkError } from './net/connection.js';
import { replyText, type Reply } from './net/reply.js';
import type { Output } from './output.js';

// The link to the server and the state redis-cli keeps around it (cliConnect):
// AUTH, SELECT and HELLO 3 on every (re)connection, the selected database and
// MULTI for the prompt.

export class Session {
  conn: Connection | undefined;
  db: number;
  inMulti = false;
  private preMultiDb = 0;
  /**
   * While the prompt waits for a line, pushes are kept and shown before the
   * next reply (where redis-cli, reading them with that reply, shows them),
   * not printed through the line being typed.
   */
  holdPushes = false;
  private held: Buffer[] = [];

  constructor(
    readonly config: CliConfig,
    readonly io: Output,
  ) {
    this.db = config.db;
  }

  /** host:port as anetFormatAddr prints it ([::1]:6379 for IPv6). */
  get address(): string {
    if (this.config.socket !== undefined) return `redis ${this.config.socket}`;
    const h = this.config.host;
    return `${h.includes(':') ? `[${h}]` : h}:${this.config.port}`;
  }

  prompt(): string {
    if (!this.conn || this.conn.broken) return this.conn ? `${this.address}> ` : 'not connected> ';
    return `${this.address}${this.db !== 0 ? `[${this.db}]` : ''}${this.inMulti ? '(TX)' : ''}> `;
  }

  /**
   * Connects unless connected (or always with `force`). A forced reconnection of
   * a live link (CONNECT host port) starts over at database 0, as redis-cli does.
   */
  async connect(force = false, quiet = false): Promise<boolean> {
    if (this.conn && !this.conn.broken && !force) return true;
    if (this.conn) {
      if (!this.conn.broken) this.db = 0;
      this.conn.close();
      this.conn = undefined;
      this.inMulti = false;
    }
    const c = this.config;
    let conn: Connection;
    try {
      conn = await Connection.connect(c.socket !== undefined ? { path: c.socket } : { host: c.host, port: c.port });
    } catch (err) {
      if (!quiet) {
        const where = c.socket !== undefined ? c.socket : `${c.host}:${c.port}`;
        this.io.err(`Could not connect to Redis at ${where}: ${(err as Error).message}\n`);
      }
      return false;
    }
    try {
      if (c.auth !== undefined) {
        const r = await conn.call('AUTH', ...(c.user !== undefined ? [utf8(c.user)] : []), utf8(c.auth));
        if (r.type === 'error') this.io.err(`AUTH failed: ${replyText(r)}\n`);
      }
      if (this.db !== 0) {
        const r = await conn.call('SELECT', String(this.db));
        if (r.type === 'error') {
          this.io.err(`SELECT ${this.db} failed: ${replyText(r)}\n`);
          this.db = 0;
        }
      }
      if (c.resp3) {
        const r = await conn.call('HELLO', '3');
        if (r.type === 'error') this.io.err(`HELLO 3 failed: ${replyText(r)}\n`);
      }
    } catch (err) {
      if (!(err instanceof LinkError)) throw err;
      this.io.err(`Error: ${err.message}\n`);
      conn.close();
      return false;
    }
    if (c.pushOutput) conn.onPush = (r) => this.showPush(r);
    this.conn = conn;
    return true;
  }

  /** A RESP3 push outside SUBSCRIBE (client tracking invalidations and the like). */
  showPush(r: Reply): void {
    const inv = this.config.output === 'standard' ? formatInvalidate(r) : undefined;
    const text = inv ?? formatReply(r, this.config);
    if (this.holdPushes) this.held.push(text);
    else this.io.out(text);
  }

  /** Prints the pushes kept while the prompt was shown, and stops keeping them. */
  releasePushes(): void {
    this.holdPushes = false;
    for (const t of this.held.splice(0)) this.io.out(t);
  }

  /** Keeps db and MULTI state after a reply, as cliSendCommand does. */
  track(args: readonly string[], reply: Reply): void {
    const name = args[0]!.toLowerCase();
    const failed = reply.type === 'error';
    if (name === 'select' && args.length === 2 && !failed) this.db = atoiText(args[1]!);
    else if (name === 'multi' && args.length === 1 && !failed) {
      this.inMulti = true;
      this.preMultiDb = this.db;
    } else if (name === 'exec' && args.length === 1 && this.inMulti) {
      this.inMulti = false;
      if (failed) this.db = this.preMultiDb;
    } else if (name === 'discard' && args.length === 1 && !failed) {
      this.inMulti = false;
      this.db = this.preMultiDb;
    }
  }

  /**
   * After AUTH redis-cli selects its database again. kv-cli also keeps the
   * credentials of an AUTH that worked, so that a reconnection logs in again.
   */
  async afterAuth(args: readonly string[], reply: Reply): Promise<void> {
    if (reply.type !== 'error') {
      this.config.auth = Buffer.from(args[args.length - 1]!, 'latin1').toString('utf8');
      this.config.user = args.length === 3 ? Buffer.from(args[1]!, 'latin1').toString('utf8') : undefined;
    }
    if (this.db !== 0 && this.conn) await this.conn.call('SELECT', String(this.db));
  }

  close(): void {
    this.conn?.close();
    this.conn = undefined;
  }
}

function atoiText(s: string): number {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** Command-line text to the bytes it stands for, as a latin1 string (one char per byte). */
export function utf8(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}
