// Servers for the client's tests: Debian's real redis-server 7.0 and kv's
// bundled server (apps/server/dist/kv-server.js; @kv/client cannot depend on
// @kv/server, which depends on it for its own tests), each started as a
// child process on a free loopback port, in a temp dir, stopped by PID.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RespConnection } from '../src/connection.js';

export const haveRedis = spawnSync('redis-server', ['--version']).status === 0;

/** The kv bundle: $KV_SERVER, or apps/server/dist/kv-server.js of this repository. */
export const kvBundle = process.env['KV_SERVER'] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/server/dist/kv-server.js');
export const haveKv = existsSync(kvBundle);

export type ServerKind = 'redis' | 'kv';

export interface TestServer {
  readonly kind: ServerKind;
  /** Changes when the server is restarted on the same port. */
  readonly child: ChildProcess;
  readonly port: number;
  readonly dir: string;
  /** Kills it (SIGKILL, by PID) and waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port, with the same flags. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitListening(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after 15 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function spawnServer(kind: ServerKind, port: number, dir: string, flags: string[]): ChildProcess {
  const common = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...flags];
  return kind === 'redis'
    ? spawn('redis-server', common, { stdio: 'ignore' })
    : spawn(process.execPath, [kvBundle, ...common], { stdio: 'ignore' });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts a server of `kind` with extra redis.conf-style flags (`--requirepass x`). */
export async function startServer(kind: ServerKind, flags: string[] = [], port?: number): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), `kv-client-${kind}-`));
  const p = port ?? (await freePort());
  let child = spawnServer(kind, p, dir, flags);
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  await waitListening(p, child);
  const server: TestServer = {
    kind,
    get child() {
      return child;
    },
    port: p,
    dir,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      child = spawnServer(kind, p, dir, flags);
      await waitListening(p, child);
    },
    async stop() {
      process.off('exit', onExit);
      child.kill('SIGKILL');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Whether the server has a command (COMMAND INFO answers nil for one it lacks). */
export async function hasCommand(port: number, name: string): Promise<boolean> {
  const conn = await RespConnection.connect({ port });
  try {
    const info = await conn.call('COMMAND', 'INFO', name);
    return Array.isArray(info) && info[0] !== null && info[0] !== undefined;
  } finally {
    conn.close();
  }
}

/** Which servers the suites run against: real Redis, and kv when its bundle is built. */
export const SERVER_KINDS: ServerKind[] = [...(haveRedis ? (['redis'] as const) : []), ...(haveKv ? (['kv'] as const) : [])];
