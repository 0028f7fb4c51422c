// A reply as redis-cli (hiredis) sees it. Unlike @kv/resp's values, numbers
// keep the text the server sent: redis-cli prints `(double) <text>` verbatim,
// and Redis sends some doubles in its own layout (GEOPOS's "%.17Lf"), which a
// round trip through a JS number would change. Strings are bytes, held as
// latin1 strings (one char per byte): compact, and binary-safe.

export type Reply =
  | { readonly type: 'status'; readonly text: string }
  | { readonly type: 'error'; readonly text: string }
  | { readonly type: 'integer'; readonly text: string }
  | { readonly type: 'double'; readonly text: string }
  | { readonly type: 'bignum'; readonly text: string }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'verbatim'; readonly format: string; readonly value: string }
  | { readonly type: 'nil' }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: AggregateType; readonly items: Reply[] };

/** `map` items are flat: key, value, key, value … */
export type AggregateType = 'array' | 'set' | 'map' | 'push';

export function isAggregate(r: Reply): r is { type: AggregateType; items: Reply[] } {
  return r.type === 'array' || r.type === 'set' || r.type === 'map' || r.type === 'push';
}

/** The text of a string-like reply (bulk, status, error, verbatim), latin1 so that bytes survive; undefined otherwise. */
export function replyText(r: Reply): string | undefined {
  switch (r.type) {
    case 'string':
    case 'verbatim':
      return r.value;
    case 'status':
    case 'error':
      return r.text;
    case 'integer':
    case 'double':
    case 'bignum':
      return r.text;
    default:
      return undefined;
  }
}

/** The integer value of an integer reply, or undefined. */
export function replyInteger(r: Reply): number | undefined {
  return r.type === 'integer' ? Number(r.text) : undefined;
}

/** The items of an aggregate reply, or undefined. */
export function replyItems(r: Reply): Reply[] | undefined {
  return isAggregate(r) ? r.items : undefined;
}

export function errorReply(message: string): Reply {
  return { type: 'error', text: message };
}
