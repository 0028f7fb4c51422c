// What each command replies, for the generated method types. Redis 7.0's
// command table has no reply schemas, so these are written down by hand from
// its documentation and checked against a live server by the tests
// (test/reply-shapes.test.ts runs each listed command on Redis 7.0, in RESP2
// and RESP3, and checks the decoded reply against its shape). A command not listed replies `Reply<S>`, the
// honest "any reply" type. S is the bulk-string type (string, or Buffer with
// `buffers: true`).

/** A reply shape: its TypeScript type and the decoder (src/decode.ts) that produces it. */
export interface Shape {
  readonly type: string;
  readonly decoder: 'convert' | 'map' | 'double' | 'doubles' | 'scan';
}

const shape = (type: string, decoder: Shape['decoder'] = 'convert'): Shape => ({ type, decoder });

export const SHAPES = {
  int: shape('number'),
  /** Integers that may pass 2^53 (counters) come back as bigint there. */
  int64: shape('number | bigint'),
  nint: shape('number | null'),
  ints: shape('number[]'),
  bulk: shape('S | null'),
  str: shape('S'),
  bulks: shape('S[]'),
  nbulks: shape('(S | null)[]'),
  ok: shape("'OK'"),
  status: shape('string'),
  statuses: shape('string[]'),
  map: shape('Map<S, S>', 'map'),
  mapAny: shape('Map<S, Reply<S>>', 'map'),
  double: shape('number', 'double'),
  ndouble: shape('number | null', 'double'),
  doubles: shape('(number | null)[]', 'doubles'),
  scan: shape('[cursor: string, items: S[]]', 'scan'),
  pop2: shape('[key: S, element: S] | null'),
} as const;

type ShapeName = keyof typeof SHAPES;

const BY_SHAPE: Record<ShapeName, string> = {
  int: `append bitcount bitop bitpos dbsize del exists expire expireat expiretime pexpire pexpireat pexpiretime ttl pttl
    getbit setbit hdel hexists hlen hset hsetnx hstrlen linsert llen lpush lpushx rpush rpushx lrem move msetnx persist
    pfadd pfcount publish spublish renamenx sadd scard setnx setrange sintercard sinterstore sdiffstore sunionstore
    sismember smove srem strlen touch unlink zcard zcount zdiffstore zintercard zinterstore zunionstore zlexcount zrem
    zremrangebylex zremrangebyrank zremrangebyscore zrangestore geoadd geosearchstore xack xdel xlen xtrim wait copy
    lastsave client|id client|unblock client|getredir object|freq object|idletime object|refcount pubsub|numpat
    command|count slowlog|len latency|reset acl|deluser xgroup|destroy xgroup|createconsumer xgroup|delconsumer
    cluster|keyslot cluster|countkeysinslot`,
  int64: 'incr incrby decr decrby hincrby',
  nint: 'zrank zrevrank memory|usage',
  ints: 'smismember script|exists',
  bulk: 'get getdel getex getset hget lindex lmove rpoplpush brpoplpush blmove randomkey dump client|getname object|encoding xadd',
  str: `getrange substr echo incrbyfloat hincrbyfloat info lolwut client|info client|list memory|doctor memory|malloc-stats
    latency|doctor acl|whoami acl|genpass script|load function|load cluster|info cluster|nodes cluster|myid`,
  bulks: `keys hkeys hvals smembers sinter sunion sdiff lrange time acl|users acl|list acl|cat pubsub|channels
    pubsub|shardchannels zrangebylex zrevrangebylex command|list command|getkeys`,
  nbulks: 'mget hmget geohash',
  ok: `mset rename lset ltrim setex psetex hmset restore swapdb pfmerge flushall flushdb select auth client|setname
    config|set config|resetstat config|rewrite script|flush function|flush function|delete function|restore watch unwatch
    client|pause client|unpause client|no-evict client|caching client|tracking acl|setuser acl|save acl|load slowlog|reset
    memory|purge save readonly readwrite asking xgroup|create xgroup|setid xsetid replicaof slaveof module|load
    module|unload pfselftest`,
  status: 'type bgsave bgrewriteaof migrate',
  statuses: '',
  map: 'hgetall config|get',
  mapAny: 'hello client|trackinginfo memory|stats function|stats',
  double: 'zincrby',
  ndouble: 'zscore',
  doubles: 'zmscore',
  scan: 'scan hscan sscan zscan',
  pop2: 'blpop brpop',
};

/** Reply shape per command ('get', 'config|get'); the `*|help` subcommands reply lines of text. */
export const REPLY_SHAPES: ReadonlyMap<string, Shape> = (() => {
  const m = new Map<string, Shape>();
  for (const [name, list] of Object.entries(BY_SHAPE) as [ShapeName, string][]) {
    for (const cmd of list.split(/\s+/).filter((w) => w !== '')) {
      if (m.has(cmd)) throw new Error(`${cmd} has two reply shapes`);
      m.set(cmd, SHAPES[name]);
    }
  }
  return m;
})();

export function replyShape(command: string): Shape | undefined {
  return REPLY_SHAPES.get(command) ?? (command.endsWith('|help') ? SHAPES.statuses : undefined);
}

/**
 * Reads of one key whose replies the client-side cache may keep: deterministic,
 * and changed only by writes to that key (so not TTL, which changes by itself,
 * nor random picks). The generator checks that each names exactly one key
 * (first_key = last_key = 1 in the command table): the cache entry is dropped
 * when that key's invalidation arrives.
 */
export const CACHEABLE = new Set(
  `get getrange substr strlen getbit bitcount bitpos hget hgetall hmget hexists hlen hkeys hvals hstrlen lindex llen lrange
   lpos scard sismember smismember smembers zcard zcount zlexcount zrange zrangebyscore zrangebylex zrevrange
   zrevrangebyscore zrevrangebylex zrank zrevrank zscore zmscore type geopos geodist geohash xlen xrange xrevrange`
    .split(/\s+/)
    .filter((w) => w !== ''),
);
