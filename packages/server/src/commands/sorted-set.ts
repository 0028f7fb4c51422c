import { DoubleReply, ErrorReply, NULL_ARRAY, type RespValue } from '@kv/resp';
import { globMatch, normalizeRankRange, parseLexRange, parseScoreRange, type LexRange, type ScoreRange } from '@kv/structures';
import { d2string } from '@kv/persistence';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { MAX_RANDOM_REPLY, NOT_FLOAT, NOT_POSITIVE, RANDOM_REPLY_TOO_LARGE, SYNTAX_ERROR, WRONGTYPE } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import { SetValue } from '../keyspace/types/set-value.js';
import {
  ZADD_GT, ZADD_INCR, ZADD_LT, ZADD_NX, ZADD_XX, ZSetValue, type ZSetLimits,
} from '../keyspace/types/zset-value.js';
import { parseDouble, parseRangeDouble } from '../util/double.js';
import { countArg, intArg, isOption } from './args.js';
import { INVALID_CURSOR, parseCursor, parseScanOptions } from './scan.js';
import { zsetLimits } from '../keyspace/types/limits.js';
import { notify, NOTIFY_GENERIC, NOTIFY_ZSET } from '../notify/notify.js';

// The sorted set group of Redis 7.0 (t_zset.c) but the blocking pops.

const NOT_FLOAT_RANGE = new ErrorReply('ERR min or max is not a float');
const NOT_LEX_RANGE = new ErrorReply('ERR min or max not valid string range item');
const NAN_RESULT = new ErrorReply('ERR resulting score is not a number (NaN)');

/** zset-max-listpack-* as a command sees them (exported for GEORADIUS … STORE's destination). */
export function limits(client: Client): ZSetLimits {
  return zsetLimits(client.server.config);
}

/** lookupKeyRead + checkType. */
function readZSet(db: Database, key: string): ZSetValue | undefined | ErrorReply {
  const v = db.get(key);
  if (v === undefined || v instanceof ZSetValue) return v;
  return WRONGTYPE;
}

function writeZSet(db: Database, key: string): ZSetValue | undefined | ErrorReply {
  const v = db.getForWrite(key);
  if (v === undefined || v instanceof ZSetValue) return v;
  return WRONGTYPE;
}

/** getLongFromObjectOrReply: a 64-bit integer, clamped to the safe range where that changes nothing. */
function longArg(s: string): number | ErrorReply {
  return countArg(s);
}

/** Collects (member, score) pairs into Redis's reply shape: flat in RESP2, pairs in RESP3. */
class Pairs {
  readonly out: RespValue[] = [];
  constructor(
    private readonly withScores: boolean,
    private readonly resp3: boolean,
  ) {}

  push = (member: string, score: number): void => {
    if (!this.withScores) this.out.push(member);
    else if (this.resp3) this.out.push([member, new DoubleReply(score)]);
    else this.out.push(member, new DoubleReply(score));
  };
}

// --- ZADD / ZINCRBY ------------------------------------------------------

function zaddGeneric(client: Client, args: string[], incrCommand: boolean): RespValue {
  let flags = incrCommand ? ZADD_INCR : 0;
  let ch = false;
  let scoreIdx = 2;
  for (; scoreIdx < args.length; scoreIdx++) {
    const opt = args[scoreIdx]!.toLowerCase();
    if (opt === 'nx') flags |= ZADD_NX;
    else if (opt === 'xx') flags |= ZADD_XX;
    else if (opt === 'ch') ch = true;
    else if (opt === 'incr') flags |= ZADD_INCR;
    else if (opt === 'gt') flags |= ZADD_GT;
    else if (opt === 'lt') flags |= ZADD_LT;
    else break;
  }
  const rest = args.length - scoreIdx;
  if (rest % 2 !== 0 || rest === 0) return SYNTAX_ERROR;
  const elements = rest / 2;
  const nx = (flags & ZADD_NX) !== 0, xx = (flags & ZADD_XX) !== 0;
  const gt = (flags & ZADD_GT) !== 0, lt = (flags & ZADD_LT) !== 0;
  const incr = (flags & ZADD_INCR) !== 0;
  if (nx && xx) return new ErrorReply('ERR XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    return new ErrorReply('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (incr && elements > 1) return new ErrorReply('ERR INCR option supports a single increment-element pair');

  // Every score is parsed before anything changes: the command runs whole or not at all.
  const scores: number[] = [];
  for (let j = 0; j < elements; j++) {
    const s = parseDouble(args[scoreIdx + j * 2]!);
    if (s === null) return NOT_FLOAT;
    scores.push(s);
  }

  const db = client.db;
  const key = args[1]!;
  let zset = writeZSet(db, key);
  if (zset instanceof ErrorReply) return zset;
  let added = 0, updated = 0, processed = 0;
  let score = 0;
  if (zset === undefined && !xx) {
    zset = ZSetValue.forFirstMember(args[scoreIdx + 1]!.length, limits(client));
    db.set(key, zset);
  }
  if (zset !== undefined) {
    const lim = limits(client);
    for (let j = 0; j < elements; j++) {
      const r = zset.add(args[scoreIdx + 1 + j * 2]!, scores[j]!, flags, lim);
      if (r.outcome === 'nan') {
        if (added + updated > 0) {
          db.touchModified(key);
          notify(client, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key);
        }
        return NAN_RESULT;
      }
      if (r.outcome === 'added') added++;
      else if (r.outcome === 'updated') updated++;
      if (r.outcome !== 'nop') processed++;
      score = r.score;
    }
    if (added + updated > 0) {
      db.touchModified(key);
      notify(client, NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key);
    }
  }
  if (incr) return processed > 0 ? new DoubleReply(score) : null;
  return ch ? added + updated : added;
}

const zadd: Handler = (client, args) => zaddGeneric(client, args, false);
const zincrby: Handler = (client, args) => zaddGeneric(client, args, true);

// --- simple reads --------------------------------------------------------

const zcard: Handler = (client, args) => {
  const z = readZSet(client.db, args[1]!);
  if (z instanceof ErrorReply) return z;
  return z === undefined ? 0 : z.size;
};

const zscore: Handler = (client, args) => {
  const z = readZSet(client.db, args[1]!);
  if (z instanceof ErrorReply) return z;
  const s = z?.score(args[2]!);
  return s === undefined ? null : new DoubleReply(s);
};

const zmscore: Handler = (client, args) => {
  const z = readZSet(client.db, args[1]!);
  if (z instanceof ErrorReply) return z;
  return args.slice(2).map((m) => {
    const s = z?.score(m);
    return s === undefined ? null : new DoubleReply(s);
  });
};

function zrankGeneric(client: Client, args: string[], reverse: boolean): RespValue {
  const z = readZSet(client.db, args[1]!);
  if (z instanceof ErrorReply) return z;
  if (z === undefined) return null;
  return z.set.rank(args[2]!, reverse) ?? null;
}

const zrank: Handler = (client, args) => zrankGeneric(client, args, false);
const zrevrank: Handler = (client, args) => zrankGeneric(client, args, true);

function scoreRange(min: string, max: string): ScoreRange | ErrorReply {
  return parseScoreRange(min, max, parseRangeDouble) ?? NOT_FLOAT_RANGE;
}

function lexRange(min: string, max: string): LexRange | ErrorReply {
  return parseLexRange(min, max) ?? NOT_LEX_RANGE;
}

const zcount: Handler = (client, args) => {
  const range = scoreRange(args[2]!, args[3]!);
  if (range instanceof ErrorReply) return range;
  const z = readZSet(client.db, args[1]!);
  if (z instanceof ErrorReply) return z;
  return z === undefined ? 0 : z.set.countByScore(range);
};

const zlexcount: Handler = (client, args) => {
  const range = lexRange(args[2]!, args[3]!);
  if (range instanceof ErrorReply) return range;
  const z = readZSet(client.db, args[1]!);
  if (z instanceof ErrorReply) return z;
  return z === undefined ? 0 : z.set.countByLex(range);
};

// --- ZRANGE and its family -----------------------------------------------

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

/** zrangeGenericCommand: ZRANGE, ZRANGESTORE and the legacy Z[REV]RANGE[BYSCORE|BYLEX]. */
function zrangeGeneric(client: Client, args: string[], srcIdx: number, store: boolean, type: RangeType, dir: Direction): RespValue {
  let minIdx = srcIdx + 1;
  let maxIdx = srcIdx + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = srcIdx + 3; j < args.length; j++) {
    const left = args.length - j - 1;
    const opt = args[j]!;
    if (!store && isOption(opt, 'WITHSCORES')) withScores = true;
    else if (isOption(opt, 'LIMIT') && left >= 2) {
      const o = longArg(args[j + 1]!);
      if (o instanceof ErrorReply) return o;
      const l = longArg(args[j + 2]!);
      if (l instanceof ErrorReply) return l;
      offset = o;
      limit = l;
      j += 2;
    } else if (dir === 'auto' && isOption(opt, 'REV')) dir = 'reverse';
    else if (type === 'auto' && isOption(opt, 'BYLEX')) type = 'lex';
    else if (type === 'auto' && isOption(opt, 'BYSCORE')) type = 'score';
    else return SYNTAX_ERROR;
  }
  if (dir === 'auto') dir = 'forward';
  if (type === 'auto') type = 'rank';
  if (limit !== -1 && type === 'rank') {
    return new ErrorReply('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && type === 'lex') return new ErrorReply('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  const reverse = dir === 'reverse';
  if (reverse && type !== 'rank') [minIdx, maxIdx] = [maxIdx, minIdx];

  let start = 0, end = 0;
  let sRange: ScoreRange | undefined;
  let lRange: LexRange | undefined;
  if (type === 'rank') {
    const s = longArg(args[minIdx]!);
    if (s instanceof ErrorReply) return s;
    const e = longArg(args[maxIdx]!);
    if (e instanceof ErrorReply) return e;
    start = s;
    end = e;
  } else if (type === 'score') {
    const r = scoreRange(args[minIdx]!, args[maxIdx]!);
    if (r instanceof ErrorReply) return r;
    sRange = r;
  } else {
    const r = lexRange(args[minIdx]!, args[maxIdx]!);
    if (r instanceof ErrorReply) return r;
    lRange = r;
  }

  const z = readZSet(client.db, args[srcIdx]!);
  if (z instanceof ErrorReply) return z;
  const entries: [string, number][] = [];
  const emit = (m: string, s: number): void => void entries.push([m, s]);
  if (z !== undefined) {
    if (type === 'rank') {
      const r = normalizeRankRange(start, end, z.size);
      if (r !== null) z.set.rangeByRank(r[0], r[1], reverse, emit);
    } else if (!(offset > 0 && offset >= z.size)) {
      const opts = { reverse, offset, limit };
      if (sRange !== undefined) z.set.rangeByScore(sRange, opts, emit);
      else z.set.rangeByLex(lRange!, opts, emit);
    }
  }
  if (store) return storeRange(client, args[1]!, entries);
  const pairs = new Pairs(withScores, client.protocol === 3);
  for (const [m, s] of entries) pairs.push(m, s);
  return pairs.out;
}

/** ZRANGESTORE's destination: built as a listpack by zsetAdd, as zrangeResultBeginStore does. */
function storeRange(client: Client, dst: string, entries: readonly [string, number][]): RespValue {
  const db = client.db;
  if (entries.length === 0) {
    if (db.deleteEvenIfExpired(dst)) notify(client, NOTIFY_GENERIC, 'del', dst);
    return 0;
  }
  const z = ZSetValue.listpack();
  const lim = limits(client);
  for (const [m, s] of entries) z.add(m, s, 0, lim);
  db.set(dst, z);
  notify(client, NOTIFY_ZSET, 'zrangestore', dst);
  return entries.length;
}

const zrange: Handler = (client, args) => zrangeGeneric(client, args, 1, false, 'auto', 'auto');
const zrangestore: Handler = (client, args) => zrangeGeneric(client, args, 2, true, 'auto', 'auto');
const zrevrange: Handler = (client, args) => zrangeGeneric(client, args, 1, false, 'rank', 'reverse');
const zrangebyscore: Handler = (client, args) => zrangeGeneric(client, args, 1, false, 'score', 'forward');
const zrevrangebyscore: Handler = (client, args) => zrangeGeneric(client, args, 1, false, 'score', 'reverse');
const zrangebylex: Handler = (client, args) => zrangeGeneric(client, args, 1, false, 'lex', 'forward');
const zrevrangebylex: Handler = (client, args) => zrangeGeneric(client, args, 1, false, 'lex', 'reverse');

// --- removal -------------------------------------------------------------

const zrem: Handler = (client, args) => {
  const db = client.db;
  const key = args[1]!;
  const z = writeZSet(db, key);
  if (z instanceof ErrorReply) return z;
  if (z === undefined) return 0;
  let deleted = 0;
  for (let j = 2; j < args.length; j++) {
    if (z.delete(args[j]!)) deleted++;
    if (z.size === 0) break;
  }
  if (deleted > 0) finishWrite(client, key, z, 'zrem');
  return deleted;
};

/** After an in-place change: the command's event, then the key dropped if the set became empty (with `del`), else the change told. */
function finishWrite(client: Client, key: string, z: ZSetValue, event: string): void {
  notify(client, NOTIFY_ZSET, event, key);
  if (z.size === 0) {
    client.db.delete(key);
    notify(client, NOTIFY_GENERIC, 'del', key);
  } else client.db.touchModified(key);
}

function zremrangeGeneric(client: Client, args: string[], type: 'rank' | 'score' | 'lex'): RespValue {
  let start = 0, end = 0;
  let sRange: ScoreRange | undefined;
  let lRange: LexRange | undefined;
  if (type === 'rank') {
    const s = longArg(args[2]!);
    if (s instanceof ErrorReply) return s;
    const e = longArg(args[3]!);
    if (e instanceof ErrorReply) return e;
    start = s;
    end = e;
  } else if (type === 'score') {
    const r = scoreRange(args[2]!, args[3]!);
    if (r instanceof ErrorReply) return r;
    sRange = r;
  } else {
    const r = lexRange(args[2]!, args[3]!);
    if (r instanceof ErrorReply) return r;
    lRange = r;
  }
  const db = client.db;
  const key = args[1]!;
  const z = writeZSet(db, key);
  if (z instanceof ErrorReply) return z;
  if (z === undefined) return 0;
  let removed: number;
  if (type === 'rank') {
    const r = normalizeRankRange(start, end, z.size);
    if (r === null) return 0;
    removed = z.deleteRangeByRank(r[0], r[1]);
  } else if (sRange !== undefined) removed = z.deleteRangeByScore(sRange);
  else removed = z.deleteRangeByLex(lRange!);
  if (removed > 0) finishWrite(client, key, z, `zremrangeby${type}`);
  return removed;
}

const zremrangebyrank: Handler = (client, args) => zremrangeGeneric(client, args, 'rank');
const zremrangebyscore: Handler = (client, args) => zremrangeGeneric(client, args, 'score');
const zremrangebylex: Handler = (client, args) => zremrangeGeneric(client, args, 'lex');

// --- pops ----------------------------------------------------------------

/**
 * genericZpopCommand: pops from the first existing key among `keys`
 * (WRONGTYPE stops the search). `count` undefined is the plain single pop.
 */
function zpopGeneric(client: Client, keys: readonly string[], max: boolean, count: number | undefined, withKey: boolean): RespValue {
  const db = client.db;
  let key: string | undefined;
  let z: ZSetValue | undefined;
  for (const k of keys) {
    const v = writeZSet(db, k);
    if (v instanceof ErrorReply) return v;
    if (v === undefined) continue;
    key = k;
    z = v;
    break;
  }
  if (z === undefined || key === undefined) return withKey ? NULL_ARRAY : [];
  if (count === 0) return [];
  const nested = withKey || (client.protocol === 3 && count !== undefined);
  const out: RespValue[] = [];
  z.pop(max, count ?? 1, (m, s) => {
    if (nested) out.push([m, new DoubleReply(s)]);
    else out.push(m, new DoubleReply(s));
  });
  finishWrite(client, key, z, max ? 'zpopmax' : 'zpopmin');
  // ZMPOP is propagated as ZPOPMIN/ZPOPMAX with the count that was popped.
  if (withKey) client.server.propagation.rewrite([max ? 'ZPOPMAX' : 'ZPOPMIN', key, String(nested ? out.length : out.length / 2)]);
  return withKey ? [key, out] : out;
}

function zpopMinMax(client: Client, args: string[], max: boolean): RespValue {
  if (args.length > 3) return SYNTAX_ERROR;
  let count: number | undefined;
  if (args.length === 3) {
    // getPositiveLongFromObjectOrReply: one error for a non-integer and a negative.
    const c = countArg(args[2]!, NOT_POSITIVE);
    if (c instanceof ErrorReply) return c;
    if (c < 0) return NOT_POSITIVE;
    count = c;
  }
  return zpopGeneric(client, [args[1]!], max, count, false);
}

const zpopmin: Handler = (client, args) => zpopMinMax(client, args, false);
const zpopmax: Handler = (client, args) => zpopMinMax(client, args, true);

/** getRangeLongFromObjectOrReply(1, LONG_MAX) with the command's own message. */
function positiveArg(s: string, message: string): number | ErrorReply {
  const v = countArg(s, new ErrorReply(message));
  if (v instanceof ErrorReply) return v;
  return v < 1 ? new ErrorReply(message) : v;
}

const zmpop: Handler = (client, args) => {
  const numkeys = positiveArg(args[1]!, 'ERR numkeys should be greater than 0');
  if (numkeys instanceof ErrorReply) return numkeys;
  const whereIdx = 2 + numkeys;
  if (whereIdx >= args.length) return SYNTAX_ERROR;
  let max: boolean;
  if (isOption(args[whereIdx]!, 'MIN')) max = false;
  else if (isOption(args[whereIdx]!, 'MAX')) max = true;
  else return SYNTAX_ERROR;
  let count: number | undefined;
  for (let j = whereIdx + 1; j < args.length; j++) {
    const more = args.length - 1 - j;
    if (count === undefined && isOption(args[j]!, 'COUNT') && more > 0) {
      const c = positiveArg(args[++j]!, 'ERR count should be greater than 0');
      if (c instanceof ErrorReply) return c;
      count = c;
    } else return SYNTAX_ERROR;
  }
  return zpopGeneric(client, args.slice(2, whereIdx), max, count ?? 1, true);
};

// --- ZRANDMEMBER -----------------------------------------------------------

const LONG_MAX = 9223372036854775807n;

const zrandmember: Handler = (client, args) => {
  if (args.length >= 3) {
    const v = intArg(args[2]!);
    if (v instanceof ErrorReply) return v;
    if (v === -LONG_MAX - 1n) {
      return new ErrorReply('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    }
    if (args.length > 4 || (args.length === 4 && !isOption(args[3]!, 'WITHSCORES'))) return SYNTAX_ERROR;
    const withScores = args.length === 4;
    // The reply would hold twice as many elements: counts beyond LONG_MAX/2 are refused.
    if (withScores && (BigInt(v) < -(LONG_MAX / 2n) || BigInt(v) > LONG_MAX / 2n)) return new ErrorReply('ERR value is out of range');
    return zrandmemberWithCount(client, args[1]!, Number(v), withScores);
  }
  const z = readZSet(client.db, args[1]!);
  if (z instanceof ErrorReply) return z;
  if (z === undefined) return null;
  return z.set.randomEntry()!.member;
};

function zrandmemberWithCount(client: Client, key: string, l: number, withScores: boolean): RespValue {
  const z = readZSet(client.db, key);
  if (z instanceof ErrorReply) return z;
  if (z === undefined || l === 0) return [];
  const pairs = new Pairs(withScores, client.protocol === 3);
  const size = z.size;
  if (l < 0 || l === 1) {
    // Repeats allowed: each pick is independent, in random order.
    const count = l < 0 ? -l : 1;
    if (count > MAX_RANDOM_REPLY) return RANDOM_REPLY_TOO_LARGE;
    for (let i = 0; i < count; i++) {
      const e = z.set.randomEntry()!;
      pairs.push(e.member, e.score);
    }
    return pairs.out;
  }
  if (l >= size) {
    for (const e of z.set.entries()) pairs.push(e.member, e.score);
    return pairs.out;
  }
  // Distinct members: a partial Fisher-Yates over ranks picks l of them uniformly.
  const ranks = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < l; i++) {
    const j = i + Math.floor(Math.random() * (size - i));
    [ranks[i], ranks[j]] = [ranks[j]!, ranks[i]!];
    const e = z.set.at(ranks[i]!)!;
    pairs.push(e.member, e.score);
  }
  return pairs.out;
}

// --- ZUNION / ZINTER / ZDIFF -------------------------------------------

type SetOp = 'union' | 'inter' | 'diff';
type Aggregate = 'sum' | 'min' | 'max';

/** One input: a sorted set, a plain set (every member scores 1), or a missing key (empty). */
interface Source {
  readonly value: ZSetValue | SetValue | undefined;
  weight: number;
}

function sourceSize(s: Source): number {
  return s.value === undefined ? 0 : s.value.size;
}

function sourceScore(s: Source, member: string): number | undefined {
  const v = s.value;
  if (v === undefined) return undefined;
  if (v instanceof ZSetValue) return v.score(member);
  return v.has(member) ? 1 : undefined;
}

function eachEntry(s: Source, emit: (member: string, score: number) => void): void {
  const v = s.value;
  if (v === undefined) return;
  if (v instanceof ZSetValue) {
    for (const e of v.set.entries()) emit(e.member, e.score);
    return;
  }
  const members: string[] = [];
  let cursor = 0n;
  do cursor = BigInt(v.scan(cursor, 1000, (m) => members.push(m)));
  while (cursor !== 0n);
  for (const m of members) emit(m, 1);
}

function aggregateInto(target: number, value: number, how: Aggregate): number {
  if (how === 'sum') {
    const r = target + value;
    // inf + -inf: Redis's convention is 0.
    return Number.isNaN(r) ? 0 : r;
  }
  if (how === 'min') return value < target ? value : target;
  return value > target ? value : target;
}

function weighted(score: number, weight: number): number {
  const r = weight * score;
  return Number.isNaN(r) ? 0 : r;
}

/** zunionInterDiffGenericCommand. `dst` for the STORE forms; `cardOnly` for ZINTERCARD. */
function zsetOpGeneric(client: Client, args: string[], numkeysIdx: number, dst: string | undefined, op: SetOp, cardOnly: boolean): RespValue {
  const n = longArg(args[numkeysIdx]!);
  if (n instanceof ErrorReply) return n;
  if (n < 1) return new ErrorReply(`ERR at least 1 input key is needed for '${args[0]!.toLowerCase()}' command`);
  if (n > args.length - (numkeysIdx + 1)) return SYNTAX_ERROR;

  const db = client.db;
  const sources: Source[] = [];
  for (let i = 0, j = numkeysIdx + 1; i < n; i++, j++) {
    // Read lookups in the STORE forms too: Redis 7.0 counts them and a missing source is a keymiss event.
    const v = db.get(args[j]!);
    if (v !== undefined && !(v instanceof ZSetValue) && !(v instanceof SetValue)) return WRONGTYPE;
    sources.push({ value: v, weight: 1 });
  }

  let aggregate: Aggregate = 'sum';
  let withScores = false;
  let limit = 0;
  let j = numkeysIdx + 1 + n;
  while (j < args.length) {
    const remaining = args.length - j;
    const opt = args[j]!;
    if (op !== 'diff' && !cardOnly && remaining >= n + 1 && isOption(opt, 'WEIGHTS')) {
      j++;
      for (let i = 0; i < n; i++, j++) {
        const w = parseDouble(args[j]!);
        if (w === null) return new ErrorReply('ERR weight value is not a float');
        sources[i]!.weight = w;
      }
    } else if (op !== 'diff' && !cardOnly && remaining >= 2 && isOption(opt, 'AGGREGATE')) {
      const a = args[j + 1]!.toLowerCase();
      if (a !== 'sum' && a !== 'min' && a !== 'max') return SYNTAX_ERROR;
      aggregate = a;
      j += 2;
    } else if (dst === undefined && !cardOnly && isOption(opt, 'WITHSCORES')) {
      withScores = true;
      j++;
    } else if (cardOnly && remaining >= 2 && isOption(opt, 'LIMIT')) {
      // getPositiveLongFromObjectOrReply: a non-integer gets the same message.
      const negative = new ErrorReply("ERR LIMIT can't be negative");
      const l = countArg(args[j + 1]!, negative);
      if (l instanceof ErrorReply) return l;
      if (l < 0) return negative;
      limit = l;
      j += 2;
    } else return SYNTAX_ERROR;
  }

  // Smallest inputs first (a stable sort, as glibc's qsort is here), which also fixes the order scores add up in.
  if (op !== 'diff') sources.sort((a, b) => sourceSize(a) - sourceSize(b));

  const result = ZSetValue.skiplist();
  let maxLength = 0;
  let cardinality = 0;
  if (op === 'inter') {
    if (sourceSize(sources[0]!) > 0) {
      const first = sources[0]!;
      const entries: [string, number][] = [];
      eachEntry(first, (m, s) => entries.push([m, s]));
      for (const [member, s0] of entries) {
        let score = weighted(s0, first.weight);
        let k = 1;
        for (; k < sources.length; k++) {
          const src = sources[k]!;
          const other = src.value === first.value ? s0 : sourceScore(src, member);
          if (other === undefined) break;
          score = aggregateInto(score, other * src.weight, aggregate);
        }
        if (k !== sources.length) continue;
        if (cardOnly) {
          cardinality++;
          if (limit !== 0 && cardinality >= limit) break;
        } else {
          result.insert(member, score);
          if (member.length > maxLength) maxLength = member.length;
        }
      }
    }
  } else if (op === 'union') {
    const acc = new Map<string, number>();
    for (const src of sources) {
      eachEntry(src, (m, s) => {
        const score = weighted(s, src.weight);
        const cur = acc.get(m);
        if (cur === undefined) {
          acc.set(m, score);
          if (m.length > maxLength) maxLength = m.length;
        } else acc.set(m, aggregateInto(cur, score, aggregate));
      });
    }
    for (const [m, s] of acc) result.insert(m, s);
  } else {
    const [first, ...others] = sources;
    eachEntry(first!, (m, s) => {
      if (others.some((o) => sourceScore(o, m) !== undefined)) return;
      result.insert(m, s);
      if (m.length > maxLength) maxLength = m.length;
    });
  }

  if (cardOnly) return cardinality;
  if (dst !== undefined) {
    if (result.size === 0) {
      if (db.deleteEvenIfExpired(dst)) notify(client, NOTIFY_GENERIC, 'del', dst);
      return 0;
    }
    result.convertToListpackIfNeeded(maxLength, limits(client));
    db.set(dst, result);
    notify(client, NOTIFY_ZSET, `z${op}store`, dst);
    return result.size;
  }
  const pairs = new Pairs(withScores, client.protocol === 3);
  for (const e of result.set.entries()) pairs.push(e.member, e.score);
  return pairs.out;
}

const zunion: Handler = (client, args) => zsetOpGeneric(client, args, 1, undefined, 'union', false);
const zinter: Handler = (client, args) => zsetOpGeneric(client, args, 1, undefined, 'inter', false);
const zdiff: Handler = (client, args) => zsetOpGeneric(client, args, 1, undefined, 'diff', false);
const zintercard: Handler = (client, args) => zsetOpGeneric(client, args, 1, undefined, 'inter', true);
const zunionstore: Handler = (client, args) => zsetOpGeneric(client, args, 2, args[1]!, 'union', false);
const zinterstore: Handler = (client, args) => zsetOpGeneric(client, args, 2, args[1]!, 'inter', false);
const zdiffstore: Handler = (client, args) => zsetOpGeneric(client, args, 2, args[1]!, 'diff', false);

// --- ZSCAN -----------------------------------------------------------------

const zscan: Handler = (client, args) => {
  const cursor = parseCursor(args[2]!);
  if (cursor === null) return INVALID_CURSOR;
  const z = readZSet(client.db, args[1]!);
  if (z instanceof ErrorReply) return z;
  if (z === undefined) return ['0', []];
  const opts = parseScanOptions(args, 3, false);
  if (opts instanceof ErrorReply) return opts;
  const pattern = opts.pattern;
  const matchAll = pattern === undefined || pattern === '*';
  const out: string[] = [];
  const emit = (member: string, score: number): void => {
    if (matchAll || globMatch(pattern, member)) out.push(member, d2string(score));
  };
  // A listpack is returned whole in one call, as Redis does for small encodings.
  if (z.isListpack) {
    for (const e of z.set.entries()) emit(e.member, e.score);
    return ['0', out];
  }
  const next = z.scan(cursor, opts.count, (m) => emit(m, z.score(m)!));
  return [String(next), out];
};

export const SORTED_SET_HANDLERS: Record<string, Handler> = {
  zadd, zincrby, zcard, zscore, zmscore, zrank, zrevrank, zcount, zlexcount,
  zrange, zrangestore, zrevrange, zrangebyscore, zrevrangebyscore, zrangebylex, zrevrangebylex,
  zrem, zremrangebyrank, zremrangebyscore, zremrangebylex,
  zpopmin, zpopmax, zmpop, zrandmember,
  zunion, zinter, zdiff, zintercard, zunionstore, zinterstore, zdiffstore,
  zscan,
};
