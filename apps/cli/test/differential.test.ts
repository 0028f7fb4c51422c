import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveRedis, startKv, startRedis, type TestServer } from './servers.js';
import { runKvCli, runRedisCli, type RunResult } from './run.js';

// kv-cli against Debian's redis-cli 7.0.15, both talking to the same real
// redis-server: for many replies (nested arrays, empty, nil, errors,
// integers, binary strings, RESP3 maps, sets, doubles, booleans, verbatim
// strings) and every output mode, the bytes on stdout and stderr and the exit
// code must be the same.

let redis: TestServer;

/** Read-only (or idempotent) commands, so that running them twice gives the same replies. */
const COMMANDS = [
  'PING',
  'PING "hello world"',
  'ECHO ""',
  'GET nokey',
  'GET str',
  'GET bin',
  'GET utf',
  'SET same value',
  'INCRBY counter 0',
  'GET a b',
  'NOSUCHCOMMAND x',
  'LRANGE list 0 -1',
  'LRANGE nolist 0 -1',
  'LRANGE long 0 -1',
  'HGETALL hash',
  'HGETALL nohash',
  'SMEMBERS set',
  'SMEMBERS noset',
  'ZRANGE z 0 -1 WITHSCORES',
  'ZSCORE z b',
  'ZSCORE z nomember',
  'ZRANGE z 0 -1 WITHSCORES LIMIT',
  'XRANGE stream - +',
  'GEOPOS geo m1 nomember',
  'GEODIST geo m1 m2 km',
  'EVAL "return {1,\'two\',{3,{\'four\',{}}},false,true}" 0',
  'EVAL "return redis.error_reply(\'MY error text\')" 0',
  'EVAL "return {{},{{}},{1,{2,{3}}}}" 0',
  'EVAL "return redis.status_reply(\'FINE\')" 0',
  'DEBUG PROTOCOL string',
  'DEBUG PROTOCOL integer',
  'DEBUG PROTOCOL double',
  'DEBUG PROTOCOL null',
  'DEBUG PROTOCOL array',
  'DEBUG PROTOCOL set',
  'DEBUG PROTOCOL map',
  'DEBUG PROTOCOL verbatim',
  'DEBUG PROTOCOL true',
  'DEBUG PROTOCOL false',
  'COMMAND INFO get lpush',
  'CONFIG GET maxmemory-policy',
  'OBJECT ENCODING list',
  'SCAN 0 MATCH l* COUNT 1000',
  'TYPE str',
  'TTL str',
  'EXISTS str list nokey',
  'MGET str nokey bin',
  'HMGET hash f1 nofield',
  'LPOS list b',
  'INFO keyspace',
  'SORT list ALPHA',
  'EVAL "return {map={a={1,2},b={map={x=1}},c={}}}" 0',
  'EVAL "return {{map={k={1,{2,3}}}}}" 0',
  'EVAL "return {map={k={{1,2}}}}" 0',
  'EVAL "return {map={k={map={a={1,{map={z=0}}}}}}}" 0',
  'EVAL "return {double=3.5}" 0',
];

const MODES: { name: string; args: string[]; env?: Record<string, string> }[] = [
  { name: 'pipe (raw)', args: [] },
  { name: '--raw', args: ['--raw'] },
  { name: '--no-raw', args: ['--no-raw'] },
  { name: '--csv', args: ['--csv'] },
  { name: 'terminal (FAKETTY)', args: [], env: { FAKETTY: '1' } },
  { name: '-3 --no-raw', args: ['-3', '--no-raw'] },
  { name: '-3 raw', args: ['-3'] },
  { name: '-3 --csv', args: ['-3', '--csv'] },
  { name: '-3 terminal', args: ['-3'], env: { FAKETTY: '1' } },
  { name: 'raw with -d and -D', args: ['-d', '<|>', '-D', '<#>\n'] },
];

async function seed(port: number): Promise<void> {
  const script = [
    'FLUSHALL',
    'SET str "hello world"',
    'SET bin "a\\x00b\\xff\\n\\r\\t\\x07\\x08\\"\\\\ z"',
    'SET utf "h\\xc3\\xa9llo"',
    'RPUSH list a b "c d" "" b',
    'RPUSH long 1 2 3 4 5 6 7 8 9 10 11 12',
    'HSET hash f1 v1 f2 "v 2"',
    'SADD set 3 1 2',
    'ZADD z 1 a 2.5 b 1e-5 c',
    'XADD stream 1-1 f v g w',
    'XADD stream 2-1 h "x y"',
    'GEOADD geo 13.361389 38.115556 m1 15.087269 37.502669 m2',
    'SET counter 41',
  ].join('\n');
  const r = await runRedisCli(['-p', String(port)], { stdin: script + '\n' });
  expect(r.code).toBe(0);
}

function same(a: RunResult, b: RunResult): void {
  expect({ out: b.out, err: b.err, code: b.code }).toEqual({ out: a.out, err: a.err, code: a.code });
}

describe.skipIf(!haveRedis)('output like redis-cli', () => {
  beforeAll(async () => {
    redis = await startRedis(['--enable-debug-command', 'yes']);
    await seed(redis.port);
  });
  afterAll(async () => redis?.stop());

  for (const mode of MODES) {
    it(`piped commands, ${mode.name}`, async () => {
      const args = ['-p', String(redis.port), ...mode.args];
      const stdin = COMMANDS.join('\n') + '\n';
      const theirs = await runRedisCli(args, { stdin, env: mode.env });
      const ours = await runKvCli(args, { stdin, env: mode.env });
      expect(theirs.out.length).toBeGreaterThan(200);
      same(theirs, ours);
    });
  }

  // One-shot commands: the command line, not stdin (and -e's exit code).
  const ONE_SHOT = [
    ['GET', 'str'],
    ['LRANGE', 'list', '0', '-1'],
    ['GET', 'a', 'b'],
    ['HGETALL', 'hash'],
    ['EVAL', "return {1,{2,{}},'x'}", '0'],
    ['SET', 'same', 'h\u00e9llo w\u00f6rld'],
    ['GET', 'same'],
  ];
  for (const mode of [MODES[0]!, MODES[2]!, MODES[3]!, MODES[5]!, { name: '-e', args: ['-e'] }]) {
    it(`one-shot commands, ${mode.name}`, async () => {
      for (const cmd of ONE_SHOT) {
        const args = ['-p', String(redis.port), ...mode.args, ...cmd];
        same(await runRedisCli(args, { env: mode.env }), await runKvCli(args, { env: mode.env }));
      }
    });
  }

  it('connection errors and bad options', async () => {
    for (const args of [['-p', '1', 'PING'], ['-p', String(redis.port), '--nosuchflag'], ['-p', String(redis.port), '-n', '99', 'PING'], ['-u', 'http://x']]) {
      same(await runRedisCli(args), await runKvCli(args));
    }
  });
});

// The same with kv on the other end: redis-cli and kv-cli reading kv's replies
// (what kv answers is tested elsewhere; this is about how kv-cli prints it).
describe.skipIf(!haveRedis)('output like redis-cli, against kv', () => {
  let kv: TestServer;
  beforeAll(async () => {
    kv = await startKv();
    await seed(kv.port);
  });
  afterAll(async () => kv?.stop());

  const onKv = COMMANDS.filter((c) => !/^(EVAL|DEBUG|COMMAND INFO|INFO)/.test(c));
  for (const mode of MODES) {
    it(`piped commands, ${mode.name}`, async () => {
      const args = ['-p', String(kv.port), ...mode.args];
      const stdin = onKv.join('\n') + '\n';
      const theirs = await runRedisCli(args, { stdin, env: mode.env });
      expect(theirs.out.length).toBeGreaterThan(200);
      same(theirs, await runKvCli(args, { stdin, env: mode.env }));
    });
  }
});
