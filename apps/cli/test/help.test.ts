import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveRedis, startKv, startRedis, type TestServer } from './servers.js';
import { runKvCli, runRedisCli } from './run.js';

// HELP comes from the connected server's COMMAND DOCS. For every command and
// group, kv-cli must print what redis-cli 7.0.15 prints from its built-in
// help.h (redis-cli colours it even in a pipe; kv-cli does not, so colours are
// taken out before comparing).

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const GROUPS = ['generic', 'string', 'list', 'set', 'sorted-set', 'hash', 'pubsub', 'transactions', 'connection', 'server', 'scripting', 'hyperloglog', 'cluster', 'geo', 'stream', 'bitmap'];

async function commandList(port: number): Promise<string[]> {
  const r = await runRedisCli(['-p', String(port), 'COMMAND', 'LIST']);
  return r.out.split('\n').filter(Boolean).sort();
}

async function compareHelp(port: number, lines: string[]): Promise<void> {
  const stdin = lines.join('\n') + '\n';
  const theirs = await runRedisCli(['-p', String(port)], { stdin });
  const ours = await runKvCli(['-p', String(port)], { stdin });
  expect(ours.code).toBe(0);
  expect(ours.out).not.toMatch(/\x1b\[/);
  expect(ours.out.split('\r\n')).toEqual(strip(theirs.out).split('\r\n'));
}

describe.skipIf(!haveRedis)('HELP like redis-cli', () => {
  let redis: TestServer;
  let kv: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    kv = await startKv();
  });
  afterAll(async () => {
    await redis?.stop();
    await kv?.stop();
  });

  it('HELP <command> for every command of Redis 7.0, from its COMMAND DOCS', async () => {
    const names = await commandList(redis.port);
    expect(names.length).toBeGreaterThan(200);
    await compareHelp(redis.port, names.map((n) => `help ${n}`));
  });

  it('HELP @group for every group', async () => {
    await compareHelp(redis.port, GROUPS.map((g) => `help @${g}`));
  });

  it('HELP <container> lists its subcommands; unknown topics print nothing', async () => {
    await compareHelp(redis.port, ['help config', 'HELP Client Kill', 'help nosuchcommand', 'help @nosuchgroup', 'help conf']);
  });

  it('against kv: every command kv has is documented as in Redis 7.0', async () => {
    const names = await commandList(kv.port);
    expect(names.length).toBeGreaterThan(100);
    await compareHelp(kv.port, names.map((n) => `help ${n}`));
  });

  it('without a server HELP prints the generic help and the hint table is empty', async () => {
    const r = await runKvCli(['-p', '1'], { stdin: 'help\nhelp get\n' });
    expect(r.err).toBe('Could not connect to Redis at 127.0.0.1:1: Connection refused\n');
    expect(r.out).toMatch(/^kv-cli \S+\nTo get help about Redis commands type:\n/);
    expect(r.out.endsWith('Set your preferences in ~/.kvclirc\n\r\n')).toBe(true);
  });
});
