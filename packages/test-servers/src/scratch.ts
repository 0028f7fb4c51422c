import type { ChildProcess, StdioOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StopOptions } from './children.js';
import { launch, type RunningServer } from './launch.js';
import { LOOPBACK, freePort } from './ports.js';

/** A scratch server: on a loopback port, with its files in `dir`. */
export interface ScratchServer extends RunningServer {
  readonly dir: string;
}

/** How to start a scratch redis-server or kv-server; both take the same redis.conf-style flags. */
export interface ServerOptions extends StopOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** Its `dir`. Default: a fresh temp dir that stop() removes; a dir given here is left to its owner. */
  readonly dir?: string;
  /** Names the fresh temp dir: default `kv-test-<name>-`. */
  readonly dirPrefix?: string;
  /** A config file, passed first as both servers want it. */
  readonly configFile?: string;
  /** After the defaults (`--port`, `--bind 127.0.0.1`, `--dir`, `--save ""`, `--appendonly no`), so they win. */
  readonly flags?: readonly string[];
  /** Default: `dir`, so nothing is written beside the caller. */
  readonly cwd?: string;
  /** Default 'ignore'. */
  readonly stdio?: StdioOptions;
  /** How long it may take to listen: default 15 s. */
  readonly timeoutMs?: number;
  /** Called right after the spawn: to read a piped stdout/stderr from the first byte. */
  readonly onSpawn?: (child: ChildProcess) => void;
}

// Temp dirs of servers still running when this process exits: removed then,
// after killOnExit's listener (registered first, at the first launch) has
// SIGKILLed their children.
const liveDirs = new Set<string>();
let hooked = false;
function removeAtExit(dir: string): void {
  liveDirs.add(dir);
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const d of liveDirs) rmSync(d, { recursive: true, force: true });
  });
}

/** Starts `command` (argv) as a scratch server named `name`; see ServerOptions. */
export async function startScratch(name: string, command: readonly string[], options: ServerOptions = {}): Promise<ScratchServer> {
  const [cmd, ...pre] = command;
  if (cmd === undefined) throw new Error('no command to start');
  const port = options.port ?? (await freePort());
  const owned = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), options.dirPrefix ?? `kv-test-${name}-`));
  const args = [
    ...(options.configFile === undefined ? [] : [options.configFile]),
    '--port', String(port), '--bind', LOOPBACK, '--dir', dir, '--save', '', '--appendonly', 'no',
    ...(options.flags ?? []),
  ];
  const removeDir = () => {
    if (!owned) return;
    liveDirs.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  let server: RunningServer;
  try {
    server = await launch(cmd, [...pre, ...args], {
      port, cwd: options.cwd ?? dir, stdio: options.stdio, timeoutMs: options.timeoutMs, name, onSpawn: options.onSpawn, graceMs: options.graceMs,
    });
  } catch (err) {
    removeDir();
    throw err;
  }
  if (owned) removeAtExit(dir);
  return {
    port,
    child: server.child,
    dir,
    async stop() {
      await server.stop();
      removeDir();
    },
  };
}
