// Does a sorted-set range stay O(log n + m)? Times ZRANGEBYSCORE … LIMIT 0 10
// and ZRANK on a 1,000-member and a 1,000,000-member sorted set, on kv and on
// real Redis, one command at a time (round trip included, same for both).
//   node tools/scripts/run-ts.mjs tools/bench/src/zset-scale.ts [--sizes 1000,1000000] [--ops 20000] [--pipeline 1]
import { startKv, startRedis, type RunningServer } from '../../compat/src/servers.js';
import { RespConnection, pipelineAll } from './load.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const sizes = option('--sizes', '1000,1000000').split(',').map(Number);
const ops = Number(option('--ops', '20000'));
/** Commands per round trip: 1 includes the network in every call; 100 shows mostly the server's own work. */
const pipeline = Number(option('--pipeline', '1'));

/** Microseconds per call of `command(i)`, sent `pipeline` at a time. */
async function time(conn: RespConnection, command: (i: number) => string[]): Promise<number> {
  const run = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i += pipeline) {
      await conn.pipeline(Array.from({ length: Math.min(pipeline, count - i) }, (_, k) => command(i + k)));
    }
  };
  await run(1000);
  const start = process.hrtime.bigint();
  await run(ops);
  return Number(process.hrtime.bigint() - start) / 1000 / ops;
}

const servers: RunningServer[] = [];

async function main(): Promise<void> {
  servers.push(await startRedis(), await startKv());
  const rows: string[] = [];
  rows.push(['size', 'command', 'redis µs/op', 'kv µs/op', 'kv/redis'].join('\t'));
  for (const size of sizes) {
    const results = new Map<string, [number, number]>();
    for (const [side, server] of [['redis', servers[0]!], ['kv', servers[1]!]] as const) {
      const conn = await RespConnection.connect({ port: server.port });
      await conn.call('FLUSHALL');
      await pipelineAll(conn, `${side} ZADD ${size}`, Math.ceil(size / 100), (i) => {
        const args = ['ZADD', 'z'];
        for (let j = i * 100; j < Math.min(size, i * 100 + 100); j++) args.push(String(j), `member:${j}`);
        return args;
      }, 100);
      const rand = (i: number) => (i * 2654435761) % size;
      const range = await time(conn, (i) => {
        const from = rand(i);
        return ['ZRANGEBYSCORE', 'z', String(from), '+inf', 'LIMIT', '0', '10'];
      });
      const rank = await time(conn, (i) => ['ZRANK', 'z', `member:${rand(i)}`]);
      const idx = side === 'redis' ? 0 : 1;
      for (const [name, v] of [['ZRANGEBYSCORE z x +inf LIMIT 0 10', range], ['ZRANK z member', rank]] as const) {
        const cur = results.get(name) ?? [NaN, NaN];
        cur[idx] = v;
        results.set(name, cur);
      }
      await conn.call('FLUSHALL');
      conn.close();
    }
    for (const [name, [r, k]] of results) rows.push([String(size), name, r.toFixed(1), k.toFixed(1), (k / r).toFixed(2)].join('\t'));
  }
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  console.log(rows.join('\n'));
}

main().catch(async (err: unknown) => {
  console.error(`zset-scale: ${err instanceof Error ? err.message : String(err)}`);
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  process.exit(1);
});
