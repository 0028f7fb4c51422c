import type { Client } from '../client/client.js';
import type { Database } from '../keyspace/database.js';
import type { Keyspace, KeyspaceListener } from '../keyspace/keyspace.js';

/** One WATCHed key of a client. */
export interface WatchedKey {
  readonly db: Database;
  readonly key: string;
  /** The key was there but already past its TTL at WATCH time: its removal is no change (Redis 7.0's wk->expired). */
  expired: boolean;
}

/**
 * Redis's db->watched_keys: who watches which key. A change to a watched key
 * (the keyspace's one door tells us) marks its watchers dirty, so their EXEC
 * fails; once dirty a client stops watching anything, as in Redis.
 */
export class WatchRegistry implements KeyspaceListener {
  private readonly byDb = new Map<Database, Map<string, Set<Client>>>();

  constructor(private readonly keyspace: Keyspace) {
    keyspace.addListener(this);
  }

  watch(client: Client, db: Database, key: string): void {
    for (const w of client.watched) if (w.db === db && w.key === key) return;
    // Present in the table but logically gone: Redis remembers it was expired already.
    const expired = isPastTtl(db, key, this.keyspace.now);
    client.watched.push({ db, key, expired });
    let keys = this.byDb.get(db);
    if (keys === undefined) this.byDb.set(db, (keys = new Map()));
    let clients = keys.get(key);
    if (clients === undefined) keys.set(key, (clients = new Set()));
    clients.add(client);
  }

  unwatchAll(client: Client): void {
    for (const w of client.watched) {
      const keys = this.byDb.get(w.db);
      const clients = keys?.get(w.key);
      if (clients === undefined) continue;
      clients.delete(client);
      if (clients.size === 0) {
        keys!.delete(w.key);
        if (keys!.size === 0) this.byDb.delete(w.db);
      }
    }
    client.watched.length = 0;
  }

  /** EXEC: a watched key that has expired since WATCH (without being touched) fails the transaction too. */
  anyExpired(client: Client): boolean {
    const now = this.keyspace.now;
    for (const w of client.watched) if (!w.expired && isPastTtl(w.db, w.key, now)) return true;
    return false;
  }

  keyModified(db: Database, key: string): void {
    if (this.byDb.size === 0) return;
    const clients = this.byDb.get(db)?.get(key);
    if (clients === undefined) return;
    for (const c of [...clients]) {
      const w = c.watched.find((x) => x.db === db && x.key === key);
      if (w !== undefined && w.expired) {
        // An expired key being deleted is logically no change; after that it is an ordinary absent key.
        if (!db.values.has(key)) {
          w.expired = false;
          continue;
        }
      }
      c.dirtyCas = true;
      this.unwatchAll(c);
    }
  }

  databaseFlushed(db: Database, hadKey: (key: string) => boolean): void {
    const keys = this.byDb.get(db);
    if (keys === undefined) return;
    for (const [key, clients] of [...keys]) {
      if (!hadKey(key)) continue;
      for (const c of [...clients]) {
        c.dirtyCas = true;
        this.unwatchAll(c);
      }
    }
  }
}

function isPastTtl(db: Database, key: string, now: number): boolean {
  if (!db.values.has(key)) return false;
  const at = db.expires.get(key);
  return at !== undefined && at <= now;
}
