// Bundles kv-cli and the @kv packages it uses (from their TypeScript sources)
// into one runnable file: apps/cli/dist/kv-cli.js. `--outfile path` writes it
// elsewhere (the tests build their own copy, so that a build running beside
// them never hands them a half-written file).
import { build } from 'esbuild';

const at = process.argv.indexOf('--outfile');
const outfile = at > 0 ? process.argv[at + 1] : 'dist/kv-cli.js';

await build({
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['kv-source'],
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
