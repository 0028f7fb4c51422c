import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchError, Client, ReplyError, WatchError } from '../src/index.js';
import { SERVER_KINDS, hasCommand, startServer, type TestServer } from './servers.js';

// MULTI/EXEC against Redis, and against kv once it has MULTI (until then its
// suite is skipped: COMMAND INFO multi is nil).

describe.each(SERVER_KINDS)('%s: transactions', async (kind) => {
  let server: TestServer;
  let client: Client;
  let supported = true;
  beforeAll(async () => {
    server = await startServer(kind);
    supported = await hasCommand(server.port, 'multi');
    client = await Client.connect({ port: server.port });
  });
  afterAll(async () => {
    await client?.quit();
    await server?.stop();
  });
  beforeEach(async (ctx) => {
    if (!supported) ctx.skip();
    await client.flushall();
  });

  it('exec() resolves with the typed results, in order', async () => {
    const r = await client.multi().set('a', '1').incr('a').get('a').hset('h', { f: 'v' }).hgetall('h').exec();
    expect(r).toEqual(['OK', 2, '2', 1, new Map([['f', 'v']])]);
    expect(await client.multi().exec()).toEqual([]);
  });

  it('nothing else runs between MULTI and EXEC, though other commands are in flight', async () => {
    const other = client.set('x', 'outside');
    const tx = client.multi().set('x', 'inside').get('x').exec();
    const after = client.get('x');
    expect(await other).toBe('OK');
    expect(await tx).toEqual(['OK', 'inside']);
    expect(await after).toBe('inside');
  });

  it('a command refused while queueing aborts the whole transaction: EXECABORT', async () => {
    const err = await client.multi().set('a', '1').call('NOSUCHCMD').exec().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyError);
    expect((err as ReplyError).code).toBe('EXECABORT');
    expect((err as ReplyError).message).toMatch(/^EXECABORT Transaction discarded because of previous errors\. \(NOSUCHCMD: ERR unknown command/);
    expect(await client.get('a')).toBeNull(); // nothing ran
  });

  it('a command failing while running: the others ran, a BatchError holds every result', async () => {
    const err = await client.multi().set('s', 'v').lpush('s', 'x').set('t', 'w').exec().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchError);
    const be = err as BatchError;
    expect(be.replies[0]).toBe('OK');
    expect((be.replies[1] as ReplyError).code).toBe('WRONGTYPE');
    expect(be.replies[2]).toBe('OK');
    expect(await client.get('t')).toBe('w');
  });

  it('WATCH: exec() rejects with WatchError when a watched key changed, and runs when none did', async () => {
    const tx = client.duplicate(); // WATCH is per connection: a connection of its own
    await tx.connect();
    try {
      expect(await tx.watch('balance')).toBe('OK');
      await client.set('balance', '100'); // another connection changes it
      await expect(tx.multi().set('balance', '0').exec()).rejects.toBeInstanceOf(WatchError);
      expect(await client.get('balance')).toBe('100');
      await tx.watch('balance');
      const current = Number(await tx.get('balance'));
      expect(await tx.multi().set('balance', current - 30).get('balance').exec()).toEqual(['OK', '70']);
    } finally {
      await tx.quit();
    }
  });

  it('discard() drops the collected commands', async () => {
    const m = client.multi().set('never', '1');
    expect(m.length).toBe(1);
    m.discard();
    expect(await m.exec()).toEqual([]);
    expect(await client.get('never')).toBeNull();
  });

  it('SELECT inside a transaction is remembered for reconnects like any other', async () => {
    const c = client.duplicate();
    await c.connect();
    try {
      await c.multi().select(4).set('in4', 'y').exec();
      expect(await c.get('in4')).toBe('y');
      expect(c.duplicate().options.db).toBe(4);
    } finally {
      await c.quit();
    }
  });
});
