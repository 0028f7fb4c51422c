import { isCanonicalLongLong } from '../util/integers.js';

/** The types a key can hold, named as TYPE replies them. */
export type RedisType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

/**
 * A value of any type but string. Strings are stored as plain latin1 JS
 * strings (the most compact form V8 has), so `typeof v === 'string'` is the
 * type test on the hot path.
 */
export interface Collection {
  readonly type: Exclude<RedisType, 'string'>;
  /** What OBJECT ENCODING reports for it. */
  encoding(): string;
  /** A deep copy, for COPY. */
  clone(): Collection;
}

export type Value = string | Collection;

export function typeOf(value: Value): RedisType {
  return typeof value === 'string' ? 'string' : value.type;
}

/** OBJECT ENCODING of a string when it is not the one its value implies. */
/**
 * `int` marks a small integer that is nevertheless its own object, not one
 * of Redis's shared integers (a COPY duplicates it), so OBJECT REFCOUNT says 1.
 */
export type StringEncodingOverride = 'raw' | 'embstr' | 'int';

/** Redis keeps strings of up to 44 bytes inline with the object header (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
const EMBSTR_SIZE_LIMIT = 44;

/** OBJECT ENCODING of a string as Redis's tryObjectEncoding would leave it, unless overridden. */
export function stringEncoding(value: string, override: StringEncodingOverride | undefined): 'int' | 'embstr' | 'raw' {
  if (override !== undefined) return override;
  if (value.length <= 20 && isCanonicalLongLong(value)) return 'int';
  return value.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

/** Integers below this are shared objects in Redis (OBJ_SHARED_INTEGERS). */
export const SHARED_INTEGERS = 10000;

/** The shared integer a string value is, or -1: canonical 0..9999 (no leading zeros, no sign). */
export function sharedIntegerOf(value: string): number {
  const n = value.length;
  if (n === 0 || n > 4) return -1;
  const c0 = value.charCodeAt(0);
  if (c0 < 48 || c0 > 57 || (c0 === 48 && n > 1)) return -1;
  let v = c0 - 48;
  for (let i = 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + c - 48;
  }
  return v;
}
