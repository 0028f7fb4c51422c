import { spawnSync } from 'node:child_process';
import { startScratch, type ScratchServer, type ServerOptions } from './scratch.js';

/** Whether Debian's redis-server is installed here (tests that compare with it are skipped where not). */
export const haveRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** A scratch redis-server on a free loopback port with a temp dir, no persistence unless `flags` ask for it. */
export function startRedisServer(options: ServerOptions = {}): Promise<ScratchServer> {
  return startScratch('redis-server', ['redis-server'], options);
}
