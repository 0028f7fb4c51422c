// @kv/client against ioredis and node-redis (`redis`), in one run, on the
// same server: N SETs with C promises in flight, N SETs in explicit
// pipelines of B, and N SETs issued B per tick (automatic pipelining, where
// the client has it). Real redis-server by default; --kv runs against kv too.
//   node tools/scripts/run-ts.mjs tools/bench/src/client-bench.ts [-n 1000000] [-c 50] [-b 1000] [--repeat 1] [--kv] [--only kv,ioredis,redis]
import { Client } from '@kv/client';
import { Redis as IORedis } from 'ioredis';
import { createClient } from 'redis';
import { startKv, startRedis, type RunningServer } from '../../compat/src/servers.js';

interface Args {
  n: number;
  concurrency: number;
  batch: number;
  repeat: number;
  kv: boolean;
  only: Set<string>;
  tests: Set<string>;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { n: 1_000_000, concurrency: 50, batch: 1000, repeat: 1, kv: false, only: new Set(['kv', 'ioredis', 'redis']), tests: new Set(['concurrent', 'pipeline', 'tick']) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-n': a.n = Number(next()); break;
      case '-c': a.concurrency = Number(next()); break;
      case '-b': a.batch = Number(next()); break;
      case '--repeat': a.repeat = Number(next()); break;
      case '--kv': a.kv = true; break;
      case '--only': a.only = new Set(next().split(',')); break;
      case '--tests': a.tests = new Set(next().split(',')); break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  return a;
}

/** What a benchmark needs of a client: one SET, a pipeline of SETs, and closing. */
interface Subject {
  readonly name: string;
  set(key: string, value: string): Promise<unknown>;
  pipeline(keys: string[], value: string): Promise<unknown>;
  flushall(): Promise<unknown>;
  close(): Promise<void>;
}

async function ours(port: number): Promise<Subject> {
  const c = await Client.connect({ port });
  return {
    name: '@kv/client',
    set: (k, v) => c.set(k, v),
    pipeline: (keys, v) => {
      const p = c.pipeline();
      for (const k of keys) p.set(k, v);
      return p.exec();
    },
    flushall: () => c.flushall(),
    close: () => c.quit(),
  };
}

async function ioredis(port: number): Promise<Subject> {
  const c = new IORedis({ port, host: '127.0.0.1', lazyConnect: true });
  await c.connect();
  return {
    name: 'ioredis',
    set: (k, v) => c.set(k, v),
    pipeline: (keys, v) => {
      const p = c.pipeline();
      for (const k of keys) p.set(k, v);
      return p.exec();
    },
    flushall: () => c.flushall(),
    close: async () => void (await c.quit()),
  };
}

async function nodeRedis(port: number): Promise<Subject> {
  const c = createClient({ socket: { host: '127.0.0.1', port } });
  await c.connect();
  return {
    name: 'node-redis',
    set: (k, v) => c.set(k, v),
    pipeline: (keys, v) => {
      const m = c.multi();
      for (const k of keys) m.set(k, v);
      return m.execAsPipeline();
    },
    flushall: () => c.flushAll(),
    close: () => c.close(),
  };
}

const VALUE = 'v'.repeat(16);
const key = (i: number) => `key:${i}`;

/** N SETs, `concurrency` in flight: each finished one starts the next. */
async function concurrent(s: Subject, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < n) await s.set(key(next++), VALUE);
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return n / ((performance.now() - t0) / 1000);
}

/** N SETs in explicit pipelines of `batch`, one pipeline at a time. */
async function pipelined(s: Subject, n: number, batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) {
    const keys: string[] = [];
    for (let j = i; j < Math.min(n, i + batch); j++) keys.push(key(j));
    await s.pipeline(keys, VALUE);
  }
  return n / ((performance.now() - t0) / 1000);
}

/** N SETs, `batch` issued in the same tick and awaited together (automatic pipelining). */
async function perTick(s: Subject, n: number, batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) {
    const all: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + batch); j++) all.push(s.set(key(j), VALUE));
    await Promise.all(all);
  }
  return n / ((performance.now() - t0) / 1000);
}

const MAKERS: Record<string, (port: number) => Promise<Subject>> = { kv: ours, ioredis, redis: nodeRedis };

async function runServer(server: RunningServer, a: Args): Promise<string[]> {
  const tests: [string, string, (s: Subject) => Promise<number>][] = [
    ['concurrent', `SET, ${a.concurrency} in flight`, (s) => concurrent(s, a.n, a.concurrency)],
    ['pipeline', `SET, pipelines of ${a.batch}`, (s) => pipelined(s, a.n, a.batch)],
    ['tick', `SET, ${a.batch} per tick`, (s) => perTick(s, a.n, a.batch)],
  ];
  const subjects: Subject[] = [];
  for (const [id, make] of Object.entries(MAKERS)) if (a.only.has(id)) subjects.push(await make(server.port));
  const lines: string[] = [];
  const header = ['server', 'test', ...subjects.map((s) => s.name), 'ours / best other'];
  const rows: string[][] = [];
  let turn = 0;
  for (const [id, label, run] of tests) {
    if (!a.tests.has(id)) continue;
    const best = new Map<string, number>();
    // Interleaved (ours, ioredis, node-redis, ours …) so that all see the same machine load, and
    // each test and repeat starts with the next client, so that none always runs first after the
    // FLUSHALL of a million keys (the server's freeing them, or its GC, would land on that one).
    for (let r = 0; r < a.repeat; r++, turn++) {
      const order = subjects.map((_, i) => subjects[(i + turn) % subjects.length]!);
      for (const s of order) {
        await s.flushall();
        const ops = await run(s);
        best.set(s.name, Math.max(best.get(s.name) ?? 0, ops));
        process.stderr.write(`  ${server.name} ${label} ${s.name}: ${Math.round(ops).toLocaleString('en-US')} ops/s\n`);
      }
    }
    const mine = best.get('@kv/client');
    const others = subjects.filter((s) => s.name !== '@kv/client').map((s) => best.get(s.name)!);
    const ratio = mine !== undefined && others.length > 0 ? (mine / Math.max(...others)).toFixed(2) : '-';
    rows.push([server.name, label, ...subjects.map((s) => Math.round(best.get(s.name)!).toLocaleString('en-US')), ratio]);
  }
  for (const s of subjects) await s.close();
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  lines.push(fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt));
  return lines;
}

const args = parseArgs(process.argv.slice(2));
console.log(`${args.n.toLocaleString('en-US')} SETs of ${VALUE.length}-byte values per run, best of ${args.repeat}; Node ${process.version}`);
const servers: RunningServer[] = [await startRedis()];
try {
  if (args.kv) servers.push(await startKv());
  const out: string[] = [];
  for (const server of servers) {
    const lines = await runServer(server, args);
    out.push(...(out.length === 0 ? lines : lines.slice(2)));
  }
  console.log(out.join('\n'));
} finally {
  for (const s of servers) await s.stop();
}
