// Bundles kv-cli and the @kv packages it uses (from their TypeScript sources)
// into one runnable file: apps/cli/dist/kv-cli.js.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/kv-cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['kv-source'],
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
