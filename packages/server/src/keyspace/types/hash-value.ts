import { ScanMap } from '@kv/structures';
import type { Collection } from '../value.js';

/** hash-max-listpack-entries and hash-max-listpack-value, read from the config by the caller. */
export interface HashLimits {
  readonly maxEntries: number;
  readonly maxValue: number;
}

/**
 * A hash as Redis 7.0 keeps one (t_hash.c): small hashes in a `listpack`
 * (here a Map, whose insertion order is the listpack's order: updates keep
 * their place, new fields go to the end), converted once and for all to a
 * `hashtable` (a ScanMap, for HSCAN's guarantee and O(1) random fields) when
 * a field or value grows past maxValue bytes or the hash past maxEntries.
 */
export class HashValue implements Collection {
  readonly type = 'hash';
  /** The listpack form; undefined once converted. */
  private small: Map<string, string> | undefined = new Map();
  /** The hashtable form. */
  private table: ScanMap<string> | undefined;
  /**
   * Set while a background snapshot writes this hash in pieces: told of a
   * field just before it is set or deleted, so the snapshot can keep what the
   * field held when it started (persistence/snapshot-collections.ts).
   */
  beforeChange: ((field: string) => void) | undefined = undefined;

  /**
   * The hash rdbLoadObject makes for `fields` fields read from a file: a
   * hashtable sized for all of them when they are more than a listpack
   * holds, else a listpack (that may still convert as fields come).
   */
  static sized(fields: number, limits: HashLimits): HashValue {
    const hash = new HashValue();
    if (fields > limits.maxEntries) {
      hash.small = undefined;
      hash.table = new ScanMap();
      hash.table.reserve(fields);
    }
    return hash;
  }

  encoding(): 'listpack' | 'hashtable' {
    return this.small !== undefined ? 'listpack' : 'hashtable';
  }

  get size(): number {
    return this.small !== undefined ? this.small.size : this.table!.size;
  }

  get(field: string): string | undefined {
    return this.small !== undefined ? this.small.get(field) : this.table!.get(field);
  }

  has(field: string): boolean {
    return this.small !== undefined ? this.small.has(field) : this.table!.has(field);
  }

  /**
   * hashTypeTryConversion: converts before a write whose arguments are too
   * long for a listpack, as HSET/HMSET/HSETNX do over all their arguments.
   */
  convertForArgs(args: readonly string[], from: number, limits: HashLimits): void {
    if (this.small === undefined) return;
    for (let i = from; i < args.length; i++) {
      if (args[i]!.length > limits.maxValue) {
        this.convert();
        return;
      }
    }
  }

  /** hashTypeSet: sets a field, converting as Redis would; true when the field is new. */
  set(field: string, value: string, limits: HashLimits): boolean {
    this.beforeChange?.(field);
    const small = this.small;
    if (small !== undefined) {
      if (field.length <= limits.maxValue && value.length <= limits.maxValue) {
        const isNew = !small.has(field);
        small.set(field, value);
        if (small.size > limits.maxEntries) this.convert();
        return isNew;
      }
      this.convert();
    }
    return this.table!.set(field, value);
  }

  /** Removes a field; true if it was there. A hash never converts back to a listpack. */
  delete(field: string): boolean {
    this.beforeChange?.(field);
    return this.small !== undefined ? this.small.delete(field) : this.table!.delete(field);
  }

  /** Fields and values in the encoding's order (listpack: insertion order). */
  entries(): IterableIterator<[string, string]> {
    return this.small !== undefined ? this.small.entries() : this.table!.entries();
  }

  /** A uniformly random entry of a non-empty hash (dictGetFairRandomKey for a hashtable). */
  randomEntry(): [string, string] {
    if (this.small !== undefined) {
      const i = Math.floor(Math.random() * this.small.size);
      let j = 0;
      for (const e of this.small) if (j++ === i) return e;
      throw new Error('randomEntry of an empty hash');
    }
    const field = this.table!.randomKey();
    if (field === undefined) throw new Error('randomEntry of an empty hash');
    return [field, this.table!.get(field)!];
  }

  /** `count` independent uniform picks, repeats allowed (HRANDFIELD with a negative count). */
  randomEntriesWithRepeats(count: number): [string, string][] {
    const out: [string, string][] = [];
    // One fair pick from a hashtable costs a bucket sample; for many picks one copy of the entries is cheaper.
    if (this.small === undefined && count * 16 < this.size) {
      for (let i = 0; i < count; i++) out.push(this.randomEntry());
      return out;
    }
    const all = [...this.entries()];
    for (let i = 0; i < count; i++) out.push(all[Math.floor(Math.random() * all.length)]!);
    return out;
  }

  /** `count` distinct entries chosen uniformly, count < size (HRANDFIELD's cases 3 and 4). */
  randomDistinctEntries(count: number): [string, string][] {
    const size = this.size;
    // As Redis: a big share is picked by shuffling a copy, a small one by drawing until enough differ.
    if (count * 3 > size || this.small !== undefined) {
      const all = [...this.entries()];
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(Math.random() * (size - i));
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      all.length = count;
      return all;
    }
    const picked = new Map<string, string>();
    while (picked.size < count) {
      const [f, v] = this.randomEntry();
      picked.set(f, v);
    }
    return [...picked];
  }

  /**
   * HSCAN's step: a listpack is returned whole with cursor 0, as Redis does;
   * a hashtable is scanned from the cursor for about `count` fields.
   */
  scan(cursor: bigint, count: number, emit: (field: string, value: string) => void): number {
    if (this.small !== undefined) {
      for (const [f, v] of this.small) emit(f, v);
      return 0;
    }
    const table = this.table!;
    // Redis doubles COUNT for a hash (its list holds fields and values), which doubles its bucket budget too.
    return table.scan(table.scanCursorFromUser(cursor), count, emit, count * 20);
  }

  clone(): HashValue {
    const copy = new HashValue();
    if (this.small !== undefined) copy.small = new Map(this.small);
    else {
      copy.small = undefined;
      copy.table = new ScanMap();
      for (const [f, v] of this.table!) copy.table.set(f, v);
    }
    return copy;
  }

  /** hashTypeConvert to OBJ_ENCODING_HT. */
  private convert(): void {
    const table = new ScanMap<string>();
    for (const [f, v] of this.small!) table.set(f, v);
    this.table = table;
    this.small = undefined;
  }
}
