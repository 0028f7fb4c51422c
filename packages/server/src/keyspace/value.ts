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
