import type { RespValue } from '@kv/resp';
import { encodeHead } from './command-writer.js';
import { convert, type Decoder } from './decode.js';
import type { Arg } from './types.js';

/** The command blocks the connection (BLPOP …): commandTimeout does not apply. */
export const BLOCKING = 1;
/** A read of one key whose reply the client-side cache may keep. */
export const CACHEABLE = 2;
/** Its success changes what a reconnect must restore (SELECT, AUTH …): `after` runs with the arguments. */
export const STATEFUL = 4;

/** What the client needs to send one command and read its reply. */
export interface CommandSpec {
  /** Name and subcommand as the server knows them: 'GET', 'CONFIG GET' (for error messages). */
  readonly name: string;
  /** The name words pre-encoded as bulk strings. */
  readonly head: Buffer;
  readonly headCount: number;
  readonly decode: Decoder;
  readonly flags: number;
}

export function makeSpec(words: readonly string[], decode: Decoder = convert, flags = 0): CommandSpec {
  return { name: words.join(' '), head: encodeHead(words), headCount: words.length, decode, flags };
}

/** A spec for a command given whole to `call()`, whose name is among the arguments. */
export const CALL_SPEC: CommandSpec = { name: '', head: Buffer.alloc(0), headCount: 0, decode: convert, flags: 0 };

/** Told about replies that change client state or can be cached (see STATEFUL and CACHEABLE). */
export interface ReplyObserver {
  stateful(spec: CommandSpec, args: readonly Arg[], raw: RespValue): void;
  cacheReply(key: string, tag: string, raw: RespValue): void;
}
