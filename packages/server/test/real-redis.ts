import { RespConnection } from '@kv/client';
import { haveRedisServer, startRedisServer } from '@kv/test-servers';
import type { ChildProcess } from 'node:child_process';

// A scratch Debian redis-server 7.0 for tests that compare kv with the real
// thing (files, raw bytes); those tests are skipped where it is not installed.

export const haveRedis = haveRedisServer;

export interface RealRedis {
  readonly child: ChildProcess;
  readonly conn: RespConnection;
  readonly stop: () => Promise<void>;
}

/** Starts redis-server on a free loopback port with its files in `dir`; resolves once it has loaded them. */
export async function startRedis(dir: string, flags: string[]): Promise<RealRedis> {
  // SIGKILL on stop: nothing here waits for Redis's own shutdown (a SIGTERM would save with save points set).
  const server = await startRedisServer({ dir, flags, graceMs: 0 });
  try {
    const conn = await RespConnection.connect({ port: server.port });
    // The port opens while a big file still loads (-LOADING to most commands): wait for the load to end.
    while (!String(await conn.call('INFO', 'persistence')).includes('loading:0')) await new Promise((r) => setTimeout(r, 20));
    return { child: server.child, conn, stop: () => server.stop() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

export function stopRedis(r: RealRedis): Promise<void> {
  r.conn.close();
  return r.stop();
}
