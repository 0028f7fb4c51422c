import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The bundled binary the tests run, as users run it.

export const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bin = path.join(appDir, 'dist/kv-server.js');

/** Builds dist/kv-server.js when it is missing (turbo builds it before the tests; a bare `vitest run` may not have). */
export function ensureBundle(): void {
  if (existsSync(bin)) return;
  const built = spawnSync(process.execPath, ['build.mjs'], { cwd: appDir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
}
