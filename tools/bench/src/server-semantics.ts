// Issue #6's numbers, kv beside real Redis 7.0 on the same machine:
//   - PUBLISH fan-out to 100 subscribers: messages delivered per second
//   - BLPOP/LPUSH hand-off: time from LPUSH sent to the blocked client's reply
//   - 10,000 idle connections: server memory per connection, and SET/GET
//     throughput (redis-benchmark -c 50 -P 1) with them connected vs without
//   node tools/scripts/run-ts.mjs tools/bench/src/server-semantics.ts [--publishes 20000] [--handoffs 5000] [--idle 10000]
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { encodeCommand } from '@kv/resp';
import { startKv, startRedis, type RunningServer } from '../../compat/src/servers.js';
import { parseBenchmarkCsv } from './benchmark-table.js';
import { rssOf } from './process-rss.js';

interface Row {
  readonly label: string;
  readonly redis: number;
  readonly kv: number;
}

/** measure, redis, kv, kv/redis: tab-separated like the persistence benchmark. */
function formatRows(rows: readonly Row[]): string {
  const n = (x: number) => (x >= 100 ? String(Math.round(x)) : x.toFixed(1));
  return ['measure\tredis\tkv\tkv/redis', ...rows.map((r) => `${r.label}\t${n(r.redis)}\t${n(r.kv)}\t${(r.kv / r.redis).toFixed(2)}`)].join('\n');
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const PUBLISHES = option('--publishes', 20_000);
const HANDOFFS = option('--handoffs', 5_000);
const IDLE = option('--idle', 10_000);
const SUBSCRIBERS = 100;

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.setNoDelay(true);
    s.once('error', reject);
  });
}

/** Resolves once `bytes` more bytes have arrived on the socket. */
function receive(s: Socket, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    let got = 0;
    const on = (d: Buffer) => {
      got += d.length;
      if (got >= bytes) {
        s.off('data', on);
        resolve();
      }
    };
    s.on('data', on);
  });
}

/** Messages delivered per second: PUBLISHES publishes (pipelined 100 at a time) to SUBSCRIBERS subscribers. */
async function fanOut(port: number): Promise<number> {
  const subs = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => open(port)));
  const confirm = Buffer.from('*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n').length;
  await Promise.all(subs.map((s) => {
    const p = receive(s, confirm);
    s.write(encodeCommand(['SUBSCRIBE', 'news']));
    return p;
  }));
  const message = 'm'.repeat(32);
  const frame = encodeCommand(['message', 'news', message]).length;
  const pub = await open(port);
  const start = performance.now();
  const delivered = Promise.all(subs.map((s) => receive(s, frame * PUBLISHES)));
  const batch = Buffer.concat(Array.from({ length: 100 }, () => encodeCommand(['PUBLISH', 'news', message])));
  const replyBytes = Buffer.from(`:${SUBSCRIBERS}\r\n`).length * 100;
  for (let sent = 0; sent < PUBLISHES; sent += 100) {
    const r = receive(pub, replyBytes);
    pub.write(batch);
    await r;
  }
  await delivered;
  const seconds = (performance.now() - start) / 1000;
  for (const s of [pub, ...subs]) s.destroy();
  return (PUBLISHES * SUBSCRIBERS) / seconds;
}

/** Median and 99th percentile of LPUSH-sent to BLPOP-reply, in microseconds. */
async function handoff(port: number): Promise<[number, number]> {
  const waiter = await open(port);
  const pusher = await open(port);
  const times: number[] = [];
  const popReply = encodeCommand(['q', 'x']).length;
  for (let i = 0; i < HANDOFFS; i++) {
    waiter.write(encodeCommand(['BLPOP', 'q', '0']));
    // Let the BLPOP block first (a round trip on another connection).
    const ping = receive(pusher, 7);
    pusher.write(encodeCommand(['PING']));
    await ping;
    await new Promise((r) => setImmediate(r));
    const got = receive(waiter, popReply);
    const pushed = receive(pusher, 4);
    const t0 = performance.now();
    pusher.write(encodeCommand(['LPUSH', 'q', 'x']));
    await got;
    times.push((performance.now() - t0) * 1000);
    await pushed;
  }
  waiter.destroy();
  pusher.destroy();
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length / 2)]!, times[Math.floor(times.length * 0.99)]!];
}

function benchmark(port: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-q', '--csv', '-n', '200000', '-c', '50', '-P', '1', '-t', 'set,get'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', () => resolve(parseBenchmarkCsv(out)));
  });
}

interface IdleResult {
  bytesPerConnection: number;
  before: Map<string, number>;
  during: Map<string, number>;
}

/** Memory per idle connection and throughput with IDLE of them connected (each sent one PING, as clients do). */
async function idle(server: RunningServer): Promise<IdleResult> {
  const before = await benchmark(server.port);
  const pid = server.process.pid!;
  const rssBefore = rssOf(pid);
  const sockets: Socket[] = [];
  for (let i = 0; i < IDLE; i += 500) {
    const batch = await Promise.all(Array.from({ length: Math.min(500, IDLE - i) }, () => open(server.port)));
    await Promise.all(batch.map((s) => {
      const p = receive(s, 7);
      s.write(encodeCommand(['PING']));
      return p;
    }));
    sockets.push(...batch);
  }
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfter = rssOf(pid);
  const during = await benchmark(server.port);
  for (const s of sockets) s.destroy();
  return { bytesPerConnection: (rssAfter - rssBefore) / IDLE, before, during };
}

async function measure(server: RunningServer): Promise<{ fan: number; hand: [number, number]; idle: IdleResult }> {
  const fan = await fanOut(server.port);
  const hand = await handoff(server.port);
  return { fan, hand, idle: await idle(server) };
}

async function main(): Promise<void> {
  const flags = ['--maxclients', String(IDLE + 200)];
  const servers: RunningServer[] = [await startRedis(flags), await startKv(flags)];
  try {
    const [r, k] = [await measure(servers[0]!), await measure(servers[1]!)];
    const rows: Row[] = [
      { label: `PUBLISH to ${SUBSCRIBERS} subscribers, messages delivered/s`, redis: r.fan, kv: k.fan },
      { label: 'BLPOP/LPUSH hand-off, median us', redis: r.hand[0], kv: k.hand[0] },
      { label: 'BLPOP/LPUSH hand-off, p99 us', redis: r.hand[1], kv: k.hand[1] },
      { label: `RSS per idle connection (${IDLE} connected), bytes`, redis: r.idle.bytesPerConnection, kv: k.idle.bytesPerConnection },
    ];
    for (const t of ['SET', 'GET']) {
      rows.push({ label: `${t} rps -c 50 -P 1, no idle connections`, redis: r.idle.before.get(t) ?? 0, kv: k.idle.before.get(t) ?? 0 });
      rows.push({ label: `${t} rps -c 50 -P 1, with ${IDLE} idle connections`, redis: r.idle.during.get(t) ?? 0, kv: k.idle.during.get(t) ?? 0 });
    }
    console.log(formatRows(rows));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await main();
