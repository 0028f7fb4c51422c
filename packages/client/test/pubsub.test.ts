import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../src/index.js';
import { SERVER_KINDS, hasCommand, startServer, type TestServer } from './servers.js';

// Pub/sub in RESP3 (pushes on the one connection) and RESP2 (a connection of
// its own in subscriber mode), against Redis, and kv where it has SUBSCRIBE.

/** Resolves once `check` holds, polling; fails the test after 3 s. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.each(SERVER_KINDS.flatMap((kind) => [2, 3].map((protocol) => ({ kind, protocol: protocol as 2 | 3 }))))('$kind, RESP$protocol: pub/sub', ({ kind, protocol }) => {
  let server: TestServer;
  let client: Client;
  let publisher: Client;
  let supported = true;
  beforeAll(async () => {
    server = await startServer(kind);
    supported = await hasCommand(server.port, 'subscribe');
    client = await Client.connect({ port: server.port, protocol });
    publisher = await Client.connect({ port: server.port });
  });
  afterAll(async () => {
    await client?.quit();
    await publisher?.quit();
    await server?.stop();
  });
  beforeEach((ctx) => {
    if (!supported) ctx.skip();
  });

  it('subscribe delivers messages to the listeners of their channel; commands keep working meanwhile', async () => {
    const got: string[] = [];
    await client.subscribe(['news', 'sport'], (message, channel) => got.push(`${channel}:${message}`));
    expect(await publisher.publish('news', 'héllo')).toBe(1);
    expect(await publisher.publish('sport', 'goal')).toBe(1);
    expect(await publisher.publish('weather', 'rain')).toBe(0);
    await until(() => got.length === 2);
    expect(got).toEqual(['news:héllo', 'sport:goal']);
    // Not in subscriber mode: in RESP2 pub/sub has its own connection.
    expect(await client.set('still', 'works')).toBe('OK');
    expect(await client.get('still')).toBe('works');
    const numsub = await publisher.pubsubNumsub('news', 'sport');
    expect(numsub).toEqual(['news', 1, 'sport', 1]);
    await client.unsubscribe();
    expect(await publisher.publish('news', 'gone')).toBe(0);
  });

  it('several listeners on a channel; removing one keeps the subscription for the other', async () => {
    const a: string[] = [];
    const b: string[] = [];
    const la = (m: string) => a.push(m);
    const lb = (m: string) => b.push(m);
    await client.subscribe('ch', la);
    await client.subscribe('ch', lb);
    await publisher.publish('ch', '1');
    await until(() => a.length === 1 && b.length === 1);
    await client.unsubscribe('ch', la);
    expect(await publisher.publish('ch', '2')).toBe(1);
    await until(() => b.length === 2);
    expect(a).toEqual(['1']);
    await client.unsubscribe('ch', lb);
    expect(await publisher.publish('ch', '3')).toBe(0);
  });

  it('psubscribe gets the channel and the pattern; ssubscribe gets shard messages', async () => {
    const got: string[][] = [];
    await client.psubscribe('user:*', (message, channel, pattern) => got.push([message, channel, pattern]));
    await publisher.publish('user:42', 'logged in');
    await until(() => got.length === 1);
    expect(got).toEqual([['logged in', 'user:42', 'user:*']]);
    await client.punsubscribe('user:*');
    if (await hasCommand(server.port, 'ssubscribe')) {
      const shard: string[] = [];
      await client.ssubscribe('orders', (m, ch) => shard.push(`${ch}:${m}`));
      expect(await publisher.spublish('orders', 'o1')).toBe(1);
      await until(() => shard.length === 1);
      expect(shard).toEqual(['orders:o1']);
      await client.sunsubscribe();
    }
  });

  it('a listener that throws is reported as an error event; the next messages still arrive', async () => {
    const errors: Error[] = [];
    const onError = (e: Error) => errors.push(e);
    client.on('error', onError);
    const got: string[] = [];
    await client.subscribe('boom', (m) => {
      got.push(m);
      if (m === 'first') throw new Error('listener failed');
    });
    await publisher.publish('boom', 'first');
    await publisher.publish('boom', 'second');
    await until(() => got.length === 2);
    expect(errors.map((e) => e.message)).toEqual(['listener failed']);
    client.off('error', onError);
    await client.unsubscribe('boom');
  });

  it('buffers: true delivers messages as Buffers', async () => {
    const b = await Client.connect({ port: server.port, protocol, buffers: true });
    try {
      const got: Buffer[] = [];
      await b.subscribe('bin', (m) => got.push(m));
      await publisher.publish('bin', Buffer.from([0xff, 0, 1]));
      await until(() => got.length === 1);
      expect([...got[0]!]).toEqual([0xff, 0, 1]);
    } finally {
      await b.quit();
    }
  });
});
