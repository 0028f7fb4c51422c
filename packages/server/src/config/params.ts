// The configuration parameters kv honours so far, as data: name, kind,
// default and limits exactly as Redis 7.0's config.c declares them.

export type ParamKind =
  | { readonly kind: 'bool' }
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly memory?: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'string' }
  | { readonly kind: 'save' }
  | { readonly kind: 'bind' }
  /** latency-tracking-info-percentiles: doubles in [0, 100], several in one value. */
  | { readonly kind: 'percentiles' }
  /** notify-keyspace-events: class letters (notify/flags.ts); CONFIG GET shows Redis's spelling of them. */
  | { readonly kind: 'keyspace-events' }
  /** client-output-buffer-limit: `class hard soft seconds` for normal, slave and pubsub; a SET changes the classes it names. */
  | { readonly kind: 'obuf-limits' };

export type ParamSpec = ParamKind & {
  readonly name: string;
  readonly default: string;
  /** Only settable at start-up (config file or flags). */
  readonly immutable?: boolean;
  /** Not shown by CONFIG GET (requirepass is shown; this is for internal ones). */
  readonly hidden?: boolean;
  /** Redis's second name for it (the *-ziplist-* names of 6.2); CONFIG GET shows both. */
  readonly alias?: string;
};

const LONG_MAX = Number.MAX_SAFE_INTEGER;
const INT_MAX = 2147483647;
const UINT_MAX = 4294967295;

export const PARAMS: readonly ParamSpec[] = [
  { name: 'port', kind: 'int', min: 0, max: 65535, default: '6379', immutable: true },
  { name: 'bind', kind: 'bind', default: '* -::*', immutable: true },
  { name: 'dir', kind: 'string', default: '.' },
  { name: 'dbfilename', kind: 'string', default: 'dump.rdb' },
  { name: 'rdbcompression', kind: 'bool', default: 'yes' },
  { name: 'rdbchecksum', kind: 'bool', default: 'yes' },
  { name: 'databases', kind: 'int', min: 1, max: INT_MAX, default: '16', immutable: true },
  { name: 'requirepass', kind: 'string', default: '' },
  { name: 'hz', kind: 'int', min: 0, max: INT_MAX, default: '10' },
  { name: 'maxclients', kind: 'int', min: 1, max: UINT_MAX, default: '10000' },
  { name: 'timeout', kind: 'int', min: 0, max: INT_MAX, default: '0' },
  { name: 'tcp-keepalive', kind: 'int', min: 0, max: INT_MAX, default: '300' },
  { name: 'tcp-backlog', kind: 'int', min: 0, max: INT_MAX, default: '511', immutable: true },
  { name: 'proto-max-bulk-len', kind: 'int', min: 1024 * 1024, max: LONG_MAX, memory: true, default: '536870912' },
  { name: 'loglevel', kind: 'enum', values: ['debug', 'verbose', 'notice', 'warning'], default: 'notice' },
  { name: 'logfile', kind: 'string', default: '', immutable: true },
  { name: 'daemonize', kind: 'bool', default: 'no', immutable: true },
  { name: 'pidfile', kind: 'string', default: '', immutable: true },
  { name: 'protected-mode', kind: 'bool', default: 'yes' },
  { name: 'notify-keyspace-events', kind: 'keyspace-events', default: '' },
  { name: 'client-output-buffer-limit', kind: 'obuf-limits', default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60' },
  { name: 'tracking-table-max-keys', kind: 'int', min: 0, max: LONG_MAX, default: '1000000' },
  { name: 'client-query-buffer-limit', kind: 'int', min: 1048576, max: LONG_MAX, memory: true, default: '1073741824' },
  { name: 'aclfile', kind: 'string', default: '', immutable: true },
  { name: 'acllog-max-len', kind: 'int', min: 0, max: LONG_MAX, default: '128' },
  { name: 'acl-pubsub-default', kind: 'enum', values: ['allchannels', 'resetchannels'], default: 'resetchannels' },
  { name: 'save', kind: 'save', default: '3600 1 300 100 60 10000' },
  { name: 'appendonly', kind: 'bool', default: 'no' },
  { name: 'appendfilename', kind: 'string', default: 'appendonly.aof', immutable: true },
  { name: 'appenddirname', kind: 'string', default: 'appendonlydir', immutable: true },
  { name: 'appendfsync', kind: 'enum', values: ['always', 'everysec', 'no'], default: 'everysec' },
  { name: 'aof-use-rdb-preamble', kind: 'bool', default: 'yes' },
  { name: 'aof-load-truncated', kind: 'bool', default: 'yes' },
  { name: 'auto-aof-rewrite-percentage', kind: 'int', min: 0, max: INT_MAX, default: '100' },
  { name: 'auto-aof-rewrite-min-size', kind: 'int', min: 0, max: LONG_MAX, memory: true, default: '67108864' },
  { name: 'enable-debug-command', kind: 'enum', values: ['no', 'yes', 'local'], default: 'no', immutable: true },
  { name: 'maxmemory', kind: 'int', min: 0, max: LONG_MAX, memory: true, default: '0' },
  // Lists: node size and compression of Redis's quicklists. kv keeps lists in one deque, so these
  // change no behaviour, but configs and clients that set them work.
  { name: 'list-max-listpack-size', alias: 'list-max-ziplist-size', kind: 'int', min: -2147483648, max: INT_MAX, default: '-2' },
  { name: 'list-compress-depth', kind: 'int', min: 0, max: INT_MAX, default: '0' },
  // Encoding thresholds of hashes and sets; Redis's built-in defaults (redis.conf lowers hash entries to 128).
  { name: 'zset-max-listpack-entries', alias: 'zset-max-ziplist-entries', kind: 'int', min: 0, max: LONG_MAX, default: '128' },
  { name: 'zset-max-listpack-value', alias: 'zset-max-ziplist-value', kind: 'int', min: 0, max: LONG_MAX, memory: true, default: '64' },
  { name: 'hash-max-listpack-entries', alias: 'hash-max-ziplist-entries', kind: 'int', min: 0, max: LONG_MAX, default: '512' },
  { name: 'hash-max-listpack-value', alias: 'hash-max-ziplist-value', kind: 'int', min: 0, max: LONG_MAX, memory: true, default: '64' },
  { name: 'set-max-intset-entries', kind: 'int', min: 0, max: LONG_MAX, default: '512' },
  // Size past which a sparse HyperLogLog turns dense (server.hll_sparse_max_bytes, a size_t).
  { name: 'hll-sparse-max-bytes', kind: 'int', min: 0, max: LONG_MAX, memory: true, default: '3000' },
  {
    name: 'maxmemory-policy', kind: 'enum', default: 'noeviction',
    values: ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'],
  },
  { name: 'maxmemory-samples', kind: 'int', min: 1, max: INT_MAX, default: '5' },
  { name: 'maxmemory-eviction-tenacity', kind: 'int', min: 0, max: 100, default: '10' },
  { name: 'maxmemory-clients', kind: 'int', min: 0, max: LONG_MAX, memory: true, default: '0' },
  // Slow log, latency monitor and latency tracking (slowlog.ts, latency.ts).
  { name: 'slowlog-log-slower-than', kind: 'int', min: -1, max: LONG_MAX, default: '10000' },
  { name: 'slowlog-max-len', kind: 'int', min: 0, max: LONG_MAX, default: '128' },
  { name: 'latency-monitor-threshold', kind: 'int', min: 0, max: LONG_MAX, default: '0' },
  { name: 'latency-tracking', kind: 'bool', default: 'yes' },
  { name: 'latency-tracking-info-percentiles', kind: 'percentiles', default: '50 99 99.9' },
  { name: 'lfu-log-factor', kind: 'int', min: 0, max: INT_MAX, default: '10' },
  { name: 'lfu-decay-time', kind: 'int', min: 0, max: INT_MAX, default: '1' },
];
