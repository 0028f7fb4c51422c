/**
 * rdbLoadObject: reads one value of a given RDB object type into the plain
 * model, and works out the OBJECT ENCODING Redis 7.0 would give it on load.
 */
import type { ByteReader } from './byte-reader.js';
import { QUICKLIST_NODE_CONTAINER, RDB_TYPE } from './constants.js';
import { parseDouble } from './doubles.js';
import { hashIsListpack, LISTPACK_SAFETY_SIZE, setIsIntset, stringEncoding, type EncodingLimits } from './encoding-limits.js';
import { RdbError } from './errors.js';
import { readIntset } from './intset.js';
import { latin1Slice } from './latin1.js';
import { readListpack } from './listpack.js';
import type { DecodedValue, ModuleValue } from './model.js';
import { moduleEncodingVersion, moduleTypeName, skipModuleOpcodes } from './module-value.js';
import { packedToString, type PackedValue } from './packed-value.js';
import { readStream } from './stream-reader.js';
import { readZiplist } from './ziplist.js';
import { readZipmap } from './zipmap.js';

export interface ValueReadContext {
  limits: EncodingLimits;
  /** 'keep' yields module values as opaque bytes; 'error' refuses them as Redis without the module does. */
  modules: 'error' | 'keep';
}

/** Whether `t` is an RDB object type this reader knows. */
export function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 20);
}

/** Reads a value of RDB type `rdbType`; undefined for an empty collection (which Redis skips). */
export function readValue(r: ByteReader, rdbType: number, ctx: ValueReadContext): DecodedValue | undefined {
  const { limits } = ctx;
  switch (rdbType) {
    case RDB_TYPE.STRING: {
      const value = r.readString();
      return { type: 'string', value, rdbType, encoding: stringEncoding(value) };
    }

    case RDB_TYPE.LIST: {
      const len = r.readLen();
      if (len === 0) return undefined;
      const value: string[] = [];
      for (let i = 0; i < len; i++) value.push(r.readString());
      return { type: 'list', value, rdbType, encoding: 'quicklist' };
    }

    case RDB_TYPE.LIST_QUICKLIST:
    case RDB_TYPE.LIST_QUICKLIST_2: {
      const nodes = r.readLen();
      const value: string[] = [];
      for (let n = 0; n < nodes; n++) {
        let container: number = QUICKLIST_NODE_CONTAINER.PACKED;
        if (rdbType === RDB_TYPE.LIST_QUICKLIST_2) {
          const at = r.offset();
          container = r.readLen();
          if (container !== QUICKLIST_NODE_CONTAINER.PACKED && container !== QUICKLIST_NODE_CONTAINER.PLAIN) {
            throw r.corrupt('Quicklist integrity check failed.', at);
          }
        }
        const at = r.offset();
        const data = r.readStringBytes();
        if (data.length === 0) throw r.corrupt('Quicklist node is empty', at);
        if (container === QUICKLIST_NODE_CONTAINER.PLAIN) {
          value.push(latin1Slice(data, 0, data.length));
          continue;
        }
        const items = rdbType === RDB_TYPE.LIST_QUICKLIST_2 ? readListpack(data) : readZiplist(data);
        if (items === undefined) {
          throw r.corrupt(rdbType === RDB_TYPE.LIST_QUICKLIST_2 ? 'Listpack integrity check failed.' : 'Ziplist integrity check failed.', at);
        }
        for (const item of items) value.push(packedToString(item));
      }
      if (value.length === 0) return undefined;
      return { type: 'list', value, rdbType, encoding: 'quicklist' };
    }

    case RDB_TYPE.LIST_ZIPLIST: {
      const at = r.offset();
      const items = readZiplist(r.readStringBytes());
      if (items === undefined) throw r.corrupt('List ziplist integrity check failed.', at);
      if (items.length === 0) return undefined;
      return { type: 'list', value: items.map(packedToString), rdbType, encoding: 'quicklist' };
    }

    case RDB_TYPE.SET: {
      const len = r.readLen();
      if (len === 0) return undefined;
      const value = new Set<string>();
      for (let i = 0; i < len; i++) {
        const at = r.offset();
        const member = r.readString();
        if (value.has(member)) throw r.corrupt('Duplicate set members detected', at);
        value.add(member);
      }
      return { type: 'set', value, rdbType, encoding: setIsIntset(value, limits) ? 'intset' : 'hashtable' };
    }

    case RDB_TYPE.SET_INTSET: {
      const at = r.offset();
      const members = readIntset(r.readStringBytes());
      if (members === undefined) throw r.corrupt('Intset integrity check failed.', at);
      const value = new Set<string>(members.map(String));
      return { type: 'set', value, rdbType, encoding: value.size > limits.setMaxIntsetEntries ? 'hashtable' : 'intset' };
    }

    case RDB_TYPE.SET_LISTPACK: {
      const at = r.offset();
      const items = readListpack(r.readStringBytes());
      if (items === undefined) throw r.corrupt('Set listpack integrity check failed.', at);
      const value = new Set<string>();
      for (const item of items) {
        const member = packedToString(item);
        if (value.has(member)) throw r.corrupt('Set listpack integrity check failed.', at);
        value.add(member);
      }
      if (value.size === 0) return undefined;
      return { type: 'set', value, rdbType, encoding: setIsIntset(value, limits) ? 'intset' : 'hashtable' };
    }

    case RDB_TYPE.ZSET:
    case RDB_TYPE.ZSET_2: {
      const len = r.readLen();
      if (len === 0) return undefined;
      const value = new Map<string, number>();
      let maxLen = 0;
      let total = 0;
      for (let i = 0; i < len; i++) {
        const at = r.offset();
        const member = r.readString();
        const score = rdbType === RDB_TYPE.ZSET_2 ? r.float64LE() : readAsciiDouble(r);
        if (score !== score) throw r.corrupt('Zset with NAN score detected', at);
        if (value.has(member)) throw r.corrupt('Duplicate zset fields detected', at);
        value.set(member, score);
        if (member.length > maxLen) maxLen = member.length;
        total += member.length;
      }
      const listpack = value.size <= limits.zsetMaxListpackEntries && maxLen <= limits.zsetMaxListpackValue &&
        total < LISTPACK_SAFETY_SIZE;
      return { type: 'zset', value, rdbType, encoding: listpack ? 'listpack' : 'skiplist' };
    }

    case RDB_TYPE.ZSET_ZIPLIST:
    case RDB_TYPE.ZSET_LISTPACK: {
      const at = r.offset();
      const blob = r.readStringBytes();
      const ziplist = rdbType === RDB_TYPE.ZSET_ZIPLIST;
      const items = ziplist ? readZiplist(blob) : readListpack(blob);
      const what = ziplist ? 'Zset ziplist integrity check failed.' : 'Zset listpack integrity check failed.';
      if (items === undefined || items.length % 2 !== 0) throw r.corrupt(what, at);
      const value = new Map<string, number>();
      for (let i = 0; i < items.length; i += 2) {
        const member = packedToString(items[i]!);
        const score = packedScore(items[i + 1]!);
        if (score === undefined || score !== score || value.has(member)) throw r.corrupt(what, at);
        value.set(member, score);
      }
      if (value.size === 0) return undefined;
      return { type: 'zset', value, rdbType, encoding: value.size > limits.zsetMaxListpackEntries ? 'skiplist' : 'listpack' };
    }

    case RDB_TYPE.HASH: {
      const len = r.readLen();
      if (len === 0) return undefined;
      const value = new Map<string, string>();
      for (let i = 0; i < len; i++) {
        const at = r.offset();
        const field = r.readString();
        const v = r.readString();
        if (value.has(field)) throw r.corrupt('Duplicate hash fields detected', at);
        value.set(field, v);
      }
      return { type: 'hash', value, rdbType, encoding: hashIsListpack(value, limits) ? 'listpack' : 'hashtable' };
    }

    case RDB_TYPE.HASH_ZIPMAP: {
      const at = r.offset();
      const pairs = readZipmap(r.readStringBytes());
      if (pairs === undefined) throw r.corrupt('Zipmap integrity check failed.', at);
      const value = new Map<string, string>();
      for (const [f, v] of pairs) {
        if (value.has(f)) throw r.corrupt(`Hash zipmap with dup elements, or big length (${f.length})`, at);
        value.set(f, v);
      }
      if (value.size === 0) return undefined;
      return { type: 'hash', value, rdbType, encoding: hashIsListpack(value, limits) ? 'listpack' : 'hashtable' };
    }

    case RDB_TYPE.HASH_ZIPLIST:
    case RDB_TYPE.HASH_LISTPACK: {
      const at = r.offset();
      const blob = r.readStringBytes();
      const ziplist = rdbType === RDB_TYPE.HASH_ZIPLIST;
      const items = ziplist ? readZiplist(blob) : readListpack(blob);
      const what = ziplist ? 'Hash ziplist integrity check failed.' : 'Hash listpack integrity check failed.';
      if (items === undefined || items.length % 2 !== 0) throw r.corrupt(what, at);
      const value = new Map<string, string>();
      for (let i = 0; i < items.length; i += 2) {
        const field = packedToString(items[i]!);
        if (value.has(field)) throw r.corrupt(what, at);
        value.set(field, packedToString(items[i + 1]!));
      }
      if (value.size === 0) return undefined;
      return { type: 'hash', value, rdbType, encoding: value.size > limits.hashMaxListpackEntries ? 'hashtable' : 'listpack' };
    }

    case RDB_TYPE.STREAM_LISTPACKS:
    case RDB_TYPE.STREAM_LISTPACKS_2:
      return { type: 'stream', value: readStream(r, rdbType), rdbType, encoding: 'stream' };

    case RDB_TYPE.MODULE:
    case RDB_TYPE.MODULE_2: {
      const at = r.offset();
      const moduleId = r.readLenBig();
      const moduleName = moduleTypeName(moduleId);
      if (rdbType === RDB_TYPE.MODULE || ctx.modules === 'error') {
        throw new RdbError('unsupported',
          `The RDB file contains module data I can't load: no matching module type '${moduleName}' (module id ${moduleId})`, at);
      }
      const payload = skipModuleOpcodes(r, moduleName);
      const value: ModuleValue = { moduleId, moduleName, encodingVersion: moduleEncodingVersion(moduleId), payload };
      return { type: 'module', value, rdbType, encoding: 'raw' };
    }

    default:
      throw r.corrupt(`Unknown RDB encoding type ${rdbType}`);
  }
}

/** rdbLoadDoubleValue: a length byte (253 nan, 254 +inf, 255 -inf) and the number in ASCII. */
function readAsciiDouble(r: ByteReader): number {
  const at = r.offset();
  const len = r.u8();
  if (len === 255) return -Infinity;
  if (len === 254) return Infinity;
  if (len === 253) return NaN;
  const text = latin1Slice(r.bytes(len), 0, len);
  const d = parseDouble(text);
  if (d === undefined) throw r.corrupt(`Invalid double value ${JSON.stringify(text)}`, at);
  return d;
}

function packedScore(v: PackedValue): number | undefined {
  if (typeof v === 'string') return parseDouble(v);
  return Number(v);
}
