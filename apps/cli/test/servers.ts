import { startServer, type ServerHandle } from '@kv/server';
import { freePort, haveRedisServer, startRedisServer } from '@kv/test-servers';
import { spawnSync, type ChildProcess } from 'node:child_process';

// The servers the tests talk to: an in-process kv on a free port, and
// Debian's real redis-server 7.0 on a scratch port with a temp dir (tests
// that need it are skipped where it is not installed).

export const haveRedis = haveRedisServer && spawnSync('redis-cli', ['--version']).status === 0;

export { freePort };

export interface TestServer {
  readonly port: number;
  readonly kind: 'kv' | 'redis';
  stop(): Promise<void>;
}

export async function startKv(config: Record<string, string> = {}, port = 0): Promise<TestServer & { handle: ServerHandle }> {
  const handle = await startServer({ config: { port: String(port), bind: '127.0.0.1', save: '', ...config }, log: () => {} });
  return { port: handle.port, kind: 'kv', handle, stop: () => handle.close() };
}

export async function startRedis(flags: string[] = [], port?: number): Promise<TestServer & { child: ChildProcess }> {
  const r = await startRedisServer({ port, flags, dirPrefix: 'kv-cli-redis-', graceMs: 0 });
  return { port: r.port, kind: 'redis', child: r.child, stop: () => r.stop() };
}
