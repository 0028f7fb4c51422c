import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

// The interactive history, kept in ~/.kvcli_history (or $KVCLI_HISTFILE; the
// value /dev/null keeps it in memory only), one line per entry as linenoise
// keeps redis-cli's, saved after every command.

export const MAX_HISTORY = 1000;

/** The history file to use, or undefined for none. */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env.KVCLI_HISTFILE;
  if (override !== undefined && override !== '') return override === '/dev/null' ? undefined : override;
  const home = env.HOME || homedir();
  return home ? path.join(home, '.kvcli_history') : undefined;
}

export class History {
  readonly entries: string[] = [];

  constructor(private readonly file: string | undefined) {
    if (!file) return;
    try {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const l = line.replace(/\r$/, '');
        if (l !== '') this.entries.push(l);
      }
    } catch {
      // No history yet.
    }
    this.entries.splice(0, Math.max(0, this.entries.length - MAX_HISTORY));
  }

  /** Adds a line unless it repeats the last one. */
  add(line: string): void {
    if (this.entries[this.entries.length - 1] === line) return;
    this.entries.push(line);
    if (this.entries.length > MAX_HISTORY) this.entries.shift();
  }

  save(): void {
    if (!this.file) return;
    try {
      writeFileSync(this.file, this.entries.map((e) => e + '\n').join(''), { mode: 0o600 });
      chmodSync(this.file, 0o600);
    } catch {
      // A read-only home must not stop the client.
    }
  }
}

/** AUTH and ACL SETUSER carry passwords: redis-cli keeps them out of the history. */
export function isSecret(args: readonly string[]): boolean {
  const first = args[0]?.toLowerCase();
  return first === 'auth' || (first === 'acl' && args[1]?.toLowerCase() === 'setuser');
}
