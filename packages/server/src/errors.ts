import { ErrorReply } from '@kv/resp';

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

/**
 * An argument as C's printf("%s") shows it in an error text: up to its first
 * NUL byte. (CR and LF are turned into spaces when the error is written.)
 */
export function cstr(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

export function wrongArity(name: string): ErrorReply {
  return new ErrorReply(`ERR wrong number of arguments for '${name}' command`);
}

export function unknownSubcommand(sub: string, container: string): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand '${cstr(sub).slice(0, 128)}'. Try ${container.toUpperCase()} HELP.`);
}

export function invalidExpireTime(command: string): ErrorReply {
  return new ErrorReply(`ERR invalid expire time in '${command}' command`);
}
