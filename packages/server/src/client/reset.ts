import type { Client } from './client.js';
import { discardTransaction } from '../commands/transaction.js';

/**
 * RESET (Redis's clearClientConnectionState): the connection forgets its
 * transaction, watches, subscriptions, tracking and reply mode, as if new.
 */
export function resetConnectionState(client: Client): void {
  discardTransaction(client);
  if (client.inPubSubMode) client.server.pubsub.removeClient(client);
  if (client.tracking !== undefined) client.server.tracking.disable(client);
  client.replyMode = 'on';
  if (client.monitor) {
    client.server.monitors.remove(client);
    client.monitor = false;
  }
  client.noEvict = false;
}
