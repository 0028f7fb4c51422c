// Runs the pnpm pinned in package.json's packageManager through npx, so a
// machine with only Node and npm needs nothing installed globally.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
export const pnpmSpec = manifest.packageManager;

/** Runs pnpm with `args` in the repo root; exits the process on failure. */
export function pnpm(args, options = {}) {
  const result = spawnSync('npx', ['-y', pnpmSpec, ...args], { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`error: pnpm ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** Installs the workspace when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = path.join(root, 'node_modules', '.modules.yaml');
  const lock = path.join(root, 'pnpm-lock.yaml');
  const stale = !existsSync(marker) || (existsSync(lock) && readFileSync(marker).length === 0);
  if (stale) pnpm(['install', '--frozen-lockfile']);
}
