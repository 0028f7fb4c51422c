import { RespConnection } from '@kv/client';
import { startKvServer } from '@kv/test-servers';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, ensureBundle } from './bundle.js';

// `user` lines and aclfile through the binary: from redis.conf and from
// --user flags, and the exits Redis makes when they cannot be loaded.

let work: string;

beforeAll(() => {
  ensureBundle();
  work = mkdtempSync(path.join(tmpdir(), 'kv-server-acl-'));
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('kv-server users', () => {
  it('takes user lines from redis.conf and --user flags', async () => {
    writeFileSync(path.join(work, 'users.conf'), 'user alice on >pw ~a* +get\n');
    const server = await startKvServer({ bundle: bin, configFile: 'users.conf', dir: work, flags: ['--user', 'bob', 'on', 'nopass', '+@all', '~*'], graceMs: 0 });
    try {
      const c = await RespConnection.connect({ port: server.port });
      expect(await c.call('ACL', 'USERS')).toEqual(['alice', 'bob', 'default']);
      expect(await c.call('ACL', 'GETUSER', 'alice')).toEqual([
        'flags', ['on'], 'passwords', ['30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4'],
        'commands', '-@all +get', 'keys', '~a*', 'channels', '', 'selectors', [],
      ]);
      c.close();
    } finally {
      await server.stop();
    }
  });

  it('refuses a bad user line as a fatal config error, and unloadable users with exit code 1', () => {
    const bad = spawnSync(process.execPath, [bin, '--port', '0', '--user', 'alice', 'on', 'bogus'], { cwd: work, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("Error in user declaration 'alice': Syntax error");
    const unknown = spawnSync(process.execPath, [bin, '--port', '0', '--save', '', '--user', 'alice', 'on', '-nosuch'], { cwd: work, encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("Error loading ACL rule '-nosuch' for the user named 'alice': Unknown command or category name in ACL");
    writeFileSync(path.join(work, 'broken.acl'), 'user carol on bogus\n');
    const file = spawnSync(process.execPath, [bin, '--port', '0', '--save', '', '--aclfile', 'broken.acl'], { cwd: work, encoding: 'utf8' });
    expect(file.status).toBe(1);
    expect(file.stderr).toContain('Aborting Redis startup because of ACL errors: broken.acl:1: Syntax error.');
  });
});
