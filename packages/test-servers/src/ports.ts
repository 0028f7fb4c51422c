import type { ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** Every scratch server listens on loopback only. */
export const LOOPBACK = '127.0.0.1';

/**
 * A loopback port nothing listens on right now: the kernel picks it for a
 * listener that is closed again at once. Another process could take it before
 * the caller binds it; for test servers that race is rare enough.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, LOOPBACK, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Whether something accepts a TCP connection on the loopback port now. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, LOOPBACK, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface WaitOptions {
  /** The process that should open the port: its exit, or failure to spawn, ends the wait at once. */
  readonly child?: ChildProcess;
  /** Default 15 s: a loaded machine can be slow to start a server, and a fast failure needs no long wait. */
  readonly timeoutMs?: number;
  /** Between two tries; default 25 ms. */
  readonly intervalMs?: number;
  /** Names the server in errors; default 'server'. */
  readonly name?: string;
}

/**
 * Resolves once the loopback port accepts connections; rejects on timeout or
 * when `child` dies first. Whoever accepts counts: the port should be one the
 * child was given free (freePort), or one its predecessor has left.
 */
export async function waitForPort(port: number, options: WaitOptions = {}): Promise<void> {
  const { child, timeoutMs = 15_000, intervalMs = 25, name = 'server' } = options;
  let spawnError: Error | undefined;
  const onError = (err: Error) => (spawnError = err);
  child?.on('error', onError);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (spawnError !== undefined) throw new Error(`${name} could not be started: ${spawnError.message}`);
      if (child !== undefined && (child.exitCode !== null || child.signalCode !== null)) {
        throw new Error(`${name} exited (${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode}) before listening on ${port}`);
      }
      if (await canConnect(port)) return;
      if (Date.now() > deadline) throw new Error(`${name} did not listen on ${port} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  } finally {
    child?.off('error', onError);
  }
}
