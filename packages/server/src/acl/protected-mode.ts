import type { KvServer } from '../kv-server.js';

// Protected mode (networking.c clientAcceptHandler): while it is on and the
// default user has no password, connections from anywhere but the loopback
// interface get this text and are closed.

export const PROTECTED_MODE_DENIED = Buffer.from(
  '-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. ' +
    'In this mode connections are only accepted from the loopback interface. ' +
    'If you want to connect from external computers to Redis you may adopt one of the following solutions: ' +
    "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. " +
    "2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. " +
    "3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. " +
    '4) Setup a an authentication password for the default user. ' +
    'NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n',
  'latin1',
);

/** connIsLocal: a loopback peer (127.0.0.0/8 or ::1, also IPv4-mapped). */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a.startsWith('127.') || a === '::1';
}

/** Whether a new connection from `remoteAddress` must be refused with PROTECTED_MODE_DENIED. */
export function protectedModeRefuses(server: KvServer, remoteAddress: string | undefined): boolean {
  return server.config.bool('protected-mode') && server.acl.defaultUser.nopass && !isLoopback(remoteAddress);
}
