// A scratch redis-server for differential tests: started on a unix socket in
// a temporary directory (no TCP port), with a minimal pipelining RESP2 client;
// stopped by PID (SIGTERM, then SIGKILL) and killed if the test process exits.

import { killOnExit, stopChild } from '@kv/test-servers';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Reply = string | number | null | Reply[] | { error: string };

export const hasRedis7 =
  spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout?.startsWith('Redis server v=7.0') === true;

function encode(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(String(a), 'latin1');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `pos`; returns undefined when more bytes are needed. */
function parse(buf: Buffer, pos: number): { value: Reply; end: number } | undefined {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return undefined;
  const line = buf.toString('latin1', pos + 1, eol);
  switch (buf[pos]) {
    case 0x2b: // +
      return { value: line, end: eol + 2 };
    case 0x2d: // -
      return { value: { error: line }, end: eol + 2 };
    case 0x3a: // :
      return { value: Number(line), end: eol + 2 };
    case 0x24: { // $
      const len = Number(line);
      if (len < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + len + 2) return undefined;
      return { value: buf.toString('latin1', eol + 2, eol + 2 + len), end: eol + 2 + len + 2 };
    }
    case 0x2a: { // *
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      const items: Reply[] = [];
      let p = eol + 2;
      for (let i = 0; i < n; i++) {
        const r = parse(buf, p);
        if (r === undefined) return undefined;
        items.push(r.value);
        p = r.end;
      }
      return { value: items, end: p };
    }
    default:
      throw new Error(`unexpected reply byte ${buf[pos]}`);
  }
}

export class ScratchRedis {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly socket: net.Socket,
  ) {
    socket.on('data', (d: Buffer) => this.onData(d));
  }

  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((r: Reply) => void)[] = [];

  static async start(): Promise<ScratchRedis> {
    const dir = mkdtempSync(path.join(tmpdir(), 'kv-geo-redis-'));
    const sock = path.join(dir, 'redis.sock');
    const child = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', sock, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--logfile', path.join(dir, 'redis.log')],
      { stdio: 'ignore' },
    );
    killOnExit(child);
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(sock)) {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
      throw new Error('redis-server did not start');
    }
    const socket = net.connect(sock);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new ScratchRedis(child, dir, socket);
  }

  private onData(d: Buffer): void {
    this.buffer = this.buffer.length === 0 ? d : Buffer.concat([this.buffer, d]);
    let pos = 0;
    for (;;) {
      if (pos >= this.buffer.length) break;
      const r = parse(this.buffer, pos);
      if (r === undefined) break;
      pos = r.end;
      this.waiting.shift()!(r.value);
    }
    this.buffer = this.buffer.subarray(pos);
  }

  /** Sends every command at once and resolves with the replies in order. */
  pipeline(commands: readonly (readonly (string | number)[])[]): Promise<Reply[]> {
    const promises = commands.map((c) => new Promise<Reply>((resolve) => this.waiting.push(resolve)));
    this.socket.write(Buffer.concat(commands.map(encode)));
    return Promise.all(promises);
  }

  async call(...args: (string | number)[]): Promise<Reply> {
    return (await this.pipeline([args]))[0]!;
  }

  async stop(): Promise<void> {
    this.socket.destroy();
    await stopChild(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
