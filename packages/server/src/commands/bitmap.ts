import { ErrorReply, type RespValue } from '@kv/resp';
import {
  bitop as combine, countBits, findBit, getBit, getSignedField, getUnsignedField, padBytes, setBit, setField,
  signedFieldAdd, unsignedFieldAdd, type BitOp, type OverflowMode,
} from '@kv/structures';
import { constants } from 'node:buffer';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { NOT_INTEGER, SYNTAX_ERROR, WRONGTYPE } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import { normalize, parseLongLong, type LongLong } from '../util/integers.js';
import { countArg, intArg, isOption } from './args.js';
import { cstr } from '../util/c-string.js';
import { notify, NOTIFY_GENERIC, NOTIFY_STRING } from '../notify/notify.js';

// The bitmap group of Redis 7.0 (bitops.c): bitmaps are strings, read and
// written a bit or a field at a time. The pure bit work is in @kv/structures.

const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

const BIT_OFFSET_ERROR = new ErrorReply('ERR bit offset is not an integer or out of range');
const BIT_VALUE_ERROR = new ErrorReply('ERR bit is not an integer or out of range');
const BIT_ARG_ERROR = new ErrorReply('ERR The bit argument must be 1 or 0.');
const BITOP_NOT_ERROR = new ErrorReply('ERR BITOP NOT must be called with a single source key.');
const BITFIELD_TYPE_ERROR = new ErrorReply(
  'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.',
);
const OVERFLOW_TYPE_ERROR = new ErrorReply('ERR Invalid OVERFLOW type specified');
const BITFIELD_RO_ERROR = new ErrorReply('ERR BITFIELD_RO only supports the GET subcommand');

/** The string at key, read (lookupKeyRead) or for a write (lookupKeyWrite); WRONGTYPE for other types. */
function lookupString(db: Database, key: string, write: boolean): string | undefined | ErrorReply {
  const v = write ? db.getForWrite(key) : db.get(key);
  if (v === undefined || typeof v === 'string') return v;
  return WRONGTYPE;
}

/**
 * getBitOffsetFromArgument: a bit offset, with BITFIELD's `#N` form (N fields
 * of `bits` bits); out of range past proto-max-bulk-len bytes.
 */
function bitOffsetArg(client: Client, s: string, hashBits: number): number | ErrorReply {
  const useHash = hashBits > 0 && s.charCodeAt(0) === 35 /* # */;
  const v = parseLongLong(useHash ? s.slice(1) : s);
  if (v === null) return BIT_OFFSET_ERROR;
  // C multiplies in a long long, so a huge field number wraps.
  const offset = useHash ? BigInt.asIntN(64, BigInt(v) * BigInt(hashBits)) : BigInt(v);
  if (offset < 0n) return BIT_OFFSET_ERROR;
  const bytes = offset >> 3n;
  if (bytes >= BigInt(client.server.config.number('proto-max-bulk-len'))) return BIT_OFFSET_ERROR;
  return Number(offset);
}

/**
 * lookupStringForBitCommand: the string at key grown with zero bytes to hold
 * bit `maxbit`, or a new one. Redis unshares it into a `raw` string even when
 * no bit changes, so the encoding is set here without announcing a change.
 */
function stringForBits(db: Database, key: string, maxbit: number): { value: string; grew: boolean } | ErrorReply {
  const old = lookupString(db, key, true);
  if (old instanceof ErrorReply) return old;
  const bytes = Math.floor(maxbit / 8) + 1;
  // Redis would allocate a string up to proto-max-bulk-len; V8's strings stop
  // just short of the default 512 MB, and past that the offset is out of range for kv.
  if (bytes > MAX_STRING_LENGTH) return BIT_OFFSET_ERROR;
  if (old === undefined) return { value: '\0'.repeat(bytes), grew: true };
  db.stringEncodings.set(key, 'raw');
  const value = padBytes(old, bytes);
  return { value, grew: value.length !== old.length };
}

/** Stores a string changed in place (keeps its TTL, `raw` as every bit-built string). */
function storeBits(db: Database, key: string, value: string): void {
  db.set(key, value, { keepTtl: true, encoding: 'raw' });
}

// --- SETBIT / GETBIT ----------------------------------------------------------

const setbit: Handler = (client, args) => {
  const offset = bitOffsetArg(client, args[2]!, 0);
  if (offset instanceof ErrorReply) return offset;
  const on = parseLongLong(args[3]!);
  if (on !== 0 && on !== 1) return BIT_VALUE_ERROR;
  const db = client.db;
  const key = args[1]!;
  const target = stringForBits(db, key, offset);
  if (target instanceof ErrorReply) return target;
  const old = getBit(target.value, offset);
  if (target.grew || old !== on) {
    storeBits(db, key, setBit(target.value, offset, on));
    notify(client, NOTIFY_STRING, 'setbit', key);
  }
  return old;
};

const getbit: Handler = (client, args) => {
  const offset = bitOffsetArg(client, args[2]!, 0);
  if (offset instanceof ErrorReply) return offset;
  const v = lookupString(client.db, args[1]!, false);
  if (v instanceof ErrorReply) return v;
  return v === undefined ? 0 : getBit(v, offset);
};

// --- BITCOUNT / BITPOS --------------------------------------------------------

/** BYTE or BIT: true for BIT. */
function unitArg(s: string): boolean | ErrorReply {
  if (isOption(s, 'BIT')) return true;
  if (isOption(s, 'BYTE')) return false;
  return SYNTAX_ERROR;
}

/**
 * Resolves a start/end pair (bytes, or bits with isBit) into a bit range of
 * the string as bitcountCommand and bitposCommand do; null when empty.
 */
function bitRange(start0: number, end0: number, len: number, isBit: boolean): [number, number] | null {
  const total = isBit ? len * 8 : len;
  let start = start0 < 0 ? total + start0 : start0;
  let end = end0 < 0 ? total + end0 : end0;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  if (start > end) return null;
  return isBit ? [start, end] : [start * 8, end * 8 + 7];
}

const bitcount: Handler = (client, args) => {
  // Redis looks the key up before it reads the range: a missing key is 0 whatever follows.
  const v = lookupString(client.db, args[1]!, false);
  if (v instanceof ErrorReply) return v;
  if (v === undefined) return 0;
  if (args.length === 2) return v.length === 0 ? 0 : countBits(v, 0, v.length * 8 - 1);
  if (args.length !== 4 && args.length !== 5) return SYNTAX_ERROR;
  const start = intArg(args[2]!);
  if (start instanceof ErrorReply) return start;
  const end = intArg(args[3]!);
  if (end instanceof ErrorReply) return end;
  // Redis answers 0 here before it reads BYTE|BIT, so a bad unit goes unnoticed. Compared
  // before clamping: past 2^53 the order is all that matters, and clamping would lose it.
  if (start < 0 && end < 0 && start > end) return 0;
  let isBit = false;
  if (args.length === 5) {
    const unit = unitArg(args[4]!);
    if (unit instanceof ErrorReply) return unit;
    isBit = unit;
  }
  const range = bitRange(clampSafe(start), clampSafe(end), v.length, isBit);
  return range === null ? 0 : countBits(v, range[0], range[1]);
};

const bitpos: Handler = (client, args) => {
  const bit = parseLongLong(args[2]!);
  if (bit === null) return NOT_INTEGER;
  if (bit !== 0 && bit !== 1) return BIT_ARG_ERROR;
  const v = lookupString(client.db, args[1]!, false);
  if (v instanceof ErrorReply) return v;
  // A missing key is an endless run of zeros.
  if (v === undefined) return bit === 1 ? -1 : 0;
  if (args.length > 6) return SYNTAX_ERROR;
  let start = 0;
  let end: number | undefined;
  let isBit = false;
  if (args.length >= 4) {
    const s = countArg(args[3]!);
    if (s instanceof ErrorReply) return s;
    start = s;
    if (args.length === 6) {
      const unit = unitArg(args[5]!);
      if (unit instanceof ErrorReply) return unit;
      isBit = unit;
    }
    if (args.length >= 5) {
      const e = countArg(args[4]!);
      if (e instanceof ErrorReply) return e;
      end = e;
    }
  }
  const range = bitRange(start, end ?? Number.MAX_SAFE_INTEGER, v.length, isBit);
  if (range === null) return -1;
  const pos = findBit(v, bit, range[0], range[1]);
  // Without an explicit end the string counts as zero-padded on the right,
  // so a search for 0 that finds none answers the first bit past the range.
  if (pos === -1 && bit === 0 && end === undefined) return range[1] + 1;
  return pos;
};

// --- BITOP ----------------------------------------------------------------------

const bitopCommand: Handler = (client, args) => {
  const name = args[1]!;
  let op: BitOp;
  if (isOption(name, 'AND')) op = 'and';
  else if (isOption(name, 'OR')) op = 'or';
  else if (isOption(name, 'XOR')) op = 'xor';
  else if (isOption(name, 'NOT')) op = 'not';
  else return SYNTAX_ERROR;
  if (op === 'not' && args.length !== 4) return BITOP_NOT_ERROR;
  const db = client.db;
  const sources: string[] = [];
  for (let j = 3; j < args.length; j++) {
    const v = lookupString(db, args[j]!, false);
    if (v instanceof ErrorReply) return v;
    sources.push(v ?? '');
  }
  const result = combine(op, sources);
  const dest = args[2]!;
  // An empty result deletes the destination: Redis stores no empty strings here.
  if (result.length === 0) {
    if (db.deleteEvenIfExpired(dest)) notify(client, NOTIFY_GENERIC, 'del', dest);
  } else {
    db.set(dest, result, { encoding: 'raw' });
    notify(client, NOTIFY_STRING, 'set', dest);
  }
  return result.length;
};

// --- BITFIELD -----------------------------------------------------------------------

interface FieldOp {
  readonly kind: 'get' | 'set' | 'incrby';
  readonly signed: boolean;
  readonly bits: number;
  readonly offset: number;
  readonly value: bigint;
  readonly overflow: OverflowMode;
}

/** getBitfieldTypeFromArgument: `i1`..`i64` or `u1`..`u63` (read as a C string). */
function fieldTypeArg(s: string): { signed: boolean; bits: number } | ErrorReply {
  const c = cstr(s);
  const sign = c[0];
  if (sign !== 'i' && sign !== 'u') return BITFIELD_TYPE_ERROR;
  const bits = parseLongLong(c.slice(1));
  if (bits === null || bits < 1 || (sign === 'i' && bits > 64) || (sign === 'u' && bits > 63)) return BITFIELD_TYPE_ERROR;
  return { signed: sign === 'i', bits: Number(bits) };
}

function parseFieldOps(client: Client, args: string[]): FieldOp[] | ErrorReply {
  const ops: FieldOp[] = [];
  let overflow: OverflowMode = 'wrap';
  for (let j = 2; j < args.length; j++) {
    const rest = args.length - j - 1;
    const sub = args[j]!;
    let kind: FieldOp['kind'];
    if (isOption(sub, 'GET') && rest >= 2) kind = 'get';
    else if (isOption(sub, 'SET') && rest >= 3) kind = 'set';
    else if (isOption(sub, 'INCRBY') && rest >= 3) kind = 'incrby';
    else if (isOption(sub, 'OVERFLOW') && rest >= 1) {
      const mode = args[++j]!;
      if (isOption(mode, 'WRAP')) overflow = 'wrap';
      else if (isOption(mode, 'SAT')) overflow = 'sat';
      else if (isOption(mode, 'FAIL')) overflow = 'fail';
      else return OVERFLOW_TYPE_ERROR;
      continue;
    } else return SYNTAX_ERROR;
    const type = fieldTypeArg(args[j + 1]!);
    if (type instanceof ErrorReply) return type;
    const offset = bitOffsetArg(client, args[j + 2]!, type.bits);
    if (offset instanceof ErrorReply) return offset;
    let value = 0n;
    if (kind !== 'get') {
      const v = parseLongLong(args[j + 3]!);
      if (v === null) return NOT_INTEGER;
      value = BigInt(v);
    }
    ops.push({ kind, signed: type.signed, bits: type.bits, offset, value, overflow });
    j += kind === 'get' ? 2 : 3;
  }
  return ops;
}

function bitfieldGeneric(client: Client, args: string[], readOnly: boolean): RespValue {
  const ops = parseFieldOps(client, args);
  if (ops instanceof ErrorReply) return ops;
  const db = client.db;
  const key = args[1]!;
  let highest = -1;
  for (const op of ops) if (op.kind !== 'get') highest = Math.max(highest, op.offset + op.bits - 1);
  let value: string;
  let grew = false;
  if (highest === -1) {
    const v = lookupString(db, key, false);
    if (v instanceof ErrorReply) return v;
    value = v ?? '';
  } else {
    if (readOnly) return BITFIELD_RO_ERROR;
    const target = stringForBits(db, key, highest);
    if (target instanceof ErrorReply) return target;
    value = target.value;
    grew = target.grew;
  }
  let changes = 0;
  const replies: RespValue[] = [];
  for (const op of ops) {
    const old = op.signed ? getSignedField(value, op.offset, op.bits) : getUnsignedField(value, op.offset, op.bits);
    if (op.kind === 'get') {
      replies.push(asReply(old));
      continue;
    }
    // SET checks the new value alone (an unsigned field takes it as a uint64); INCRBY the sum.
    const add = op.signed ? signedFieldAdd : unsignedFieldAdd;
    const r = op.kind === 'set'
      ? add(op.signed ? op.value : BigInt.asUintN(64, op.value), 0n, op.bits, op.overflow)
      : add(old, op.value, op.bits, op.overflow);
    if (r.overflow !== 0 && op.overflow === 'fail') {
      replies.push(null);
      continue;
    }
    replies.push(asReply(op.kind === 'set' ? old : r.value));
    value = setField(value, op.offset, op.bits, r.value);
    if (grew || r.value !== old) changes++;
  }
  // Redis counts a change per write that did not FAIL and either found the
  // string created or grown or changed the field, and announces the key only
  // if there was one. A string created or grown for writes that changed
  // nothing is stored all the same, with its announcement taken off the count.
  if (changes > 0 || grew) {
    storeBits(db, key, value);
    client.server.keyspace.dirty += changes - 1;
    if (changes > 0) notify(client, NOTIFY_STRING, 'setbit', key);
  }
  return replies;
}

/** A 64-bit integer as a safe JS number; beyond 2^53 any value lies past every string's end. */
function clampSafe(v: LongLong): number {
  if (typeof v === 'number') return v;
  return v < 0n ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
}

function asReply(v: bigint): LongLong {
  return normalize(v);
}

const bitfield: Handler = (client, args) => bitfieldGeneric(client, args, false);
const bitfieldRo: Handler = (client, args) => bitfieldGeneric(client, args, true);

export const BITMAP_HANDLERS: Record<string, Handler> = {
  bitcount, bitfield, bitfield_ro: bitfieldRo, bitop: bitopCommand, bitpos, getbit, setbit,
};
