// Commands with nicer signatures than the generated ones (options objects,
// hashes as objects), and the table that puts every command method on the
// client, pipelines and transactions. Each hand-written method also accepts
// the raw form (`set('k', 'v', 'EX', 10)`), so nothing the generated
// signature allowed is lost.
import { DoubleReply, NULL_ARRAY, type RespValue } from '@kv/resp';
import { GENERATED_COMMANDS, type GeneratedCommands } from './commands.generated.js';
import { convert, decodeScored, parseDouble } from './decode.js';
import { DECODERS } from './decoders.js';
import { BLOCKING, CACHEABLE, STATEFUL, makeSpec, type CommandSpec } from './spec.js';
import type { Arg, HashInput, Key, Num, ScoredMember } from './types.js';

export interface SetOptions {
  /** Expire after this many seconds. */
  EX?: number;
  PX?: number;
  /** Expire at this Unix time (seconds). */
  EXAT?: number;
  PXAT?: number;
  KEEPTTL?: boolean;
  /** Only set if the key does not exist (then the reply is null if it did). */
  NX?: boolean;
  XX?: boolean;
  /** Reply with the old value instead of 'OK'. */
  GET?: boolean;
}

export interface ZAddOptions {
  NX?: boolean;
  XX?: boolean;
  GT?: boolean;
  LT?: boolean;
  /** Count changed members, not only added ones. */
  CH?: boolean;
  /** Increment the one member's score; the reply is the new score (null if NX/XX stopped it). */
  INCR?: boolean;
}

export interface ZRangeOptions {
  BY?: 'SCORE' | 'LEX';
  REV?: boolean;
  LIMIT?: { offset: number; count: number };
}

/** A member to add to a sorted set. */
export interface ZMember {
  value: Arg;
  score: Num;
}

export interface HandWrittenCommands<S> {
  /** `SET key value [options]`: 'OK', or null when NX/XX stopped it; with GET, the old value. */
  set(key: Key, value: Arg, ...options: [options?: SetOptions] | Arg[]): 'OK' | S | null;
  /** `MSET` from an object, Map or pairs, or `key value …`. */
  mset(...entries: [entries: HashInput] | Arg[]): 'OK';
  msetnx(...entries: [entries: HashInput] | Arg[]): number;
  /** `HSET key` with fields from an object, Map or pairs, or `field value …`; replies the number of new fields. */
  hset(key: Key, ...fields: [fields: HashInput] | Arg[]): number;
  hmset(key: Key, ...fields: [fields: HashInput] | Arg[]): 'OK';
  /** `ZADD key` with members `{ value, score }` and options, or `score member …` as Redis takes them. */
  zadd(key: Key, ...members: [members: ZMember | readonly ZMember[], options?: ZAddOptions] | Arg[]): number | null;
  /** `ZRANGE key min max … WITHSCORES`, as members with their scores. */
  zrangeWithScores(key: Key, min: Arg, max: Arg, options?: ZRangeOptions): ScoredMember<S>[];
  /** `PING [message]`: 'PONG', or the message. */
  ping(message?: Arg): 'PONG' | S;
}

/** Commands that are methods of the client only, with semantics of their own (see Client). */
export type ClientOnly =
  | 'subscribe' | 'unsubscribe' | 'psubscribe' | 'punsubscribe' | 'ssubscribe' | 'sunsubscribe'
  | 'monitor' | 'quit' | 'reset' | 'multi' | 'exec' | 'discard' | 'sync' | 'psync';

/** Every command method that pipelines and transactions have too. */
export type CommandSignatures<S> = Omit<Omit<GeneratedCommands<S>, keyof HandWrittenCommands<S>> & HandWrittenCommands<S>, ClientOnly>;
export type CommandName = keyof CommandSignatures<string>;

// `never` as the rest type (not never[]): every parameter list is assignable to it, required ones included.
export type Fn = (...args: never) => unknown;
export type Params<F> = F extends (...args: infer P) => unknown ? P : never;
export type Result<F> = F extends (...args: never) => infer R ? R : never;

/** The client's command methods: each resolves with the decoded reply. */
export type ClientCommands<S> = {
  [K in CommandName]: CommandSignatures<S>[K] extends Fn ? (...args: Params<CommandSignatures<S>[K]>) => Promise<Result<CommandSignatures<S>[K]>> : never;
};

/** How one method turns its arguments into a command. */
export interface CommandDef {
  readonly method: string;
  readonly spec: CommandSpec;
  /** From the method's arguments to the command's; null: as given. */
  readonly build: ((args: unknown[]) => Arg[]) | null;
}

function isHashInput(v: unknown): v is HashInput {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v);
}

function hashArgs(h: HashInput): Arg[] {
  const out: Arg[] = [];
  if (h instanceof Map) for (const [k, v] of h) out.push(k, v);
  else if (Array.isArray(h)) for (const [k, v] of h as readonly (readonly [Arg, Arg])[]) out.push(k, v);
  else for (const k of Object.keys(h)) out.push(k, (h as Record<string, Arg>)[k]!);
  return out;
}

/** `head…` then a HashInput or raw args. */
function withHash(fixed: number) {
  return (args: unknown[]): Arg[] => {
    const first = args[fixed];
    if (args.length === fixed + 1 && isHashInput(first)) return [...(args.slice(0, fixed) as Arg[]), ...hashArgs(first)];
    return args as Arg[];
  };
}

function setArgs(args: unknown[]): Arg[] {
  const o = args[2];
  if (args.length !== 3 || !isHashInput(o)) return args as Arg[];
  const s = o as SetOptions;
  const out: Arg[] = [args[0] as Arg, args[1] as Arg];
  if (s.NX === true) out.push('NX');
  if (s.XX === true) out.push('XX');
  if (s.GET === true) out.push('GET');
  if (s.EX !== undefined) out.push('EX', s.EX);
  if (s.PX !== undefined) out.push('PX', s.PX);
  if (s.EXAT !== undefined) out.push('EXAT', s.EXAT);
  if (s.PXAT !== undefined) out.push('PXAT', s.PXAT);
  if (s.KEEPTTL === true) out.push('KEEPTTL');
  return out;
}

function zaddArgs(args: unknown[]): Arg[] {
  const m = args[1];
  if (args.length < 2 || args.length > 3 || !isHashInput(m)) return args as Arg[];
  const o = (args[2] ?? {}) as ZAddOptions;
  const out: Arg[] = [args[0] as Arg];
  for (const flag of ['NX', 'XX', 'GT', 'LT', 'CH', 'INCR'] as const) if (o[flag] === true) out.push(flag);
  for (const member of Array.isArray(m) ? (m as readonly ZMember[]) : [m as unknown as ZMember]) out.push(member.score, member.value);
  return out;
}

function zrangeArgs(args: unknown[]): Arg[] {
  const out = args.slice(0, 3) as Arg[];
  const o = (args[3] ?? {}) as ZRangeOptions;
  if (o.BY !== undefined) out.push(`BY${o.BY}`);
  if (o.REV === true) out.push('REV');
  if (o.LIMIT !== undefined) out.push('LIMIT', o.LIMIT.offset, o.LIMIT.count);
  out.push('WITHSCORES');
  return out;
}

/** ZADD's reply: an integer count, or with INCR the new score (a double) or nil. */
function decodeZadd(v: RespValue, buffers: boolean): unknown {
  if (typeof v === 'number' || v === null || v === NULL_ARRAY) return v === NULL_ARRAY ? null : v;
  if (v instanceof DoubleReply) return v.value;
  if (typeof v === 'string') return parseDouble(v);
  if (Buffer.isBuffer(v)) return parseDouble(v.toString('latin1'));
  return convert(v, buffers);
}

const HAND_WRITTEN: Record<keyof HandWrittenCommands<string>, { words: string[]; decode?: CommandSpec['decode']; build: (args: unknown[]) => Arg[] }> = {
  set: { words: ['SET'], build: setArgs },
  mset: { words: ['MSET'], build: withHash(0) },
  msetnx: { words: ['MSETNX'], build: withHash(0) },
  hset: { words: ['HSET'], build: withHash(1) },
  hmset: { words: ['HMSET'], build: withHash(1) },
  zadd: { words: ['ZADD'], decode: decodeZadd, build: zaddArgs },
  zrangeWithScores: { words: ['ZRANGE'], decode: decodeScored, build: zrangeArgs },
  ping: { words: ['PING'], build: (args) => args as Arg[] },
};

/** Methods whose success changes what a reconnect restores. */
const STATEFUL_METHODS = new Set(['select', 'auth', 'clientSetname', 'hello']);

/** Every command method: the generated ones, the hand-written ones in their place. */
export const COMMAND_DEFS: ReadonlyMap<string, CommandDef> = (() => {
  const m = new Map<string, CommandDef>();
  for (const [method, words, decoder, flags] of GENERATED_COMMANDS) {
    const bits = (flags & 1 ? BLOCKING : 0) | (flags & 2 ? CACHEABLE : 0) | (STATEFUL_METHODS.has(method) ? STATEFUL : 0);
    m.set(method, { method, spec: makeSpec(words, DECODERS[decoder], bits), build: null });
  }
  for (const [method, h] of Object.entries(HAND_WRITTEN)) {
    const generated = m.get(method);
    m.set(method, { method, spec: makeSpec(h.words, h.decode ?? generated?.spec.decode, generated?.spec.flags ?? 0), build: h.build });
  }
  return m;
})();

/** Methods that exist on the client only (the ClientOnly commands). */
export const CLIENT_ONLY: ReadonlySet<string> = new Set<ClientOnly>([
  'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe', 'monitor', 'quit', 'reset', 'multi', 'exec', 'discard', 'sync', 'psync',
]);
