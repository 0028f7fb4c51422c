import type { Command } from '../command-table/types.js';
import type { Client } from './client.js';

/**
 * CLIENT PAUSE (pauseClients): while on, commands that may change data
 * (WRITE) or all commands (ALL) are held back, and run in arrival order
 * when the pause ends. A second pause can only lengthen or widen it.
 */
export class PauseState {
  mode: 'none' | 'write' | 'all' = 'none';
  until = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiting = new Set<Client>();

  pause(mode: 'write' | 'all', until: number): void {
    if (this.mode === 'none' || mode === 'all') this.mode = mode;
    this.until = Math.max(until, this.until);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.unpause(), Math.max(0, this.until - Date.now()));
  }

  unpause(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.mode = 'none';
    this.until = 0;
    const clients = [...this.waiting];
    this.waiting.clear();
    for (const c of clients) if (!c.closed) c.resume();
  }

  /** Whether this command must wait now (is_may_replicate_command under WRITE). */
  holds(client: Client, command: Command): boolean {
    if (this.mode === 'none') return false;
    if (this.mode === 'all') return true;
    if (mayReplicate(command)) return true;
    if (command.fullName === 'exec' && client.multi !== undefined) return client.multi.some((q) => mayReplicate(q.command));
    return false;
  }

  postpone(client: Client, args: string[]): void {
    client.postponed = args;
    this.waiting.add(client);
  }

  forget(client: Client): void {
    this.waiting.delete(client);
  }
}

function mayReplicate(command: Command): boolean {
  return command.flagSet.has('write') || command.flagSet.has('may_replicate');
}
