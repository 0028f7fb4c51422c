import type { RespConnection } from '@kv/client';
import {
  BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, SetReply, SimpleString, type RespValue,
} from '@kv/resp';

// Tables of [command line, reply] for tests whose expected replies were
// recorded from a real Redis 7.0.15: `recordTable` prints a table from a
// live server, `replay` checks a server against one.

/** A reply as one line of text that keeps its type: +simple, -error, :integer, "bulk", nil, [array], {map}. */
export function show(v: RespValue): string {
  if (v === null) return 'nil';
  if (v === NULL_ARRAY) return 'nil-array';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Buffer.isBuffer(v)) return JSON.stringify(v.toString('latin1'));
  if (typeof v === 'number' || typeof v === 'bigint') return `:${v}`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof SimpleString) return `+${v.value}`;
  if (v instanceof ErrorReply) return `-${v.message}`;
  if (v instanceof MapReply) return `{${v.entries.map(show).join(', ')}}`;
  if (v instanceof SetReply) return `~[${v.items.map(show).join(', ')}]`;
  if (v instanceof DoubleReply) return `,${v.value}`;
  if (v instanceof BooleanReply) return `#${v.value}`;
  if (v instanceof BigNumberReply) return `(${v.value}`;
  return `?${String(v)}`;
}

/** Splits a line as redis-cli would: spaces separate, "…" quotes with \xHH, \n, \r, \0 escapes. */
export function split(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let cur = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\') {
          const c = line[++i]!;
          if (c === 'x') {
            cur += String.fromCharCode(parseInt(line.slice(i + 1, i + 3), 16));
            i += 3;
            continue;
          }
          cur += c === 'n' ? '\n' : c === 'r' ? '\r' : c === '0' ? '\0' : c;
          i++;
          continue;
        }
        cur += line[i++];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== ' ') cur += line[i++];
    }
    out.push(cur);
  }
  return out;
}

export type ReplyTable = readonly (readonly [string, string])[];

/** Runs each line on the connection and returns the rows with the replies it got. */
export async function recordTable(conn: RespConnection, lines: readonly string[]): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  for (const line of lines) rows.push([line, show(await conn.call(...split(line)))]);
  return rows;
}

/**
 * Runs a table on the connection: `line => reply` for what came back and for
 * what the table expects, to compare as two lists. Rows `@resp3` and `@resp2`
 * switch the protocol (HELLO, reply not compared).
 */
export async function replay(conn: RespConnection, table: ReplyTable): Promise<{ got: string[]; want: string[] }> {
  const got: string[] = [], want: string[] = [];
  for (const [line, expected] of table) {
    if (line === '@resp3' || line === '@resp2') {
      await conn.call('HELLO', line.slice(5));
      continue;
    }
    got.push(`${line} => ${show(await conn.call(...split(line)))}`);
    want.push(`${line} => ${expected}`);
  }
  return { got, want };
}
