import { randomBytes } from 'node:crypto';
import { cpuUsage, memoryUsage } from 'node:process';
import { machine, release, totalmem, type as osType } from 'node:os';
import type { ShardedMap } from '@kv/structures';
import type { Command } from './command-table/types.js';
import type { KvServer } from './kv-server.js';
import { REDIS_VERSION } from './version.js';
import { cFixed, humanBytes, trimmedF } from './util/printf.js';

// INFO (genRedisInfoString of Redis 7.0.15): every section, its fields in
// Redis's order, by the names monitoring tools read. A section is a function
// from the server to its fields, so a feature adds its numbers where Redis
// prints them. Fields of features kv does not have report what Redis
// reports while those features are idle (no replicas, no fork, no Lua).

export type InfoValue = string | number;
export type InfoFields = [name: string, value: InfoValue][];

interface SectionSpec {
  readonly name: string;
  readonly title: string;
  /** Part of plain INFO / INFO default (commandstats and latencystats are not). */
  readonly inDefault: boolean;
  readonly fields: (kv: KvServer, now: number) => InfoFields;
}

export { humanBytes };

const SECTIONS: readonly SectionSpec[] = [
  { name: 'server', title: 'Server', inDefault: true, fields: serverFields },
  { name: 'clients', title: 'Clients', inDefault: true, fields: clientsFields },
  { name: 'memory', title: 'Memory', inDefault: true, fields: memoryFields },
  { name: 'persistence', title: 'Persistence', inDefault: true, fields: persistenceFields },
  { name: 'stats', title: 'Stats', inDefault: true, fields: statsFields },
  { name: 'replication', title: 'Replication', inDefault: true, fields: replicationFields },
  { name: 'cpu', title: 'CPU', inDefault: true, fields: cpuFields },
  { name: 'modules', title: 'Modules', inDefault: true, fields: () => [] },
  { name: 'commandstats', title: 'Commandstats', inDefault: false, fields: commandstatsFields },
  { name: 'errorstats', title: 'Errorstats', inDefault: true, fields: errorstatsFields },
  { name: 'latencystats', title: 'Latencystats', inDefault: false, fields: latencystatsFields },
  { name: 'cluster', title: 'Cluster', inDefault: true, fields: () => [['cluster_enabled', 0]] },
  { name: 'keyspace', title: 'Keyspace', inDefault: true, fields: keyspaceFields },
];

/**
 * The INFO text for the requested sections, in Redis's section order.
 * Nothing asked, or `default`: the default sections; `all`: every section;
 * `everything`: every section and those of modules (none). Unknown names
 * are ignored, as Redis does.
 */
export function infoText(kv: KvServer, requested: readonly string[]): string {
  const wanted = new Set<string>();
  const add = (all: boolean) => SECTIONS.forEach((s) => (all || s.inDefault) && wanted.add(s.name));
  if (requested.length === 0) add(false);
  for (const r of requested) {
    const name = r.toLowerCase();
    if (name === 'default') add(false);
    else if (name === 'all' || name === 'everything') add(true);
    else wanted.add(name);
  }
  const now = Date.now();
  const parts: string[] = [];
  for (const s of SECTIONS) {
    if (!wanted.has(s.name)) continue;
    let text = `# ${s.title}\r\n`;
    for (const [k, v] of s.fields(kv, now)) text += `${k}:${v}\r\n`;
    parts.push(text);
  }
  return parts.join('\r\n');
}

/** The names of the fields of one section, in order (for tests and tools). */
export function infoFieldNames(kv: KvServer, section: string): string[] {
  const s = SECTIONS.find((x) => x.name === section);
  return s === undefined ? [] : s.fields(kv, Date.now()).map(([k]) => k);
}

function serverFields(kv: KvServer, now: number): InfoFields {
  const uptime = Math.floor((now - kv.startedAt) / 1000);
  return [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    // uname -s -r -m, as Redis prints it.
    ['os', `${osType()} ${release()} ${machine()}`],
    ['arch_bits', process.arch.endsWith('64') ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'iocp' : 'kqueue'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', kv.runId],
    ['tcp_port', kv.port],
    ['server_time_usec', Math.floor((performance.timeOrigin + performance.now()) * 1000)],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', kv.config.number('hz')],
    ['configured_hz', kv.config.number('hz')],
    ['lru_clock', kv.keyspace.lruClock & 0xffffff],
    ['executable', process.argv[1] ?? process.execPath],
    ['config_file', kv.configFile],
    ['io_threads_active', 0],
  ];
}

/** Bytes waiting in clients' query and reply buffers, and the largest of each (clients_normal, client_recent_max_*). */
function clientBuffers(kv: KvServer): { total: number; maxInput: number; maxOutput: number } {
  let total = 0, maxInput = 0, maxOutput = 0;
  for (const c of kv.clients) {
    const input = c.parser.bufferedBytes;
    const output = c.encoder.length;
    total += input + output;
    if (input > maxInput) maxInput = input;
    if (output > maxOutput) maxOutput = output;
  }
  return { total, maxInput, maxOutput };
}

function clientsFields(kv: KvServer): InfoFields {
  const buffers = clientBuffers(kv);
  return [
    ['connected_clients', kv.clients.size],
    ['cluster_connections', 0],
    ['maxclients', kv.config.number('maxclients')],
    ['client_recent_max_input_buffer', buffers.maxInput],
    ['client_recent_max_output_buffer', buffers.maxOutput],
    ['blocked_clients', kv.blocking.blockedCount],
    ['tracking_clients', kv.tracking.clients],
    ['clients_in_timeout_table', kv.blocking.withTimeout],
  ];
}

/**
 * The memory numbers INFO memory and MEMORY STATS share (getMemoryOverheadData).
 * used_memory is the dataset estimate maxmemory compares against
 * (eviction/memory-model.ts) plus client buffers; the allocator figures are
 * V8's heap (allocated = used, active = committed) and the process RSS.
 */
export interface MemoryOverhead {
  readonly used: number;
  readonly peak: number;
  readonly startup: number;
  readonly clientsNormal: number;
  readonly aofBuffer: number;
  readonly overhead: number;
  readonly dataset: number;
  readonly datasetPerc: number;
  readonly peakPerc: number;
  readonly keys: number;
  readonly bytesPerKey: number;
  readonly rss: number;
  readonly allocatorAllocated: number;
  readonly allocatorActive: number;
  readonly allocatorResident: number;
  /** Per database with keys: [id, main table overhead, expires table overhead]. */
  readonly dbs: [number, number, number][];
}

/** Redis's dictEntry + bucket pointer + robj per key, as getMemoryOverheadData counts the tables. */
function tableOverhead(entries: number, withObject: boolean): number {
  const slots = entries === 0 ? 0 : Math.max(4, 2 ** Math.ceil(Math.log2(entries)));
  return entries * 24 + slots * 8 + (withObject ? entries * 16 : 0);
}

export function memoryOverhead(kv: KvServer): MemoryOverhead {
  const m = memoryUsage();
  const buffers = clientBuffers(kv);
  const used = kv.eviction.usedMemory() + buffers.total;
  const peak = Math.max(used, kv.peakMemory(used));
  const startup = kv.eviction.usedMemory() - kv.keyspace.datasetBytes;
  const dbs: [number, number, number][] = [];
  let keys = 0;
  let overhead = startup + buffers.total;
  for (const db of kv.keyspace.databases) {
    if (db.size === 0) continue;
    keys += db.size;
    const main = tableOverhead(db.size, true);
    const expires = tableOverhead(db.expires.size, false);
    overhead += main + expires;
    dbs.push([db.id, main, expires]);
  }
  const net = used > startup ? used - startup : 1;
  const dataset = Math.max(0, used - overhead);
  return {
    used, peak, startup,
    clientsNormal: buffers.total,
    aofBuffer: 0,
    overhead,
    dataset,
    datasetPerc: Math.fround((dataset * 100) / net),
    peakPerc: Math.fround((used * 100) / peak),
    keys,
    bytesPerKey: keys === 0 ? 0 : Math.floor(net / keys),
    rss: m.rss,
    allocatorAllocated: m.heapUsed + m.external,
    allocatorActive: m.heapTotal + m.external,
    allocatorResident: m.rss,
    dbs,
  };
}

function ratio(a: number, b: number): string {
  return cFixed(Math.fround(a / Math.max(b, 1)), 2);
}

function memoryFields(kv: KvServer): InfoFields {
  const mh = memoryOverhead(kv);
  const maxmemory = kv.config.number('maxmemory');
  const total = totalmem();
  return [
    ['used_memory', mh.used],
    ['used_memory_human', humanBytes(mh.used)],
    ['used_memory_rss', mh.rss],
    ['used_memory_rss_human', humanBytes(mh.rss)],
    ['used_memory_peak', mh.peak],
    ['used_memory_peak_human', humanBytes(mh.peak)],
    ['used_memory_peak_perc', `${cFixed(mh.peakPerc, 2)}%`],
    ['used_memory_overhead', mh.overhead],
    ['used_memory_startup', mh.startup],
    ['used_memory_dataset', mh.dataset],
    ['used_memory_dataset_perc', `${cFixed(mh.datasetPerc, 2)}%`],
    ['allocator_allocated', mh.allocatorAllocated],
    ['allocator_active', mh.allocatorActive],
    ['allocator_resident', mh.allocatorResident],
    ['total_system_memory', total],
    ['total_system_memory_human', humanBytes(total)],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', humanBytes(0)],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', humanBytes(0)],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', humanBytes(0)],
    ['maxmemory', maxmemory],
    ['maxmemory_human', humanBytes(maxmemory)],
    ['maxmemory_policy', kv.config.get('maxmemory-policy')],
    ['allocator_frag_ratio', ratio(mh.allocatorActive, mh.allocatorAllocated)],
    ['allocator_frag_bytes', mh.allocatorActive - mh.allocatorAllocated],
    ['allocator_rss_ratio', ratio(mh.allocatorResident, mh.allocatorActive)],
    ['allocator_rss_bytes', mh.allocatorResident - mh.allocatorActive],
    ['rss_overhead_ratio', ratio(mh.rss, mh.allocatorResident)],
    ['rss_overhead_bytes', mh.rss - mh.allocatorResident],
    ['mem_fragmentation_ratio', ratio(mh.rss, mh.used)],
    ['mem_fragmentation_bytes', mh.rss - mh.used],
    ['mem_not_counted_for_evict', mh.aofBuffer],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', mh.clientsNormal],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', mh.aofBuffer],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ];
}

function persistenceFields(kv: KvServer): InfoFields {
  const rdb = kv.rdb;
  const running = rdb.running;
  const aof = kv.aof;
  const fields: InfoFields = [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', running === undefined || running.keysTotal === 0 ? '0.00' : cFixed((100 * running.keysProcessed) / running.keysTotal, 2)],
    ['current_save_keys_processed', running?.keysProcessed ?? 0],
    ['current_save_keys_total', running?.keysTotal ?? 0],
    ['rdb_changes_since_last_save', kv.keyspace.dirty],
    ['rdb_bgsave_in_progress', running === undefined ? 0 : 1],
    ['rdb_last_save_time', Math.floor(rdb.lastSave / 1000)],
    ['rdb_last_bgsave_status', rdb.lastBgsaveOk ? 'ok' : 'err'],
    ['rdb_last_bgsave_time_sec', rdb.lastBgsaveSeconds],
    ['rdb_current_bgsave_time_sec', running === undefined ? -1 : Math.floor((Date.now() - running.startedAt) / 1000)],
    ['rdb_saves', rdb.saves],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', rdb.lastLoadExpired],
    ['rdb_last_load_keys_loaded', rdb.lastLoadKeys],
    ['aof_enabled', aof === undefined ? 0 : 1],
    ['aof_rewrite_in_progress', aof?.rewriteRunning === undefined ? 0 : 1],
    ['aof_rewrite_scheduled', aof?.rewriteScheduled === true ? 1 : 0],
    ['aof_last_rewrite_time_sec', aof?.lastRewriteSeconds ?? -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', aof?.lastRewriteOk === false ? 'err' : 'ok'],
    ['aof_rewrites', aof?.rewrites ?? 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', aof?.lastWriteOk === false ? 'err' : 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
  if (aof !== undefined) {
    fields.push(
      ['aof_current_size', aof.baseSize + aof.currentSize],
      ['aof_base_size', aof.baseSize],
      ['aof_pending_rewrite', aof.rewriteScheduled ? 1 : 0],
      ['aof_buffer_length', 0],
      ['aof_pending_bio_fsync', 0],
      ['aof_delayed_fsync', 0],
    );
  }
  return fields;
}

function statsFields(kv: KvServer): InfoFields {
  const s = kv.stats;
  const ks = kv.keyspace.stats;
  const expire = kv.activeExpire;
  const pubsub = kv.pubsub;
  return [
    ['total_connections_received', kv.clients.totalConnections],
    ['total_commands_processed', s.totalCommands],
    ['instantaneous_ops_per_sec', s.instantaneousOps],
    ['total_net_input_bytes', s.netInputBytes],
    ['total_net_output_bytes', s.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', cFixed(s.instantaneousInputKbps, 2)],
    ['instantaneous_output_kbps', cFixed(s.instantaneousOutputKbps, 2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', kv.clients.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', ks.expiredKeys],
    ['expired_stale_perc', cFixed(expire.stalePercent * 100, 2)],
    ['expired_time_cap_reached_count', expire.timeCapReached],
    ['expire_cycle_cpu_milliseconds', Math.floor(expire.cpuMicros / 1000)],
    ['evicted_keys', ks.evictedKeys],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', kv.eviction.totalExceededMs],
    ['current_eviction_exceeded_time', kv.eviction.currentExceededMs],
    ['keyspace_hits', ks.keyspaceHits],
    ['keyspace_misses', ks.keyspaceMisses],
    ['pubsub_channels', pubsub.channelCount],
    ['pubsub_patterns', pubsub.patternCount],
    ['pubsubshard_channels', pubsub.channelNames(undefined, true).length],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', kv.tracking.trackedKeys],
    // Keys times the clients tracking each: not counted by tracking.ts yet.
    ['tracking_total_items', kv.tracking.trackedItems],
    ['tracking_total_prefixes', kv.tracking.prefixCount],
    ['unexpected_error_replies', 0],
    ['total_error_replies', s.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', s.totalReadsProcessed],
    ['total_writes_processed', s.totalWritesProcessed],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ];
}

const replicationIds = new WeakMap<KvServer, string>();

/** A master's replication id: 40 random hex characters, new each start (changeReplicationId). */
function replicationId(kv: KvServer): string {
  let id = replicationIds.get(kv);
  if (id === undefined) replicationIds.set(kv, (id = randomBytes(20).toString('hex')));
  return id;
}

function replicationFields(kv: KvServer): InfoFields {
  return [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', replicationId(kv)],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', 1048576],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ];
}

function cpuFields(): InfoFields {
  // Node runs JavaScript on one thread, but the process has more (GC, libuv): the main-thread figures are the process's.
  const c = cpuUsage();
  const sys = cFixed(c.system / 1e6, 6);
  const user = cFixed(c.user / 1e6, 6);
  return [
    ['used_cpu_sys', sys],
    ['used_cpu_user', user],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', sys],
    ['used_cpu_user_main_thread', user],
  ];
}

/** Every command and subcommand, parents before their subcommands (the order Redis walks its tables in). */
function* allCommands(kv: KvServer): IterableIterator<Command> {
  for (const c of kv.commands.commands()) {
    yield c;
    if (c.subcommands !== undefined) yield* c.subcommands.values();
  }
}

/** Redis's getSafeInfoString: a name with ':' or '\r\n' in it could break the INFO format. */
function safeName(name: string): string {
  return name.replace(/[:\r\n]/g, '_');
}

function commandstatsFields(kv: KvServer): InfoFields {
  const out: InfoFields = [];
  for (const c of allCommands(kv)) {
    if (c.calls === 0 && c.failedCalls === 0 && c.rejectedCalls === 0) continue;
    const perCall = c.calls === 0 ? 0 : c.usec / c.calls;
    out.push([
      `cmdstat_${safeName(c.fullName)}`,
      `calls=${c.calls},usec=${c.usec},usec_per_call=${cFixed(perCall, 2)},rejected_calls=${c.rejectedCalls},failed_calls=${c.failedCalls}`,
    ]);
  }
  return out;
}

function errorstatsFields(kv: KvServer): InfoFields {
  // A radix tree in Redis: codes in byte order.
  const codes = [...kv.stats.errorCodes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return codes.map(([code, n]) => [`errorstat_${safeName(code)}`, `count=${n}`]);
}

function latencystatsFields(kv: KvServer): InfoFields {
  const out: InfoFields = [];
  const percentiles = kv.latency.percentiles;
  for (const c of allCommands(kv)) {
    const h = kv.latency.histogram(c);
    if (h === undefined) continue;
    const values = percentiles.map((p) => `p${trimmedF(p)}=${cFixed(h.valueAtPercentile(p) / 1000, 3)}`);
    out.push([`latency_percentiles_usec_${safeName(c.fullName)}`, values.join(',')]);
  }
  return out;
}

function keyspaceFields(kv: KvServer, now: number): InfoFields {
  const out: InfoFields = [];
  for (const db of kv.keyspace.databases) {
    if (db.size === 0) continue;
    out.push([`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${averageTtl(db.expires, now)}`]);
  }
  return out;
}

function averageTtl(expires: ShardedMap<number | bigint>, now: number): number {
  // Redis keeps a running estimate from sampling; an exact mean over a bounded sample is as useful.
  let sum = 0, n = 0;
  for (const at of expires.values()) {
    if (at > now) {
      sum += Number(at) - now;
      n++;
    }
    if (n >= 1000) break;
  }
  return n === 0 ? 0 : Math.floor(sum / n);
}
