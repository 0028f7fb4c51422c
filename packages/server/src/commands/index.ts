import type { Handler } from '../command-table/types.js';
import { ACL_HANDLERS } from './acl.js';
import { BITMAP_HANDLERS } from './bitmap.js';
import { BLOCKING_HANDLERS } from './blocking.js';
import { CLIENT_HANDLERS } from './client.js';
import { CLIENT_CONTROL_HANDLERS } from './client-control.js';
import { COMMAND_HANDLERS } from './command.js';
import { CONFIG_HANDLERS } from './config.js';
import { DEBUG_HANDLERS } from './debug.js';
import { LATENCY_HANDLERS } from './latency.js';
import { LOLWUT_HANDLERS } from './lolwut.js';
import { MEMORY_HANDLERS } from './memory.js';
import { MONITOR_HANDLERS } from './monitor.js';
import { SLOWLOG_HANDLERS } from './slowlog.js';
import { CONNECTION_HANDLERS } from './connection.js';
import { DUMP_HANDLERS } from './dump.js';
import { EXPIRE_HANDLERS } from './expire.js';
import { GEO_HANDLERS } from './geo.js';
import { HASH_HANDLERS } from './hash.js';
import { HYPERLOGLOG_HANDLERS } from './hyperloglog.js';
import { KEY_HANDLERS } from './keys.js';
import { LIST_HANDLERS } from './list.js';
import { OBJECT_HANDLERS } from './object.js';
import { PERSISTENCE_HANDLERS } from './persistence.js';
import { PUBSUB_HANDLERS } from './pubsub.js';
import { TRANSACTION_HANDLERS } from './transaction.js';
import { SCAN_HANDLERS } from './scan.js';
import { SERVER_HANDLERS } from './server.js';
import { SET_HANDLERS } from './set.js';
import { SORT_HANDLERS } from './sort.js';
import { SORTED_SET_HANDLERS } from './sorted-set.js';
import { STRING_HANDLERS } from './string.js';

/**
 * Every command kv runs, by full lower-case name (`client|kill` for
 * subcommands). Metadata for each comes from command-table/meta.generated.ts.
 */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  ...CONNECTION_HANDLERS,
  ...CLIENT_HANDLERS,
  ...CLIENT_CONTROL_HANDLERS,
  ...KEY_HANDLERS,
  ...EXPIRE_HANDLERS,
  ...DUMP_HANDLERS,
  ...SCAN_HANDLERS,
  ...OBJECT_HANDLERS,
  ...PERSISTENCE_HANDLERS,
  ...PUBSUB_HANDLERS,
  ...TRANSACTION_HANDLERS,
  ...STRING_HANDLERS,
  ...HYPERLOGLOG_HANDLERS,
  ...SORTED_SET_HANDLERS,
  ...GEO_HANDLERS,
  ...SORT_HANDLERS,
  ...HASH_HANDLERS,
  ...SET_HANDLERS,
  ...LIST_HANDLERS,
  ...BLOCKING_HANDLERS,
  ...BITMAP_HANDLERS,
  ...SERVER_HANDLERS,
  ...COMMAND_HANDLERS,
  ...CONFIG_HANDLERS,
  ...DEBUG_HANDLERS,
  ...SLOWLOG_HANDLERS,
  ...LATENCY_HANDLERS,
  ...MEMORY_HANDLERS,
  ...MONITOR_HANDLERS,
  ...LOLWUT_HANDLERS,
  ...ACL_HANDLERS,
};
