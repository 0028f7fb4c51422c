import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodName, type CommandTable } from '../scripts/generate.js';
import { REPLY_SHAPES, SHAPES, type Shape } from '../scripts/reply-types.js';
import { tablePath } from '../scripts/table-path.js';
import { Client, type Arg } from '../src/index.js';
import { haveRedis, startServer, type TestServer } from './servers.js';

// Every reply type written down in scripts/reply-types.ts, checked against
// what Redis 7.0 really replies, in RESP2 and RESP3: each command listed runs
// once on fresh data through its typed method, and the decoded value must
// have the declared shape.

const table = JSON.parse(readFileSync(tablePath(), 'utf8')) as CommandTable;
const helps = Object.values(table).flatMap((e) => Object.keys(e.subcommands ?? {})).filter((c) => c.endsWith('|help'));

const SETUP: Arg[][] = [
  ['SET', 'k', 'v'], ['SET', 'n', '10'], ['SET', 'kdel', 'x'], ['SET', 'k2', 'x'],
  ['RPUSH', 'l', 'a', 'b', 'c'], ['SADD', 's', 'a', 'b', 'c'], ['HSET', 'h', 'f', 'v', 'n', '1'],
  ['ZADD', 'z', '1', 'a', '2', 'b'], ['XADD', 'x', '0-1', 'f', 'v'], ['XGROUP', 'CREATE', 'x', 'grp', '0'],
  ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo'], ['PFADD', 'p', 'a', 'b'],
];

const LIB = "#!lua name=mylib\nredis.register_function('f', function() return 1 end)";

/** Arguments for each command's method (after SETUP), and commands to run just before it. */
const SAMPLES: Record<string, { args: Arg[] | ((port: number, protocol: 2 | 3) => Arg[]); before?: Arg[][] }> = {};
const s = (name: string, args: Arg[] | ((port: number, protocol: 2 | 3) => Arg[]), before?: Arg[][]) => {
  SAMPLES[name] = before === undefined ? { args } : { args, before };
};
// int
s('append', ['k2', 'x']); s('bitcount', ['k']); s('bitop', ['AND', 'dst', 'k', 'k']); s('bitpos', ['k', 1]); s('dbsize', []);
s('del', ['nokey']); s('exists', ['k']); s('expire', ['k', 100]); s('expireat', ['k', 4e9]); s('expiretime', ['k']);
s('pexpire', ['k', 100000]); s('pexpireat', ['k', 4e12]); s('pexpiretime', ['k']); s('ttl', ['k']); s('pttl', ['k']);
s('getbit', ['k', 1]); s('setbit', ['bits', 7, 1]); s('hdel', ['h', 'nope']); s('hexists', ['h', 'f']); s('hlen', ['h']);
s('hset', ['h', 'f2', 'v']); s('hsetnx', ['h', 'f', 'v']); s('hstrlen', ['h', 'f']); s('linsert', ['l', 'BEFORE', 'a', 'z']);
s('llen', ['l']); s('lpush', ['l', 'x']); s('lpushx', ['l', 'x']); s('rpush', ['l', 'y']); s('rpushx', ['l', 'y']);
s('lrem', ['l', 0, 'x']); s('move', ['k2', 1]); s('msetnx', ['m1', '1']); s('persist', ['k']); s('pfadd', ['p', 'c']);
s('pfcount', ['p']); s('publish', ['ch', 'm']); s('spublish', ['ch', 'm']); s('renamenx', ['k2', 'k3']); s('sadd', ['s', 'd']);
s('scard', ['s']); s('setnx', ['k', 'x']); s('setrange', ['k', 0, 'v']); s('sintercard', [1, 's']); s('sinterstore', ['d1', 's']);
s('sdiffstore', ['d2', 's']); s('sunionstore', ['d3', 's']); s('sismember', ['s', 'a']); s('smove', ['s', 's2', 'a']);
s('srem', ['s', 'b']); s('strlen', ['k']); s('touch', ['k']); s('unlink', ['nokey']); s('zcard', ['z']);
s('zcount', ['z', '-inf', '+inf']); s('zdiffstore', ['d4', 1, 'z']); s('zintercard', [1, 'z']); s('zinterstore', ['d5', 1, 'z']);
s('zunionstore', ['d6', 1, 'z']); s('zlexcount', ['z', '-', '+']); s('zrem', ['z', 'nope']); s('zremrangebylex', ['z', '[x', '[y']);
s('zremrangebyrank', ['z', 10, 20]); s('zremrangebyscore', ['z', 100, 200]); s('zrangestore', ['d7', 'z', 0, -1]);
s('geoadd', ['g', 15.087269, 37.502669, 'Catania']); s('geosearchstore', ['d8', 'g', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km']);
s('xack', ['x', 'grp', '0-1']); s('xdel', ['x', '0-1']); s('xlen', ['x']); s('xtrim', ['x', 'MAXLEN', 100]); s('wait', [0, 0]);
s('copy', ['k', 'kcopy']); s('lastsave', []); s('client|id', []); s('client|unblock', [123456]); s('client|getredir', []);
s('object|freq', ['k'], [['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu']]); s('object|idletime', ['k']); s('object|refcount', ['k']);
s('pubsub|numpat', []); s('command|count', []); s('slowlog|len', []); s('latency|reset', []); s('acl|deluser', ['nobody']);
s('xgroup|destroy', ['x', 'nogroup']); s('xgroup|createconsumer', ['x', 'grp', 'c1']); s('xgroup|delconsumer', ['x', 'grp', 'c1']);
// int64, nint, ints
s('incr', ['n']); s('incrby', ['n', 2]); s('decr', ['n']); s('decrby', ['n', 2]); s('hincrby', ['h', 'n', 1]);
s('zrank', ['z', 'a']); s('zrevrank', ['z', 'a']); s('memory|usage', ['k']); s('smismember', ['s', 'a', 'q']); s('script|exists', ['0000']);
// bulk, str
s('get', ['k']); s('getdel', ['kdel']); s('getex', ['k']); s('getset', ['k', 'v']); s('hget', ['h', 'f']); s('lindex', ['l', 0]);
s('lmove', ['l', 'l2', 'LEFT', 'RIGHT']); s('rpoplpush', ['l', 'l2']); s('brpoplpush', ['l', 'l2', 0.1]); s('blmove', ['l', 'l2', 'LEFT', 'LEFT', 0.1]);
s('randomkey', []); s('dump', ['n']); s('client|getname', []); s('object|encoding', ['k']); s('xadd', ['x', '*', 'f', 'v']);
s('getrange', ['k', 0, -1]); s('substr', ['k', 0, 1]); s('echo', ['hi']); s('incrbyfloat', ['fl', 1.5]); s('hincrbyfloat', ['h', 'fl', 1.5]);
s('info', []); s('lolwut', []); s('client|info', []); s('client|list', []); s('memory|doctor', []); s('memory|malloc-stats', []);
s('latency|doctor', []); s('acl|whoami', []); s('acl|genpass', []); s('script|load', ['return 1']); s('function|load', ['REPLACE', LIB]);
// bulks, nbulks
s('keys', ['*']); s('hkeys', ['h']); s('hvals', ['h']); s('smembers', ['s']); s('sinter', ['s']); s('sunion', ['s']); s('sdiff', ['s']);
s('lrange', ['l', 0, -1]); s('time', []); s('acl|users', []); s('acl|list', []); s('acl|cat', []); s('pubsub|channels', []);
s('pubsub|shardchannels', []); s('zrangebylex', ['z', '-', '+']); s('zrevrangebylex', ['z', '+', '-']); s('command|list', []);
s('command|getkeys', ['GET', 'k']); s('mget', ['k', 'nope']); s('hmget', ['h', 'f', 'nope']); s('geohash', ['g', 'Palermo', 'nope']);
// ok
s('mset', ['a', '1']); s('rename', ['k2', 'b']); s('lset', ['l', 0, 'q']); s('ltrim', ['l', 0, -1]); s('setex', ['se', 100, 'v']);
s('psetex', ['pse', 100000, 'v']); s('hmset', ['h', 'f', 'v']); s('swapdb', [0, 0]); s('pfmerge', ['p2', 'p']);
s('flushall', []); s('flushdb', []); s('select', [0]); s('auth', ['pw']); s('client|setname', ['named']);
s('config|set', ['maxmemory-samples', 5]); s('config|resetstat', []); s('script|flush', []); s('function|flush', []);
s('function|delete', ['mylib'], [['FUNCTION', 'LOAD', 'REPLACE', LIB]]); s('watch', ['k']); s('unwatch', []);
s('client|pause', [10]); s('client|unpause', []); s('client|no-evict', ['off']); s('client|tracking', ['off']);
s('client|caching', ['yes'], [['CLIENT', 'TRACKING', 'ON', 'OPTIN']]); s('acl|setuser', ['u1']); s('slowlog|reset', []);
s('memory|purge', []); s('save', []); s('xgroup|create', ['x', 'g2', '$']); s('xgroup|setid', ['x', 'grp', '$']);
s('xsetid', ['x', '9999999999999-0']); s('replicaof', ['NO', 'ONE']); s('slaveof', ['NO', 'ONE']); s('pfselftest', []);
// status, maps, doubles, scans, pops
s('type', ['k']); s('bgsave', []); s('bgrewriteaof', []); s('migrate', (port) => ['127.0.0.1', port, 'nokey', 0, 1000]);
s('hgetall', ['h']); s('config|get', ['maxmemory']); s('hello', (_port, protocol) => [protocol]); s('client|trackinginfo', []);
s('memory|stats', []); s('function|stats', []); s('zincrby', ['z', 1, 'a']); s('zscore', ['z', 'a']); s('zmscore', ['z', 'a', 'nope']);
s('scan', [0]); s('hscan', ['h', 0]); s('sscan', ['s', 0]); s('zscan', ['z', 0]); s('blpop', ['l', 0.1]); s('brpop', ['nolist', 0.1]);
s('restore', ['restored', 0, Buffer.from('00c00a0a006e9f57450eae63bb', 'hex')]); // DUMP of the integer 10 in Redis 7.0
s('function|restore', [Buffer.from('f5404623216c7561206e616d653d6d796c69620a72656469732e72656769737465725f66756e6374696f6e282766272c2066756e6374696f6e28292072657475726e203120656e64290a00c531defc4ff44599', 'hex')], [['FUNCTION', 'FLUSH']]);

/** Listed, but not run here, and why. */
const NOT_RUN: Record<string, string> = {
  'cluster|keyslot': 'cluster mode only', 'cluster|countkeysinslot': 'cluster mode only', 'cluster|info': 'cluster mode only',
  'cluster|nodes': 'cluster mode only', 'cluster|myid': 'cluster mode only', readonly: 'cluster mode only', readwrite: 'cluster mode only',
  asking: 'cluster mode only', 'config|rewrite': 'needs a config file', 'acl|save': 'needs an aclfile', 'acl|load': 'needs an aclfile',
  'module|load': 'needs a module', 'module|unload': 'needs a module', 'cluster|help': 'cluster mode only',
};

/** Runtime checks for the shapes' types (S = string here). */
function matches(shape: Shape, v: unknown): boolean {
  const str = (x: unknown) => typeof x === 'string';
  const int = (x: unknown) => Number.isInteger(x);
  const arr = (x: unknown, item: (y: unknown) => boolean) => Array.isArray(x) && x.every(item);
  switch (shape) {
    case SHAPES.int: return int(v);
    case SHAPES.int64: return int(v) || typeof v === 'bigint';
    case SHAPES.nint: return v === null || int(v);
    case SHAPES.ints: return arr(v, int);
    case SHAPES.bulk: return v === null || str(v);
    case SHAPES.str: return str(v);
    case SHAPES.bulks: return arr(v, str);
    case SHAPES.nbulks: return arr(v, (x) => x === null || str(x));
    case SHAPES.ok: return v === 'OK';
    case SHAPES.status: return str(v);
    case SHAPES.statuses: return arr(v, str);
    case SHAPES.map: return v instanceof Map && [...v].every(([k, x]) => str(k) && str(x));
    case SHAPES.mapAny: return v instanceof Map && [...v.keys()].every(str);
    case SHAPES.double: return typeof v === 'number';
    case SHAPES.ndouble: return v === null || typeof v === 'number';
    case SHAPES.doubles: return arr(v, (x) => x === null || typeof x === 'number');
    case SHAPES.scan: return Array.isArray(v) && v.length === 2 && str(v[0]) && arr(v[1], str);
    case SHAPES.pop2: return v === null || (Array.isArray(v) && v.length === 2 && v.every(str));
    default: return false;
  }
}

describe.skipIf(!haveRedis)('reply shapes against Redis 7.0', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer('redis', ['--requirepass', 'pw', '--enable-debug-command', 'yes']);
  });
  afterAll(async () => server?.stop());

  it('every listed command has a sample or a reason not to run', () => {
    const missing = [...REPLY_SHAPES.keys(), ...helps].filter((c) => SAMPLES[c] === undefined && NOT_RUN[c] === undefined && !c.endsWith('|help'));
    expect(missing).toEqual([]);
  });

  for (const protocol of [2, 3] as const) {
    it(`RESP${protocol}: each reply has its declared shape`, async () => {
      const client = await Client.connect({ port: server.port, password: 'pw', protocol });
      const wrong: string[] = [];
      try {
        for (const [command, shape] of [...REPLY_SHAPES, ...helps.map((h) => [h, SHAPES.statuses] as const)]) {
          if (NOT_RUN[command] !== undefined) continue;
          const sample = SAMPLES[command] ?? { args: [] };
          await client.call('FLUSHALL');
          await client.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
          for (const c of SETUP) await client.call(...c);
          for (const c of sample.before ?? []) await client.call(...c);
          const args = typeof sample.args === 'function' ? sample.args(server.port, protocol) : sample.args;
          const method = (client as unknown as Record<string, (...a: Arg[]) => Promise<unknown>>)[methodName(command)]!;
          let v: unknown;
          try {
            v = await method.apply(client, args);
          } catch (err) {
            wrong.push(`${command}: ${(err as Error).message}`);
            continue;
          }
          if (!matches(shape, v)) wrong.push(`${command}: ${shape.type} expected, got ${JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x] : typeof x === 'bigint' ? String(x) : x))?.slice(0, 120)}`);
          if (command === 'client|caching' || command === 'client|tracking') await client.call('CLIENT', 'TRACKING', 'off');
          if (command === 'bgsave' || command === 'bgrewriteaof') {
            // Let the background job finish: the next SAVE would be refused while it runs.
            while (/_in_progress:1/.test(String(await client.info('persistence')))) await new Promise((r) => setTimeout(r, 20));
          }
        }
      } finally {
        await client.close();
      }
      expect(wrong).toEqual([]);
    }, 60_000);
  }
});
