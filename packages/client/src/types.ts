import type { ReplyError } from './errors.js';

/** A key: a string (sent as UTF-8) or raw bytes. */
export type Key = string | Buffer;
/** Any argument: strings go as UTF-8, numbers and bigints as their decimal text. */
export type Arg = string | Buffer | number | bigint;
/** An integer argument. */
export type Int = number | bigint | string;
/** A floating-point argument (a string for forms such as '+inf' or '(1.5'). */
export type Num = number | string;

/**
 * A reply as plain JS values, for commands without a more precise type:
 * bulk strings are `S` (string, or Buffer with `buffers: true`), simple
 * strings are strings, integers numbers (bigint beyond 2^53), doubles numbers,
 * RESP3 booleans booleans, big numbers bigints, maps Maps, sets arrays, nulls
 * null. An error nested in an aggregate is a ReplyError value.
 */
export type Reply<S = string> = S | string | number | bigint | boolean | null | ReplyError | Reply<S>[] | Map<Reply<S>, Reply<S>>;

/** A sorted set member with its score. */
export interface ScoredMember<S = string> {
  value: S;
  score: number;
}

/** A hash given as an object, a Map, or [field, value] pairs. */
export type HashInput = Record<string, Arg> | Map<Arg, Arg> | readonly (readonly [Arg, Arg])[];
