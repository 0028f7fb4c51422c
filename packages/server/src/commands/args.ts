import { ErrorReply } from '@kv/resp';
import { NOT_INTEGER } from '../errors.js';
import { parseLongLong, type LongLong } from '../util/integers.js';

// Argument parsers shared by handlers. Each returns the parsed value or an
// ErrorReply that the handler returns as it is (Redis's getXFromObjectOrReply):
//   const n = intArg(args[2]); if (n instanceof ErrorReply) return n;

/** A signed 64-bit integer argument. */
export function intArg(s: string, error: ErrorReply = NOT_INTEGER): LongLong | ErrorReply {
  const v = parseLongLong(s);
  return v === null ? error : v;
}

const INT_RANGE = new ErrorReply('ERR value is out of range, value must between -2147483648 and 2147483647');

/**
 * A C `int` argument (getIntFromObjectOrReply): a non-integer and an integer
 * beyond 32 bits get different errors, unless the caller names its own.
 */
export function int32Arg(s: string, error?: ErrorReply): number | ErrorReply {
  const v = parseLongLong(s);
  if (v === null) return error ?? NOT_INTEGER;
  if (typeof v === 'bigint' || v < -2147483648 || v > 2147483647) return error ?? INT_RANGE;
  return v;
}

/** A 64-bit integer argument clamped into the safe JS range, for counts and indexes where that makes no difference. */
export function countArg(s: string, error: ErrorReply = NOT_INTEGER): number | ErrorReply {
  const v = parseLongLong(s);
  if (v === null) return error;
  if (typeof v === 'number') return v;
  return v < 0n ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
}

/**
 * strcasecmp(arg, option) == 0, the option given in upper case. C compares
 * up to a NUL byte, so `LEFT\0junk` is LEFT, as in Redis.
 */
export function isOption(arg: string, upper: string): boolean {
  const n = upper.length;
  if (arg.length === n) return arg.toUpperCase() === upper;
  return arg.length > n && arg.charCodeAt(n) === 0 && arg.slice(0, n).toUpperCase() === upper;
}
