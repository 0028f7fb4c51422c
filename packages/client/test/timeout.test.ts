import { createServer, type Server, type Socket } from 'node:net';
import { RequestParser } from '@kv/resp';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ConnectionError, TimeoutError } from '../src/index.js';
import { SERVER_KINDS, freePort, hasCommand, startServer, type TestServer } from './servers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe.each(SERVER_KINDS)('%s: commandTimeout', (kind) => {
  it('a slow reply fails with TimeoutError; replies after it still reach the right commands', async () => {
    server = await startServer(kind, ['--enable-debug-command', 'yes']);
    const client = await Client.connect({ port: server.port, commandTimeout: 100 });
    try {
      const t0 = Date.now();
      const slow = client.call('DEBUG', 'SLEEP', '0.4').catch((e: unknown) => e);
      const behind = client.get('k').catch((e: unknown) => e); // waits behind it in the server
      const err = await slow;
      expect(err).toBeInstanceOf(TimeoutError);
      expect((err as Error).message).toBe('no reply to DEBUG within 100 ms');
      expect(Date.now() - t0).toBeLessThan(350);
      expect(await behind).toBeInstanceOf(TimeoutError);
      await new Promise((r) => setTimeout(r, 400)); // the late replies arrive and are dropped
      expect(await client.set('k', 'v')).toBe('OK');
      expect(await client.get('k')).toBe('v');
      expect(await client.incr('n')).toBe(1);
      if (await hasCommand(server.port, 'blpop')) {
        // Blocking commands wait as long as they say, whatever commandTimeout is.
        expect(await client.blpop('nothing', 0.3)).toBeNull();
      }
    } finally {
      await client.quit();
    }
  });
});

describe('connecting', () => {
  let scripted: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (scripted === undefined ? resolve() : scripted.close(() => resolve())));
    scripted = undefined;
  });

  it('fails with ConnectionError where nothing listens', async () => {
    const port = await freePort();
    await expect(Client.connect({ port })).rejects.toBeInstanceOf(ConnectionError);
  });

  it('fails with ConnectionError after connectTimeout when the handshake gets no answer', async () => {
    const sockets: Socket[] = [];
    scripted = createServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((resolve) => scripted!.listen(0, '127.0.0.1', resolve));
    const port = (scripted.address() as { port: number }).port;
    const t0 = Date.now();
    await expect(Client.connect({ port, protocol: 3, connectTimeout: 150 })).rejects.toThrow(/connect timed out after 150 ms/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    for (const s of sockets) s.destroy();
  });

  it('sends the commands of one tick without waiting for replies, a write per 4 commands at most; explicit pipelines too', async () => {
    const chunks: number[] = [];
    let commands = 0;
    let expected = 100;
    scripted = createServer((socket) => {
      const parser = new RequestParser();
      let owed = '';
      socket.on('data', (chunk) => {
        chunks.push(chunk.length);
        parser.push(chunk);
        for (let c = parser.next(); c !== undefined; c = parser.next()) {
          commands++;
          owed += '+OK\r\n';
        }
        // Nothing is answered until every command of the batch is in: a client that waited would hang here.
        if (commands === expected) {
          socket.write(owed);
          owed = '';
        }
      });
    });
    await new Promise<void>((resolve) => scripted!.listen(0, '127.0.0.1', resolve));
    const client = await Client.connect({ port: (scripted.address() as { port: number }).port });
    await Promise.all(Array.from({ length: 100 }, (_, i) => client.set(`k${i}`, 'v')));
    expect(commands).toBe(100);
    // TCP may join writes; it never splits these small ones into more than were written.
    expect(chunks.length).toBeLessThanOrEqual(25);
    const before = chunks.length;
    expected = 200;
    const p = client.pipeline();
    for (let i = 0; i < 100; i++) p.set(`k${i}`, 'v');
    await p.exec();
    expect(commands).toBe(200);
    expect(chunks.length - before).toBeLessThanOrEqual(25);
    await client.close();
  });
});
