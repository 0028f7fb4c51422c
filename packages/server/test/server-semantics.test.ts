import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushReply, SimpleString, type RespValue } from '@kv/resp';
import { startTestServer } from './fixture.js';
import { RawClient } from './raw-client.js';
import { haveRedis, startRedis, stopRedis, type RealRedis } from './real-redis.js';
import type { ServerHandle } from '../src/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pushes and arrays look alike in RESP2; compare them as plain arrays. */
function plain(v: RespValue): unknown {
  if (v instanceof PushReply) return v.items.map(plain);
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

describe('load: many clients, blocked waiters, slow subscribers', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('1,000 connected clients, 100 of them blocked on BLPOP while others push: each waiter gets one element, first come first served', async () => {
    const clients = await Promise.all(Array.from({ length: 1000 }, () => RawClient.connect(server.port)));
    const waiters = clients.slice(0, 100);
    for (const w of waiters) {
      w.send('BLPOP', 'jobs', '0');
      // Arrival order is blocking order: let each block before the next.
      await sleep(1);
    }
    await sleep(50);
    expect(server.server.blocking.blockedCount).toBe(100);
    const pushers = clients.slice(100);
    for (let i = 0; i < 100; i++) pushers[i % pushers.length]!.send('RPUSH', 'jobs', `job${i}`);
    const got = await Promise.all(waiters.map((w) => w.next()));
    expect(got).toEqual(waiters.map((_, i) => ['jobs', `job${i}`]));
    expect(server.server.blocking.blockedCount).toBe(0);
    for (let i = 0; i < 100; i++) await pushers[i]!.next();
    // The other 900 are still served normally.
    const pongs = await Promise.all(pushers.map((p) => p.call('PING')));
    expect(pongs.every((p) => p instanceof SimpleString && p.value === 'PONG')).toBe(true);
    for (const c of clients) c.close();
  }, 60_000);

  it('a subscriber that reads nothing while a publisher floods it is disconnected, and memory stays bounded', async () => {
    const sub = await RawClient.connect(server.port);
    expect(plain(await sub.call('SUBSCRIBE', 'flood'))).toEqual(['subscribe', 'flood', 1]);
    sub.socket.pause();
    const pub = await RawClient.connect(server.port);
    const message = 'x'.repeat(10_000);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    // 300 MB of messages, far past the pubsub class's 32 MB hard limit.
    for (let batch = 0; batch < 30; batch++) {
      for (let i = 0; i < 1000; i++) pub.send('PUBLISH', 'flood', message);
      let last: RespValue = 0;
      for (let i = 0; i < 1000; i++) last = await pub.next();
      peak = Math.max(peak, process.memoryUsage().rss);
      if (last === 0) break;
    }
    expect(await pub.call('PUBSUB', 'NUMSUB', 'flood')).toEqual(['flood', 0]);
    expect(peak - rssBefore).toBeLessThan(150 * 1024 * 1024);
    pub.close();
    sub.close();
  }, 60_000);

  it('client-query-buffer-limit cuts off a client whose unfinished command grows past it', async () => {
    const c = await RawClient.connect(server.port);
    await c.call('CONFIG', 'SET', 'client-query-buffer-limit', '1mb');
    c.socket.write('*2\r\n$3\r\nGET\r\n$10000000\r\n');
    for (let i = 0; i < 20 && !c.closed; i++) {
      c.socket.write(Buffer.alloc(100_000, 97));
      await sleep(5);
    }
    await sleep(50);
    expect(c.closed).toBe(true);
    const d = await RawClient.connect(server.port);
    await d.call('CONFIG', 'SET', 'client-query-buffer-limit', '1gb');
    d.close();
  });

  it('timeout closes idle clients but not blocked ones or subscribers', async () => {
    const admin = await RawClient.connect(server.port);
    const idle = await RawClient.connect(server.port);
    const blocked = await RawClient.connect(server.port);
    const subscriber = await RawClient.connect(server.port);
    await idle.call('PING');
    blocked.send('BLPOP', 'never', '0');
    await subscriber.call('SUBSCRIBE', 'ch');
    await admin.call('CONFIG', 'SET', 'timeout', '1');
    for (let i = 0; i < 40 && !idle.closed; i++) {
      await admin.call('PING');
      await sleep(100);
    }
    expect(idle.closed).toBe(true);
    expect(blocked.closed).toBe(false);
    expect(subscriber.closed).toBe(false);
    await admin.call('CONFIG', 'SET', 'timeout', '0');
    for (const c of [admin, blocked, subscriber]) c.close();
  }, 10_000);
});

describe('tracking-table-max-keys', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startTestServer({ 'tracking-table-max-keys': '2' });
  });
  afterAll(async () => server.close());

  it('past the limit the oldest tracked key is invalidated and forgotten', async () => {
    const c = await RawClient.connect(server.port);
    await c.call('HELLO', '3');
    await c.call('CLIENT', 'TRACKING', 'on');
    await c.call('GET', 'a');
    await c.call('GET', 'b');
    expect(c.waiting).toBe(0);
    c.send('GET', 'c');
    const got = [plain(await c.next()), plain(await c.next())];
    expect(got).toContainEqual(['invalidate', ['a']]);
    expect(server.server.tracking.trackedKeys).toBe(2);
    c.close();
  });
});

describe('what transactions and blocking pops write to the AOF', () => {
  let server: ServerHandle;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kv-sem-'));
    server = await startTestServer({ dir, appendonly: 'yes', appendfsync: 'always' });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function incremental(): string {
    const aofDir = path.join(dir, 'appendonlydir');
    const file = readdirSync(aofDir).find((f) => f.endsWith('.incr.aof'))!;
    return readFileSync(path.join(aofDir, file), 'latin1');
  }

  it('EXEC of several writes is wrapped in MULTI/EXEC; a served BLPOP is logged as LPOP, a served BLMOVE as LMOVE', async () => {
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(server.port);
    await a.call('MULTI');
    await a.call('SET', 'x', '1');
    await a.call('INCR', 'x');
    expect(((await a.call('EXEC')) as RespValue[])[1]).toBe(2);
    b.send('BLPOP', 'q', '0');
    await sleep(20);
    await a.call('RPUSH', 'q', 'v');
    expect(await b.next()).toEqual(['q', 'v']);
    b.send('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0');
    await sleep(20);
    await a.call('RPUSH', 'src', 'w');
    expect(await b.next()).toBe('w');
    const log = incremental();
    expect(log).toContain('*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$1\r\nx\r\n*1\r\n$4\r\nEXEC\r\n');
    expect(log).toContain('*2\r\n$4\r\nLPOP\r\n$1\r\nq\r\n');
    expect(log).toContain('*5\r\n$5\r\nLMOVE\r\n$3\r\nsrc\r\n$3\r\ndst\r\n$4\r\nLEFT\r\n$5\r\nRIGHT\r\n');
    expect(log).not.toContain('BLPOP');
    a.close();
    b.close();
  });
});

describe.runIf(haveRedis)('client-side caching against a real Redis 7.0', () => {
  let kv: ServerHandle;
  let redis: RealRedis;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kv-track-'));
    kv = await startTestServer();
    redis = await startRedis(dir, []);
  });
  afterAll(async () => {
    await kv.close();
    await stopRedis(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same scenario on a server: what the RESP2 redirect subscriber and the tracking client receive. */
  async function scenario(port: number): Promise<unknown[]> {
    const inv = await RawClient.connect(port);
    const tracker = await RawClient.connect(port);
    const writer = await RawClient.connect(port);
    const seen: unknown[] = [];
    const id = String(await inv.call('CLIENT', 'ID'));
    seen.push(plain(await inv.call('SUBSCRIBE', '__redis__:invalidate')));
    seen.push(await tracker.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', id));
    seen.push(await tracker.call('CLIENT', 'GETREDIR') === Number(id));
    await writer.call('MSET', 'b', '1', 'c', '2');
    await tracker.call('GET', 'a');
    await tracker.call('MGET', 'b', 'c');
    await writer.call('SET', 'a', '1');
    seen.push(plain(await inv.next()));
    await writer.call('DEL', 'b', 'c');
    seen.push(plain(await inv.next()), plain(await inv.next()));
    await tracker.call('GET', 'a');
    await writer.call('FLUSHALL');
    seen.push(plain(await inv.next()));
    // The redirect target goes away: RESP2 gets nothing, the flag shows it.
    inv.close();
    await sleep(50);
    await tracker.call('GET', 'z');
    await writer.call('SET', 'z', '1');
    await sleep(50);
    const info = plain(await tracker.call('CLIENT', 'TRACKINGINFO')) as unknown[];
    // The ids differ between servers: only that it still names the old one.
    seen.push(info.map((v, i) => (info[i - 1] === 'redirect' ? v === Number(id) : v)));
    seen.push(tracker.waiting);
    tracker.close();
    writer.close();
    return seen;
  }

  it('RESP2 invalidations through REDIRECT to a __redis__:invalidate subscriber, FLUSHALL as null, broken redirect', async () => {
    const redisPort = Number(((await redis.conn.call('CONFIG', 'GET', 'port')) as string[])[1]);
    const [r, k] = [await scenario(redisPort), await scenario(kv.port)];
    expect(k).toEqual(r);
  });
});
