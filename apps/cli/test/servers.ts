import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type ServerHandle } from '@kv/server';

// The servers the tests talk to: an in-process kv on a free port, and
// Debian's real redis-server 7.0 on a scratch port with a temp dir (tests
// that need it are skipped where it is not installed).

export const haveRedis = spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;

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

export interface TestServer {
  readonly port: number;
  readonly kind: 'kv' | 'redis';
  stop(): Promise<void>;
}

export async function startKv(config: Record<string, string> = {}, port = 0): Promise<TestServer & { handle: ServerHandle }> {
  const handle = await startServer({ config: { port: String(port), bind: '127.0.0.1', save: '', ...config }, log: () => {} });
  return { port: handle.port, kind: 'kv', handle, stop: () => handle.close() };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startRedis(flags: string[] = [], port?: number): Promise<TestServer & { child: ChildProcess }> {
  const p = port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'kv-cli-redis-'));
  const child = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...flags], { stdio: 'ignore' });
  for (let i = 0; !(await canConnect(p)); i++) {
    if (i > 200) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    port: p,
    kind: 'redis',
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGKILL');
      }),
  };
}
