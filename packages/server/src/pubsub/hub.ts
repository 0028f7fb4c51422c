import { PushReply, encodeReply } from '@kv/resp';
import { globMatch } from '@kv/structures';
import type { Client } from '../client/client.js';

/** A client's subscriptions, kept on the client so it can leave them all when it goes. */
export interface Subscriptions {
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  readonly shardChannels: Set<string>;
}

export function newSubscriptions(): Subscriptions {
  return { channels: new Set(), patterns: new Set(), shardChannels: new Set() };
}

type Kind = 'channels' | 'patterns' | 'shardChannels';

/**
 * Who listens to what (Redis's pubsub_channels, pubsub_patterns and
 * pubsub_shard_channels). Subscribers of a name are kept in subscription
 * order, which is the order Redis delivers in.
 */
export class PubSubHub {
  private readonly channels = new Map<string, Set<Client>>();
  private readonly patterns = new Map<string, Set<Client>>();
  private readonly shardChannels = new Map<string, Set<Client>>();

  /** Adds the subscription; false if the client had it already. */
  subscribe(client: Client, kind: Kind, name: string): boolean {
    const mine = client.subscriptions[kind];
    if (mine.has(name)) return false;
    mine.add(name);
    const table = this[kind];
    let set = table.get(name);
    if (set === undefined) table.set(name, (set = new Set()));
    set.add(client);
    return true;
  }

  /** Removes the subscription; false if the client did not have it. */
  unsubscribe(client: Client, kind: Kind, name: string): boolean {
    const mine = client.subscriptions[kind];
    if (!mine.delete(name)) return false;
    const table = this[kind];
    const set = table.get(name);
    if (set !== undefined) {
      set.delete(client);
      if (set.size === 0) table.delete(name);
    }
    return true;
  }

  /** A closing client leaves everything. */
  removeClient(client: Client): void {
    const s = client.subscriptions;
    for (const kind of ['channels', 'patterns', 'shardChannels'] as const) {
      for (const name of [...s[kind]]) this.unsubscribe(client, kind, name);
    }
  }

  /** PUBLISH: delivers to the channel's subscribers, then to every matching pattern's; returns how many got it. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const direct = this.channels.get(channel);
    if (direct !== undefined) {
      receivers += deliver(direct, new PushReply(['message', channel, message]));
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        receivers += deliver(clients, new PushReply(['pmessage', pattern, channel, message]));
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channels have no patterns. */
  publishShard(channel: string, message: string): number {
    const clients = this.shardChannels.get(channel);
    if (clients === undefined) return 0;
    return deliver(clients, new PushReply(['smessage', channel, message]));
  }

  /** True when someone listens to the channel, directly or by a pattern (cheap test before building a message). */
  hasListeners(channel: string): boolean {
    if (this.channels.has(channel)) return true;
    if (this.patterns.size === 0) return false;
    for (const pattern of this.patterns.keys()) if (globMatch(pattern, channel)) return true;
    return false;
  }

  channelNames(pattern: string | undefined, shard: boolean): string[] {
    const names = [...(shard ? this.shardChannels : this.channels).keys()];
    return pattern === undefined ? names : names.filter((n) => globMatch(pattern, n));
  }

  subscriberCount(channel: string, shard: boolean): number {
    return (shard ? this.shardChannels : this.channels).get(channel)?.size ?? 0;
  }

  /** Distinct patterns subscribed by anyone (PUBSUB NUMPAT). */
  get patternCount(): number {
    return this.patterns.size;
  }

  get channelCount(): number {
    return this.channels.size;
  }
}

/** Sends one message to many clients, encoded once per protocol rather than once per subscriber. */
function deliver(clients: Iterable<Client>, message: PushReply): number {
  let resp2: Buffer | undefined;
  let resp3: Buffer | undefined;
  let n = 0;
  for (const c of clients) {
    const bytes = c.protocol === 2 ? (resp2 ??= encodeReply(message, 2)) : (resp3 ??= encodeReply(message, 3));
    c.pushRaw(bytes);
    n++;
  }
  return n;
}
