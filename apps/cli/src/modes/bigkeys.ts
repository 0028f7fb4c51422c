import type { CliConfig } from '../args.js';
import type { Connection } from '../net/connection.js';
import { replyInteger, replyText } from '../net/reply.js';
import { repr } from '../format/repr.js';
import { fixed, fixedPadded } from '../format/printf.js';
import { exit, sleep, type Output } from '../output.js';
import { scanStep } from './scan.js';

// --bigkeys and --memkeys (findBigKeys): SCAN the keyspace, TYPE and size every
// key in pipelines, report each new biggest key and a summary per type, in
// redis-cli's words and layout.

interface TypeInfo {
  name: string;
  sizeCmd: string | undefined;
  unit: string;
  biggest: number;
  count: number;
  total: number;
  biggestKey: string | undefined;
}

/** The types redis-cli knows, in the order its summary lists them. */
const BUILTIN: [string, string, string][] = [
  ['list', 'LLEN', 'items'], ['hash', 'HLEN', 'fields'], ['string', 'STRLEN', 'bytes'], ['stream', 'XLEN', 'entries'],
  ['set', 'SCARD', 'members'], ['zset', 'ZCARD', 'members'],
];

/** "%05.2f". */
const pct2 = (x: number): string => fixedPadded(Number.isFinite(x) ? x : 0, 2, 5);

export async function bigKeysMode(conn: Connection, config: CliConfig, io: Output, memkeys: boolean): Promise<never> {
  const types = new Map<string, TypeInfo>();
  for (const [name, sizeCmd, unit] of BUILTIN) types.set(name, { name, sizeCmd, unit, biggest: 0, count: 0, total: 0, biggestKey: undefined });
  const dbsize = await conn.call('DBSIZE');
  if (dbsize.type === 'error') {
    io.err(`Couldn't determine DBSIZE: ${replyText(dbsize)}\n`);
    return exit(1);
  }
  const totalKeys = replyInteger(dbsize) ?? 0;
  io.out('\n# Scanning the entire keyspace to find biggest keys as well as\n');
  io.out('# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n');
  io.out('# per 100 SCAN commands (not usually needed).\n\n');

  let sampled = 0;
  let totalLen = 0;
  let cursor = '0';
  do {
    const pct = (100 * sampled) / totalKeys;
    const step = await scanStep(conn, cursor, config.pattern, io);
    cursor = step.cursor;
    const keys = step.keys;
    const typeReplies = await conn.pipeline(keys.map((k) => ['TYPE', k]));
    const keyTypes: (TypeInfo | undefined)[] = typeReplies.map((r, i) => {
      if (r.type !== 'status') {
        io.err(r.type === 'error' ? `TYPE returned an error: ${replyText(r)}\n` : `Invalid reply type for TYPE on key '${keys[i]}'!\n`);
        return undefined;
      }
      const name = r.text;
      if (name === 'none') return undefined; // deleted since SCAN
      let t = types.get(name);
      if (!t) {
        t = { name, sizeCmd: undefined, unit: '?', biggest: 0, count: 0, total: 0, biggestKey: undefined };
        types.set(name, t);
      }
      return t;
    });
    if (typeReplies.some((r) => r.type !== 'status')) return exit(1);
    const sized = keys.map((k, i) => ({ key: k, type: keyTypes[i], index: i })).filter((x) => x.type && (memkeys || x.type.sizeCmd));
    const sizeReplies = await conn.pipeline(sized.map(({ key, type }) => {
      if (!memkeys) return [type!.sizeCmd!, key];
      return config.memkeysSamples ? ['MEMORY', 'USAGE', key, 'SAMPLES', String(config.memkeysSamples)] : ['MEMORY', 'USAGE', key];
    }));
    const sizes = new Array<number>(keys.length).fill(0);
    sized.forEach(({ key, type, index }, i) => {
      const n = replyInteger(sizeReplies[i]!);
      if (n === undefined) io.err(`Warning:  ${memkeys ? 'MEMORY USAGE' : type!.sizeCmd} on '${key}' failed (may have changed type)\n`);
      sizes[index] = n ?? 0;
    });
    keys.forEach((key, i) => {
      const type = keyTypes[i];
      if (!type) return;
      const size = sizes[i]!;
      type.total += size;
      type.count++;
      totalLen += key.length;
      sampled++;
      if (type.biggest < size) {
        type.biggestKey = repr(key);
        io.out(`[${pct2(pct)}%] Biggest ${type.name.padEnd(6)} found so far '${type.biggestKey}' with ${size} ${memkeys ? 'bytes' : type.unit}\n`);
        type.biggest = size;
      }
      if (sampled % 1000000 === 0) io.out(`[${pct2(pct)}%] Sampled ${sampled} keys so far\n`);
    });
    if (sampled && sampled % 100 === 0 && config.interval) await sleep(config.interval * 1000);
  } while (cursor !== '0');

  io.out('\n-------- summary -------\n\n');
  io.out(`Sampled ${sampled} keys in the keyspace!\n`);
  io.out(`Total key length in bytes is ${totalLen} (avg len ${fixed(totalLen ? totalLen / sampled : 0, 2)})\n\n`);
  for (const t of types.values()) {
    if (t.biggestKey !== undefined) io.out(`Biggest ${t.name.padStart(6)} found '${t.biggestKey}' has ${t.biggest} ${memkeys ? 'bytes' : t.unit}\n`);
  }
  io.out('\n');
  for (const t of types.values()) {
    const share = sampled ? (100 * t.count) / sampled : 0;
    const avg = t.count ? t.total / t.count : 0;
    io.out(`${t.count} ${t.name}s with ${t.total} ${memkeys ? 'bytes' : t.unit} (${pct2(share)}% of keys, avg size ${fixed(avg, 2)})\n`);
  }
  return exit(0);
}
