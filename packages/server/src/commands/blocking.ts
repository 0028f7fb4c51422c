import { ErrorReply, NULL_ARRAY, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import { NO_REPLY, type Handler } from '../command-table/types.js';
import { deadlineOf, parseTimeout } from '../blocking/timeout.js';
import { SYNTAX_ERROR, WRONGTYPE } from '../errors.js';
import { ListValue } from '../keyspace/types/list-value.js';
import { ZSetValue } from '../keyspace/types/zset-value.js';
import { LIST_HANDLERS } from './list.js';
import { SORTED_SET_HANDLERS } from './sorted-set.js';
import { isOption } from './args.js';
import { parseLongLong } from '../util/integers.js';

// The blocking forms of the list and sorted set pops. Each first tries the
// plain command; when every key is empty it blocks (unless inside EXEC,
// where it answers as the plain command would on empty keys), and the
// block registry serves it when one of its keys gets a value. What a pop
// propagates is its plain form, as Redis rewrites it.

type Kind = 'list' | 'zset';

/** The value at key is one this command can take from now. */
function hasElements(client: Client, key: string, kind: Kind): boolean {
  const v = client.db.peek(key);
  return kind === 'list' ? v instanceof ListValue && v.length !== 0 : v instanceof ZSetValue && v.size !== 0;
}

/** Runs the plain command for the blocked one and propagates it as `args` unless its handler says otherwise. */
function runPlain(client: Client, handler: Handler, args: string[]): RespValue {
  const propagation = client.server.propagation;
  const reply = handler(client, args);
  if (propagation.active && propagation.override === undefined) propagation.rewrite(args);
  return reply as RespValue;
}

/** Blocks on keys or, inside EXEC, gives the empty reply now. */
function blockOrEmpty(
  client: Client, keys: readonly string[], timeoutMs: number, empty: RespValue,
  serve: (key: string) => RespValue | undefined, args: string[], timeoutReply: RespValue = empty,
): RespValue | typeof NO_REPLY {
  if (client.inExec) return empty;
  client.server.blocking.block(client, { keys, deadline: deadlineOf(timeoutMs, client.server.keyspace.now), timeoutReply, serve, args });
  return NO_REPLY;
}

/** Checks the types first: WRONGTYPE on any key before blocking, as Redis's lookup loop does. */
function firstReady(client: Client, keys: readonly string[], kind: Kind): string | ErrorReply | undefined {
  for (const key of keys) {
    const v = client.db.getForWrite(key);
    if (v === undefined) continue;
    if (kind === 'list' ? !(v instanceof ListValue) : !(v instanceof ZSetValue)) return WRONGTYPE;
    return key;
  }
  return undefined;
}

/** BLPOP / BRPOP key [key …] timeout. */
function bpop(head: boolean): Handler {
  const pop = head ? LIST_HANDLERS.lpop! : LIST_HANDLERS.rpop!;
  const name = head ? 'LPOP' : 'RPOP';
  const take = (client: Client, key: string): RespValue => [key, runPlain(client, pop, [name, key])];
  return (client, args) => {
    const timeout = parseTimeout(args[args.length - 1]!, 'seconds');
    if (timeout instanceof ErrorReply) return timeout;
    const keys = args.slice(1, -1);
    const ready = firstReady(client, keys, 'list');
    if (ready instanceof ErrorReply) return ready;
    if (ready !== undefined) return take(client, ready);
    return blockOrEmpty(client, keys, timeout, NULL_ARRAY, (key) => (hasElements(client, key, 'list') ? take(client, key) : undefined), args);
  };
}

function whereArg(s: string): 'LEFT' | 'RIGHT' | undefined {
  if (isOption(s, 'LEFT')) return 'LEFT';
  if (isOption(s, 'RIGHT')) return 'RIGHT';
  return undefined;
}

/** BLMOVE / BRPOPLPUSH: the move is done by LMOVE; served later it is propagated as LMOVE (or RPOPLPUSH). */
function bmove(client: Client, args: string[], from: 'LEFT' | 'RIGHT', to: 'LEFT' | 'RIGHT', timeoutArg: string, legacy: boolean): RespValue | typeof NO_REPLY {
  const timeout = parseTimeout(timeoutArg, 'seconds');
  if (timeout instanceof ErrorReply) return timeout;
  const [source, destination] = [args[1]!, args[2]!];
  const lmove = LIST_HANDLERS.lmove!;
  const src = client.db.getForWrite(source);
  if (src !== undefined && !(src instanceof ListValue)) return WRONGTYPE;
  // With elements there, it is the plain command, propagated as sent (deterministic on replay).
  if (src !== undefined) return lmove(client, ['LMOVE', source, destination, from, to]);
  const plain = legacy ? ['RPOPLPUSH', source, destination] : ['LMOVE', source, destination, from, to];
  return blockOrEmpty(client, [source], timeout, null, (key) => {
    if (!hasElements(client, key, 'list')) return undefined;
    const dst = client.db.peek(destination);
    // The destination turned into another type: the client gets the error and stops waiting; nothing moves.
    if (dst !== undefined && !(dst instanceof ListValue)) return WRONGTYPE;
    const reply = lmove(client, ['LMOVE', source, destination, from, to]) as RespValue;
    const propagation = client.server.propagation;
    if (propagation.active) propagation.override = [plain];
    return reply;
  }, plain, NULL_ARRAY); // a list wait that times out answers a nil array, even for BLMOVE (replyToBlockedClientTimedOut)
}

const blmove: Handler = (client, args) => {
  const from = whereArg(args[3]!);
  const to = whereArg(args[4]!);
  if (from === undefined || to === undefined) return SYNTAX_ERROR;
  return bmove(client, args, from, to, args[5]!, false);
};

const brpoplpush: Handler = (client, args) => bmove(client, args, 'RIGHT', 'LEFT', args[3]!, true);

/** BLMPOP / BZMPOP timeout numkeys key … where [COUNT n]: LMPOP/ZMPOP after the timeout, blocking on its keys. */
function bmpop(kind: Kind): Handler {
  const plain = kind === 'list' ? LIST_HANDLERS.lmpop! : SORTED_SET_HANDLERS.zmpop!;
  const name = kind === 'list' ? 'LMPOP' : 'ZMPOP';
  return (client, args) => {
    const timeout = parseTimeout(args[1]!, 'seconds');
    if (timeout instanceof ErrorReply) return timeout;
    const rest = [name, ...args.slice(2)];
    const reply = plain(client, rest);
    if (reply !== NULL_ARRAY) return reply;
    const numkeys = Number(args[2]);
    const keys = args.slice(3, 3 + numkeys);
    const tail = args.slice(3 + numkeys);
    return blockOrEmpty(client, keys, timeout, NULL_ARRAY, (key) => {
      if (!hasElements(client, key, kind)) return undefined;
      return plain(client, [name, '1', key, ...tail]) as RespValue;
    }, rest);
  };
}

/** BZPOPMIN / BZPOPMAX key [key …] timeout: key, member, score. */
function bzpop(max: boolean): Handler {
  const pop = max ? SORTED_SET_HANDLERS.zpopmax! : SORTED_SET_HANDLERS.zpopmin!;
  const name = max ? 'ZPOPMAX' : 'ZPOPMIN';
  const take = (client: Client, key: string): RespValue => {
    const popped = runPlain(client, pop, [name, key]) as RespValue[];
    return [key, ...popped];
  };
  return (client, args) => {
    const timeout = parseTimeout(args[args.length - 1]!, 'seconds');
    if (timeout instanceof ErrorReply) return timeout;
    const keys = args.slice(1, -1);
    const ready = firstReady(client, keys, 'zset');
    if (ready instanceof ErrorReply) return ready;
    if (ready !== undefined) return take(client, ready);
    return blockOrEmpty(client, keys, timeout, NULL_ARRAY, (key) => (hasElements(client, key, 'zset') ? take(client, key) : undefined), args);
  };
}

const NOT_INTEGER = new ErrorReply('ERR value is not an integer or out of range');

/** WAIT numreplicas timeout: there are no replicas, so 0 at once, or when the time is up if some were asked for. */
const wait: Handler = (client, args) => {
  const n = parseLongLong(args[1]!);
  if (n === null) return NOT_INTEGER;
  const timeout = parseTimeout(args[2]!, 'ms');
  if (timeout instanceof ErrorReply) return timeout;
  if (n <= 0 || client.inExec) return 0;
  return blockOrEmpty(client, [], timeout, 0, () => undefined, args);
};

export const BLOCKING_HANDLERS: Record<string, Handler> = {
  blpop: bpop(true),
  brpop: bpop(false),
  blmove,
  brpoplpush,
  blmpop: bmpop('list'),
  bzmpop: bmpop('zset'),
  bzpopmin: bzpop(false),
  bzpopmax: bzpop(true),
  wait,
};
