// The differential tester: the same commands to Debian's real redis-server
// and to kv, every reply compared. See tools/compat/README.md.
//   node tools/scripts/run-ts.mjs tools/compat/src/main.ts [--seed S] [--commands N] [--cases] [--random]
//     [--kv CMD] [--redis-vs-redis] [--verbose]
import path from 'node:path';
import { caseFiles, runCaseFile } from './cases.js';
import { parseOptions } from './options.js';
import { describe, fullName, Pair, tally } from './pair.js';
import { Progress } from './progress.js';
import { runRandom } from './random-run.js';
import { referenceTable } from './reference.js';
import { repoRoot, startKv, startRedis, type RunningServer } from './servers.js';

/** Divergences printed in full, at most so many per command and in all; the rest are counted. */
const SHOWN_PER_COMMAND = 5;
const SHOWN = 100;

const servers: RunningServer[] = [];
const containers = new Set(Object.entries(referenceTable()).filter(([, c]) => c.subcommands !== undefined).map(([n]) => n));
let pair: Pair | undefined;
/** Set once the run is being wound up, by its end or by fatal(): the other way out then stays quiet. */
let ending = false;

function stopAll(): Promise<void> {
  pair?.close();
  return Promise.all(servers.splice(0).map((s) => s.stop())).then(() => undefined);
}

/** Prints the divergences and the summary line (always the last line); returns the exit code. */
function report(fatal?: string): number {
  const divergences = pair?.divergences ?? [];
  const perCommand = new Map<string, number>();
  let shown = 0;
  for (const d of divergences) {
    const name = d.command.length === 0 ? '?' : fullName(d.command, containers);
    const n = perCommand.get(name) ?? 0;
    perCommand.set(name, n + 1);
    if (n >= SHOWN_PER_COMMAND || shown >= SHOWN) continue;
    shown++;
    console.log(`DIVERGENCE ${describe(d)}`);
  }
  if (divergences.length > shown) console.log(`… and ${divergences.length - shown} more divergences`);
  if (divergences.length > 0) console.log(`divergences by command: ${tally(divergences, containers)}`);
  if (fatal !== undefined) console.log(`FATAL ${fatal}`);
  const failed = divergences.length + (fatal === undefined ? 0 : 1);
  console.log(`compat: ${pair?.passed ?? 0} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  servers.push(await startRedis());
  servers.push(o.redisVsRedis ? await startRedis() : await startKv([], o.kv));
  const [redis, other] = servers as [RunningServer, RunningServer];
  pair = await Pair.open(redis.port, other.port, containers);
  if (o.verbose) pair.onCommand = (where, args, ok) => console.log(`${ok ? 'ok  ' : 'DIFF'} ${where} ${args.map((a) => JSON.stringify(a)).join(' ')}`);
  console.log(`compat: redis on ${redis.port}, ${o.redisVsRedis ? 'a second redis' : 'kv'} on ${other.port}, seed ${o.seed}`);

  if (o.cases) {
    const files = caseFiles(path.join(repoRoot(), 'tools/compat/cases'));
    const bar = new Progress('cases ', files.length);
    for (const [i, file] of files.entries()) {
      await runCaseFile(pair, file);
      bar.update(i + 1);
    }
    bar.end();
  }
  if (o.random) await runRandom(pair, o.seed, o.commands);
  if (ending) return new Promise(() => {}); // fatal() is reporting and exiting
  ending = true;
  await stopAll();
  return report();
}

/** Ends the run on an error or a signal: servers stopped, what was found so far reported, once. */
function fatal(err: unknown): void {
  if (ending) return;
  ending = true;
  const message = err instanceof Error ? err.message : String(err);
  void stopAll().finally(() => process.exit(report(message) === 0 ? 0 : 2));
}

process.once('SIGINT', () => fatal('interrupted'));
process.once('SIGTERM', () => fatal('terminated'));
process.on('uncaughtException', fatal);
main().then(
  (code) => process.exit(code),
  (err: unknown) => fatal(err),
);
