import type { RespValue } from '@kv/resp';
import type { Config } from './config/config.js';

// The slow log (slowlog.c): commands that took at least
// `slowlog-log-slower-than` microseconds, newest first, at most
// `slowlog-max-len` of them. Arguments are cut as Redis cuts them so that a
// huge MSET cannot make the log itself huge.

/** SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING of slowlog.h. */
const MAX_ARGC = 32;
const MAX_STRING = 128;

export interface SlowlogEntry {
  readonly id: number;
  /** Unix time in seconds when the command was logged. */
  readonly time: number;
  readonly micros: number;
  readonly args: readonly string[];
  /** ip:port of the client (getClientPeerId). */
  readonly peer: string;
  readonly clientName: string;
}

export class SlowLog {
  /** Newest first, as Redis keeps its list. */
  private entries: SlowlogEntry[] = [];
  /** Ids keep counting across SLOWLOG RESET, as slowlog_entry_id does. */
  private nextId = 0;
  /** Cached from the config: -1 turns the log off, 0 logs everything. */
  slowerThan: number;
  maxLen: number;

  constructor(config: Config) {
    this.slowerThan = config.number('slowlog-log-slower-than');
    this.maxLen = config.number('slowlog-max-len');
    config.onChange('slowlog-log-slower-than', (v) => (this.slowerThan = Number(v)));
    config.onChange('slowlog-max-len', (v) => (this.maxLen = Number(v)));
  }

  get length(): number {
    return this.entries.length;
  }

  /** slowlogPushEntryIfNeeded. The list is trimmed only when an entry is added, as in Redis. */
  push(args: readonly string[], micros: number, peer: string, clientName: string): void {
    if (this.slowerThan < 0 || micros < this.slowerThan) return;
    this.entries.unshift({
      id: this.nextId++,
      time: Math.floor(Date.now() / 1000),
      micros,
      args: truncateArgs(args),
      peer,
      clientName,
    });
    if (this.entries.length > this.maxLen) this.entries.length = this.maxLen;
  }

  reset(): void {
    this.entries = [];
  }

  /** The newest `count` entries (all for -1), as SLOWLOG GET replies them. */
  reply(count: number): RespValue[] {
    const n = count < 0 ? this.entries.length : Math.min(count, this.entries.length);
    const out: RespValue[] = [];
    for (let i = 0; i < n; i++) {
      const e = this.entries[i]!;
      out.push([e.id, e.time, e.micros, [...e.args], e.peer, e.clientName]);
    }
    return out;
  }
}

/** slowlogCreateEntry's cuts: 31 arguments and a note of how many more; 128 bytes of each and a note of how many more. */
export function truncateArgs(args: readonly string[]): string[] {
  const argc = Math.min(args.length, MAX_ARGC);
  const out: string[] = [];
  for (let j = 0; j < argc; j++) {
    if (argc !== args.length && j === argc - 1) {
      out.push(`... (${args.length - argc + 1} more arguments)`);
      break;
    }
    const a = args[j]!;
    out.push(a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a);
  }
  return out;
}
