// Loading an RDB file into a server's keyspace in-process, timed, without
// the network or start-up around it: tells whether a change to the loader
// (packages/server/src/persistence/rdb-load.ts) made it cheaper. The file is
// any dump.rdb, e.g. the one tools/bench/src/persistence.ts's data makes.
//   node tools/scripts/run-ts.mjs tools/bench/src/rdb-load.ts path/to/dump.rdb [rounds, default 3]
import { Config } from '../../../packages/server/src/config/config.js';
import { KvServer } from '../../../packages/server/src/kv-server.js';
import { Logger } from '../../../packages/server/src/log.js';
import { loadRdbInto } from '../../../packages/server/src/persistence/rdb-load.js';

const [file, roundsArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: rdb-load.ts <dump.rdb> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 3);
for (let round = 0; round < rounds; round++) {
  const config = new Config();
  config.set('save', [''], true);
  const server = new KvServer(config, new Logger('warning', () => {}));
  const start = performance.now();
  const result = await loadRdbInto(server.keyspace, config, file);
  const ms = performance.now() - start;
  console.log(`round ${round + 1}: ${result.keys.toLocaleString('en-US')} keys in ${ms.toFixed(0)} ms`);
}
