import type { DecodedValue, EncodingLimits, ObjectEncoding, RdbValue } from '@kv/persistence';
import type { Config } from '../config/config.js';
import { HashValue } from '../keyspace/types/hash-value.js';
import { hashLimits, maxIntsetEntries, zsetLimits } from '../keyspace/types/limits.js';
import { ListValue } from '../keyspace/types/list-value.js';
import { SetValue } from '../keyspace/types/set-value.js';
import { ZSetValue } from '../keyspace/types/zset-value.js';
import { stringEncoding, type StringEncodingOverride, type Value } from '../keyspace/value.js';

// Between live values and @kv/persistence's plain RDB values, both ways,
// keeping the encodings Redis would have.

/** A live value as @kv/persistence writes it, with its in-memory encoding. */
export interface RdbOut {
  readonly value: RdbValue;
  readonly encoding: ObjectEncoding | undefined;
}

export function toRdbValue(value: Value): RdbOut {
  if (typeof value === 'string') return { value: { type: 'string', value }, encoding: undefined };
  if (value instanceof ListValue) return { value: { type: 'list', value: value.items.toArray() }, encoding: 'quicklist' };
  if (value instanceof SetValue) {
    const members = new Set<string>();
    let cursor = 0n;
    do cursor = BigInt(value.scan(cursor, 1000, (m) => members.add(m)));
    while (cursor !== 0n);
    return { value: { type: 'set', value: members }, encoding: value.encoding() };
  }
  if (value instanceof HashValue) return { value: { type: 'hash', value: new Map(value.entries()) }, encoding: value.encoding() };
  if (value instanceof ZSetValue) {
    const scores = new Map<string, number>();
    for (const e of value.set.entries()) scores.set(e.member, e.score);
    return { value: { type: 'zset', value: scores }, encoding: value.isListpack ? 'listpack' : 'skiplist' };
  }
  throw new Error(`no RDB form for a ${value.type} value yet`);
}

/** A loaded value as Redis 7.0 would hold it: the encoding `decoded.encoding` says, built the way rdbLoadObject builds it. */
export function fromRdbValue(decoded: DecodedValue, config: Config): { value: Value; stringEncoding?: StringEncodingOverride } {
  switch (decoded.type) {
    case 'string': {
      const v = decoded.value;
      const natural = stringEncoding(v, undefined);
      const enc = decoded.encoding;
      const override = enc === natural ? undefined : enc === 'raw' || enc === 'embstr' || enc === 'int' ? enc : undefined;
      return override === undefined ? { value: v } : { value: v, stringEncoding: override };
    }
    case 'list':
      return { value: ListValue.of(decoded.value) };
    case 'set': {
      const max = maxIntsetEntries(config);
      let set: SetValue | undefined;
      for (const m of decoded.value) {
        set ??= new SetValue(m);
        set.add(m, max);
      }
      if (set === undefined) throw new Error('empty set in RDB data');
      return { value: set };
    }
    case 'hash': {
      const limits = hashLimits(config);
      const hash = new HashValue();
      for (const [f, v] of decoded.value) hash.set(f, v, limits);
      return { value: hash };
    }
    case 'zset': {
      const z = decoded.encoding === 'listpack' ? ZSetValue.listpack() : ZSetValue.skiplist();
      for (const [m, s] of decoded.value) z.insert(m, s);
      if (decoded.encoding !== 'listpack') {
        let longest = 0;
        for (const m of decoded.value.keys()) if (m.length > longest) longest = m.length;
        z.convertToListpackIfNeeded(longest, zsetLimits(config));
      }
      return { value: z };
    }
    default:
      throw new Error(`kv cannot hold ${decoded.type} values yet`);
  }
}

/** The thresholds @kv/persistence reports encodings with, from the config. */
export function persistenceLimits(config: Config): EncodingLimits {
  const h = hashLimits(config);
  const z = zsetLimits(config);
  return {
    listMaxListpackSize: config.number('list-max-listpack-size'),
    // Streams are not in kv yet: Redis's defaults.
    streamNodeMaxBytes: 4096,
    streamNodeMaxEntries: 100,
    hashMaxListpackEntries: h.maxEntries,
    hashMaxListpackValue: h.maxValue,
    setMaxIntsetEntries: maxIntsetEntries(config),
    zsetMaxListpackEntries: z.maxListpackEntries,
    zsetMaxListpackValue: z.maxListpackValue,
  };
}
