import type { Handler } from '../command-table/types.js';
import { CLIENT_HANDLERS } from './client.js';
import { COMMAND_HANDLERS } from './command.js';
import { CONFIG_HANDLERS } from './config.js';
import { CONNECTION_HANDLERS } from './connection.js';
import { EXPIRE_HANDLERS } from './expire.js';
import { KEY_HANDLERS } from './keys.js';
import { OBJECT_HANDLERS } from './object.js';
import { SCAN_HANDLERS } from './scan.js';
import { SERVER_HANDLERS } from './server.js';
import { STRING_HANDLERS } from './string.js';

/**
 * Every command kv runs, by full lower-case name (`client|kill` for
 * subcommands). Metadata for each comes from command-table/meta.generated.ts.
 */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  ...CONNECTION_HANDLERS,
  ...CLIENT_HANDLERS,
  ...KEY_HANDLERS,
  ...EXPIRE_HANDLERS,
  ...SCAN_HANDLERS,
  ...OBJECT_HANDLERS,
  ...STRING_HANDLERS,
  ...SERVER_HANDLERS,
  ...COMMAND_HANDLERS,
  ...CONFIG_HANDLERS,
};
