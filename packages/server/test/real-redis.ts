import { RespConnection } from '@kv/client';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

// A scratch Debian redis-server 7.0 for tests that compare kv with the real
// thing (files, raw bytes); those tests are skipped where it is not installed.

export const haveRedis = spawnSync('redis-server', ['--version']).status === 0;

export interface RealRedis {
  readonly child: ChildProcess;
  readonly conn: RespConnection;
}

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

/** Starts redis-server on a free loopback port with its files in `dir`; resolves once it has loaded them. */
export async function startRedis(dir: string, flags: string[]): Promise<RealRedis> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...flags], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      const conn = await RespConnection.connect({ port });
      for (;;) {
        const info = String(await conn.call('INFO', 'persistence'));
        if (info.includes('loading:0')) return { child, conn };
        await new Promise((r) => setTimeout(r, 20));
      }
    } catch (err) {
      if (i > 200) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export function stopRedis(r: RealRedis): Promise<void> {
  r.conn.close();
  return new Promise((resolve) => {
    r.child.once('exit', () => resolve());
    r.child.kill('SIGKILL');
  });
}
