export { RespConnection, type ConnectOptions } from './connection.js';
export { Client, type ClientOptions, type ClientEvents, type ReconnectOptions, type MonitorHandle } from './client.js';
export { Pipeline, Multi } from './batch.js';
export { ReplyError, ConnectionError, TimeoutError, AbortError, WatchError, BatchError } from './errors.js';
export type { Key, Arg, Int, Num, Reply, ScoredMember, HashInput } from './types.js';
export type { SetOptions, ZAddOptions, ZRangeOptions, ZMember, ClientCommands, CommandSignatures, CommandName } from './commands.js';
export type { GeneratedCommands } from './commands.generated.js';
export type { MessageListener, PatternListener } from './pubsub.js';
export type { CacheOptions, CacheStats } from './cache.js';
export type { ReconnectStrategy } from './session.js';

import { Client, type ClientOptions } from './client.js';

/** A client, not connected yet: call `connect()`, or use `Client.connect(options)`. */
export function createClient(options: ClientOptions & { buffers: true }): Client<Buffer>;
export function createClient(options?: ClientOptions): Client<string>;
export function createClient(options: ClientOptions = {}): Client<string | Buffer> {
  return new Client<string | Buffer>(options);
}
