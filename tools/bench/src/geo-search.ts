// GEOSEARCH on a large geo set, kv beside real Redis: loads the same points
// into both (uniform over a Europe-sized box, so a radius of r km holds about
// 0.7 r² points), then times the same queries on each, one per round trip, for a
// few radii with and without COUNT, and a box. Replies are compared too.
//   node tools/scripts/run-ts.mjs tools/bench/src/geo-search.ts [--points 1000000] [--queries 200]
import { startKv, startRedis, type RunningServer } from '../../compat/src/servers.js';
import { RespConnection, pipelineAll } from './load.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const points = Number(option('--points', '1000000'));
const queries = Number(option('--queries', '200'));

/** mulberry32, so that both servers get the same points and the same queries. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOX = { lon: [-10, 30], lat: [35, 60] } as const;

function position(rand: () => number): [string, string] {
  const lon = BOX.lon[0] + rand() * (BOX.lon[1] - BOX.lon[0]);
  const lat = BOX.lat[0] + rand() * (BOX.lat[1] - BOX.lat[0]);
  return [lon.toFixed(6), lat.toFixed(6)];
}

/** The query sets: a name and the arguments after the centre. */
const SHAPES: readonly (readonly [string, string[]])[] = [
  ['BYRADIUS 1 km', ['BYRADIUS', '1', 'km']],
  ['BYRADIUS 10 km', ['BYRADIUS', '10', 'km']],
  ['BYRADIUS 10 km WITHDIST ASC', ['BYRADIUS', '10', 'km', 'WITHDIST', 'ASC']],
  ['BYRADIUS 50 km', ['BYRADIUS', '50', 'km']],
  ['BYRADIUS 50 km COUNT 10', ['BYRADIUS', '50', 'km', 'COUNT', '10']],
  ['BYRADIUS 50 km COUNT 10 ANY', ['BYRADIUS', '50', 'km', 'COUNT', '10', 'ANY']],
  ['BYRADIUS 200 km COUNT 10', ['BYRADIUS', '200', 'km', 'COUNT', '10']],
  ['BYBOX 100 100 km', ['BYBOX', '100', '100', 'km']],
];

interface Timing {
  readonly usPerQuery: number;
  readonly results: number;
  readonly replies: string[];
}

async function runShape(conn: RespConnection, shape: readonly string[]): Promise<Timing> {
  const rand = prng(7);
  const commands = Array.from({ length: queries }, () => ['GEOSEARCH', 'g', 'FROMLONLAT', ...position(rand), ...shape]);
  const replies: string[] = [];
  let results = 0;
  const start = process.hrtime.bigint();
  for (const c of commands) {
    const r = await conn.call(...c);
    if (Array.isArray(r)) results += r.length;
    replies.push(JSON.stringify(r));
  }
  return { usPerQuery: Number(process.hrtime.bigint() - start) / 1000 / queries, results: results / queries, replies };
}

const servers: RunningServer[] = [];

async function main(): Promise<void> {
  servers.push(await startRedis(), await startKv());
  const timings: Timing[][] = [];
  for (const [side, server] of [['redis', servers[0]!], ['kv', servers[1]!]] as const) {
    const conn = await RespConnection.connect({ port: server.port });
    await conn.call('FLUSHALL');
    const rand = prng(1);
    const loadStart = process.hrtime.bigint();
    await pipelineAll(conn, `${side} GEOADD ${points}`, Math.ceil(points / 100), (i) => {
      const args = ['GEOADD', 'g'];
      for (let j = i * 100; j < Math.min(points, i * 100 + 100); j++) args.push(...position(rand), `p:${j}`);
      return args;
    }, 100);
    const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
    console.error(`${side}: loaded ${String(await conn.call('ZCARD', 'g'))} points in ${(loadMs / 1000).toFixed(1)} s`);
    // A warm-up pass, then the timed one.
    await runShape(conn, SHAPES[1]![1]);
    const row: Timing[] = [];
    for (const [, shape] of SHAPES) row.push(await runShape(conn, shape));
    timings.push(row);
    await conn.call('FLUSHALL');
    conn.close();
  }
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  const lines = [['GEOSEARCH g FROMLONLAT x y …', 'results', 'redis µs/op', 'kv µs/op', 'kv/redis', 'same replies'].join('\t')];
  SHAPES.forEach(([name], i) => {
    const r = timings[0]![i]!, k = timings[1]![i]!;
    const same = r.replies.filter((x, j) => x === k.replies[j]).length;
    lines.push([name, r.results.toFixed(1), r.usPerQuery.toFixed(0), k.usPerQuery.toFixed(0), (k.usPerQuery / r.usPerQuery).toFixed(2), `${same}/${queries}`].join('\t'));
  });
  console.log(`${points} points, ${queries} queries per row, one per round trip`);
  console.log(lines.join('\n'));
}

main().catch(async (err: unknown) => {
  console.error(`geo-search: ${err instanceof Error ? err.message : String(err)}`);
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  process.exit(1);
});
