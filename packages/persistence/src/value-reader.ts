/**
 * rdbLoadObject: reads one value of a given RDB object type into the plain
 * model, and works out the OBJECT ENCODING Redis 7.0 would give it on load.
 */
import type { ByteReader } from './byte-reader.js';
import { CollectionReader, isElementwise } from './collection-reader.js';
import { RDB_TYPE } from './constants.js';
import { parseDouble } from './doubles.js';
import { hashIsListpack, setIsIntset, stringEncoding, type EncodingLimits } from './encoding-limits.js';
import { RdbError } from './errors.js';
import { readIntset } from './intset.js';
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
  if (isElementwise(rdbType)) {
    const c = new CollectionReader(r, rdbType);
    while (c.left > 0) c.readOne(r);
    return c.finish(limits);
  }
  switch (rdbType) {
    case RDB_TYPE.STRING: {
      const value = r.readString();
      return { type: 'string', value, rdbType, encoding: stringEncoding(value) };
    }

    case RDB_TYPE.LIST_ZIPLIST: {
      const at = r.offset();
      const items = readZiplist(r.readStringBytes());
      if (items === undefined) throw r.corrupt('List ziplist integrity check failed.', at);
      if (items.length === 0) return undefined;
      return { type: 'list', value: items.map(packedToString), rdbType, encoding: 'quicklist' };
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

function packedScore(v: PackedValue): number | undefined {
  if (typeof v === 'string') return parseDouble(v);
  return Number(v);
}
