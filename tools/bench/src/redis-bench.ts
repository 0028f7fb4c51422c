// redis-benchmark against real Redis and kv, side by side: the same flags,
// runs interleaved (redis, kv, redis, kv, … for each test and pipeline
// depth) so that both see the same machine load, median of the repeats.
//   node tools/scripts/run-ts.mjs tools/bench/src/redis-bench.ts [-t set,get,incr,mset] [-n 100000] [-c 50]
//     [-P 1,16] [--repeat 3] [--kv CMD]
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
}

const USAGE = 'usage: redis-bench.ts [-t set,get,incr,mset] [-n 100000] [-c 50] [-P 1,16] [--repeat 3] [--kv CMD]';

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { tests: ['set', 'get', 'incr', 'mset'], requests: 100_000, clients: 50, pipelines: [1, 16], repeat: 3, kv: undefined };
  const positive = (flag: string, v: string): number => {
    if (!/^[1-9]\d*$/.test(v)) throw new Error(`${flag} takes a positive integer, not ${JSON.stringify(v)}\n${USAGE}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!['-t', '-n', '-c', '-P', '--repeat', '--kv'].includes(flag)) throw new Error(`unknown option ${flag}\n${USAGE}`);
    const v = argv[++i];
    if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === '-t') o.tests = v.split(',').filter((t) => t !== '');
    else if (flag === '-n') o.requests = positive(flag, v);
    else if (flag === '-c') o.clients = positive(flag, v);
    else if (flag === '-P') o.pipelines = v.split(',').map((p) => positive(flag, p));
    else if (flag === '--repeat') o.repeat = positive(flag, v);
    else o.kv = v;
  }
  return o;
}

/** One redis-benchmark run of one test; requests/s by the test names it printed (empty if it failed). */
function benchmark(port: number, test: string, o: Options, pipeline: number): Promise<Map<string, number>> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-q', '--csv', '-t', test, '-n', String(o.requests), '-c', String(o.clients), '-P', String(pipeline)];
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
  for (const pipeline of o.pipelines) {
    for (const test of o.tests) {
      const runs = { redis: new Map<string, number[]>(), kv: new Map<string, number[]>() };
      const failed = { redis: false, kv: false };
      for (let r = 0; r < o.repeat; r++) {
        for (const [side, server] of [['redis', redis], ['kv', kv]] as const) {
          if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  -P ${pipeline} ${test} run ${r + 1}/${o.repeat} ${side}…`);
          const got = await benchmark(server.port, test, o, pipeline);
          if (got.size === 0) failed[side] = true;
          for (const [name, rps] of got) runs[side].set(name, [...(runs[side].get(name) ?? []), rps]);
        }
      }
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const names = new Set([...runs.redis.keys(), ...runs.kv.keys()]);
      if (names.size === 0) names.add(test.toUpperCase());
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
