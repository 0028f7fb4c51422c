// Client-side caching (Redis 6+ CLIENT TRACKING, RESP3): replies to reads of
// one key are kept, keyed by the exact command, and dropped when the server
// pushes an `invalidate` for that key, when it flushes (invalidate with nil),
// or when the connection drops (invalidations may have been lost).
import type { RespValue } from '@kv/resp';
import type { Arg } from './types.js';

export interface CacheOptions {
  /** Most replies kept; the least recently used go first. Default 10,000. */
  maxEntries?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  invalidations: number;
}

interface Entry {
  /** The key it depends on, as bytes in a latin1 string. */
  tag: string;
  value: RespValue;
}

export class ClientCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly max: number;
  readonly stats: CacheStats = { hits: 0, misses: 0, entries: 0, invalidations: 0 };

  constructor(options: CacheOptions = {}) {
    this.max = Math.max(1, options.maxEntries ?? 10_000);
  }

  get(id: string): RespValue | undefined {
    const e = this.entries.get(id);
    if (e === undefined) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    // Map order is insertion order: moving the entry to the end makes the first one the least recently used.
    this.entries.delete(id);
    this.entries.set(id, e);
    return e.value;
  }

  set(id: string, tag: string, value: RespValue): void {
    this.delete(id);
    this.entries.set(id, { tag, value });
    let ids = this.byTag.get(tag);
    if (ids === undefined) this.byTag.set(tag, (ids = new Set()));
    ids.add(id);
    while (this.entries.size > this.max) this.delete(this.entries.keys().next().value!);
    this.stats.entries = this.entries.size;
  }

  /** The server says these keys changed (null: everything, after FLUSHALL/FLUSHDB). */
  invalidate(tags: readonly string[] | null): void {
    this.stats.invalidations++;
    if (tags === null) return this.clear();
    for (const tag of tags) {
      const ids = this.byTag.get(tag);
      if (ids === undefined) continue;
      this.byTag.delete(tag);
      for (const id of ids) this.entries.delete(id);
    }
    this.stats.entries = this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.byTag.clear();
    this.stats.entries = 0;
  }

  private delete(id: string): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    this.entries.delete(id);
    const ids = this.byTag.get(e.tag);
    ids?.delete(id);
    if (ids?.size === 0) this.byTag.delete(e.tag);
  }
}

/** The cache id of a command: its name and every argument, length-prefixed so that no two commands share one. */
export function cacheId(name: string, args: readonly Arg[]): string {
  let id = name;
  for (const a of args) {
    if (typeof a === 'string') id += `\0s${a.length}:${a}`;
    else if (Buffer.isBuffer(a)) id += `\0b${a.length}:${a.toString('latin1')}`;
    else id += `\0n${String(a)}`;
  }
  return id;
}
