// RDB persistence, kv beside real Redis on the same data: SAVE time, file
// size, load time at start-up, and what clients see while BGSAVE runs
// (redis-benchmark -c 50 -P 1 throughput and its slowest request), and the
// peak resident memory during BGSAVE over the memory before (Redis's forked
// child counted in).
//   node tools/scripts/run-ts.mjs tools/bench/src/persistence.ts [--keys 1000000] [--elements 1000000]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { rssOf } from './process-rss.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from '../../compat/src/servers.js';
import { RespConnection, infoField, pipelineAll } from './load.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const KEYS = option('--keys', 1_000_000);
const ELEMENTS = option('--elements', 1_000_000);

interface Server {
  child: ChildProcess;
  port: number;
  /** ms from spawn until the port answered (loading included). */
  readyMs: number;
}

async function launch(side: 'redis' | 'kv', dir: string): Promise<Server> {
  const port = await freePort();
  const flags = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'];
  const started = performance.now();
  const child = side === 'redis'
    ? spawn('redis-server', flags, { stdio: 'ignore' })
    : spawn(process.execPath, [path.join(repoRoot(), 'apps/server/dist/kv-server.js'), ...flags], { stdio: 'ignore' });
  for (;;) {
    try {
      const conn = await RespConnection.connect({ port });
      await conn.call('PING');
      const ready = performance.now() - started;
      conn.close();
      // Redis answers while loading with -LOADING; wait until it is done.
      const c2 = await RespConnection.connect({ port });
      while ((await infoField(c2, 'persistence', 'loading')) === 1) await new Promise((r) => setTimeout(r, 20));
      c2.close();
      return { child, port, readyMs: Math.max(ready, performance.now() - started) };
    } catch {
      if (child.exitCode !== null) throw new Error(`${side} exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function stop(s: Server): Promise<void> {
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
}

async function load(conn: RespConnection, side: string): Promise<void> {
  const B = 100;
  await pipelineAll(conn, `${side} strings`, Math.ceil(KEYS / B), (k) => ['MSET', ...range(k * B, Math.min(KEYS, (k + 1) * B)).flatMap((n) => [`key:${n}`, `value:${n}`])], 20);
  await pipelineAll(conn, `${side} hash`, Math.ceil(ELEMENTS / B), (k) => ['HSET', 'hash', ...range(k * B, Math.min(ELEMENTS, (k + 1) * B)).flatMap((n) => [`f:${n}`, `v:${n}`])], 20);
  await pipelineAll(conn, `${side} set`, Math.ceil(ELEMENTS / B), (k) => ['SADD', 'set', ...range(k * B, Math.min(ELEMENTS, (k + 1) * B)).map((n) => `m:${n}`)], 20);
  await pipelineAll(conn, `${side} zset`, Math.ceil(ELEMENTS / B), (k) => ['ZADD', 'zset', ...range(k * B, Math.min(ELEMENTS, (k + 1) * B)).flatMap((n) => [String(n), `m:${n}`])], 20);
  await pipelineAll(conn, `${side} list`, Math.ceil(ELEMENTS / B), (k) => ['RPUSH', 'list', ...range(k * B, Math.min(ELEMENTS, (k + 1) * B)).map((n) => `e:${n}`)], 20);
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, k) => a + k);
}

/** redis-benchmark -c 50 -P 1 set/get for `n` requests; returns requests/s and the slowest request in ms. */
function benchmark(port: number, n: number): Promise<{ rps: number; maxMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-c', '50', '-P', '1', '-n', String(n), '-t', 'set', '-r', '1000000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      const rps = Number(/throughput summary: ([\d.]+) requests per second/.exec(out)?.[1] ?? NaN);
      const m = /latency summary \(msec\):\s+avg\s+min\s+p50\s+p95\s+p99\s+max\s+([\d.\s]+)/.exec(out);
      const maxMs = m === null ? NaN : Number(m[1]!.trim().split(/\s+/)[5]);
      resolve({ rps, maxMs });
    });
  });
}

interface Result {
  saveMs: number;
  fileBytes: number;
  loadMs: number;
  idleRps: number;
  idleMaxMs: number;
  bgsave: Background;
  rewrite: Background;
}

/** What clients see while a background job (BGSAVE, BGREWRITEAOF) runs. */
interface Background {
  /** From the command to the job's end, ms. */
  ms: number;
  /** redis-benchmark SET throughput and slowest request meanwhile. */
  rps: number;
  maxMs: number;
  /** Peak resident memory (a forked child included) over the memory before. */
  peakRatio: number;
}

const REWRITE_FIELDS = ['aof_rewrite_in_progress', 'aof_rewrite_scheduled'];

/** Polls INFO persistence until none of `fields` is 1. */
async function waitWhile(conn: RespConnection, fields: readonly string[]): Promise<void> {
  for (;;) {
    let busy = false;
    for (const f of fields) if ((await infoField(conn, 'persistence', f)) === 1) busy = true;
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts `command`, runs the SET benchmark meanwhile, and waits for the job to end, sampling RSS every 50 ms. */
async function underLoad(s: Server, conn: RespConnection, command: string, busyFields: readonly string[]): Promise<Background> {
  const before = rssOf(s.child.pid!);
  await conn.call(command);
  const start = performance.now();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(s.child.pid!))), 50);
  try {
    const during = await benchmark(s.port, 200_000);
    await waitWhile(conn, busyFields);
    return { ms: performance.now() - start, rps: during.rps, maxMs: during.maxMs, peakRatio: peak / before };
  } finally {
    clearInterval(sampler);
  }
}

async function measure(side: 'redis' | 'kv'): Promise<Result> {
  const dir = mkdtempSync(path.join(tmpdir(), `kv-persist-${side}-`));
  try {
    const s = await launch(side, dir);
    const conn = await RespConnection.connect({ port: s.port });
    await load(conn, side);
    const t0 = performance.now();
    await conn.call('SAVE');
    const saveMs = performance.now() - t0;
    const fileBytes = statSync(path.join(dir, 'dump.rdb')).size;

    const idle = await benchmark(s.port, 200_000);
    const bgsave = await underLoad(s, conn, 'BGSAVE', ['rdb_bgsave_in_progress']);
    // Turning the append-only file on starts a rewrite (as in Redis): let it finish, then time an explicit one.
    await conn.call('CONFIG', 'SET', 'appendonly', 'yes');
    await waitWhile(conn, REWRITE_FIELDS);
    const rewrite = await underLoad(s, conn, 'BGREWRITEAOF', REWRITE_FIELDS);
    conn.close();
    await stop(s);

    const again = await launch(side, dir);
    await stop(again);
    return {
      saveMs, fileBytes, loadMs: again.readyMs, idleRps: idle.rps, idleMaxMs: idle.maxMs,
      bgsave, rewrite,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.error(`persistence: ${KEYS} string keys + a ${ELEMENTS}-element hash, set, sorted set and list`);
  const redis = await measure('redis');
  const kv = await measure('kv');
  const row = (name: string, r: number, k: number, digits = 0) => [name, r.toFixed(digits), k.toFixed(digits), (k / r).toFixed(2)].join('\t');
  console.log(['measure', 'redis', 'kv', 'kv/redis'].join('\t'));
  console.log(row('SAVE ms', redis.saveMs, kv.saveMs));
  console.log(row('dump.rdb bytes', redis.fileBytes, kv.fileBytes));
  console.log(row('start-up load ms', redis.loadMs, kv.loadMs));
  console.log(row('BGSAVE ms (under load)', redis.bgsave.ms, kv.bgsave.ms));
  console.log(row('SET rps, idle', redis.idleRps, kv.idleRps));
  console.log(row('SET rps, during BGSAVE', redis.bgsave.rps, kv.bgsave.rps));
  console.log(row('slowest SET ms, idle', redis.idleMaxMs, kv.idleMaxMs, 2));
  console.log(row('slowest SET ms, during BGSAVE', redis.bgsave.maxMs, kv.bgsave.maxMs, 2));
  console.log(row('peak RSS during BGSAVE / RSS before (redis: with its child)', redis.bgsave.peakRatio, kv.bgsave.peakRatio, 2));
  console.log(row('BGREWRITEAOF ms (under load)', redis.rewrite.ms, kv.rewrite.ms));
  console.log(row('SET rps, during BGREWRITEAOF', redis.rewrite.rps, kv.rewrite.rps));
  console.log(row('slowest SET ms, during BGREWRITEAOF', redis.rewrite.maxMs, kv.rewrite.maxMs, 2));
  console.log(row('peak RSS during BGREWRITEAOF / RSS before (redis: with its child)', redis.rewrite.peakRatio, kv.rewrite.peakRatio, 2));
}

main().catch((err: unknown) => {
  console.error(`persistence: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
