import { ErrorReply } from '@kv/resp';
import { cstr } from './util/c-string.js';

// Error replies shared by many commands, with Redis 7.0's exact texts.
export const WRONGTYPE = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
export const SYNTAX_ERROR = new ErrorReply('ERR syntax error');
export const NOT_INTEGER = new ErrorReply('ERR value is not an integer or out of range');
export const NOT_FLOAT = new ErrorReply('ERR value is not a valid float');
export const NO_SUCH_KEY = new ErrorReply('ERR no such key');
export const OVERFLOW = new ErrorReply('ERR increment or decrement would overflow');
export const DB_INDEX_OUT_OF_RANGE = new ErrorReply('ERR DB index is out of range');
export const STRING_TOO_LONG = new ErrorReply('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
export const NOT_POSITIVE = new ErrorReply('ERR value is out of range, must be positive');

export function wrongArity(name: string): ErrorReply {
  return new ErrorReply(`ERR wrong number of arguments for '${name}' command`);
}

export function unknownSubcommand(sub: string, container: string): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand '${cstr(sub).slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`);
}

export function invalidExpireTime(command: string): ErrorReply {
  return new ErrorReply(`ERR invalid expire time in '${command}' command`);
}

/**
 * The most elements a random-member reply with a negative count (HRANDFIELD,
 * SRANDMEMBER, ZRANDMEMBER) may hold. Redis streams such a reply out; kv
 * builds it first, and an array of billions of elements would take the
 * process down, so beyond this kv refuses.
 */
export const MAX_RANDOM_REPLY = 1 << 24;
export const RANDOM_REPLY_TOO_LARGE = new ErrorReply(`ERR count is too large (kv replies at most ${MAX_RANDOM_REPLY} elements)`);
