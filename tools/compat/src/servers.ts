// Starting and stopping the servers the tools compare: Debian's real
// redis-server and kv's bundled kv-server, each on a free loopback port with
// its files in a temp dir, without persistence. Shared by tools/compat and tools/bench.
import { freePort, repoRoot, startKvServer, startRedisServer, type ScratchServer, type ServerOptions } from '@kv/test-servers';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

export { freePort, repoRoot };

export interface RunningServer {
  readonly name: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Quiet, and what a server writes to stderr shows (a crash is seen). The
 * files go to a temp dir; the working directory stays the caller's, where a
 * `--kv` command's relative paths point.
 */
function options(name: string, extra: readonly string[]): ServerOptions {
  return { flags: ['--loglevel', 'warning', ...extra], stdio: ['ignore', 'ignore', 'inherit'], cwd: process.cwd(), dirPrefix: `kv-compat-${name}-` };
}

function running(name: string, s: ScratchServer): RunningServer {
  return { name, port: s.port, process: s.child, stop: () => s.stop() };
}

/** Debian's redis-server 7.0 on a free port. */
export async function startRedis(extra: string[] = []): Promise<RunningServer> {
  return running('redis', await startRedisServer(options('redis', extra)));
}

/** kv's bundle (apps/server/dist/kv-server.js) on a free port; `command` overrides how it is started. */
export async function startKv(extra: string[] = [], command?: string): Promise<RunningServer> {
  const how = command === undefined ? { bundle: path.join(repoRoot(), 'apps/server/dist/kv-server.js') } : { command: command.split(' ') };
  return running('kv', await startKvServer({ ...options('kv', extra), ...how }));
}
