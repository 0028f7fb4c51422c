import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs kv-cli (the bundle) or redis-cli as a user would from a shell: argv,
// optional standard input, environment; collects both outputs as bytes.

export const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The bundle the tests run: built by global-setup.ts with build.mjs, as dist/kv-cli.js is. */
export const testBundle = path.join(appDir, 'node_modules/.cache/kv-cli-test/kv-cli.js');
export const kvCli = testBundle;

export interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
  /** stdout as latin1 text (bytes kept). */
  out: string;
  err: string;
}

export interface RunOptions {
  stdin?: string | Buffer;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

function runProcess(cmd: string, args: readonly string[], o: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...o.env })) if (v !== undefined) env[k] = v;
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.stdin.on('error', () => {});
    child.stdin.end(o.stdin ?? '');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish in time`));
    }, o.timeoutMs ?? 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err);
      resolve({ code, stdout, stderr, out: stdout.toString('latin1'), err: stderr.toString('latin1') });
    });
  });
}

export function runKvCli(args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  return runProcess(process.execPath, [kvCli, ...args], o);
}

export function runRedisCli(args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  return runProcess('redis-cli', args, o);
}
