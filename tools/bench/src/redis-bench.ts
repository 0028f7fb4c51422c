// redis-benchmark against real Redis and kv, side by side: the same flags,
// runs interleaved (redis, kv, redis, kv, … for each test and pipeline
// depth) so that both see the same machine load, median of the repeats.
//   node tools/scripts/run-ts.mjs tools/bench/src/redis-bench.ts [-t set,get,incr,mset] [-n 100000] [-c 50]
//     [-P 1,16] [--repeat 3] [--kv CMD] [--command "PFADD hll __rand_int__" [-r 100000]]
import { spawn } from 'node:child_process';
import { startKv, startRedis, type RunningServer } from '../../compat/src/servers.js';
import { formatTable, median, parseBenchmarkCsv, type Row } from './benchmark-table.js';

interface Options {
  tests: string[];
  requests: number;
  clients: number;
  pipelines: number[];
  repeat: number;
  kv: string | undefined;
  /** Arbitrary commands (`--command`, repeatable), run as redis-benchmark's trailing command. */
  commands: string[];
  /** redis-benchmark -r for the commands: the range of __rand_int__. */
  keyspace: number;
}

const USAGE =
  'usage: redis-bench.ts [-t set,get,incr,mset] [-n 100000] [-c 50] [-P 1,16] [--repeat 3] [--kv CMD] [--command "CMD ARGS…"]… [-r 100000]';

function parseOptions(argv: readonly string[]): Options {
  const o: Options = {
    tests: ['set', 'get', 'incr', 'mset'], requests: 100_000, clients: 50, pipelines: [1, 16], repeat: 3, kv: undefined,
    commands: [], keyspace: 100_000,
  };
  let testsGiven = false;
  const positive = (flag: string, v: string): number => {
    if (!/^[1-9]\d*$/.test(v)) throw new Error(`${flag} takes a positive integer, not ${JSON.stringify(v)}\n${USAGE}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!['-t', '-n', '-c', '-P', '--repeat', '--kv', '--command', '-r'].includes(flag)) throw new Error(`unknown option ${flag}\n${USAGE}`);
    const v = argv[++i];
    if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === '-t') {
      o.tests = v.split(',').filter((t) => t !== '');
      testsGiven = true;
    } else if (flag === '--command') o.commands.push(v);
    else if (flag === '-r') o.keyspace = positive(flag, v);
    else if (flag === '-n') o.requests = positive(flag, v);
    else if (flag === '-c') o.clients = positive(flag, v);
    else if (flag === '-P') o.pipelines = v.split(',').map((p) => positive(flag, p));
    else if (flag === '--repeat') o.repeat = positive(flag, v);
    else o.kv = v;
  }
  // With --command alone, only the commands run; -t adds the built-in tests back.
  if (o.commands.length !== 0 && !testsGiven) o.tests = [];
  return o;
}

/** A test: a built-in `-t` name, or an arbitrary command line (`--command`). */
interface Test {
  readonly name: string;
  readonly command: string | undefined;
}

/** One redis-benchmark run of one test; requests/s by the test names it printed (empty if it failed). */
function benchmark(port: number, test: Test, o: Options, pipeline: number): Promise<Map<string, number>> {
  const common = ['-h', '127.0.0.1', '-p', String(port), '-q', '--csv', '-n', String(o.requests), '-c', String(o.clients), '-P', String(pipeline)];
  // A custom command goes last, split on spaces, with -r so __rand_int__ varies.
  const args = test.command === undefined
    ? [...common, '-t', test.name]
    : [...common, '-r', String(o.keyspace), ...test.command.split(' ').filter((a) => a !== '')];
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const rows = parseBenchmarkCsv(out);
      if (code !== 0 || rows.size === 0) console.error(`redis-benchmark ${args.join(' ')} failed (exit ${code}): ${err.trim() || out.trim()}`);
      resolve(code === 0 ? rows : new Map());
    });
  });
}

const servers: RunningServer[] = [];
const stopAll = () => Promise.all(servers.splice(0).map((s) => s.stop()));

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  servers.push(await startRedis(), await startKv([], o.kv));
  const [redis, kv] = servers as [RunningServer, RunningServer];
  console.error(`redis-bench: redis on ${redis.port}, kv on ${kv.port}; -n ${o.requests} -c ${o.clients}, ${o.repeat} run(s) each, interleaved`);
  const rows: Row[] = [];
  const tests: Test[] = [
    ...o.tests.map((name) => ({ name, command: undefined })),
    ...o.commands.map((command) => ({ name: command, command })),
  ];
  for (const pipeline of o.pipelines) {
    for (const test of tests) {
      const runs = { redis: new Map<string, number[]>(), kv: new Map<string, number[]>() };
      const failed = { redis: false, kv: false };
      for (let r = 0; r < o.repeat; r++) {
        for (const [side, server] of [['redis', redis], ['kv', kv]] as const) {
          if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  -P ${pipeline} ${test.name} run ${r + 1}/${o.repeat} ${side}…`);
          const got = await benchmark(server.port, test, o, pipeline);
          if (got.size === 0) failed[side] = true;
          for (const [name, rps] of got) runs[side].set(name, [...(runs[side].get(name) ?? []), rps]);
        }
      }
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const names = new Set([...runs.redis.keys(), ...runs.kv.keys()]);
      if (names.size === 0) names.add(test.command ?? test.name.toUpperCase());
      // A side with a failed run shows as failed rather than as the median of the runs that worked.
      const result = (side: 'redis' | 'kv', name: string) => (failed[side] ? NaN : median(runs[side].get(name) ?? []));
      for (const name of names) rows.push({ test: name, pipeline, redis: result('redis', name), kv: result('kv', name) });
    }
  }
  await stopAll();
  console.log(formatTable(rows));
}

process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
main().catch(async (err: unknown) => {
  console.error(`redis-bench: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll();
  process.exit(1);
});
