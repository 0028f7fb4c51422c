import { cpuUsage, memoryUsage } from 'node:process';
import { totalmem } from 'node:os';
import type { KvServer } from './kv-server.js';
import { KV_VERSION, REDIS_VERSION } from './version.js';

// INFO, section by section, with the fields Redis 7.0 prints that tools read.
// Fields of features kv does not have yet report what Redis reports when
// those features are idle (no replicas, no fork, no AOF).

type Section = (kv: KvServer, now: number) => [string, string | number][];

const SECTIONS: Record<string, Section> = {
  server: (kv, now) => [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    ['os', `${process.platform === 'linux' ? 'Linux' : process.platform} ${process.arch}`],
    ['arch_bits', 64],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', 'epoll'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', kv.runId],
    ['tcp_port', kv.port],
    ['server_time_usec', now * 1000],
    ['uptime_in_seconds', Math.floor((now - kv.startedAt) / 1000)],
    ['uptime_in_days', Math.floor((now - kv.startedAt) / 86_400_000)],
    ['hz', kv.config.number('hz')],
    ['configured_hz', kv.config.number('hz')],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', process.argv[1] ?? ''],
    ['config_file', kv.configFile],
    ['io_threads_active', 0],
    ['kv_version', KV_VERSION],
    ['node_version', process.version],
  ],
  clients: (kv) => [
    ['connected_clients', kv.clients.size],
    ['cluster_connections', 0],
    ['maxclients', kv.config.number('maxclients')],
    ['client_recent_max_input_buffer', 0],
    ['client_recent_max_output_buffer', 0],
    ['blocked_clients', 0],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', 0],
  ],
  memory: (kv) => {
    // Started with --expose-gc (the memory benchmark does), report live data only: collect garbage first.
    (globalThis as { gc?: () => void }).gc?.();
    const m = memoryUsage();
    const used = m.heapUsed + m.external;
    const maxmemory = kv.config.number('maxmemory');
    return [
      ['used_memory', used],
      ['used_memory_human', humanBytes(used)],
      ['used_memory_rss', m.rss],
      ['used_memory_rss_human', humanBytes(m.rss)],
      ['used_memory_peak', Math.max(used, kv.peakMemory(used))],
      ['used_memory_peak_human', humanBytes(kv.peakMemory(used))],
      ['used_memory_startup', kv.startupMemory],
      ['used_memory_dataset', Math.max(0, used - kv.startupMemory)],
      ['total_system_memory', totalmem()],
      ['total_system_memory_human', humanBytes(totalmem())],
      ['maxmemory', maxmemory],
      ['maxmemory_human', humanBytes(maxmemory)],
      ['maxmemory_policy', kv.config.get('maxmemory-policy')],
      ['mem_fragmentation_ratio', (m.rss / Math.max(used, 1)).toFixed(2)],
      ['mem_allocator', `v8-${process.versions.v8}`],
      ['lazyfree_pending_objects', 0],
      ['lazyfreed_objects', 0],
    ];
  },
  persistence: (kv) => [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', kv.rdb.running === undefined || kv.rdb.running.keysTotal === 0 ? '0.00' : (100 * kv.rdb.running.keysProcessed / kv.rdb.running.keysTotal).toFixed(2)],
    ['current_save_keys_processed', kv.rdb.running?.keysProcessed ?? 0],
    ['current_save_keys_total', kv.rdb.running?.keysTotal ?? 0],
    ['rdb_changes_since_last_save', kv.keyspace.dirty],
    ['rdb_bgsave_in_progress', kv.rdb.running === undefined ? 0 : 1],
    ['rdb_last_save_time', Math.floor(kv.rdb.lastSave / 1000)],
    ['rdb_last_bgsave_status', kv.rdb.lastBgsaveOk ? 'ok' : 'err'],
    ['rdb_last_bgsave_time_sec', kv.rdb.lastBgsaveSeconds],
    ['rdb_current_bgsave_time_sec', kv.rdb.running === undefined ? -1 : Math.round((Date.now() - kv.rdb.running.startedAt) / 1000)],
    ['rdb_saves', kv.rdb.saves],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', kv.rdb.lastLoadExpired],
    ['rdb_last_load_keys_loaded', kv.rdb.lastLoadKeys],
    ['aof_enabled', kv.aof === undefined ? 0 : 1],
    ['aof_rewrite_in_progress', kv.aof?.rewriteRunning === undefined ? 0 : 1],
    ['aof_rewrite_scheduled', kv.aof?.rewriteScheduled === true ? 1 : 0],
    ['aof_last_rewrite_time_sec', kv.aof?.lastRewriteSeconds ?? -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', kv.aof?.lastRewriteOk === false ? 'err' : 'ok'],
    ['aof_rewrites', kv.aof?.rewrites ?? 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', kv.aof?.lastWriteOk === false ? 'err' : 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
    ...(kv.aof === undefined ? [] : [
      ['aof_current_size', kv.aof.baseSize + kv.aof.currentSize],
      ['aof_base_size', kv.aof.baseSize],
      ['aof_pending_rewrite', kv.aof.rewriteScheduled ? 1 : 0],
      ['aof_buffer_length', 0],
      ['aof_pending_bio_fsync', 0],
      ['aof_delayed_fsync', 0],
    ] as [string, number][]),
  ],
  stats: (kv) => {
    const s = kv.stats;
    const ks = kv.keyspace.stats;
    return [
      ['total_connections_received', kv.clients.totalConnections],
      ['total_commands_processed', s.totalCommands],
      ['instantaneous_ops_per_sec', s.instantaneousOps],
      ['total_net_input_bytes', s.netInputBytes],
      ['total_net_output_bytes', s.netOutputBytes],
      ['rejected_connections', kv.clients.rejectedConnections],
      ['expired_keys', ks.expiredKeys],
      ['evicted_keys', ks.evictedKeys],
      ['evicted_clients', 0],
      ['total_eviction_exceeded_time', kv.eviction.totalExceededMs],
      ['current_eviction_exceeded_time', kv.eviction.currentExceededMs],
      ['keyspace_hits', ks.keyspaceHits],
      ['keyspace_misses', ks.keyspaceMisses],
      ['pubsub_channels', 0],
      ['pubsub_patterns', 0],
      ['pubsubshard_channels', 0],
      ['latest_fork_usec', 0],
      ['total_forks', 0],
      ['total_error_replies', s.totalErrorReplies],
    ];
  },
  replication: () => [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['repl_backlog_active', 0],
  ],
  cpu: () => {
    const c = cpuUsage();
    return [
      ['used_cpu_sys', (c.system / 1e6).toFixed(6)],
      ['used_cpu_user', (c.user / 1e6).toFixed(6)],
      ['used_cpu_sys_children', '0.000000'],
      ['used_cpu_user_children', '0.000000'],
    ];
  },
  modules: () => [],
  commandstats: (kv) => {
    const out: [string, string][] = [];
    const add = (c: { fullName: string; calls: number; usec: number; rejectedCalls: number; failedCalls: number }) => {
      if (c.calls === 0 && c.rejectedCalls === 0 && c.failedCalls === 0) return;
      const perCall = c.calls === 0 ? 0 : c.usec / c.calls;
      out.push([`cmdstat_${c.fullName}`, `calls=${c.calls},usec=${c.usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${c.rejectedCalls},failed_calls=${c.failedCalls}`]);
    };
    for (const c of kv.commands.commands()) {
      if (c.subcommands !== undefined) for (const sub of c.subcommands.values()) add(sub);
      else add(c);
    }
    return out;
  },
  errorstats: (kv) => [...kv.stats.errorCodes].map(([code, n]) => [`errorstat_${code}`, `count=${n}`]),
  cluster: () => [['cluster_enabled', 0]],
  keyspace: (kv, now) => {
    const out: [string, string][] = [];
    for (const db of kv.keyspace.databases) {
      if (db.size === 0) continue;
      out.push([`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${averageTtl(db.expires, now)}`]);
    }
    return out;
  },
};

const TITLES: Record<string, string> = {
  server: 'Server', clients: 'Clients', memory: 'Memory', persistence: 'Persistence', stats: 'Stats',
  replication: 'Replication', cpu: 'CPU', modules: 'Modules', commandstats: 'Commandstats',
  errorstats: 'Errorstats', cluster: 'Cluster', keyspace: 'Keyspace',
};
const DEFAULT = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];
const ALL = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'commandstats', 'errorstats', 'cluster', 'keyspace'];

/** The INFO text for the requested sections (none = default), in Redis's section order. */
export function infoText(kv: KvServer, requested: readonly string[]): string {
  const wanted = new Set<string>();
  if (requested.length === 0) DEFAULT.forEach((s) => wanted.add(s));
  for (const r of requested.map((s) => s.toLowerCase())) {
    if (r === 'default') DEFAULT.forEach((s) => wanted.add(s));
    else if (r === 'all' || r === 'everything') ALL.forEach((s) => wanted.add(s));
    else wanted.add(r);
  }
  const now = Date.now();
  const parts: string[] = [];
  for (const name of ALL) {
    if (!wanted.has(name)) continue;
    const lines = SECTIONS[name]!(kv, now).map(([k, v]) => `${k}:${v}\r\n`).join('');
    parts.push(`# ${TITLES[name]}\r\n${lines}`);
  }
  return parts.join('\r\n');
}

function averageTtl(expires: Map<string, number | bigint>, now: number): number {
  // Redis keeps a running estimate from sampling; an exact mean over a bounded sample is as useful.
  let sum = 0, n = 0;
  for (const at of expires.values()) {
    if (at > now) { sum += Number(at) - now; n++; }
    if (n >= 1000) break;
  }
  return n === 0 ? 0 : Math.floor(sum / n);
}

export function humanBytes(n: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  let i = 0, v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${n}B` : `${v.toFixed(2)}${units[i]}`;
}
