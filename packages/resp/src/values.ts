// The values a RESP2/RESP3 reply can hold. Plain JS values stand for the
// common cases so that handlers allocate nothing for them:
//   string  -> bulk string (latin1: one char per byte)   Buffer -> bulk string
//   number  -> integer (must be an integer)               bigint -> integer beyond 2^53
//   null    -> null (RESP2 `$-1`, RESP3 `_`)              array  -> array
// Everything else has a class.

export class SimpleString {
  constructor(readonly value: string) {}
}

/** An error reply; `message` is the whole text, code included: 'ERR syntax error'. */
export class ErrorReply {
  constructor(readonly message: string) {}
}

/** RESP3 double (`,`); a bulk string in RESP2. */
export class DoubleReply {
  /**
   * `text`, when given, is printed instead of formatDouble(value): Redis
   * prints some doubles its own way (GEOPOS coordinates use "%.17Lf" with
   * trailing zeros trimmed) and sends them as RESP3 doubles all the same.
   */
  constructor(
    readonly value: number,
    readonly text?: string,
  ) {}
}

/** RESP3 big number (`(`); a bulk string in RESP2. */
export class BigNumberReply {
  constructor(readonly value: bigint) {}
}

/** RESP3 boolean (`#t`/`#f`); the integer 1 or 0 in RESP2. */
export class BooleanReply {
  constructor(readonly value: boolean) {}
}

/** RESP3 verbatim string (`=`, with a 3-letter format such as `txt`); a bulk string in RESP2. */
export class VerbatimReply {
  constructor(
    readonly format: string,
    readonly text: string,
  ) {}
}

/** RESP3 map, entries flat: [k1, v1, k2, v2 …]; a flat array in RESP2. */
export class MapReply {
  constructor(readonly entries: RespValue[]) {}
}

/** RESP3 set (`~`); an array in RESP2. */
export class SetReply {
  constructor(readonly items: RespValue[]) {}
}

/** RESP3 push (`>`), out-of-band data; an array in RESP2. */
export class PushReply {
  constructor(readonly items: RespValue[]) {}
}

/** RESP3 attribute (`|`) preceding a value; RESP2 sends the value alone. */
export class AttributeReply {
  constructor(
    readonly attributes: RespValue[],
    readonly value: RespValue,
  ) {}
}

/** The null array: RESP2 `*-1`, RESP3 `_`. */
export const NULL_ARRAY: unique symbol = Symbol('NULL_ARRAY');

export type RespValue =
  | string
  | Buffer
  | number
  | bigint
  | null
  | RespValue[]
  | SimpleString
  | ErrorReply
  | DoubleReply
  | BigNumberReply
  | BooleanReply
  | VerbatimReply
  | MapReply
  | SetReply
  | PushReply
  | AttributeReply
  | typeof NULL_ARRAY;

export type Protocol = 2 | 3;

export const OK = new SimpleString('OK');
export const PONG = new SimpleString('PONG');
export const QUEUED = new SimpleString('QUEUED');
