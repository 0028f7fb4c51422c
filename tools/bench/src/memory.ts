// Memory per entry, kv beside real Redis: 1M string keys, a 1M-field hash, a
// 1M-member set and a 1M-member sorted set, each loaded into a fresh server.
// Bytes per entry = (INFO used_memory after - before) / entries. kv's
// used_memory is V8's heap plus external memory after a forced GC.
//   node tools/scripts/run-ts.mjs tools/bench/src/memory.ts [--entries 1000000]
import { startKv, startRedis, type RunningServer } from '../../compat/src/servers.js';
import { RespConnection, infoField, pipelineAll } from './load.js';

const i = process.argv.indexOf('--entries');
const entries = i >= 0 ? Number(process.argv[i + 1]) : 1_000_000;

interface Case {
  readonly name: string;
  /** The command that adds entries [from, to). */
  readonly add: (from: number, to: number) => string[];
}

const BATCH = 100;
const cases: Case[] = [
  { name: 'string keys (SET key:N value:N)', add: (a, b) => ['MSET', ...range(a, b).flatMap((n) => [`key:${n}`, `value:${n}`])] },
  { name: 'hash fields (HSET h field:N value:N)', add: (a, b) => ['HSET', 'h', ...range(a, b).flatMap((n) => [`field:${n}`, `value:${n}`])] },
  { name: 'set members (SADD s member:N)', add: (a, b) => ['SADD', 's', ...range(a, b).map((n) => `member:${n}`)] },
  { name: 'sorted set members (ZADD z N member:N)', add: (a, b) => ['ZADD', 'z', ...range(a, b).flatMap((n) => [String(n), `member:${n}`])] },
];

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, k) => a + k);
}

async function measure(start: () => Promise<RunningServer>, c: Case, side: string): Promise<number> {
  const server = await start();
  try {
    const conn = await RespConnection.connect({ port: server.port });
    const before = await infoField(conn, 'memory', 'used_memory');
    await pipelineAll(conn, `${side} ${c.name}`, Math.ceil(entries / BATCH), (k) => c.add(k * BATCH, Math.min(entries, (k + 1) * BATCH)), 20);
    await new Promise((r) => setTimeout(r, 500));
    const after = await infoField(conn, 'memory', 'used_memory');
    conn.close();
    return (after - before) / entries;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const rows = [['entries', 'case', 'redis B/entry', 'kv B/entry', 'kv/redis'].join('\t')];
  for (const c of cases) {
    const redis = await measure(() => startRedis(), c, 'redis');
    // --expose-gc lets kv's INFO collect garbage before it reports.
    const kv = await measure(() => startKv([], 'node --expose-gc apps/server/dist/kv-server.js'), c, 'kv');
    rows.push([String(entries), c.name, redis.toFixed(1), kv.toFixed(1), (kv / redis).toFixed(2)].join('\t'));
  }
  console.log(rows.join('\n'));
}

main().catch((err: unknown) => {
  console.error(`memory: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
