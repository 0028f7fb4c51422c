import { afterAll, beforeAll, beforeEach } from 'vitest';
import { RespConnection } from '@kv/client';
import type { RespValue } from '@kv/resp';
import { startServer, type ServerHandle } from '../src/index.js';

/** A server started in-process on a free port, silent, without persistence. */
export async function startTestServer(config: Record<string, string> = {}): Promise<ServerHandle> {
  return startServer({ config: { port: '0', bind: '127.0.0.1', save: '', ...config }, log: () => {} });
}

/** A raw connection to a test server. */
export function connectTo(handle: ServerHandle): Promise<RespConnection> {
  return RespConnection.connect({ port: handle.port });
}

/** Runs commands given as strings split on spaces; returns the replies. */
export async function run(conn: RespConnection, ...commands: string[]): Promise<RespValue[]> {
  return conn.pipeline(commands.map((c) => c.split(' ')));
}

/** The server and connection of a test file, valid inside its tests. */
export interface TestContext {
  readonly server: ServerHandle;
  readonly conn: RespConnection;
}

/**
 * Starts a server and one connection for the test file (stopped after it),
 * with FLUSHALL before each test unless `flushEachTest` is false.
 */
export function useTestServer(config: Record<string, string> = {}, options: { flushEachTest?: boolean } = {}): TestContext {
  let server: ServerHandle | undefined;
  let conn: RespConnection | undefined;
  beforeAll(async () => {
    server = await startTestServer(config);
    conn = await connectTo(server);
  });
  afterAll(async () => {
    conn?.close();
    await server?.close();
  });
  if (options.flushEachTest !== false) beforeEach(async () => void (await conn!.call('FLUSHALL')));
  return {
    get server() {
      return server!;
    },
    get conn() {
      return conn!;
    },
  };
}
