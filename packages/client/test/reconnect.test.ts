import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, Client, ConnectionError } from '../src/index.js';
import { SERVER_KINDS, hasCommand, startServer, type TestServer } from './servers.js';

// The server is killed by PID (SIGKILL) and started again on the same port:
// the client must reconnect with backoff and come back authenticated, in the
// database and under the name it had, subscribed to what it was subscribed to.

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

let server: TestServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.stop();
  server = undefined;
});

describe.each(SERVER_KINDS.flatMap((kind) => [2, 3].map((protocol) => ({ kind, protocol: protocol as 2 | 3 }))))('$kind, RESP$protocol: reconnecting', ({ kind, protocol }) => {
  it('restores AUTH, SELECT, CLIENT SETNAME and subscriptions; commands issued while down wait and then run', async () => {
    server = await startServer(kind, ['--requirepass', 'pw']);
    const pubsub = await hasCommand(server.port, 'subscribe').catch(() => false);
    const client = await Client.connect({ port: server.port, password: 'pw', db: 2, name: 'app', protocol, reconnect: { initialDelay: 20, factor: 2, maxDelay: 160, jitter: 0 } });
    clients.push(client);
    const events: string[] = [];
    const delays: number[] = [];
    client.on('disconnect', () => events.push('disconnect'));
    client.on('reconnecting', ({ attempt, delay }) => {
      events.push(`reconnecting ${attempt}`);
      delays.push(delay);
    });
    client.on('ready', () => events.push('ready'));
    const messages: string[] = [];
    if (pubsub) await client.subscribe('ch', (m) => messages.push(m));
    await client.select(5); // changed at run time: the reconnect must restore 5, not the 2 of the options
    await client.clientSetname('renamed');

    await server.kill();
    await until(() => events.includes('disconnect'));
    const queued = client.set('during', 'outage'); // no socket: waits in the offline queue
    await new Promise((r) => setTimeout(r, 300)); // a few attempts fail while nothing listens
    await server.restart();
    expect(await queued).toBe('OK');
    expect(events.filter((e) => e.startsWith('reconnecting')).length).toBeGreaterThanOrEqual(3);
    expect(delays.slice(0, 4)).toEqual([20, 40, 80, 160]); // exponential, capped at maxDelay
    expect(events.at(-1)).toBe('ready');

    expect(await client.clientGetname()).toBe('renamed');
    const observer = await Client.connect({ port: server.port, password: 'pw', db: 5 });
    clients.push(observer);
    expect(await observer.get('during')).toBe('outage'); // it ran in db 5, authenticated
    if (pubsub) {
      // The subscription is renewed once the reconnect's handshake is done; publish until it arrives.
      for (let i = 0; messages.length === 0 && i < 100; i++) {
        await observer.publish('ch', 'after restart');
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(messages[0]).toBe('after restart');
    }
  });

  it('with offlineQueue: false, commands fail at once while disconnected', async () => {
    server = await startServer(kind);
    const client = await Client.connect({ port: server.port, protocol, offlineQueue: false, reconnect: { initialDelay: 20, jitter: 0 } });
    clients.push(client);
    const down = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
    await server.kill();
    await down;
    await expect(client.get('x')).rejects.toBeInstanceOf(ConnectionError);
    const ready = new Promise<void>((resolve) => client.once('ready', () => resolve()));
    await server.restart();
    await ready;
    expect(await client.ping()).toBe('PONG');
  });

  it('a command in flight when the connection drops fails with ConnectionError (it may have run)', async (ctx) => {
    server = await startServer(kind);
    if (!(await hasCommand(server.port, 'blpop'))) return ctx.skip();
    const client = await Client.connect({ port: server.port, protocol, reconnect: false });
    clients.push(client);
    const blocked = client.blpop('nothing', 0).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50)); // sent, and blocking in the server
    await server.kill();
    expect(await blocked).toBeInstanceOf(ConnectionError);
    expect(client.status).toBe('closed'); // reconnect: false
  });

  it('gives up after maxAttempts: queued commands fail with AbortError, "end" is emitted', async () => {
    server = await startServer(kind);
    const client = await Client.connect({ port: server.port, protocol, reconnect: { initialDelay: 10, maxAttempts: 3, jitter: 0 } });
    clients.push(client);
    let ended = false;
    client.on('end', () => (ended = true));
    const down = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
    await server.kill();
    await down; // a command written before the client saw the close would fail as in flight (ConnectionError)
    const queued = client.get('x');
    await expect(queued).rejects.toBeInstanceOf(AbortError);
    expect(ended).toBe(true);
    expect(client.status).toBe('closed');
  });
});
