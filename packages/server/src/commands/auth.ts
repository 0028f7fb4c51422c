import { ErrorReply } from '@kv/resp';
import { setClientUser } from '../acl/acl.js';
import type { Client } from '../client/client.js';

const WRONGPASS = new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.');
const BAD_NAME = new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.');

/**
 * AUTH and HELLO AUTH (ACLAuthenticateUser): checks the pair against the
 * ACL users; on success the client is now that user. A failure is logged in
 * ACL LOG under the command as the client typed it. Returns an error reply,
 * or undefined when the client is now authenticated.
 */
export function authenticate(client: Client, username: string, password: string): ErrorReply | undefined {
  const typed = client.currentArgs?.[0] ?? 'auth';
  return client.server.acl.authenticate(client, username, password, typed) ? undefined : WRONGPASS;
}

/** The connection is the default user again, authenticated only if that needs no password (clientSetDefaultAuth). */
export function clientSetDefaultAuth(client: Client): void {
  setClientUser(client, client.server.acl.defaultUser);
  client.setAuthenticated(!client.server.requiresAuth());
}

/** Client names are printable ASCII without spaces (validateClientName). */
export function validateClientName(name: string): ErrorReply | undefined {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126) return BAD_NAME;
  }
  return undefined;
}
