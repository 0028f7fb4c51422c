import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  LOOPBACK, canConnect, freePort, haveRedisServer, kvBundle, launch, startKvServer, startRedisServer, stopChild, waitForPort,
} from '../src/index.js';

/** Sends one inline command and resolves with the first reply line. */
function ask(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const s = connect(port, LOOPBACK, () => s.write(`${command}\r\n`));
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      if (data.includes('\r\n')) {
        s.destroy();
        resolve(data);
      }
    });
    s.once('error', reject);
  });
}

/** A child that keeps running and ignores SIGTERM; prints a line once its handler is in place. */
function stubborn() {
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'ignore'] });
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { child, ready };
}

describe('ports', () => {
  it('freePort gives a loopback port nothing listens on, which can then be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await canConnect(port)).toBe(false);
    const s = createServer();
    await new Promise<void>((resolve) => s.listen(port, LOOPBACK, resolve));
    try {
      expect(await canConnect(port)).toBe(true);
      await waitForPort(port, { timeoutMs: 1000 });
    } finally {
      await new Promise((r) => s.close(r));
    }
  });

  it('waitForPort gives up after the timeout when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(waitForPort(port, { timeoutMs: 200, name: 'nothing' })).rejects.toThrow(`nothing did not listen on ${port} within 0.2 s`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('waitForPort stops waiting when the child exits or cannot be spawned', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' });
    await expect(waitForPort(port, { child, name: 'quitter' })).rejects.toThrow(`quitter exited (code 3) before listening on ${port}`);
    await expect(launch('/nonexistent/kv-no-such-binary', [], { port, name: 'ghost' })).rejects.toThrow(/^ghost could not be started: .*ENOENT/);
  });
});

describe('stopChild', () => {
  it('sends SIGKILL after the grace time to a child that ignores SIGTERM', async () => {
    const { child, ready } = stubborn();
    await ready;
    const started = Date.now();
    await stopChild(child, { graceMs: 300 });
    expect(child.signalCode).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('with graceMs 0 sends SIGKILL at once, and resolves at once for a child already gone', async () => {
    const { child, ready } = stubborn();
    await ready;
    await stopChild(child, { graceMs: 0 });
    expect(child.signalCode).toBe('SIGKILL');
    await stopChild(child);
  });
});

describe.runIf(haveRedisServer)('startRedisServer', () => {
  it('starts redis-server on a free loopback port in a temp dir that stop() removes', async () => {
    const r = await startRedisServer({ flags: ['--maxmemory', '12345'] });
    try {
      expect(await ask(r.port, 'PING')).toBe('+PONG\r\n');
      expect(await ask(r.port, 'CONFIG GET dir')).toBe(`*2\r\n$3\r\ndir\r\n$${r.dir.length}\r\n${r.dir}\r\n`);
      // The flags come after the defaults, and are taken.
      expect(await ask(r.port, 'CONFIG GET maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$5\r\n12345\r\n');
      expect(existsSync(r.dir)).toBe(true);
    } finally {
      await r.stop();
    }
    expect(r.child.exitCode !== null || r.child.signalCode !== null).toBe(true);
    expect(existsSync(r.dir)).toBe(false);
    expect(await canConnect(r.port)).toBe(false);
  });

  it('leaves a dir it was given; graceMs 0 stops it with SIGKILL', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kv-test-servers-'));
    try {
      const r = await startRedisServer({ dir, graceMs: 0 });
      expect(r.dir).toBe(dir);
      await r.stop();
      expect(r.child.signalCode).toBe('SIGKILL');
      expect(existsSync(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails at once, and removes its temp dir, when redis-server refuses its flags', async () => {
    const port = await freePort();
    const started = Date.now();
    // redis-server exits with code 1 on a bad directive: the start fails instead of waiting out the timeout.
    await expect(startRedisServer({ port, dirPrefix: 'kv-test-refused-', flags: ['--no-such-directive', 'x'] }))
      .rejects.toThrow(`redis-server exited (code 1) before listening on ${port}`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('kv-test-refused-'))).toEqual([]);
  });
});

describe.runIf(haveRedisServer)('a test process that exits without stopping its server', () => {
  it('takes the server down with it: SIGKILLed, its temp dir removed', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kv-test-servers-exit-'));
    try {
      // This package run as a plain Node script: bundled from its sources, the way run-ts.mjs runs tools.
      await build({
        entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/index.ts')],
        outfile: path.join(work, 'test-servers.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'warning',
      });
      writeFileSync(path.join(work, 'leave.mjs'), [
        "import { startRedisServer } from './test-servers.mjs';",
        'const r = await startRedisServer();',
        'console.log(JSON.stringify({ port: r.port, dir: r.dir }));',
        'process.exit(0);',
      ].join('\n'));
      const run = spawnSync(process.execPath, [path.join(work, 'leave.mjs')], { encoding: 'utf8', timeout: 20_000 });
      expect(run.status, run.stderr).toBe(0);
      const { port, dir } = JSON.parse(run.stdout) as { port: number; dir: string };
      expect(existsSync(dir)).toBe(false);
      // SIGKILL was sent as the script exited; give the kernel a moment to close the listener.
      for (let i = 0; i < 40 && (await canConnect(port)); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await canConnect(port)).toBe(false);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe.runIf(existsSync(kvBundle()))('startKvServer', () => {
  it('starts the kv bundle with the same flags', async () => {
    const k = await startKvServer({ flags: ['--maxmemory', '12345'] });
    try {
      expect(await ask(k.port, 'PING')).toBe('+PONG\r\n');
      expect(await ask(k.port, 'CONFIG GET maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$5\r\n12345\r\n');
    } finally {
      await k.stop();
    }
    expect(existsSync(k.dir)).toBe(false);
  });

  it('refuses a bundle that is not there', async () => {
    await expect(startKvServer({ bundle: '/nonexistent/kv-server.js' })).rejects.toThrow('/nonexistent/kv-server.js is missing');
  });
});
