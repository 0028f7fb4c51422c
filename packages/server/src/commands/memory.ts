import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { DoubleReply, ErrorReply, MapReply, OK, VerbatimReply, type RespValue } from '@kv/resp';
import type { Handler } from '../command-table/types.js';
import type { KvServer } from '../kv-server.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import { memoryOverhead } from '../info.js';
import { DEFAULT_SAMPLES, keyMemoryUsage } from '../memory-usage.js';
import { intArg, isOption } from './args.js';
import { helpReply } from './help.js';

// MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP (object.c).

/** MEMORY USAGE key [SAMPLES count]: options are checked before the key is looked up. */
const usage: Handler = (client, args) => {
  let samples = DEFAULT_SAMPLES;
  for (let j = 3; j < args.length; j++) {
    if (isOption(args[j]!, 'SAMPLES') && j + 1 < args.length) {
      const v = intArg(args[j + 1]!, NOT_INTEGER);
      if (v instanceof ErrorReply) return v;
      if (v < 0) return SYNTAX_ERROR;
      samples = v === 0 ? Number.MAX_SAFE_INTEGER : Number(v);
      j++;
    } else return SYNTAX_ERROR;
  }
  const key = args[2]!;
  const db = client.db;
  // dbFind: no expiry check, no access-time update.
  const value = db.values.get(key);
  if (value === undefined) return null;
  return keyMemoryUsage(key, value, db.stringEncodingOf(key), samples, client.server.config);
};

const stats: Handler = (client) => {
  const mh = memoryOverhead(client.server);
  const entries: RespValue[] = [
    'peak.allocated', mh.peak,
    'total.allocated', mh.used,
    'startup.allocated', mh.startup,
    'replication.backlog', 0,
    'clients.slaves', 0,
    'clients.normal', mh.clientsNormal,
    'cluster.links', 0,
    'aof.buffer', mh.aofBuffer,
    'lua.caches', 0,
    'functions.caches', 0,
  ];
  for (const [id, main, expires] of mh.dbs) {
    entries.push(`db.${id}`, new MapReply([
      'overhead.hashtable.main', main,
      'overhead.hashtable.expires', expires,
      'overhead.hashtable.slot-to-keys', 0,
    ]));
  }
  const f = Math.fround;
  entries.push(
    'overhead.total', mh.overhead,
    'keys.count', mh.keys,
    'keys.bytes-per-key', mh.bytesPerKey,
    'dataset.bytes', mh.dataset,
    'dataset.percentage', new DoubleReply(mh.datasetPerc),
    'peak.percentage', new DoubleReply(mh.peakPerc),
    'allocator.allocated', mh.allocatorAllocated,
    'allocator.active', mh.allocatorActive,
    'allocator.resident', mh.allocatorResident,
    'allocator-fragmentation.ratio', new DoubleReply(f(mh.allocatorActive / Math.max(1, mh.allocatorAllocated))),
    'allocator-fragmentation.bytes', mh.allocatorActive - mh.allocatorAllocated,
    'allocator-rss.ratio', new DoubleReply(f(mh.allocatorResident / Math.max(1, mh.allocatorActive))),
    'allocator-rss.bytes', mh.allocatorResident - mh.allocatorActive,
    'rss-overhead.ratio', new DoubleReply(f(mh.rss / Math.max(1, mh.allocatorResident))),
    'rss-overhead.bytes', mh.rss - mh.allocatorResident,
    'fragmentation', new DoubleReply(f(mh.rss / Math.max(1, mh.used))),
    'fragmentation.bytes', mh.rss - mh.used,
  );
  return new MapReply(entries);
};

const doctor: Handler = (client) => new VerbatimReply('txt', memoryDoctor(client.server));

/** getMemoryDoctorReport, with kv's numbers. */
function memoryDoctor(kv: KvServer): string {
  const mh = memoryOverhead(kv);
  const issues: string[] = [];
  let empty = false;
  if (mh.used < 5 * 1024 * 1024) empty = true;
  else {
    const frag = Math.fround(mh.rss / mh.used);
    const allocFrag = Math.fround(mh.allocatorActive / mh.allocatorAllocated);
    const allocRss = Math.fround(mh.allocatorResident / mh.allocatorActive);
    const rssExtra = Math.fround(mh.rss / mh.allocatorResident);
    const tenMb = 10 << 20;
    if (Math.fround(mh.peak / mh.used) > 1.5) issues.push(PEAK);
    if (frag > 1.4 && mh.rss - mh.used > tenMb) issues.push(HIGH_FRAG);
    if (allocFrag > 1.1 && mh.allocatorActive - mh.allocatorAllocated > tenMb) issues.push(ALLOC_FRAG);
    if (allocRss > 1.1 && mh.allocatorResident - mh.allocatorActive > tenMb) issues.push(ALLOC_RSS);
    if (rssExtra > 1.1 && mh.rss - mh.allocatorResident > tenMb) issues.push(PROC_RSS);
    const clients = kv.clients.size;
    if (clients !== 0 && mh.clientsNormal / clients > 1024 * 200) issues.push(CLIENT_BUF);
  }
  if (empty) {
    return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
  }
  if (issues.length === 0) return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
  return 'Sam, I detected a few issues in this Redis instance memory implants:\n\n' + issues.map((i) => ` * ${i}\n\n`).join('') + "I'm here to keep you safe, Sam. I want to help you.\n";
}

const PEAK = 'Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.';
const HIGH_FRAG = `High total RSS: This instance has a memory fragmentation and RSS overhead greater than 1.4 (this means that the Resident Set Size of the Redis process is much larger than the sum of the logical allocations Redis performed). This problem is usually due either to a large peak memory (check if there is a peak memory entry above in the report) or may result from a workload that causes the allocator to fragment memory a lot. If the problem is a large peak memory, then there is no issue. Otherwise, make sure you are using the Jemalloc allocator and not the default libc malloc. Note: The currently used allocator is "v8-${process.versions.v8}".`;
const ALLOC_FRAG = "High allocator fragmentation: This instance has an allocator external fragmentation greater than 1.1. This problem is usually due either to a large peak memory (check if there is a peak memory entry above in the report) or may result from a workload that causes the allocator to fragment memory a lot. You can try enabling 'activedefrag' config option.";
const ALLOC_RSS = 'High allocator RSS overhead: This instance has an RSS memory overhead is greater than 1.1 (this means that the Resident Set Size of the allocator is much larger than the sum what the allocator actually holds). This problem is usually due to a large peak memory (check if there is a peak memory entry above in the report), you can try the MEMORY PURGE command to reclaim it.';
const PROC_RSS = 'High process RSS overhead: This instance has non-allocator RSS memory overhead is greater than 1.1 (this means that the Resident Set Size of the Redis process is much larger than the RSS the allocator holds). This problem may be due to Lua scripts or Modules.';
const CLIENT_BUF = 'Big client buffers: The clients output buffers in this instance are greater than 200K per client (on average). This may result from different causes, like Pub/Sub clients subscribed to channels bot not receiving data fast enough, so that data piles on the Redis instance output buffer, or clients sending commands with large replies or very large sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate the issue if it causes problems in your instance, or to understand better why certain clients are using a big amount of memory.';

/** MEMORY MALLOC-STATS: Redis prints jemalloc's report; kv prints V8's heap statistics, its allocator. */
const mallocStats: Handler = () => {
  let out = '___ Begin V8 heap statistics ___\n';
  for (const [k, v] of Object.entries(getHeapStatistics())) out += `${k}: ${v}\n`;
  for (const sp of getHeapSpaceStatistics()) {
    out += `space ${sp.space_name}: size ${sp.space_size}, used ${sp.space_used_size}, available ${sp.space_available_size}, physical ${sp.physical_space_size}\n`;
  }
  return new VerbatimReply('txt', out + '--- End V8 heap statistics ---\n');
};

/** MEMORY PURGE: jemalloc releases dirty pages; the nearest V8 has is a full collection, when exposed (--expose-gc). */
const purge: Handler = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return OK;
};

const help: Handler = () =>
  helpReply('MEMORY', [
    'DOCTOR',
    '    Return memory problems reports.',
    'MALLOC-STATS',
    '    Return internal statistics report from the memory allocator.',
    'PURGE',
    '    Attempt to purge dirty pages for reclamation by the allocator.',
    'STATS',
    '    Return information about the memory usage of the server.',
    'USAGE <key> [SAMPLES <count>]',
    '    Return memory in bytes used by <key> and its value. Nested values are',
    '    sampled up to <count> times (default: 5, 0 means sample all).',
  ]);

export const MEMORY_HANDLERS: Record<string, Handler> = {
  'memory|usage': usage,
  'memory|stats': stats,
  'memory|doctor': doctor,
  'memory|malloc-stats': mallocStats,
  'memory|purge': purge,
  'memory|help': help,
};
