import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchError, Client, ReplyError, createClient } from '../src/index.js';
import { SERVER_KINDS, startServer, type TestServer } from './servers.js';

// The typed methods against real Redis 7.0 and kv, in RESP2 and RESP3: the
// same calls must give the same JS values whatever the protocol.

describe.each(SERVER_KINDS.flatMap((kind) => [2, 3].map((protocol) => ({ kind, protocol: protocol as 2 | 3 }))))('$kind, RESP$protocol', ({ kind, protocol }) => {
  let server: TestServer;
  let client: Client;
  beforeAll(async () => {
    server = await startServer(kind);
    client = await Client.connect({ port: server.port, protocol });
  });
  afterAll(async () => {
    await client?.quit();
    await server?.stop();
  });
  beforeEach(async () => void (await client.flushall()));

  it('strings: SET with options, GET, UTF-8 both ways', async () => {
    expect(await client.set('k', 'héllo wörld ✓')).toBe('OK');
    expect(await client.get('k')).toBe('héllo wörld ✓');
    expect(await client.strlen('k')).toBe(Buffer.byteLength('héllo wörld ✓'));
    expect(await client.set('k', 'v2', { NX: true })).toBeNull();
    expect(await client.set('k', 'v2', { XX: true, GET: true })).toBe('héllo wörld ✓');
    expect(await client.set('t', 1, { EX: 100 })).toBe('OK');
    expect(await client.ttl('t')).toBeGreaterThan(90);
    expect(await client.set('t', 'x', 'PX', 5000)).toBe('OK'); // the raw form still works
    expect(await client.pttl('t')).toBeGreaterThan(4000);
    expect(await client.get('missing')).toBeNull();
    expect(await client.incr('n')).toBe(1);
    expect(await client.incrby('n', 41)).toBe(42);
    expect(await client.incrbyfloat('n', 0.5)).toBe('42.5');
    expect(await client.mset({ a: '1', b: 2 })).toBe('OK');
    expect(await client.mget('a', 'b', 'nope')).toEqual(['1', '2', null]);
    expect(await client.del('a', 'b', 'nope')).toBe(2);
  });

  it('hashes: HSET from an object, HGETALL as a Map', async () => {
    expect(await client.hset('h', { f1: 'v1', f2: 2 })).toBe(2);
    expect(await client.hset('h', new Map([['f3', 'v3']]))).toBe(1);
    expect(await client.hset('h', 'f4', 'v4', 'f5', 'v5')).toBe(2);
    const all = await client.hgetall('h');
    expect(all).toBeInstanceOf(Map);
    expect(Object.fromEntries(all)).toEqual({ f1: 'v1', f2: '2', f3: 'v3', f4: 'v4', f5: 'v5' });
    expect(await client.hget('h', 'f1')).toBe('v1');
    expect(await client.hmget('h', 'f1', 'zz')).toEqual(['v1', null]);
    expect((await client.hkeys('h')).sort()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(await client.hgetall('nothing')).toEqual(new Map());
  });

  it('sorted sets: ZADD with members and options, scores as numbers', async () => {
    expect(await client.zadd('z', [{ value: 'a', score: 1 }, { value: 'b', score: 2.5 }, { value: 'c', score: '-inf' }])).toBe(3);
    expect(await client.zadd('z', { value: 'a', score: 10 }, { XX: true, CH: true })).toBe(1);
    expect(await client.zadd('z', { value: 'b', score: 1 }, { INCR: true })).toBe(3.5);
    expect(await client.zadd('z', { value: 'q', score: 1 }, { XX: true, INCR: true })).toBeNull();
    expect(await client.zadd('z', 5, 'd')).toBe(1); // raw form
    expect(await client.zscore('z', 'b')).toBe(3.5);
    expect(await client.zscore('z', 'c')).toBe(-Infinity);
    expect(await client.zscore('z', 'none')).toBeNull();
    expect(await client.zmscore('z', 'a', 'none')).toEqual([10, null]);
    expect(await client.zincrby('z', 0.25, 'a')).toBe(10.25);
    expect(await client.zrangeWithScores('z', 0, -1)).toEqual([
      { value: 'c', score: -Infinity },
      { value: 'b', score: 3.5 },
      { value: 'd', score: 5 },
      { value: 'a', score: 10.25 },
    ]);
    expect(await client.zrangeWithScores('z', '(3.5', '+inf', { BY: 'SCORE', LIMIT: { offset: 0, count: 1 } })).toEqual([{ value: 'd', score: 5 }]);
    expect(await client.zrank('z', 'd')).toBe(2);
    expect(await client.zrank('z', 'none')).toBeNull();
  });

  it('lists and sets', async () => {
    expect(await client.rpush('l', 'a', 'b', 'c')).toBe(3);
    expect(await client.lrange('l', 0, -1)).toEqual(['a', 'b', 'c']);
    expect(await client.linsert('l', 'BEFORE', 'b', 'x')).toBe(4);
    expect(await client.lmove('l', 'l2', 'LEFT', 'RIGHT')).toBe('a');
    expect(await client.sadd('s', 'x', 'y', 'z')).toBe(3);
    expect((await client.smembers('s')).sort()).toEqual(['x', 'y', 'z']); // a RESP3 set comes as an array too
    expect(await client.smismember('s', 'x', 'q')).toEqual([1, 0]);
  });

  it('reply errors reject with a ReplyError whose code is the first word', async () => {
    await client.set('str', 'v');
    const err = await client.lpush('str', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyError);
    expect((err as ReplyError).code).toBe('WRONGTYPE');
    expect((err as ReplyError).message).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect((err as ReplyError).command).toBe('LPUSH');
    await expect(client.call('NOSUCHCOMMAND')).rejects.toMatchObject({ code: 'ERR', command: 'NOSUCHCOMMAND' });
    await expect(client.incr('str')).rejects.toMatchObject({ code: 'ERR', message: 'ERR value is not an integer or out of range' });
    // The connection is fine after errors.
    expect(await client.get('str')).toBe('v');
  });

  it('call() sends anything and decodes the reply generically', async () => {
    expect(await client.call('SET', 'k', 'v')).toBe('OK');
    expect(await client.call('GET', 'k')).toBe('v');
    expect(await client.call('HSET', 'h', 'a', '1')).toBe(1);
    const h = await client.call('HGETALL', 'h');
    // RESP3 sends a map (a Map), RESP2 a flat array: call() gives what the server sent.
    expect(h).toEqual(protocol === 3 ? new Map([['a', '1']]) : ['a', '1']);
    await expect(client.call('SUBSCRIBE', 'x')).rejects.toThrow(/subscribe\(\)/);
    await expect(client.call('GET', undefined as unknown as string)).rejects.toBeInstanceOf(TypeError);
  });

  it('pipelines: results in order, typed; an error reply makes a BatchError holding every result', async () => {
    const r = await client.pipeline().set('a', '1').get('a').incr('n').hset('h', { x: 1 }).hgetall('h').exec();
    expect(r).toEqual(['OK', '1', 1, 1, new Map([['x', '1']])]);
    const err = await client.pipeline().set('s', 'v').lpush('s', 'x').get('s').exec().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchError);
    const be = err as BatchError;
    expect(be.replies[0]).toBe('OK');
    expect(be.replies[1]).toBeInstanceOf(ReplyError);
    expect((be.replies[1] as ReplyError).code).toBe('WRONGTYPE');
    expect(be.replies[2]).toBe('v');
    expect(be.errors).toHaveLength(1);
    expect(await client.pipeline().exec()).toEqual([]);
  });

  it('many commands at once keep their order (automatic pipelining)', async () => {
    const n = 20_000;
    const replies = await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? client.set(`k${i}`, String(i)) : client.get(`k${i - 1}`))));
    for (let i = 0; i < n; i += 2) {
      expect(replies[i]).toBe('OK');
      expect(replies[i + 1]).toBe(String(i));
    }
  });

  it('scan iterators visit every key, field and member', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `key:${i}`);
    await client.mset(Object.fromEntries(keys.map((k) => [k, 'v'])));
    await client.sadd('aset', ...Array.from({ length: 200 }, (_, i) => `m${i}`));
    await client.hset('ahash', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, `v${i}`])));
    await client.zadd('azset', Array.from({ length: 200 }, (_, i) => ({ value: `z${i}`, score: i / 2 })));
    const seen = new Set<string>();
    for await (const k of client.scanIterator({ match: 'key:*', count: 50 })) seen.add(k);
    expect([...seen].sort()).toEqual([...keys].sort());
    const sets: string[] = [];
    for await (const k of client.scanIterator({ type: 'set' })) sets.push(k);
    expect(sets).toEqual(['aset']);
    const members = new Set<string>();
    for await (const m of client.sscanIterator('aset', { count: 20 })) members.add(m);
    expect(members.size).toBe(200);
    const fields = new Map<string, string>();
    for await (const { field, value } of client.hscanIterator('ahash')) fields.set(field, value);
    expect(fields.size).toBe(200);
    expect(fields.get('f7')).toBe('v7');
    const scores = new Map<string, number>();
    for await (const { value, score } of client.zscanIterator('azset')) scores.set(value, score);
    expect(scores.size).toBe(200);
    expect(scores.get('z7')).toBe(3.5);
  });

  it('SELECT changes the database of later commands', async () => {
    const other = await Client.connect({ port: server.port, protocol, db: 3 });
    try {
      await other.set('where', 'db3');
      expect(await client.get('where')).toBeNull();
      expect(await other.select(0)).toBe('OK');
      expect(await other.get('where')).toBeNull();
      await other.select(3);
      expect(await other.get('where')).toBe('db3');
    } finally {
      await other.quit();
    }
  });

  it('buffers: true gives bulk strings as Buffers, binary-safe', async () => {
    const b = await Client.connect({ port: server.port, protocol, buffers: true });
    try {
      const bytes = Buffer.from([0, 0xff, 0x80, 13, 10, 0xc3]);
      expect(await b.set(bytes, bytes)).toBe('OK'); // status replies stay strings
      const got = await b.get(bytes);
      expect(Buffer.isBuffer(got)).toBe(true);
      expect(got).toEqual(bytes);
      await b.hset('hb', { f: bytes });
      const all = await b.hgetall('hb');
      expect([...all.entries()]).toEqual([[Buffer.from('f'), bytes]]);
      expect(await b.incr('counter')).toBe(1);
    } finally {
      await b.quit();
    }
  });
});

describe.each(SERVER_KINDS)('%s: connecting', (kind) => {
  it('AUTH with a password, a name, a db, from options or a redis:// URL', async () => {
    // kv does not match a non-ASCII requirepass given on its command line yet (reported); Redis does.
    const password = kind === 'kv' ? 'secret' : 'sëcret';
    const server = await startServer(kind, ['--requirepass', password]);
    try {
      await expect(Client.connect({ port: server.port })).resolves.toBeDefined(); // not authenticated yet: commands fail
      const anon = await Client.connect({ port: server.port });
      await expect(anon.get('x')).rejects.toMatchObject({ code: 'NOAUTH' });
      await anon.close();
      await expect(Client.connect({ port: server.port, password: 'wrong' })).rejects.toMatchObject({ code: 'WRONGPASS' });
      await expect(Client.connect({ port: server.port, password: 'wrong', protocol: 3 })).rejects.toBeInstanceOf(ReplyError);
      for (const protocol of [2, 3] as const) {
        const c = await Client.connect({ url: `redis://:${encodeURIComponent(password)}@127.0.0.1:${server.port}/2`, name: 'tester', protocol });
        expect(await c.clientGetname()).toBe('tester');
        await c.set('in2', 'yes');
        await c.select(0);
        expect(await c.get('in2')).toBeNull();
        await c.quit();
      }
    } finally {
      await server.stop();
    }
  });

  it('createClient() connects lazily; commands issued before connect() resolves wait for it', async () => {
    const server = await startServer(kind);
    try {
      const c = createClient({ port: server.port });
      expect(c.isReady).toBe(false);
      const early = c.set('early', '1');
      await c.connect();
      expect(await early).toBe('OK');
      expect(await c.get('early')).toBe('1');
      await c.quit();
      expect(c.status).toBe('closed');
      await expect(c.get('early')).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await server.stop();
    }
  });

  it('reset() sends RESET and brings the connection back to the options: db, name, protocol', async () => {
    const server = await startServer(kind);
    try {
      const c = await Client.connect({ port: server.port, db: 1, name: 'orig', protocol: 3 });
      await c.select(4);
      await c.clientSetname('changed');
      expect(await c.reset()).toBe('RESET');
      expect(await c.clientGetname()).toBe('orig');
      await c.set('where', 'here');
      const check = await Client.connect({ port: server.port, db: 1 });
      expect(await check.get('where')).toBe('here');
      await check.quit();
      expect(await c.hgetall('nothing')).toEqual(new Map()); // still RESP3: HELLO 3 was sent again
      expect((await c.hello(3)).get('proto')).toBe(3);
      await c.quit();
    } finally {
      await server.stop();
    }
  });
});
