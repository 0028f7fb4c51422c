import type { Client } from '../client/client.js';
import type { KvServer } from '../kv-server.js';
import { NOTIFY_KEY_MISS, NOTIFY_KEYEVENT, NOTIFY_KEYSPACE, NOTIFY_NEW, parseKeyspaceEvents } from './flags.js';

export {
  NOTIFY_EVICTED, NOTIFY_EXPIRED, NOTIFY_GENERIC, NOTIFY_HASH, NOTIFY_KEY_MISS, NOTIFY_LIST, NOTIFY_NEW, NOTIFY_SET,
  NOTIFY_STREAM, NOTIFY_STRING, NOTIFY_ZSET,
} from './flags.js';

// Keyspace notifications (notify.c). Handlers call notifyKeyspaceEvent after
// their change, with the event name and class Redis uses for that command;
// expiry, eviction, key misses and new keys come from the keyspace's hooks.
// While notify-keyspace-events is empty every call ends at one integer test.

/**
 * notifyKeyspaceEvent: when `type`'s class is on, publishes `event` on
 * __keyspace@<db>__:<key> (K) and `key` on __keyevent@<db>__:<event> (E),
 * through the pub/sub hub, in that order.
 */
export function notifyKeyspaceEvent(server: KvServer, type: number, event: string, key: string, dbid: number): void {
  const flags = server.keyspaceEvents;
  if ((flags & type) === 0) return;
  // Channel names are built only here, once the class is known to be wanted.
  if (flags & NOTIFY_KEYSPACE) server.pubsub.publish(`__keyspace@${dbid}__:${key}`, event);
  if (flags & NOTIFY_KEYEVENT) server.pubsub.publish(`__keyevent@${dbid}__:${event}`, key);
}

/** notifyKeyspaceEvent for a key of the client's selected database: what almost every handler needs. */
export function notify(client: Client, type: number, event: string, key: string): void {
  const server = client.server;
  if ((server.keyspaceEvents & type) === 0) return;
  notifyKeyspaceEvent(server, type, event, key, client.db.id);
}

/**
 * Keeps server.keyspaceEvents in step with notify-keyspace-events, and hooks
 * the keyspace's lookups for the `m` (keymiss) and `n` (new) classes only
 * while they are on, so reads and writes pay nothing for them otherwise.
 */
export function followKeyspaceEventsConfig(server: KvServer): void {
  const apply = (value: string): void => {
    const flags = parseKeyspaceEvents(value) ?? 0;
    server.keyspaceEvents = flags;
    const ks = server.keyspace;
    ks.onKeyMiss = flags & NOTIFY_KEY_MISS
      ? (db, key) => notifyKeyspaceEvent(server, NOTIFY_KEY_MISS, 'keymiss', key, db.id)
      : undefined;
    ks.onNewKey = flags & NOTIFY_NEW ? (db, key) => notifyKeyspaceEvent(server, NOTIFY_NEW, 'new', key, db.id) : undefined;
  };
  apply(server.config.get('notify-keyspace-events'));
  server.config.onChange('notify-keyspace-events', apply);
}
