// The server's own cost per command, without the network: pipelines of 16
// commands, as redis-benchmark -P 16 sends them, pushed into one client's
// parser and run by the same runPending a socket's data event calls (parse,
// checks, handler, stats, encoding, one write per batch to a transport that
// drops it). Loopback benchmarks on a shared 2-core machine swing by 30%
// from run to run; this does not, so it tells whether a change to the
// command path made it cheaper.
//   node tools/scripts/run-ts.mjs tools/bench/src/dispatch-micro.ts [seconds per case, default 1] [case…]
import { encodeCommand } from '@kv/resp';
import { Config } from '../../../packages/server/src/config/config.js';
import { KvServer } from '../../../packages/server/src/kv-server.js';
import { Logger } from '../../../packages/server/src/log.js';
import { Client } from '../../../packages/server/src/client/client.js';
import { runPending } from '../../../packages/server/src/client/connection.js';

const argv = process.argv.slice(2);
const seconds = argv.length > 0 && /^\d/.test(argv[0]!) ? Number(argv.shift()) : 1;
const only = new Set(argv);

/** redis-benchmark's commands for each of its -t tests (key:__rand_int__ without -r is one key). */
const CASES: Record<string, string[]> = {
  set: ['SET', 'key:__rand_int__', 'xxx'],
  get: ['GET', 'key:__rand_int__'],
  incr: ['INCR', 'counter:__rand_int__'],
  mset: ['MSET', ...Array.from({ length: 10 }, () => ['key:__rand_int__', 'xxx']).flat()],
  lpush: ['LPUSH', 'mylist', 'xxx'],
  sadd: ['SADD', 'myset', 'element:__rand_int__'],
  hset: ['HSET', 'myhash', 'element:__rand_int__', 'xxx'],
  ping: ['PING'],
};

const config = new Config();
config.set('save', [''], true);
const server = new KvServer(config, new Logger('warning', () => {}));
let written = 0;
const client = new Client(server.clients.nextId(), server, {
  remoteAddress: '127.0.0.1:1', localAddress: '127.0.0.1:6379', fd: -1,
  write: (bytes) => {
    written += bytes.length;
  },
  close: () => {},
  bufferedBytes: () => 0,
});
server.clients.add(client);

for (const [name, command] of Object.entries(CASES)) {
  if (only.size !== 0 && !only.has(name)) continue;
  const one = encodeCommand(command);
  const batch = Buffer.concat(Array.from({ length: 16 }, () => one));
  const run = () => {
    // A socket hands over a new Buffer every time; the parser may keep it.
    client.parser.push(Buffer.from(batch));
    runPending(client);
    // What the loop's check phase would do once every socket had its turn: the batch's one write.
    server.flushPending();
  };
  for (let i = 0; i < 20_000; i++) run(); // warm up: let V8 optimise the path
  if (name === 'lpush') server.keyspace.databases[0]!.flush(); // keep the list from growing without bound
  // The best of five rounds: what the code costs, without what the neighbours took from the machine.
  let ns = Infinity;
  for (let round = 0; round < 5; round++) {
    let batches = 0;
    const start = performance.now();
    const until = start + (seconds * 1000) / 5;
    do {
      for (let i = 0; i < 100; i++) run();
      batches += 100;
    } while (performance.now() < until);
    ns = Math.min(ns, ((performance.now() - start) * 1e6) / (batches * 16));
  }
  console.log(`${name.padEnd(6)} ${ns.toFixed(0).padStart(5)} ns/command  ${Math.round(1e9 / ns).toLocaleString('en-US').padStart(11)} commands/s`);
}
if (written === 0) throw new Error('no reply was written');
