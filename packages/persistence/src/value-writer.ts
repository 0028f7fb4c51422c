/**
 * rdbSaveObjectType + rdbSaveObject: writes a value in the encoding Redis 7.0
 * would hold it in, given the thresholds.
 */
import type { ByteWriter } from './byte-writer.js';
import { RDB_TYPE } from './constants.js';
import { d2string, doubleToInteger } from './doubles.js';
import { hashIsListpack, setIsIntset, zsetIsListpack, type EncodingLimits } from './encoding-limits.js';
import { RdbError } from './errors.js';
import { parseStrictInt } from './integers.js';
import { encodeIntset } from './intset.js';
import { ListpackBuilder } from './listpack.js';
import type { ObjectEncoding, RdbValue } from './model.js';
import { buildQuicklist } from './quicklist.js';
import { writeStream } from './stream-writer.js';

/** The RDB object type Redis 7.0 saves `value` as. */
export function rdbTypeOf(value: RdbValue, limits: EncodingLimits, encoding?: ObjectEncoding): number {
  // A live value knows its encoding (Redis never converts a hashtable back when it shrinks): honour it when given.
  switch (value.type) {
    case 'string': return RDB_TYPE.STRING;
    case 'list': return RDB_TYPE.LIST_QUICKLIST_2;
    case 'set': return (encoding === undefined ? setIsIntset(value.value, limits) : encoding === 'intset') ? RDB_TYPE.SET_INTSET : RDB_TYPE.SET;
    case 'hash': return (encoding === undefined ? hashIsListpack(value.value, limits) : encoding === 'listpack') ? RDB_TYPE.HASH_LISTPACK : RDB_TYPE.HASH;
    case 'zset': return (encoding === undefined ? zsetIsListpack(value.value, limits) : encoding === 'listpack') ? RDB_TYPE.ZSET_LISTPACK : RDB_TYPE.ZSET_2;
    case 'stream': return RDB_TYPE.STREAM_LISTPACKS_2;
    case 'module': return RDB_TYPE.MODULE_2;
  }
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted-set order: by score, then by member bytes. */
function rankOrder(z: Map<string, number>): [string, number][] {
  for (const [m, s] of z) {
    if (s !== s) throw new RdbError('invalid-value', `Sorted set member ${JSON.stringify(m)} has a NaN score`);
  }
  return [...z].sort((a, b) => (a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : byteOrder(a[0], b[0])));
}

function isEmpty(value: RdbValue): boolean {
  switch (value.type) {
    case 'list': return value.value.length === 0;
    case 'set':
    case 'hash':
    case 'zset': return value.value.size === 0;
    default: return false;
  }
}

/** Writes the body of `value` as RDB type `rdbType` (from rdbTypeOf). */
export function writeValue(w: ByteWriter, value: RdbValue, rdbType: number, limits: EncodingLimits): void {
  if (isEmpty(value)) throw new RdbError('invalid-value', `An empty ${value.type} cannot be saved: Redis deletes empty keys`);
  switch (value.type) {
    case 'string':
      w.string(value.value);
      return;

    case 'list': {
      const nodes = buildQuicklist(value.value, limits.listMaxListpackSize);
      w.len(nodes.length);
      for (const node of nodes) {
        w.len(node.container);
        if (typeof node.data === 'string') w.string(node.data);
        else w.blob(node.data);
      }
      return;
    }

    case 'set':
      if (rdbType === RDB_TYPE.SET_INTSET) {
        w.blob(encodeIntset([...value.value].map((m) => parseStrictInt(m)!)));
      } else {
        w.len(value.value.size);
        for (const m of value.value) w.string(m);
      }
      return;

    case 'hash':
      if (rdbType === RDB_TYPE.HASH_LISTPACK) {
        const lp = new ListpackBuilder();
        for (const [f, v] of value.value) lp.push(f).push(v);
        w.blob(lp.toBuffer());
      } else {
        w.len(value.value.size);
        for (const [f, v] of value.value) {
          w.string(f);
          w.string(v);
        }
      }
      return;

    case 'zset': {
      const ranked = rankOrder(value.value);
      if (rdbType === RDB_TYPE.ZSET_LISTPACK) {
        // zzlInsertAt: scores that are integers (within ±2^62) as integers, others as d2string text.
        const lp = new ListpackBuilder();
        for (const [m, s] of ranked) lp.push(m).push(doubleToInteger(s) ?? d2string(s));
        w.blob(lp.toBuffer());
      } else {
        // From the greatest to the smallest, as Redis walks its skiplist backwards.
        w.len(ranked.length);
        for (let i = ranked.length - 1; i >= 0; i--) {
          w.string(ranked[i]![0]);
          w.double(ranked[i]![1]);
        }
      }
      return;
    }

    case 'stream':
      writeStream(w, value.value, limits);
      return;

    case 'module':
      w.len(value.value.moduleId);
      w.latin1(value.value.payload);
      return;
  }
}
