// `npm test`: install if needed, then typecheck, build and unit-test every
// package through turbo, then run the differential tester against Debian's
// real redis-server. Ends with one line `N passed, M failed` over everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureInstalled, pnpmSpec, root } from './pnpm.mjs';

ensureInstalled();
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function run(label, cmd, args) {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  return r.status === 0;
}

function pnpm(args) {
  return ['npx', ['-y', pnpmSpec, ...args]];
}

let failedSteps = [];
if (!run('typecheck + build + unit tests (turbo)', ...pnpm(['exec', 'turbo', 'run', 'typecheck', 'build', 'test', '--output-logs=errors-only', '--continue']))) {
  failedSteps.push('turbo');
}

// Add up what every package's vitest run wrote.
let passed = 0, failed = 0, skipped = 0;
for (const dir of ['packages', 'apps', 'tools']) {
  for (const name of readdirSync(path.join(root, dir))) {
    const report = path.join(root, dir, name, 'test-report.json');
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    console.log(`  ${dir}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!haveRedis) {
  const msg = 'redis-server is not installed: the differential tests need it (apt-get install -y redis-server redis-tools)';
  if (process.env.CI) { console.error(`error: ${msg}`); failedSteps.push('compat'); }
  else console.warn(`warning: ${msg}; skipping them`);
} else {
  console.log('\n== differential tests against real Redis (tools/compat)');
  const r = spawnSync(process.execPath, ['tools/scripts/run-ts.mjs', 'tools/compat/src/main.ts'], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout);
  const m = /^compat: (\d+) passed, (\d+) failed/m.exec(r.stdout);
  if (m) { passed += Number(m[1]); failed += Number(m[2]); }
  if (r.status !== 0) failedSteps.push('compat');
}

console.log('');
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length || failed ? 1 : 0);
