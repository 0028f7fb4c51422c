import {
  AttributeReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply,
  SimpleString, VerbatimReply, type RespValue,
} from '@kv/resp';
import { Failure, type Outcome } from './connection.js';
import type { Rule } from './rules.js';

/** Text as it is when printable, else JSON-escaped, so that a report stays on its lines. */
function printable(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : JSON.stringify(s);
}

/** A reply as one line of text that keeps its RESP type visible: +OK, "bulk", (integer) 1 … */
export function show(v: RespValue): string {
  if (v === null) return '(nil)';
  if (v === NULL_ARRAY) return '(nil array)';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Buffer.isBuffer(v)) return JSON.stringify(v.toString('latin1'));
  if (typeof v === 'number' || typeof v === 'bigint') return `(integer) ${v}`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof SimpleString) return `+${printable(v.value)}`;
  if (v instanceof ErrorReply) return `-${printable(v.message)}`;
  if (v instanceof DoubleReply) return `(double) ${v.value}`;
  if (v instanceof BigNumberReply) return `(big) ${v.value}`;
  if (v instanceof BooleanReply) return `(bool) ${v.value}`;
  if (v instanceof VerbatimReply) return `(verbatim ${v.format}) ${JSON.stringify(v.text)}`;
  if (v instanceof MapReply) return `{${v.entries.map(show).join(', ')}}`;
  if (v instanceof SetReply) return `(set) [${v.items.map(show).join(', ')}]`;
  if (v instanceof PushReply) return `(push) [${v.items.map(show).join(', ')}]`;
  if (v instanceof AttributeReply) return `(attr ${v.attributes.map(show).join(', ')}) ${show(v.value)}`;
  return String(v);
}

function kind(v: RespValue): string {
  if (v === null || v === NULL_ARRAY) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return v.constructor.name;
  return typeof v === 'bigint' ? 'number' : typeof v;
}

/** A reply's type, with the distinct types of an aggregate's elements: `array(array,string)` for SCAN. */
function shape(v: RespValue): string {
  const items = Array.isArray(v) ? v : v instanceof MapReply ? v.entries : v instanceof SetReply ? v.items : undefined;
  return items === undefined ? kind(v) : `${kind(v)}(${[...new Set(items.map(kind))].sort().join(',')})`;
}

function sortedPairs(flat: readonly RespValue[]): string {
  const pairs: string[] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push(`${show(flat[i]!)}: ${show(flat[i + 1] ?? null)}`);
  return pairs.sort().join(', ');
}

/** Sorts the top-level aggregate so its order stops mattering; `pairs` keeps a flat array's pairs together. */
function canonicalUnordered(v: RespValue, pairs: boolean): string {
  if (Array.isArray(v)) return pairs ? `{${sortedPairs(v)}}` : `[${v.map((x) => show(x)).sort().join(', ')}]`;
  if (v instanceof SetReply) return `(set) [${v.items.map((x) => show(x)).sort().join(', ')}]`;
  if (v instanceof MapReply) return `(map) {${sortedPairs(v.entries)}}`;
  return show(v);
}

/** An outcome as one line: the reply (see show) or why none came. */
export function showOutcome(o: Outcome): string {
  return o instanceof Failure ? `<${o.reason}>` : show(o.value);
}

/** Whether the two outcomes agree under the rule. */
export function agree(rule: Rule, a: Outcome, b: Outcome): boolean {
  // Both closing the connection agrees (after QUIT, a protocol error); both falling silent does not.
  if (a instanceof Failure || b instanceof Failure) return a instanceof Failure && b instanceof Failure && a.reason === b.reason && !a.timedOut;
  if (rule.kind === 'exact') return a.raw.equals(b.raw);
  return agreeValues(rule, a.value, b.value);
}

/** Whether two parsed replies agree under a rule looser than byte equality. */
function agreeValues(rule: Exclude<Rule, { kind: 'exact' }>, redis: RespValue, kv: RespValue): boolean {
  switch (rule.kind) {
    case 'unordered':
      return canonicalUnordered(redis, rule.pairs === true) === canonicalUnordered(kv, rule.pairs === true);
    case 'shape':
      return shape(redis) === shape(kv) && (!(redis instanceof ErrorReply) || show(redis) === show(kv));
    case 'tolerance':
      if ((typeof redis === 'number' || typeof redis === 'bigint') && (typeof kv === 'number' || typeof kv === 'bigint')) {
        const d = BigInt(redis) - BigInt(kv);
        return (d < 0n ? -d : d) <= BigInt(rule.within);
      }
      return show(redis) === show(kv);
  }
}
