import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { killOnExit, stopChild, type StopOptions } from './children.js';
import { waitForPort } from './ports.js';

/** A server process that listens on `port`. */
export interface RunningServer {
  readonly port: number;
  readonly child: ChildProcess;
  /** Stops it by PID (SIGTERM, then SIGKILL after the grace time given at start) and waits for the exit. */
  stop(): Promise<void>;
}

export interface LaunchOptions extends StopOptions {
  /** The loopback port the process is expected to listen on. */
  readonly port: number;
  readonly cwd?: string;
  /** Default 'ignore': a test server's chatter is noise. */
  readonly stdio?: StdioOptions;
  readonly env?: NodeJS.ProcessEnv;
  /** How long it may take to listen: default 15 s. */
  readonly timeoutMs?: number;
  /** Names the server in errors. */
  readonly name?: string;
  /** Called right after the spawn, before anything is awaited: to read a piped stdout/stderr from the first byte. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/**
 * Spawns `command args` and resolves once the port accepts connections. The
 * child is SIGKILLed if this process exits first, and also when it does not
 * come up (exits, cannot be spawned, or is not listening in time).
 */
export async function launch(command: string, args: readonly string[], options: LaunchOptions): Promise<RunningServer> {
  const { port, cwd, stdio = 'ignore', env, timeoutMs, name = command, onSpawn, graceMs } = options;
  const child = spawn(command, args, { cwd, stdio, env });
  // A spawn failure is reported by waitForPort; a later 'error' (a failed kill) must not crash the test run.
  child.on('error', () => {});
  killOnExit(child);
  onSpawn?.(child);
  try {
    await waitForPort(port, { child, timeoutMs, name });
  } catch (err) {
    await stopChild(child, { graceMs: 0 });
    throw err;
  }
  return { port, child, stop: () => stopChild(child, { graceMs }) };
}
