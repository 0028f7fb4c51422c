import { ErrorReply } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Handler } from '../command-table/types.js';
import { SHARED_INTEGERS, stringEncoding, type Value } from '../keyspace/value.js';
import { parseLongLong } from '../util/integers.js';
import { helpReply } from './help.js';

const LFU_NOT_SELECTED = new ErrorReply(
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
);
const LFU_SELECTED = new ErrorReply(
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
);
/** Redis's refcount for shared objects (OBJ_SHARED_REFCOUNT). */
const SHARED_REFCOUNT = 2147483647;

/** objectCommandLookup: LOOKUP_NOTOUCH|LOOKUP_NONOTIFY, so it counts a hit or miss but a miss is no keymiss event. */
function lookup(client: Client, key: string): Value | undefined {
  return client.db.peekRead(key, false);
}

export function objectEncoding(client: Client, key: string, value: Value): string {
  return typeof value === 'string' ? stringEncoding(value, client.db.stringEncodingOf(key)) : value.encoding();
}

const encoding: Handler = (client, args) => {
  const value = lookup(client, args[2]!);
  return value === undefined ? null : objectEncoding(client, args[2]!, value);
};

const refcount: Handler = (client, args) => {
  const key = args[2]!;
  const value = lookup(client, key);
  if (value === undefined) return null;
  if (typeof value === 'string' && objectEncoding(client, key, value) === 'int' && client.db.stringEncodingOf(key) !== 'int') {
    const n = parseLongLong(value);
    if (typeof n === 'number' && n >= 0 && n < SHARED_INTEGERS) return SHARED_REFCOUNT;
  }
  return 1;
};

// The key's one `lru` field holds an idle time or an access counter, as the policy says; OBJECT reads only the one kept.
const idletime: Handler = (client, args) => {
  const key = args[2]!;
  if (lookup(client, key) === undefined) return null;
  if (client.server.keyspace.lfu) return LFU_SELECTED;
  return client.db.idleSeconds(key);
};

const freq: Handler = (client, args) => {
  const key = args[2]!;
  if (lookup(client, key) === undefined) return null;
  if (!client.server.keyspace.lfu) return LFU_NOT_SELECTED;
  // Decayed as of now, though nothing is stored: the counter only changes on access.
  return client.db.frequency(key);
};

const help: Handler = () =>
  helpReply('OBJECT', [
    'ENCODING <key>',
    '    Return the kind of internal representation used in order to store the value',
    '    associated with a <key>.',
    'FREQ <key>',
    '    Return the access frequency index of the <key>. The returned integer is',
    '    proportional to the logarithm of the recent access frequency of the key.',
    'IDLETIME <key>',
    '    Return the idle time of the <key>, that is the approximated number of',
    '    seconds elapsed since the last access to the key.',
    'REFCOUNT <key>',
    '    Return the number of references of the value associated with the specified',
    '    <key>.',
  ]);

export const OBJECT_HANDLERS: Record<string, Handler> = {
  'object|encoding': encoding,
  'object|refcount': refcount,
  'object|idletime': idletime,
  'object|freq': freq,
  'object|help': help,
};
