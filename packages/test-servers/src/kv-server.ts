import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './root.js';
import { startScratch, type ScratchServer, type ServerOptions } from './scratch.js';

/** kv's bundled server: $KV_SERVER, or apps/server/dist/kv-server.js of this repository. */
export function kvBundle(): string {
  return process.env['KV_SERVER'] ?? path.join(repoRoot(), 'apps/server/dist/kv-server.js');
}

export interface KvServerOptions extends ServerOptions {
  /** Default: kvBundle(). */
  readonly bundle?: string;
  /** How to start it (argv before the flags), instead of `node <bundle>`. */
  readonly command?: readonly string[];
}

/** kv's bundle as a scratch server: the same flags and defaults as startRedisServer. */
export async function startKvServer(options: KvServerOptions = {}): Promise<ScratchServer> {
  if (options.command !== undefined) return startScratch('kv-server', options.command, options);
  const bundle = options.bundle ?? kvBundle();
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build it with \`pnpm --filter kv-server build\``);
  return startScratch('kv-server', [process.execPath, bundle], options);
}
