#!/usr/bin/env node
// Runs a TypeScript tool: bundles it with esbuild against the @kv packages'
// sources (the `kv-source` condition), then runs it with the same arguments.
// Usage: [RUN_TS_NODE_FLAGS="--cpu-prof"] node tools/scripts/run-ts.mjs tools/bench/src/resp-parse.ts [args...]
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
// The bundle sits beside the entry so that its npm imports resolve from there.
const dir = path.join(path.dirname(path.resolve(entry)), '.run-ts');
mkdirSync(dir, { recursive: true });
const outfile = path.join(dir, `${path.basename(entry, '.ts')}.${process.pid}.mjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['kv-source'],
  sourcemap: 'inline',
  logLevel: 'warning',
  // Workspace packages are bundled from source; npm dependencies and Node builtins stay external.
  plugins: [{
    name: 'externals',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (a) => (a.path.startsWith('@kv/') ? undefined : { path: a.path, external: true }));
    },
  }],
});
// RUN_TS_NODE_FLAGS passes flags NODE_OPTIONS refuses (--cpu-prof, --prof) to the tool's node.
const nodeFlags = (process.env.RUN_TS_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '');
const child = spawn(process.execPath, ['--enable-source-maps', ...nodeFlags, outfile, ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  rmSync(outfile, { force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
