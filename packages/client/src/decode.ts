// From the parser's values (@kv/resp RespValue, bulk strings as latin1 JS
// strings or Buffers) to what the typed methods promise. The parser reads
// bytes as latin1, one char per byte, which is already the right string for
// ASCII; only strings with a byte >= 0x80 are decoded again as UTF-8.
import {
  AttributeReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply,
  SimpleString, VerbatimReply, type RespValue,
} from '@kv/resp';
import { ReplyError } from './errors.js';
import type { Reply, ScoredMember } from './types.js';

/** Turns a reply that is not an error into the method's result; `buffers`: bulk strings as Buffers. */
export type Decoder = (v: RespValue, buffers: boolean) => unknown;

const NON_ASCII = /[^\x00-\x7f]/;

/** A latin1 string of bytes as the UTF-8 text it holds. */
export function text(s: string): string {
  const n = s.length;
  if (n < 24) {
    for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.from(s, 'latin1').toString('utf8');
    return s;
  }
  return NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

/** The bytes of a string as the server sees them, as a latin1 string: the form replies name keys and channels in. */
export function bytesKey(a: string | Buffer): string {
  if (typeof a !== 'string') return a.toString('latin1');
  const n = a.length;
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) > 0x7f) return Buffer.from(a, 'utf8').toString('latin1');
  return a;
}

/** A bulk string from the parser as S. */
function bulk(v: string | Buffer, buffers: boolean): string | Buffer {
  if (typeof v === 'string') return buffers ? Buffer.from(v, 'latin1') : text(v);
  return v;
}

/** Every reply type as plain JS values (see `Reply`). Never changes `v`: cached replies are decoded again. */
export function convert(v: RespValue, buffers: boolean): Reply<string | Buffer> {
  if (typeof v === 'string') return buffers ? v : text(v);
  if (typeof v === 'number' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<Reply<string | Buffer>>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = convert(v[i]!, buffers);
    return out;
  }
  if (v instanceof SimpleString) return text(v.value);
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'bigint') return v;
  if (v instanceof ErrorReply) return new ReplyError(text(v.message));
  if (v instanceof MapReply) return toMap(v.entries, buffers, convert);
  if (v instanceof DoubleReply) return v.value;
  if (v instanceof SetReply || v instanceof PushReply) return convert(v.items, buffers);
  if (v instanceof BooleanReply) return v.value;
  if (v instanceof BigNumberReply) return v.value;
  if (v instanceof VerbatimReply) return bulk(v.text, buffers);
  if (v instanceof AttributeReply) return convert(v.value, buffers);
  if (v === NULL_ARRAY) return null;
  throw new TypeError('unknown reply value');
}

function toMap<V>(flat: RespValue[], buffers: boolean, value: (v: RespValue, buffers: boolean) => V): Map<Reply<string | Buffer>, V> {
  const m = new Map<Reply<string | Buffer>, V>();
  for (let i = 0; i + 1 < flat.length; i += 2) m.set(convert(flat[i]!, buffers), value(flat[i + 1]!, buffers));
  return m;
}

/** A map reply (RESP3) or the flat array RESP2 sends for it, as a Map. */
export function decodeMap(v: RespValue, buffers: boolean): Map<Reply<string | Buffer>, Reply<string | Buffer>> {
  if (v instanceof MapReply) return toMap(v.entries, buffers, convert);
  if (Array.isArray(v)) return toMap(v, buffers, convert);
  if (v === null || v === NULL_ARRAY) return new Map();
  throw new TypeError('expected a map reply');
}

/** A double: RESP3 sends `,`, RESP2 a bulk string; nil stays null. */
export function decodeDouble(v: RespValue): number | null {
  if (v instanceof DoubleReply) return v.value;
  if (v === null || v === NULL_ARRAY) return null;
  if (typeof v === 'number') return v;
  const s = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : undefined;
  if (s === undefined) throw new TypeError('expected a double reply');
  return parseDouble(s);
}

/** A double as Redis prints it: also 'inf', '-inf', 'nan'. */
export function parseDouble(s: string): number {
  switch (s) {
    case 'inf': case '+inf': return Infinity;
    case '-inf': return -Infinity;
    case 'nan': case '-nan': return NaN;
    default: return Number(s);
  }
}

export function decodeDoubles(v: RespValue): (number | null)[] {
  if (!Array.isArray(v)) throw new TypeError('expected an array reply');
  return v.map(decodeDouble);
}

/** A status reply ('OK', 'QUEUED', a type name …) as a string. */
export function decodeStatus(v: RespValue, buffers: boolean): unknown {
  return v instanceof SimpleString ? v.value : convert(v, buffers);
}

/** SCAN and friends: [cursor, items]; the cursor as a string whatever `buffers` says. */
export function decodeScan(v: RespValue, buffers: boolean): [string, Reply<string | Buffer>[]] {
  if (!Array.isArray(v) || v.length !== 2 || !Array.isArray(v[1])) throw new TypeError('expected a SCAN reply');
  const c = v[0]!;
  return [typeof c === 'string' ? c : Buffer.isBuffer(c) ? c.toString('latin1') : String(c), convert(v[1], buffers) as Reply<string | Buffer>[]];
}

/** Members with scores: RESP2's flat [m, s, m, s …] or RESP3's [[m, s] …]. */
export function decodeScored(v: RespValue, buffers: boolean): ScoredMember<string | Buffer>[] {
  if (v === null || v === NULL_ARRAY) return [];
  if (!Array.isArray(v)) throw new TypeError('expected an array of members with scores');
  const out: ScoredMember<string | Buffer>[] = [];
  if (v.length > 0 && Array.isArray(v[0])) {
    for (const pair of v as RespValue[][]) out.push({ value: bulk(pair[0] as string | Buffer, buffers), score: decodeDouble(pair[1]!)! });
  } else {
    for (let i = 0; i + 1 < v.length; i += 2) out.push({ value: bulk(v[i] as string | Buffer, buffers), score: decodeDouble(v[i + 1]!)! });
  }
  return out;
}

/** A reply error as a ReplyError. */
export function replyError(e: ErrorReply, command?: string): ReplyError {
  return new ReplyError(text(e.message), command);
}
