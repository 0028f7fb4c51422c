import { DoubleReply, MapReply, type RespValue } from '@kv/resp';

// The ACL security log (ACL LOG): denied commands, keys, channels and failed
// AUTHs, newest first, similar events within a minute grouped into one entry.

export type DenyReason = 'command' | 'key' | 'channel' | 'auth';
export type LogContext = 'toplevel' | 'multi' | 'lua' | 'module';

interface Entry {
  count: number;
  readonly reason: DenyReason;
  readonly context: LogContext;
  readonly object: string;
  readonly username: string;
  /** Unix ms of the last time it happened. */
  ctime: number;
  /** CLIENT INFO of the last client it happened to. */
  clientInfo: string;
}

/** Events closer in time than this (ms) may share an entry (ACL_LOG_GROUPING_MAX_TIME_DELTA). */
const GROUPING_MS = 60000;
/** How many recent entries are searched for one to group with. */
const GROUPING_SCAN = 10;

export class AclLog {
  private entries: Entry[] = [];

  get length(): number {
    return this.entries.length;
  }

  /** addACLLogEntry: bumps a matching recent entry or adds one, trimming to maxLen. */
  add(event: Omit<Entry, 'count' | 'ctime'>, now: number, maxLen: number): void {
    const scan = Math.min(GROUPING_SCAN, this.entries.length);
    for (let i = 0; i < scan; i++) {
      const e = this.entries[i]!;
      if (
        e.reason === event.reason && e.context === event.context && Math.abs(e.ctime - now) <= GROUPING_MS &&
        e.object === event.object && e.username === event.username
      ) {
        this.entries.splice(i, 1);
        this.entries.unshift(e);
        e.clientInfo = event.clientInfo;
        e.ctime = now;
        e.count++;
        return;
      }
    }
    this.entries.unshift({ ...event, count: 1, ctime: now });
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  reset(): void {
    this.entries = [];
  }

  /** The ACL LOG reply: up to `count` entries, newest first, as maps of Redis's seven fields. */
  reply(count: number, now: number): RespValue[] {
    return this.entries.slice(0, count).map((e) => new MapReply([
      'count', e.count,
      'reason', e.reason,
      'context', e.context,
      'object', e.object,
      'username', e.username,
      'age-seconds', new DoubleReply((now - e.ctime) / 1000),
      'client-info', e.clientInfo,
    ]));
  }
}
