import { PushReply, type RespValue } from '@kv/resp';
import type { Client } from '../client/client.js';
import { NO_REPLY, type Handler } from '../command-table/types.js';
import { helpReply } from './help.js';

// Subscribing commands reply once per channel, each reply a push (RESP3) or
// an array (RESP2) of kind, name and the client's count of subscriptions.

type Kind = 'channels' | 'patterns' | 'shardChannels';

function confirm(client: Client, verb: string, name: string | null, kind: Kind): void {
  const count = kind === 'shardChannels' ? client.subscriptions.shardChannels.size : client.subscriptionCount;
  client.push(new PushReply([verb, name, count]));
}

function subscribeGeneric(kind: Kind, verb: string): Handler {
  return (client, args) => {
    const hub = client.server.pubsub;
    for (let i = 1; i < args.length; i++) {
      hub.subscribe(client, kind, args[i]!);
      confirm(client, verb, args[i]!, kind);
    }
    return NO_REPLY;
  };
}

function unsubscribeGeneric(kind: Kind, verb: string): Handler {
  return (client, args) => {
    const hub = client.server.pubsub;
    if (args.length === 1) {
      const names = [...client.subscriptions[kind]];
      if (names.length === 0) confirm(client, verb, null, kind);
      for (const name of names) {
        hub.unsubscribe(client, kind, name);
        confirm(client, verb, name, kind);
      }
      return NO_REPLY;
    }
    for (let i = 1; i < args.length; i++) {
      hub.unsubscribe(client, kind, args[i]!);
      confirm(client, verb, args[i]!, kind);
    }
    return NO_REPLY;
  };
}

/** RESET and closing: leave everything without replying. */
export function unsubscribeAll(client: Client): void {
  if (client.inPubSubMode) client.server.pubsub.removeClient(client);
}

const publish: Handler = (client, args) => client.server.pubsub.publish(args[1]!, args[2]!);
const spublish: Handler = (client, args) => client.server.pubsub.publishShard(args[1]!, args[2]!);

const pubsubChannels: Handler = (client, args) => client.server.pubsub.channelNames(args[2], false);
const pubsubShardChannels: Handler = (client, args) => client.server.pubsub.channelNames(args[2], true);

function numsub(shard: boolean): Handler {
  return (client, args) => {
    const out: RespValue[] = [];
    for (let i = 2; i < args.length; i++) out.push(args[i]!, client.server.pubsub.subscriberCount(args[i]!, shard));
    return out;
  };
}

const pubsubNumpat: Handler = (client) => client.server.pubsub.patternCount;

const pubsubHelp: Handler = () =>
  helpReply('PUBSUB', [
    'CHANNELS [<pattern>]',
    "    Return the currently active channels matching a <pattern> (default: '*').",
    'NUMPAT',
    '    Return number of subscriptions to patterns.',
    'NUMSUB [<channel> ...]',
    '    Return the number of subscribers for the specified channels, excluding',
    '    pattern subscriptions(default: no channels).',
    'SHARDCHANNELS [<pattern>]',
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    'SHARDNUMSUB [<shardchannel> ...]',
    '    Return the number of subscribers for the specified shard level channel(s)',
  ]);

export const PUBSUB_HANDLERS: Record<string, Handler> = {
  subscribe: subscribeGeneric('channels', 'subscribe'),
  unsubscribe: unsubscribeGeneric('channels', 'unsubscribe'),
  psubscribe: subscribeGeneric('patterns', 'psubscribe'),
  punsubscribe: unsubscribeGeneric('patterns', 'punsubscribe'),
  ssubscribe: subscribeGeneric('shardChannels', 'ssubscribe'),
  sunsubscribe: unsubscribeGeneric('shardChannels', 'sunsubscribe'),
  publish,
  spublish,
  'pubsub|channels': pubsubChannels,
  'pubsub|numsub': numsub(false),
  'pubsub|numpat': pubsubNumpat,
  'pubsub|shardchannels': pubsubShardChannels,
  'pubsub|shardnumsub': numsub(true),
  'pubsub|help': pubsubHelp,
};
