import { ErrorReply } from '@kv/resp';
import type { Client } from '../client/client.js';

const WRONGPASS = new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.');
const BAD_NAME = new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.');

/**
 * Checks credentials against the only user there is so far, `default`,
 * whose password is `requirepass` (none = any password, as Redis's nopass).
 * Returns an error reply, or undefined when the client is now authenticated.
 */
export function authenticate(client: Client, username: string, password: string): ErrorReply | undefined {
  const required = client.server.config.get('requirepass');
  if (username !== 'default' || (required !== '' && password !== required)) return WRONGPASS;
  client.user = 'default';
  client.setAuthenticated(true);
  return undefined;
}

/** Client names are printable ASCII without spaces (validateClientName). */
export function validateClientName(name: string): ErrorReply | undefined {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126) return BAD_NAME;
  }
  return undefined;
}
