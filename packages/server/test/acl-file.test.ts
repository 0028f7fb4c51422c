import { RespConnection } from '@kv/client';
import { freePort, startRedisServer } from '@kv/test-servers';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigFileError, loadDirectives, parseConfigText, startServer } from '../src/index.js';
import { haveRedis } from './real-redis.js';
import { Pair, normalizeRules, startBoth, type Servers } from './acl-pair.js';

// The ACL file (ACL SAVE / ACL LOAD, aclfile at start-up), `user` lines of
// redis.conf, and protected mode, each compared with a real Redis 7.0.15.

const ALICE = 'user alice on >secret ~a* &news +get +set';

function fileLines(file: string): string[] {
  return readFileSync(file, 'latin1').split('\n').map(normalizeRules);
}

describe.runIf(haveRedis)('ACL file against a real Redis 7.0', () => {
  let s: Servers;
  beforeAll(async () => {
    s = await startBoth({ aclfile: 'users.acl' }, (dir) => writeFileSync(path.join(dir, 'users.acl'), `${ALICE}\n\nuser bob off (+@hash ~h*)\n`));
  });
  afterAll(async () => {
    await s?.stop();
  });

  const both = (dir: string | undefined, text: string) => {
    for (const d of dir === undefined ? [s.redisDir, s.kvDir] : [dir]) writeFileSync(path.join(d, 'users.acl'), text);
  };

  it('loads the file at start-up and writes it back with ACL SAVE', async () => {
    const p = await Pair.open(s);
    try {
      const [rl, kl] = await p.both('ACL', 'LIST');
      expect((kl as string[]).map(normalizeRules)).toEqual((rl as string[]).map(normalizeRules));
      await p.both('ACL', 'SETUSER', 'carol', 'on', 'nopass', '-@all', '+@read', '-get', '%R~r*', '%W~w*', 'resetchannels');
      const [rs, ks] = await p.both('ACL', 'SAVE');
      expect(ks).toEqual(rs);
      expect(fileLines(path.join(s.kvDir, 'users.acl'))).toEqual(fileLines(path.join(s.redisDir, 'users.acl')));
    } finally {
      p.close();
    }
  });

  it('ACL LOAD: every error of the file reported at once, nothing changed; a good file replaces all users', async () => {
    const p = await Pair.open(s);
    const alice = await Pair.open(s);
    try {
      const bad = [
        'user dave on >x', 'user  eve on', 'user "x y" on', 'foo bar', 'user dave off', 'user frank bogus -nosuch +nosuch2 ~a',
        'user', 'user grace on ~* ~x', 'user heidi on #abc', '  user ivan on  ', 'user judy on +@nosuch %~x',
      ].join('\n');
      both(undefined, bad);
      const [re, ke] = await p.both('ACL', 'LOAD');
      expect(ke).toEqual(re);
      const [rl, kl] = await p.both('ACL', 'LIST');
      expect((kl as string[]).map(normalizeRules)).toEqual((rl as string[]).map(normalizeRules));

      // Clients of users other than default are disconnected by a successful load.
      expect(await alice.both('AUTH', 'alice', 'secret')).toEqual([{ value: 'OK' }, { value: 'OK' }]);
      both(undefined, `${ALICE}\nuser default on nopass ~* &* +@all -flushall\r\nuser zed on nopass\tx\n`);
      const [rok, kok] = await p.both('ACL', 'LOAD');
      expect(kok).toEqual(rok);
      both(undefined, `${ALICE}\nuser default on nopass ~* &* +@all -flushall\n`);
      const [rok2, kok2] = await p.both('ACL', 'LOAD');
      expect(kok2).toEqual(rok2);
      await Promise.all([alice.redis.closed(), alice.kv.closed()]);
      const [rl2, kl2] = await p.both('ACL', 'LIST');
      expect((kl2 as string[]).map(normalizeRules)).toEqual((rl2 as string[]).map(normalizeRules));
      expect(await p.both('FLUSHALL')).toEqual(await p.both('FLUSHALL'));
      const [rf, kf] = await p.both('FLUSHALL');
      expect(kf).toEqual(rf);

      // A file without the default user gives a fresh default user.
      both(undefined, `${ALICE}\n`);
      await p.both('ACL', 'LOAD');
      const [rd, kd] = await p.both('ACL', 'GETUSER', 'default');
      expect(kd).toEqual(rd);

      rmSync(path.join(s.redisDir, 'users.acl'));
      rmSync(path.join(s.kvDir, 'users.acl'));
      const [rm, km] = await p.both('ACL', 'LOAD');
      expect(km).toEqual(rm);
    } finally {
      p.close();
      alice.close();
    }
  });
});

/** What redis-server prints when it refuses to start with this config file, or '' if it starts. */
async function redisRefuses(dir: string, conf: string): Promise<string> {
  const file = path.join(dir, 'redis.conf');
  writeFileSync(file, conf);
  // One that starts is killed after a second: only refusals are compared.
  const port = String(await freePort());
  const r = spawnSync('redis-server', [file, '--port', port, '--bind', '127.0.0.1', '--save', '', '--dir', dir], { encoding: 'latin1', timeout: 1000 });
  return r.status === 1 ? `${r.stdout}${r.stderr}` : '';
}

describe.runIf(haveRedis)('`user` lines of redis.conf, as Redis 7.0 reads them', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kv-acl-conf-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    'user alice on bogus\n',
    'user alice on\nuser alice off\n',
    'user alice on (+get\n',
    'user alice on ~* ~a\n',
    'user alice on >p #abc\n',
    'user\n',
  ])('refuses %j with the same message', async (conf) => {
    const redis = await redisRefuses(dir, conf);
    expect(redis).toContain('FATAL CONFIG FILE ERROR');
    let kv = '';
    try {
      loadDirectives(parseConfigText(conf));
    } catch (err) {
      if (err instanceof ConfigFileError) kv = err.message;
      else throw err;
    }
    expect(kv).not.toBe('');
    expect(redis).toContain(kv);
  });

  it.each([
    ['user alice on -nosuch\n', "Error loading ACL rule '-nosuch' for the user named 'alice': Unknown command or category name in ACL"],
    ['user alice on\naclfile users.acl\n', 'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid'],
  ])('stops at start-up on %j', async (conf, message) => {
    writeFileSync(path.join(dir, 'users.acl'), '');
    expect(await redisRefuses(dir, conf)).toContain(message);
    const { params, users } = loadDirectives(parseConfigText(conf));
    await expect(startServer({ config: { ...params, port: '0', bind: '127.0.0.1', save: '', dir }, users, log: () => {} })).rejects.toThrow(message);
  });

  it('starts with the users of the config file; `user default` replaces the default user', async () => {
    const conf = 'requirepass foo\nuser alice on >p ~a* +get (+set ~b*)\nuser default on nopass ~* &* +@all -flushall\n';
    const { params, users } = loadDirectives(parseConfigText(conf));
    const kv = await startServer({ config: { ...params, port: '0', bind: '127.0.0.1', save: '', dir }, users, log: () => {} });
    const file = path.join(dir, 'users.conf');
    writeFileSync(file, conf);
    const server = await startRedisServer({ configFile: file, dir, graceMs: 0 });
    try {
      const redis = await RespConnection.connect({ port: server.port });
      const k = await RespConnection.connect({ port: kv.port });
      const [rl, kl] = [await redis.call('ACL', 'LIST'), await k.call('ACL', 'LIST')];
      expect((kl as string[]).map(normalizeRules)).toEqual((rl as string[]).map(normalizeRules));
      expect(await k.call('FLUSHALL')).toEqual(await redis.call('FLUSHALL'));
      redis.close();
      k.close();
    } finally {
      await server.stop();
      await kv.close();
    }
  });
});

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/** Everything a server sends on a fresh connection from `host` before closing it (or within 500 ms). */
function firstBytes(host: string, port: number, send = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, host, () => {
      if (send !== '') socket.write(send);
    });
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, 500);
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('error', reject);
  });
}

const ip = externalAddress();

describe.runIf(haveRedis && ip !== undefined)('protected mode against a real Redis 7.0', () => {
  let s: Servers;
  beforeAll(async () => {
    s = await startBoth({ bind: '*', 'protected-mode': 'yes' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('refuses connections from outside loopback while the default user has no password, with Redis text', async () => {
    const [r, k] = [await firstBytes(ip!, s.redisPort, 'PING\r\n'), await firstBytes(ip!, s.kv.port, 'PING\r\n')];
    expect(r).toMatch(/^-DENIED Redis is running in protected mode/);
    expect(k).toBe(r);
    // From loopback it is served.
    expect(await firstBytes('127.0.0.1', s.kv.port, 'PING\r\n')).toBe('+PONG\r\n');
    const p = await Pair.open(s);
    try {
      const stat = (info: unknown) => /rejected_connections:(\d+)/.exec(String(info))?.[1];
      const [ri, ki] = await p.both('INFO', 'stats');
      expect(stat(ki)).toBe(stat(ri));
      // With a password, or with protected mode off, outsiders get in.
      await p.both('CONFIG', 'SET', 'requirepass', 'pw');
      expect(await firstBytes(ip!, s.kv.port, 'PING\r\n')).toBe(await firstBytes(ip!, s.redisPort, 'PING\r\n'));
      await p.both('CONFIG', 'SET', 'requirepass', '');
      await p.both('CONFIG', 'SET', 'protected-mode', 'no');
      expect(await firstBytes(ip!, s.kv.port, 'PING\r\n')).toBe('+PONG\r\n');
      expect(await firstBytes(ip!, s.redisPort, 'PING\r\n')).toBe('+PONG\r\n');
    } finally {
      p.close();
    }
  });
});
