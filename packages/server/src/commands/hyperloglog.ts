import { ErrorReply, SimpleString, type RespValue } from '@kv/resp';
import {
  HLL_REGISTERS, HLL_SPARSE, HyperLogLog, cachedCardinalityOf, countMerged, denseRegisterOf, hllPattern, isDenseValue,
  patternCount, patternIndex,
} from '@kv/structures';
import type { Handler } from '../command-table/types.js';
import { cstr } from '../util/c-string.js';
import { checkHll, INVALIDOBJ, openHll, sparseMaxBytes, storeHll, unshare } from './hll-value.js';
import { pfselftest } from './hll-selftest.js';
import { notify, NOTIFY_STRING } from '../notify/notify.js';

// The HyperLogLog group of Redis 7.0 (hyperloglog.c). The representation
// and the estimator live in @kv/structures; here are the commands' rules:
// which keys they look up and how, when the cached count is refreshed, and
// what they store back.

/**
 * Whether any element would raise a register of a dense value, read from the
 * string itself: most PFADDs to a dense HLL change nothing, and then the
 * 12 KB copy to edit it is saved.
 */
function raisesDense(value: string, args: string[]): boolean {
  for (let j = 2; j < args.length; j++) {
    const packed = hllPattern(args[j]!);
    if (patternCount(packed) > denseRegisterOf(value, patternIndex(packed))) return true;
  }
  return false;
}

const pfadd: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const old = db.getForWrite(key);
  let hll: HyperLogLog;
  let updated = 0;
  if (old === undefined) {
    hll = HyperLogLog.create();
    updated++;
  } else {
    const value = checkHll(old);
    if (value instanceof ErrorReply) return value;
    if (isDenseValue(value) && !raisesDense(value, args)) {
      unshare(db, key);
      return 0;
    }
    hll = openHll(db, key, value);
  }
  const maxBytes = sparseMaxBytes(client);
  for (let j = 2; j < args.length; j++) {
    const r = hll.add(args[j]!, maxBytes);
    if (r === 1) updated++;
    else if (r === -1) {
      // Redis edits in place: registers set before the corrupt part stay set.
      if (updated !== 0) storeHll(db, key, hll);
      return INVALIDOBJ;
    }
  }
  if (updated !== 0) {
    hll.invalidateCache();
    storeHll(db, key, hll);
    notify(client, NOTIFY_STRING, 'pfadd', key);
  } else unshare(db, key);
  return updated !== 0 ? 1 : 0;
};

const pfcount: Handler = (client, args) => {
  const db = client.db;
  if (args.length > 2) {
    // The union of several HLLs, none of them changed.
    const max = new Uint8Array(HLL_REGISTERS);
    for (let j = 1; j < args.length; j++) {
      const v = db.get(args[j]!);
      if (v === undefined) continue;
      const value = checkHll(v);
      if (value instanceof ErrorReply) return value;
      if (!openHll(db, args[j]!, value).mergeInto(max)) return INVALIDOBJ;
    }
    return countMerged(max);
  }
  const key = args[1]!;
  const v = db.get(key);
  if (v === undefined) return 0;
  const value = checkHll(v);
  if (value instanceof ErrorReply) return value;
  unshare(db, key);
  const cached = cachedCardinalityOf(value);
  if (cached !== null) return cached;
  const hll = openHll(db, key, value);
  const card = hll.count();
  if (card === null) return INVALIDOBJ;
  // The cache lives in the value, so refreshing it is a write, as in Redis.
  hll.setCachedCardinality(card);
  storeHll(db, key, hll);
  return card;
};

const pfmerge: Handler = (client, args) => {
  const db = client.db;
  const max = new Uint8Array(HLL_REGISTERS);
  // The target becomes dense at once when any input is dense, as Redis does.
  let useDense = false;
  for (let j = 1; j < args.length; j++) {
    const v = db.get(args[j]!);
    if (v === undefined) continue;
    const value = checkHll(v);
    if (value instanceof ErrorReply) return value;
    const hll = openHll(db, args[j]!, value);
    if (hll.encoding !== HLL_SPARSE) useDense = true;
    if (!hll.mergeInto(max)) return INVALIDOBJ;
  }
  const dest = args[1]!;
  const old = db.getForWrite(dest);
  // The destination was checked as the first input: a string here is an HLL.
  const hll = typeof old === 'string' ? openHll(db, dest, old) : HyperLogLog.create();
  if (useDense && !hll.toDense()) return INVALIDOBJ;
  const maxBytes = sparseMaxBytes(client);
  for (let j = 0; j < HLL_REGISTERS; j++) {
    if (max[j] !== 0) hll.raise(j, max[j]!, maxBytes);
  }
  hll.invalidateCache();
  storeHll(db, dest, hll);
  notify(client, NOTIFY_STRING, 'pfadd', dest);
  return new SimpleString('OK');
};

const PFDEBUG_NO_KEY = new ErrorReply('ERR The specified key does not exist');
const NOT_SPARSE = new ErrorReply('ERR HLL encoding is not sparse');

/** Error text with CR and LF made spaces, as addReplyErrorFormat does. */
function errorFormat(text: string): ErrorReply {
  return new ErrorReply(text.replace(/[\r\n]/g, ' '));
}

const pfdebug: Handler = (client, args) => {
  const db = client.db;
  const cmd = cstr(args[1]!);
  const key = args[2]!;
  const v = db.getForWrite(key);
  if (v === undefined) return PFDEBUG_NO_KEY;
  const value = checkHll(v);
  if (value instanceof ErrorReply) return value;
  unshare(db, key);
  const hll = openHll(db, key, value);
  const sub = cmd.toLowerCase();
  const arity = (): ErrorReply => errorFormat(`ERR Wrong number of arguments for the '${cmd}' subcommand`);
  if (sub === 'getreg') {
    if (args.length !== 3) return arity();
    if (hll.encoding === HLL_SPARSE) {
      if (!hll.toDense()) return INVALIDOBJ;
      storeHll(db, key, hll);
    }
    const regs: RespValue[] = new Array<RespValue>(HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) regs[j] = hll.register(j);
    return regs;
  }
  if (sub === 'decode') {
    if (hll.encoding !== HLL_SPARSE) return NOT_SPARSE;
    return hll.decode();
  }
  if (sub === 'encoding') {
    if (args.length !== 3) return arity();
    return new SimpleString(hll.encoding === HLL_SPARSE ? 'sparse' : 'dense');
  }
  if (sub === 'todense') {
    if (args.length !== 3) return arity();
    if (hll.encoding !== HLL_SPARSE) return 0;
    if (!hll.toDense()) return INVALIDOBJ;
    storeHll(db, key, hll);
    return 1;
  }
  return errorFormat(`ERR Unknown PFDEBUG subcommand '${cmd}'`);
};

export const HYPERLOGLOG_HANDLERS: Readonly<Record<string, Handler>> = {
  pfadd,
  pfcount,
  pfmerge,
  pfdebug,
  pfselftest,
};
