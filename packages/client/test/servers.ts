// Servers for the client's tests: Debian's real redis-server 7.0 and kv's
// bundled server (apps/server/dist/kv-server.js; @kv/client cannot depend on
// @kv/server, which depends on it for its own tests), each started as a
// child process on a free loopback port, in a temp dir, stopped by PID.
import { freePort, haveRedisServer, kvBundle as defaultKvBundle, startKvServer, startRedisServer, type ScratchServer } from '@kv/test-servers';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RespConnection } from '../src/connection.js';

export { freePort };

export const haveRedis = haveRedisServer;

/** The kv bundle: $KV_SERVER, or apps/server/dist/kv-server.js of this repository. */
export const kvBundle = defaultKvBundle();
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

/** Starts a server of `kind` with extra redis.conf-style flags (`--requirepass x`). */
export async function startServer(kind: ServerKind, flags: string[] = [], port?: number): Promise<TestServer> {
  // The dir is ours, not the scratch server's: it outlives kill() and restart().
  const dir = mkdtempSync(path.join(tmpdir(), `kv-client-${kind}-`));
  const p = port ?? (await freePort());
  const options = { port: p, dir, flags, graceMs: 0 };
  const spawnOne = () => (kind === 'redis' ? startRedisServer(options) : startKvServer({ ...options, bundle: kvBundle }));
  let current: ScratchServer;
  try {
    current = await spawnOne();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    kind,
    get child() {
      return current.child;
    },
    port: p,
    dir,
    kill: () => current.stop(),
    async restart() {
      current = await spawnOne();
    },
    async stop() {
      await current.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
