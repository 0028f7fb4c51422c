// The classes of notify-keyspace-events, as Redis's server.h numbers them,
// and the two spellings of notify.c: keyspaceEventsStringToFlags and
// keyspaceEventsFlagsToString. Pure: the config module uses it as well.

/** K: publish on __keyspace@<db>__:<key>, the event as message. */
export const NOTIFY_KEYSPACE = 1 << 0;
/** E: publish on __keyevent@<db>__:<event>, the key as message. */
export const NOTIFY_KEYEVENT = 1 << 1;
/** g: DEL, EXPIRE, RENAME … (commands of no one type). */
export const NOTIFY_GENERIC = 1 << 2;
/** $: string commands. */
export const NOTIFY_STRING = 1 << 3;
/** l: list commands. */
export const NOTIFY_LIST = 1 << 4;
/** s: set commands. */
export const NOTIFY_SET = 1 << 5;
/** h: hash commands. */
export const NOTIFY_HASH = 1 << 6;
/** z: sorted set commands. */
export const NOTIFY_ZSET = 1 << 7;
/** x: a key expired (lazily or by the active cycle). */
export const NOTIFY_EXPIRED = 1 << 8;
/** e: maxmemory evicted a key. */
export const NOTIFY_EVICTED = 1 << 9;
/** t: stream commands. */
export const NOTIFY_STREAM = 1 << 10;
/** m: a read found no key (lookupKey); not part of A. */
export const NOTIFY_KEY_MISS = 1 << 11;
/** Modules only (a key loaded from RDB); no letter. */
export const NOTIFY_LOADED = 1 << 12;
/** d: module key types. */
export const NOTIFY_MODULE = 1 << 13;
/** n: a key was created (dbAdd); not part of A. */
export const NOTIFY_NEW = 1 << 14;
/** A: every class but m and n (g$lshzxetd). */
export const NOTIFY_ALL =
  NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET | NOTIFY_EXPIRED | NOTIFY_EVICTED |
  NOTIFY_STREAM | NOTIFY_MODULE;

/** The reason CONFIG SET gives for a letter that is no class. */
export const INVALID_EVENT_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

const LETTERS: Readonly<Record<string, number>> = {
  A: NOTIFY_ALL,
  g: NOTIFY_GENERIC,
  $: NOTIFY_STRING,
  l: NOTIFY_LIST,
  s: NOTIFY_SET,
  h: NOTIFY_HASH,
  z: NOTIFY_ZSET,
  x: NOTIFY_EXPIRED,
  e: NOTIFY_EVICTED,
  K: NOTIFY_KEYSPACE,
  E: NOTIFY_KEYEVENT,
  t: NOTIFY_STREAM,
  m: NOTIFY_KEY_MISS,
  d: NOTIFY_MODULE,
  n: NOTIFY_NEW,
};

/** keyspaceEventsStringToFlags: the classes of a string of letters, or null if one is not a class (case matters). */
export function parseKeyspaceEvents(classes: string): number | null {
  let flags = 0;
  for (const c of classes) {
    const f = LETTERS[c];
    if (f === undefined) return null;
    flags |= f;
  }
  return flags;
}

/**
 * keyspaceEventsFlagsToString, what CONFIG GET shows: A when every class of
 * A is on, else the classes one by one, then K, E and m. As in Redis, `n`
 * is shown only without A, so "KEAn" reads back as "AKE" though new-key
 * events stay on.
 */
export function formatKeyspaceEvents(flags: number): string {
  let out = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) out += 'A';
  else {
    if (flags & NOTIFY_GENERIC) out += 'g';
    if (flags & NOTIFY_STRING) out += '$';
    if (flags & NOTIFY_LIST) out += 'l';
    if (flags & NOTIFY_SET) out += 's';
    if (flags & NOTIFY_HASH) out += 'h';
    if (flags & NOTIFY_ZSET) out += 'z';
    if (flags & NOTIFY_EXPIRED) out += 'x';
    if (flags & NOTIFY_EVICTED) out += 'e';
    if (flags & NOTIFY_STREAM) out += 't';
    if (flags & NOTIFY_MODULE) out += 'd';
    if (flags & NOTIFY_NEW) out += 'n';
  }
  if (flags & NOTIFY_KEYSPACE) out += 'K';
  if (flags & NOTIFY_KEYEVENT) out += 'E';
  if (flags & NOTIFY_KEY_MISS) out += 'm';
  return out;
}

/**
 * The value the config keeps: Redis's spelling, plus the `n` it hides after
 * A, so that the value read back gives the same classes. CONFIG GET shows
 * formatKeyspaceEvents of it.
 */
export function storedKeyspaceEvents(flags: number): string {
  const shown = formatKeyspaceEvents(flags);
  return (flags & NOTIFY_ALL) === NOTIFY_ALL && flags & NOTIFY_NEW ? `${shown}n` : shown;
}
