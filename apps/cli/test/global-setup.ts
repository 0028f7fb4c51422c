import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Builds dist/kv-cli.js from the current sources once per test run, so that no
// test ever runs a stale bundle.
export default function setup(): void {
  const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const r = spawnSync(process.execPath, ['build.mjs'], { cwd: appDir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kv-cli build failed: ${r.stderr}`);
}
