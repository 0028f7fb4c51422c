import type { CliConfig } from '../args.js';
import type { Connection } from '../net/connection.js';
import { replyInteger, replyText } from '../net/reply.js';
import { repr } from '../format/repr.js';
import { fixedPadded } from '../format/printf.js';
import { exit, sleep, type Output } from '../output.js';
import { scanStep } from './scan.js';

// --hotkeys (findHotKeys): OBJECT FREQ of every key (needs an LFU
// maxmemory-policy), keeping the 16 hottest as redis-cli's eviction-pool does.

const SAMPLE = 16;

export async function hotKeysMode(conn: Connection, config: CliConfig, io: Output): Promise<never> {
  const dbsize = await conn.call('DBSIZE');
  if (dbsize.type === 'error') {
    io.err(`Couldn't determine DBSIZE: ${replyText(dbsize)}\n`);
    return exit(1);
  }
  const total = replyInteger(dbsize) ?? 0;
  io.out('\n# Scanning the entire keyspace to find hot keys as well as\n');
  io.out('# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n');
  io.out('# per 100 SCAN commands (not usually needed).\n\n');
  const counters = new Array<number>(SAMPLE).fill(0);
  const hot = new Array<string | undefined>(SAMPLE).fill(undefined);
  let sampled = 0;
  let cursor = '0';
  do {
    const pct = fixedPadded(total ? (100 * sampled) / total : 0, 2, 5);
    const step = await scanStep(conn, cursor, config.pattern, io);
    cursor = step.cursor;
    const keys = step.keys;
    const freqs = await conn.pipeline(keys.map((k) => ['OBJECT', 'FREQ', k]));
    for (let i = 0; i < keys.length; i++) {
      const r = freqs[i]!;
      if (r.type === 'error') {
        io.err(`Error: ${replyText(r)}\n`);
        return exit(1);
      }
      const freq = replyInteger(r) ?? 0;
      sampled++;
      if (sampled % 1000000 === 0) io.out(`[${pct}%] Sampled ${sampled} keys so far\n`);
      let k = 0;
      while (k < SAMPLE && freq > counters[k]!) k++;
      if (k === 0) continue;
      k--;
      if (!(k === 0 || counters[k] === 0)) {
        counters.splice(0, 1);
        counters.splice(k, 0, 0);
        hot.splice(0, 1);
        hot.splice(k, 0, undefined);
      }
      counters[k] = freq;
      hot[k] = repr(keys[i]!);
      io.out(`[${pct}%] Hot key '${hot[k]}' found so far with counter ${freq}\n`);
    }
    if (sampled && sampled % 100 === 0 && config.interval) await sleep(config.interval * 1000);
  } while (cursor !== '0');
  io.out('\n-------- summary -------\n\n');
  io.out(`Sampled ${sampled} keys in the keyspace!\n`);
  for (let i = 1; i <= SAMPLE; i++) {
    const k = SAMPLE - i;
    if (counters[k]! > 0) io.out(`hot key found with counter: ${counters[k]}\tkeyname: ${hot[k]}\n`);
  }
  return exit(0);
}
