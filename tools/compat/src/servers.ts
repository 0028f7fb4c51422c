// Starting and stopping the servers the tools compare: Debian's real
// redis-server and kv's bundled kv-server, each on a free loopback port,
// without persistence. Shared by tools/compat and tools/bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunningServer {
  readonly name: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** The repository root: the nearest folder up from here with pnpm-workspace.yaml. */
export function repoRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('repository root not found');
  }
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

async function waitForPort(port: number, child: ChildProcess, name: string, spawnError: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const err = spawnError();
    if (err !== undefined) throw new Error(`${name} could not be started: ${err.message}`);
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${name} did not listen on ${port} within 15 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function launch(name: string, command: string, args: string[], port: number): Promise<RunningServer> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  process.once('exit', () => child.kill('SIGKILL'));
  return waitForPort(port, child, name, () => spawnError).then(
    () => ({ name, port, process: child, stop }),
    (err: unknown) => {
      child.kill('SIGKILL'); // started but never listening: not left behind
      throw err;
    },
  );
}

/** The flags both servers get: loopback only, no persistence, quiet. */
const COMMON_FLAGS = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'];

/** Debian's redis-server 7.0 on a free port. */
export async function startRedis(extra: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  return launch('redis', 'redis-server', ['--port', String(port), ...COMMON_FLAGS, ...extra], port);
}

/** kv's bundle (apps/server/dist/kv-server.js) on a free port; `command` overrides how it is started. */
export async function startKv(extra: string[] = [], command?: string): Promise<RunningServer> {
  const port = await freePort();
  const bundle = path.join(repoRoot(), 'apps/server/dist/kv-server.js');
  if (command === undefined && !existsSync(bundle)) throw new Error(`${bundle} is missing: run pnpm --filter kv-server build`);
  const [cmd, ...pre] = command === undefined ? [process.execPath, bundle] : command.split(' ');
  return launch('kv', cmd!, [...pre, '--port', String(port), ...COMMON_FLAGS, ...extra], port);
}
