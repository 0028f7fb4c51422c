import { ErrorReply } from '@kv/resp';
import { parseLongDouble } from '../util/long-double.js';
import { parseLongLong } from '../util/integers.js';

const NOT_FLOAT = new ErrorReply('ERR timeout is not a float or out of range');
const NOT_INTEGER = new ErrorReply('ERR timeout is not an integer or out of range');
const NEGATIVE = new ErrorReply('ERR timeout is negative');
const TWO_63 = 2 ** 63;

/**
 * getTimeoutFromObjectOrReply: seconds as a long double (strtold syntax, hex
 * included), or milliseconds as an integer; 0 waits for ever. Redis
 * truncates to whole milliseconds, so 0.0001 is 0 (for ever), and a value
 * too big for a long long wraps negative ("timeout is negative").
 * Returns the wait in ms.
 */
export function parseTimeout(arg: string, unit: 'seconds' | 'ms'): number | ErrorReply {
  let ms: number;
  if (unit === 'seconds') {
    const v = parseLongDouble(arg);
    if (v === null) return NOT_FLOAT;
    if (v === 'inf' || v === '-inf') return NEGATIVE;
    const seconds = Number(v.mant) * 2 ** v.exp;
    const scaled = seconds * 1000;
    if (!(Math.abs(scaled) < TWO_63)) return NEGATIVE;
    ms = Math.trunc(scaled);
  } else {
    const v = parseLongLong(arg);
    if (v === null) return NOT_INTEGER;
    ms = typeof v === 'bigint' ? (v < 0n ? -1 : Number.MAX_SAFE_INTEGER) : v;
  }
  if (ms < 0) return NEGATIVE;
  return ms === 0 ? 0 : ms;
}

/** The absolute deadline for a wait of `ms` from `now` (0 stays 0: for ever); beyond what timers can hold means for ever too. */
export function deadlineOf(ms: number, now: number): number {
  if (ms === 0 || ms > 100 * 365 * 86400_000) return 0;
  return now + ms;
}
