import { ErrorReply } from '@kv/resp';
import { globMatch } from '@kv/structures';
import type { Handler } from '../command-table/types.js';
import { SYNTAX_ERROR } from '../errors.js';
import { cstr } from '../util/c-string.js';
import { typeOf } from '../keyspace/value.js';
import { countArg, isOption } from './args.js';
import { clearErrno, setErrnoRange } from '../util/c-errno.js';

export const INVALID_CURSOR = new ErrorReply('ERR invalid cursor');
const ULONG_MAX = 18446744073709551615n;

/** The cursor as strtoul reads it (optional sign, wraps negatives), or null where Redis says invalid. */
export function parseCursor(arg: string): bigint | null {
  // strtoul reads the C string: up to the first NUL.
  const s = cstr(arg);
  clearErrno(); // parseScanCursorOrReply sets errno = 0 before strtoul
  if (s === '') return 0n;
  const m = /^([+-]?)(\d+)$/.exec(s);
  if (m === null) return null;
  let v = BigInt(m[2]!);
  if (v > ULONG_MAX) {
    setErrnoRange();
    return null;
  }
  if (m[1] === '-' && v !== 0n) v = ULONG_MAX + 1n - v;
  return v;
}

/** SCAN options shared by SCAN and (later) HSCAN/SSCAN/ZSCAN. */
export interface ScanOptions {
  count: number;
  pattern: string | undefined;
  type: string | undefined;
}

export function parseScanOptions(args: string[], first: number, allowType: boolean): ScanOptions | ErrorReply {
  const opts: ScanOptions = { count: 10, pattern: undefined, type: undefined };
  for (let i = first; i < args.length; i += 2) {
    const more = args.length - i - 1;
    const opt = args[i]!;
    if (isOption(opt, 'COUNT') && more >= 1) {
      const n = countArg(args[i + 1]!);
      if (n instanceof ErrorReply) return n;
      if (n < 1) return SYNTAX_ERROR;
      opts.count = n;
    } else if (isOption(opt, 'MATCH') && more >= 1) {
      opts.pattern = args[i + 1]!;
    } else if (allowType && isOption(opt, 'TYPE') && more >= 1) {
      opts.type = args[i + 1]!;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return opts;
}

const scan: Handler = (client, args) => {
  const cursorArg = parseCursor(args[1]!);
  if (cursorArg === null) return INVALID_CURSOR;
  const opts = parseScanOptions(args, 2, true);
  if (opts instanceof ErrorReply) return opts;
  const db = client.db;
  const found: string[] = [];
  // As scanGenericCommand: visit buckets until `count` keys or 10*count buckets.
  let cursor = db.keys.scanCursorFromUser(cursorArg);
  let budget = opts.count * 10;
  do {
    cursor = db.keys.scanStep(cursor, (key) => found.push(key));
  } while (cursor !== 0 && budget-- > 0 && found.length < opts.count);

  const pattern = opts.pattern;
  const matchAll = pattern === undefined || pattern === '*';
  const keys: string[] = [];
  for (const key of found) {
    if (!matchAll && !globMatch(pattern, key)) continue;
    if (opts.type !== undefined) {
      // The type is looked up first (lookupKeyReadWithFlags with LOOKUP_NOTOUCH): that expires a
      // due key (a keymiss event then) and counts a hit or miss. A key gone so is of type "none",
      // and the expiry check after it finds nothing left to expire.
      const value = db.peekRead(key);
      if (value === undefined) {
        if (opts.type.toLowerCase() !== 'none') continue;
      } else if (typeOf(value) !== opts.type.toLowerCase()) continue;
    } else if (db.expireIfNeeded(key)) continue; // Filtering expired keys deletes them, as expireIfNeeded does in Redis.
    keys.push(key);
  }
  return [String(cursor), keys];
};

export const SCAN_HANDLERS: Record<string, Handler> = { scan };
