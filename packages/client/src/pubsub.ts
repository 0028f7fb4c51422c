// Which channels, patterns and shard channels the client is subscribed to and
// who listens to each, so that messages reach their listeners and a new
// connection can subscribe to all of them again.
import type { RespValue } from '@kv/resp';
import { bytesKey, text } from './decode.js';
import type { Key } from './types.js';

export type MessageListener<S = string> = (message: S, channel: S) => void;
export type PatternListener<S = string> = (message: S, channel: S, pattern: S) => void;

export type SubscriptionKind = 'subscribe' | 'psubscribe' | 'ssubscribe';

interface Entry {
  /** The name as first given (sent again on resubscription). */
  readonly name: Key;
  readonly listeners: Set<(...args: never[]) => void>;
}

export class Subscriptions {
  private readonly kinds: Record<SubscriptionKind, Map<string, Entry>> = {
    subscribe: new Map(),
    psubscribe: new Map(),
    ssubscribe: new Map(),
  };

  constructor(
    private readonly buffers: boolean,
    /** A listener threw: reported here so that the replies after the message are still read. */
    private readonly onListenerError: (err: unknown) => void,
  ) {}

  get size(): number {
    return this.kinds.subscribe.size + this.kinds.psubscribe.size + this.kinds.ssubscribe.size;
  }

  /** Adds a listener; returns the names the server is not subscribed to yet. */
  add(kind: SubscriptionKind, names: readonly Key[], listener: (...args: never[]) => void): Key[] {
    const map = this.kinds[kind];
    const fresh: Key[] = [];
    for (const name of names) {
      const id = bytesKey(name);
      let e = map.get(id);
      if (e === undefined) {
        e = { name, listeners: new Set() };
        map.set(id, e);
        fresh.push(name);
      }
      e.listeners.add(listener);
    }
    return fresh;
  }

  /**
   * Removes `listener` (or every listener) from the names (or from all);
   * returns the names nobody listens to any more, to unsubscribe from.
   */
  remove(kind: SubscriptionKind, names: readonly Key[] | undefined, listener?: (...args: never[]) => void): Key[] {
    const map = this.kinds[kind];
    const ids = names === undefined ? [...map.keys()] : names.map(bytesKey);
    const gone: Key[] = [];
    for (const id of ids) {
      const e = map.get(id);
      if (e === undefined) continue;
      if (listener === undefined) e.listeners.clear();
      else e.listeners.delete(listener);
      if (e.listeners.size === 0) {
        map.delete(id);
        gone.push(e.name);
      }
    }
    return gone;
  }

  /** Every name of a kind, to subscribe again on a new connection. */
  names(kind: SubscriptionKind): Key[] {
    return [...this.kinds[kind].values()].map((e) => e.name);
  }

  clear(): void {
    for (const m of Object.values(this.kinds)) m.clear();
  }

  /** Delivers a message push ([message, channel, payload] …); false if it is not one. */
  dispatch(items: RespValue[]): boolean {
    const kind = typeof items[0] === 'string' ? items[0] : Buffer.isBuffer(items[0]) ? items[0].toString('latin1') : '';
    switch (kind.toLowerCase()) {
      case 'message':
        this.deliver('subscribe', items[1]!, [items[2]!, items[1]!]);
        return true;
      case 'smessage':
        this.deliver('ssubscribe', items[1]!, [items[2]!, items[1]!]);
        return true;
      case 'pmessage':
        this.deliver('psubscribe', items[1]!, [items[3]!, items[2]!, items[1]!]);
        return true;
      default:
        return false;
    }
  }

  private deliver(kind: SubscriptionKind, name: RespValue, args: RespValue[]): void {
    const id = typeof name === 'string' ? name : Buffer.isBuffer(name) ? name.toString('latin1') : String(name);
    const e = this.kinds[kind].get(id);
    if (e === undefined) return;
    const values = args.map((a) => this.value(a));
    for (const l of [...e.listeners]) {
      try {
        (l as (...a: unknown[]) => void)(...values);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  private value(v: RespValue): string | Buffer {
    if (Buffer.isBuffer(v)) return v;
    const s = typeof v === 'string' ? v : String(v);
    return this.buffers ? Buffer.from(s, 'latin1') : text(s);
  }
}
