/**
 * A scratch redis-server for differential tests: started on a free loopback
 * port in a temporary directory, spoken to over a minimal RESP2 client that
 * keeps bulk strings as latin1 (binary-safe).
 */
import { freePort, killOnExit, stopChild } from '@kv/test-servers';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const HAVE_REDIS = spawnSync('redis-server', ['--version']).status === 0;
export const HAVE_CHECK_RDB = spawnSync('redis-check-rdb', ['--version']).status !== null &&
  spawnSync('which', ['redis-check-rdb']).status === 0;

export type Reply = string | number | null | Reply[] | ErrorReplyValue;
export class ErrorReplyValue {
  constructor(readonly message: string) {}
}

/** Runs redis-check-rdb on a file; returns its exit status and output. */
export function checkRdb(file: string): { ok: boolean; output: string } {
  const res = spawnSync('redis-check-rdb', [file], { encoding: 'utf8' });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

export function scratchDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'kv-persistence-'));
}

export class RedisProcess {
  private socket!: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: ((r: Reply) => void)[] = [];

  private constructor(readonly child: ChildProcess, readonly port: number, readonly dir: string) {}

  /** Starts redis-server in `dir` (a new scratch dir by default), loading `dir/dbfilename` if it exists. */
  static async start(options: { dir?: string; dbfilename?: string; args?: string[] } = {}): Promise<RedisProcess> {
    const dir = options.dir ?? scratchDir();
    const port = await freePort();
    const child = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no',
      '--dir', dir, '--dbfilename', options.dbfilename ?? 'dump.rdb', '--enable-debug-command', 'yes',
      ...(options.args ?? []),
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(child);
    let log = '';
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const proc = new RedisProcess(child, port, dir);
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited: ${log}`);
      try {
        await proc.connect();
        const pong = await proc.command('PING');
        if (pong === 'PONG') return proc;
        // LOADING: keep trying.
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async connect(): Promise<void> {
    if (this.socket && !this.socket.destroyed) return;
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(this.port, '127.0.0.1', () => resolve());
      s.on('error', reject);
      s.on('data', (d: Buffer) => this.onData(d));
      this.socket = s;
    });
  }

  command(...args: (string | Buffer | number)[]): Promise<Reply> {
    const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
    for (const a of args) {
      const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'latin1');
      parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.socket.write(Buffer.concat(parts));
    });
  }

  /** A command whose reply must not be an error. */
  async ok(...args: (string | Buffer | number)[]): Promise<Reply> {
    const r = await this.command(...args);
    if (r instanceof ErrorReplyValue) throw new Error(`${args.join(' ')}: ${r.message}`);
    return r;
  }

  private onData(d: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, d]) : d;
    for (;;) {
      const parsed = parseReply(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      this.waiting.shift()?.(parsed.value);
    }
  }

  async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    this.socket?.destroy();
    // SIGTERM only, however long it takes: a shutdown with save points writes dump.rdb, which tests then read.
    await stopChild(this.child, { graceMs: Infinity });
    if (!options.keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

function parseReply(buf: Buffer, p: number): { value: Reply; end: number } | undefined {
  const nl = buf.indexOf('\r\n', p);
  if (nl < 0) return undefined;
  const line = buf.toString('latin1', p + 1, nl);
  switch (buf[p]) {
    case 43: return { value: line, end: nl + 2 }; // +
    case 45: return { value: new ErrorReplyValue(line), end: nl + 2 }; // -
    case 58: return { value: Number(line), end: nl + 2 }; // :
    case 36: { // $
      const len = Number(line);
      if (len < 0) return { value: null, end: nl + 2 };
      if (buf.length < nl + 2 + len + 2) return undefined;
      return { value: buf.toString('latin1', nl + 2, nl + 2 + len), end: nl + 2 + len + 2 };
    }
    case 42: { // *
      const n = Number(line);
      if (n < 0) return { value: null, end: nl + 2 };
      const items: Reply[] = [];
      let q = nl + 2;
      for (let i = 0; i < n; i++) {
        const item = parseReply(buf, q);
        if (!item) return undefined;
        items.push(item.value);
        q = item.end;
      }
      return { value: items, end: q };
    }
    default:
      throw new Error(`bad reply byte ${buf[p]}`);
  }
}
