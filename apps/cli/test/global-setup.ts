import { spawnSync } from 'node:child_process';
import { appDir, testBundle } from './run.js';

// Builds the bundle from the current sources once per test run (build.mjs,
// as `pnpm build` does, into a file of the tests' own), so that no test runs
// a stale or half-written dist/kv-cli.js.
export default function setup(): void {
  const r = spawnSync(process.execPath, ['build.mjs', '--outfile', testBundle], { cwd: appDir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kv-cli build failed: ${r.stderr}`);
}
