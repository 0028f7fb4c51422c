import type { ChildProcess } from 'node:child_process';

/** Whether the child process has exited (by itself or by a signal), or never started (no PID: spawn failed). */
export function hasExited(child: ChildProcess): boolean {
  return child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (hasExited(child)) resolve();
    else child.once('exit', () => resolve());
  });
}

export interface StopOptions {
  /**
   * How long SIGTERM has before SIGKILL follows: default 3 s. 0 sends SIGKILL
   * straight away (a crash, or a scratch server whose shutdown nobody looks
   * at); Infinity never sends it (a shutdown that saves files must finish).
   */
  readonly graceMs?: number;
}

/** Stops the child by PID (SIGTERM, then SIGKILL after the grace time) and resolves once it has exited. */
export function stopChild(child: ChildProcess, options: StopOptions = {}): Promise<void> {
  const { graceMs = 3000 } = options;
  const done = exited(child);
  if (hasExited(child)) return done;
  if (graceMs <= 0) {
    child.kill('SIGKILL');
    return done;
  }
  child.kill('SIGTERM');
  if (Number.isFinite(graceMs)) {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    timer.unref();
    void done.then(() => clearTimeout(timer));
  }
  return done;
}

// One process 'exit' listener for every child, rather than one each (which
// would trip Node's listener-leak warning in a file that starts many servers).
const alive = new Set<ChildProcess>();
let hooked = false;

/**
 * SIGKILLs the child when this process exits (a test file that fails or is
 * interrupted leaves no server behind); forgotten once the child exits.
 */
export function killOnExit(child: ChildProcess): void {
  if (hasExited(child)) return;
  alive.add(child);
  child.once('exit', () => alive.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of alive) c.kill('SIGKILL');
    });
  }
}
