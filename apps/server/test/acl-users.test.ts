import { RespConnection } from '@kv/client';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `user` lines and aclfile through the binary: from redis.conf and from
// --user flags, and the exits Redis makes when they cannot be loaded.

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(appDir, 'dist/kv-server.js');
let work: string;

beforeAll(() => {
  if (!existsSync(bin)) {
    const built = spawnSync(process.execPath, ['build.mjs'], { cwd: appDir, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  }
  work = mkdtempSync(path.join(tmpdir(), 'kv-server-acl-'));
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function connectWhenUp(port: number): Promise<RespConnection> {
  for (let i = 0; ; i++) {
    try {
      return await RespConnection.connect({ port });
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 30));
    }
  }
}

describe('kv-server users', () => {
  it('takes user lines from redis.conf and --user flags', async () => {
    const port = await freePort();
    writeFileSync(path.join(work, 'users.conf'), 'user alice on >pw ~a* +get\n');
    const child = spawn(process.execPath, [bin, 'users.conf', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--user', 'bob', 'on', 'nopass', '+@all', '~*'], { cwd: work, stdio: 'ignore' });
    try {
      const c = await connectWhenUp(port);
      expect(await c.call('ACL', 'USERS')).toEqual(['alice', 'bob', 'default']);
      expect(await c.call('ACL', 'GETUSER', 'alice')).toEqual([
        'flags', ['on'], 'passwords', ['30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4'],
        'commands', '-@all +get', 'keys', '~a*', 'channels', '', 'selectors', [],
      ]);
      c.close();
    } finally {
      child.kill('SIGKILL');
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
