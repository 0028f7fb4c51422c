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

  it('sends the commands of one tick in one write, and each explicit pipeline in one write', async () => {
    const chunks: number[] = [];
    let commands = 0;
    scripted = createServer((socket) => {
      const parser = new RequestParser();
      socket.on('data', (chunk) => {
        chunks.push(chunk.length);
        parser.push(chunk);
        let out = '';
        for (let c = parser.next(); c !== undefined; c = parser.next()) {
          commands++;
          out += '+OK\r\n';
        }
        socket.write(out);
      });
    });
    await new Promise<void>((resolve) => scripted!.listen(0, '127.0.0.1', resolve));
    const client = await Client.connect({ port: (scripted.address() as { port: number }).port });
    await Promise.all(Array.from({ length: 100 }, (_, i) => client.set(`k${i}`, 'v')));
    expect(commands).toBe(100);
    expect(chunks).toHaveLength(1);
    const p = client.pipeline();
    for (let i = 0; i < 100; i++) p.set(`k${i}`, 'v');
    await p.exec();
    expect(chunks).toHaveLength(2);
    await client.close();
  });
});
