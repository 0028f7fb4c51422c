import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../src/index.js';
import { SERVER_KINDS, hasCommand, startServer, type TestServer } from './servers.js';

// Client-side caching with CLIENT TRACKING (RESP3 invalidation pushes),
// against Redis, and kv where it has CLIENT TRACKING.

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.each(SERVER_KINDS)('%s: client-side cache', (kind) => {
  let server: TestServer;
  let cached: Client;
  let writer: Client;
  let supported = true;
  beforeAll(async () => {
    server = await startServer(kind);
    supported = await hasCommand(server.port, 'client|tracking');
    writer = await Client.connect({ port: server.port });
    if (supported) cached = await Client.connect({ port: server.port, protocol: 3, clientSideCache: { maxEntries: 100 } });
  });
  afterAll(async () => {
    await cached?.quit();
    await writer?.quit();
    await server?.stop();
  });
  beforeEach(async (ctx) => {
    if (!supported) return ctx.skip();
    await writer.flushall();
    await until(() => cached.cacheStats!.entries === 0); // FLUSHALL invalidates everything
  });

  it('a second read is answered from the cache; a write by anyone invalidates it', async () => {
    await writer.set('k', 'v1');
    const monitorLines: string[] = [];
    const monitor = await writer.monitor((line) => monitorLines.push(line));
    try {
      expect(await cached.get('k')).toBe('v1');
      const before = cached.cacheStats!;
      expect(await cached.get('k')).toBe('v1');
      expect(await cached.get('k')).toBe('v1');
      const after = cached.cacheStats!;
      expect(after.hits - before.hits).toBe(2);
      await writer.set('k', 'v2');
      await until(() => cached.cacheStats!.entries === 0);
      expect(await cached.get('k')).toBe('v2');
      await writer.ping(); // MONITOR shows commands in order: once PING is there, all before it are
      await until(() => monitorLines.some((l) => l.includes('"PING"')));
      // The cached connection sent GET twice (before and after the change), not four times.
      expect(monitorLines.filter((l) => /"GET" "k"/.test(l))).toHaveLength(2);
    } finally {
      await monitor.stop();
    }
  });

  it('each command is its own entry, dropped with its key; other keys stay', async () => {
    await writer.hset('h', { a: '1', b: '2' });
    await writer.set('other', 'x');
    expect(await cached.hget('h', 'a')).toBe('1');
    expect(await cached.hget('h', 'b')).toBe('2');
    expect(Object.fromEntries(await cached.hgetall('h'))).toEqual({ a: '1', b: '2' });
    expect(await cached.get('other')).toBe('x');
    expect(cached.cacheStats!.entries).toBe(4);
    await writer.hset('h', 'a', '9');
    await until(() => cached.cacheStats!.entries === 1);
    expect(await cached.hget('h', 'a')).toBe('9');
    expect(await cached.get('other')).toBe('x');
  });

  it('its own writes invalidate too; the replies it hands out are copies', async () => {
    await cached.rpush('l', 'a', 'b');
    const first = await cached.lrange('l', 0, -1);
    first.push('mutated');
    expect(await cached.lrange('l', 0, -1)).toEqual(['a', 'b']);
    await cached.rpush('l', 'c');
    expect(await cached.lrange('l', 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('keeps at most maxEntries, the least recently used going first', async () => {
    for (let i = 0; i < 150; i++) await writer.set(`k${i}`, String(i));
    for (let i = 0; i < 150; i++) expect(await cached.get(`k${i}`)).toBe(String(i));
    expect(cached.cacheStats!.entries).toBe(100);
    const s0 = cached.cacheStats!;
    await cached.get('k149'); // recent: kept
    await cached.get('k0'); // oldest: evicted, so asked again
    const s1 = cached.cacheStats!;
    expect([s1.hits - s0.hits, s1.misses - s0.misses]).toEqual([1, 1]);
  });

  it('is refused without RESP3', () => {
    expect(() => new Client({ port: server.port, clientSideCache: true })).toThrow(/protocol: 3/);
  });
});
