import { RespConnection } from '@kv/client';
import { freePort, waitForPort } from '@kv/test-servers';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, ensureBundle } from './bundle.js';

// The bundled binary, run as users run it: flags, redis.conf with include,
// stdin config, fatal config errors, and a clean exit on SIGTERM.

let work: string;

beforeAll(() => {
  ensureBundle();
  work = mkdtempSync(path.join(tmpdir(), 'kv-server-test-'));
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], stdin?: string): Run {
  const child = spawn(process.execPath, [bin, ...args], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  if (stdin !== undefined) child.stdin!.end(stdin);
  else child.stdin!.end();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

/** A connection to the run's server once it listens on `port` (fails at once if it exits first). */
async function connectWhenUp(r: Run, port: number): Promise<RespConnection> {
  await waitForPort(port, { child: r.child, name: 'kv-server' });
  return RespConnection.connect({ port });
}

describe('kv-server', () => {
  it('prints its version', async () => {
    const r = run(['--version']);
    expect(await r.exit).toBe(0);
    expect(r.output()).toMatch(/^kv-server v=\S+ redis_version=7\.0\.15 /);
  });

  it('serves on the port given by flag, then exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const r = run(['--port', String(port), '--bind', '127.0.0.1', '--save', '']);
    const conn = await connectWhenUp(r, port);
    expect(await conn.call('PING')).toEqual({ value: 'PONG' });
    expect(await conn.call('CONFIG', 'GET', 'port')).toEqual(['port', String(port)]);
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    await conn.closed();
    expect(r.output()).toContain('Received SIGTERM');
  }, 30_000);

  it('reads redis.conf with include, then stdin, then flags, later ones winning', async () => {
    const port = await freePort();
    writeFileSync(path.join(work, 'extra.conf'), 'hz 20\ntimeout 7\n');
    writeFileSync(path.join(work, 'kv.conf'), `# comment\nport ${port}\nbind 127.0.0.1\nsave ""\ninclude extra.conf\nmaxclients 100\n`);
    const r = run(['kv.conf', '--maxclients', '200', '-'], 'timeout 9\n');
    const conn = await connectWhenUp(r, port);
    const reply = await conn.call('CONFIG', 'GET', '*');
    const entries = reply as string[];
    const get = (name: string) => entries[entries.indexOf(name) + 1];
    expect([get('hz'), get('timeout'), get('maxclients')]).toEqual(['20', '9', '200']);
    conn.close();
    r.child.kill('SIGINT');
    expect(await r.exit).toBe(0);
  }, 30_000);

  // Redis 7.0.15 prints exactly these lines for the same file.
  it('refuses a bad directive with Redis\'s fatal config error and exit code 1', async () => {
    writeFileSync(path.join(work, 'bad.conf'), 'port 6379\nnosuchdirective yes\n');
    const r = run(['bad.conf']);
    expect(await r.exit).toBe(1);
    expect(r.output()).toContain('*** FATAL CONFIG FILE ERROR');
    expect(r.output()).toContain("\n>>> 'nosuchdirective yes'\n");
    expect(r.output()).toContain('Bad directive or wrong number of arguments');
  });

  it('refuses a dir that does not exist', async () => {
    const r = run(['--port', '0', '--dir', path.join(work, 'missing')]);
    expect(await r.exit).toBe(1);
    expect(r.output()).toContain("Can't chdir to");
  });
});
