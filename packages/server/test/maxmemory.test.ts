import { afterEach, describe, expect, it } from 'vitest';
import { ErrorReply, NULL_ARRAY, SimpleString } from '@kv/resp';
import { connectTo, useTestServer } from './fixture.js';
import { stringKeyBytes, TTL_OVERHEAD } from '../src/eviction/memory-model.js';

// maxmemory with each policy, through the protocol, against an in-process
// server whose memory estimate (eviction/memory-model.ts) the tests read to
// place the limit: the same way Redis's own tests set maxmemory relative to
// used_memory.

const t = useTestServer();
const OK = new SimpleString('OK');
const OOM = new ErrorReply("OOM command not allowed when used memory > 'maxmemory'.");
const VALUE = 'v'.repeat(100);

const eviction = () => t.server.server.eviction;
const used = () => eviction().usedMemory();
/** CONFIG SET; a new maxmemory evicts at once, within the tenacity's time limit, and then in later turns of the loop: wait for those. */
async function config(name: string, value: string): Promise<unknown> {
  const reply = await t.conn.call('CONFIG', 'SET', name, value);
  while (eviction().inProgress) await new Promise((r) => setImmediate(r));
  return reply;
}
const statField = async (field: string) => Number(new RegExp(`${field}:(\\d+)`).exec(String(await t.conn.call('INFO', 'stats')))![1]);
const keyName = (prefix: string, i: number) => `${prefix}:${String(i).padStart(5, '0')}`;

/** SETs keys prefix:00000 … (n of them), with a TTL of ttl(i) seconds when given. */
async function fill(prefix: string, n: number, ttl?: (i: number) => number): Promise<void> {
  const cmds: string[][] = [];
  for (let i = 0; i < n; i++) {
    cmds.push(ttl === undefined ? ['SET', keyName(prefix, i), VALUE] : ['SET', keyName(prefix, i), VALUE, 'EX', String(ttl(i))]);
  }
  for (let i = 0; i < cmds.length; i += 1000) await t.conn.pipeline(cmds.slice(i, i + 1000));
}

async function exists(prefix: string, n: number): Promise<boolean[]> {
  const replies = await t.conn.pipeline(Array.from({ length: n }, (_, i) => ['EXISTS', keyName(prefix, i)]));
  return replies.map((r) => r === 1);
}

const count = (flags: boolean[]) => flags.filter((x) => x).length;
/** The estimate of one test key. */
const keyBytes = (prefix: string, ttl = false) => stringKeyBytes(keyName(prefix, 0), VALUE) + (ttl ? TTL_OVERHEAD : 0);

afterEach(async () => {
  await config('maxmemory', '0');
  await config('maxmemory-policy', 'noeviction');
  await config('maxmemory-eviction-tenacity', '10');
  await config('lfu-decay-time', '1');
  await t.conn.call('CONFIG', 'RESETSTAT');
});

describe('maxmemory noeviction', () => {
  it('refuses commands that add data with -OOM, lets reads and deletes through', async () => {
    await fill('k', 100);
    await config('maxmemory', String(used() - 10 * keyBytes('k')));
    expect(await t.conn.call('SET', 'new', 'x')).toEqual(OOM);
    expect(await t.conn.call('INCR', 'counter')).toEqual(OOM);
    expect(await t.conn.call('LPUSH', 'list', 'a')).toEqual(OOM);
    expect(await t.conn.call('APPEND', keyName('k', 0), 'more')).toEqual(OOM);
    // Not denyoom: reads, deletes, EXPIRE, and the commands that fix the situation.
    expect(await t.conn.call('GET', keyName('k', 1))).toBe(VALUE);
    expect(await t.conn.call('EXPIRE', keyName('k', 2), '100')).toBe(1);
    expect(await t.conn.call('DBSIZE')).toBe(100);
    expect(await t.conn.call('DEL', ...Array.from({ length: 20 }, (_, i) => keyName('k', i)))).toBe(20);
    // Back under the limit: writes work again.
    expect(await t.conn.call('SET', 'new', 'x')).toEqual(OK);
    expect(await t.conn.call('DBSIZE')).toBe(81);
    expect(await statField('evicted_keys')).toBe(0);
  });

  it('counts the refusals as rejected calls and OOM errors', async () => {
    await fill('k', 10);
    await config('maxmemory', String(used() - keyBytes('k')));
    await t.conn.call('SET', 'a', 'b');
    await t.conn.call('SET', 'a', 'b');
    const commandstats = String(await t.conn.call('INFO', 'commandstats'));
    expect(commandstats).toMatch(/cmdstat_set:calls=10,.*rejected_calls=2,failed_calls=0/);
    expect(String(await t.conn.call('INFO', 'errorstats'))).toContain('errorstat_OOM:count=2');
  });
});

describe('maxmemory eviction policies', () => {
  it('allkeys-random evicts keys of any kind until memory is under the limit', async () => {
    await fill('plain', 500);
    await fill('ttl', 500, () => 1000);
    await config('maxmemory-policy', 'allkeys-random');
    const limit = used() - 300 * keyBytes('plain');
    await config('maxmemory', String(limit));
    expect(used()).toBeLessThanOrEqual(limit);
    const plain = count(await exists('plain', 500));
    const ttl = count(await exists('ttl', 500));
    expect(plain).toBeLessThan(500);
    expect(ttl).toBeLessThan(500);
    const evicted = 1000 - plain - ttl;
    // No more than needed: at most one key past the amount to free.
    expect(evicted).toBeGreaterThanOrEqual(Math.floor(300 * keyBytes('plain') / keyBytes('ttl', true)));
    expect(evicted).toBeLessThanOrEqual(301);
    expect(await statField('evicted_keys')).toBe(evicted);
  });

  for (const policy of ['volatile-random', 'volatile-lru', 'volatile-lfu', 'volatile-ttl']) {
    it(`${policy} evicts only keys with a TTL, then refuses writes when none is left`, async () => {
      await fill('plain', 300);
      await fill('ttl', 300, (i) => 1000 + i);
      await config('maxmemory-policy', policy);
      // A volatile policy under a limit builds its TTL sampling table first: measure with it there.
      await config('maxmemory', '1gb');
      // Deleting keys leaves the tables as they are (V8 shrinks a map under a quarter full): each eviction frees one key's worth.
      await config('maxmemory', String(used() - 100 * keyBytes('ttl', true)));
      expect(count(await exists('plain', 300))).toBe(300);
      const ttlLeft = count(await exists('ttl', 300));
      expect(ttlLeft).toBeLessThanOrEqual(200);
      expect(ttlLeft).toBeGreaterThanOrEqual(199);
      // Now more than every TTL key holds: they all go, and then writes are refused.
      await config('maxmemory', String(used() - 1000 * keyBytes('ttl', true)));
      expect(count(await exists('ttl', 300))).toBe(0);
      expect(count(await exists('plain', 300))).toBe(300);
      expect(await t.conn.call('SET', 'x', 'y')).toEqual(OOM);
      expect(await t.conn.call('GET', keyName('plain', 7))).toBe(VALUE);
    });
  }

  it('volatile-ttl evicts the keys that expire soonest first', async () => {
    const n = 1000;
    // TTLs in shuffled order, so that the SCAN table's layout says nothing about them.
    const ttls = Array.from({ length: n }, (_, i) => 1000 + i * 10);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [ttls[i], ttls[j]] = [ttls[j]!, ttls[i]!];
    }
    await fill('ttl', n, (i) => ttls[i]!);
    await config('maxmemory-policy', 'volatile-ttl');
    await config('maxmemory', '1gb');
    await config('maxmemory', String(used() - 200 * keyBytes('ttl', true)));
    const alive = await exists('ttl', n);
    const evictedTtls = ttls.filter((_, i) => !alive[i]);
    expect(evictedTtls.length).toBeGreaterThanOrEqual(199);
    // Sampling 5 keys at a time into a pool of 16 approximates "shortest first":
    // nearly all of the 200 evicted come from the shortest third.
    const shortThird = evictedTtls.filter((ttl) => ttl < 1000 + (n / 3) * 10).length;
    expect(shortThird / evictedTtls.length).toBeGreaterThan(0.9);
  });

  /** Keys cold:* were last read 1000 s ago (RESTORE … IDLETIME), hot:* just now. */
  async function coldAndHot(n: number, ttl: boolean): Promise<void> {
    await fill('hot', n, ttl ? () => 1000 : undefined);
    const payload = (await t.conn.call('DUMP', keyName('hot', 0))) as string;
    const cmds: string[][] = [];
    for (let i = 0; i < n; i++) cmds.push(['RESTORE', keyName('cold', i), ttl ? '1000000' : '0', payload, 'IDLETIME', '1000']);
    await t.conn.pipeline(cmds);
    // 1000, or 1001 if the clock's second turned meanwhile.
    expect([1000, 1001]).toContain(await t.conn.call('OBJECT', 'IDLETIME', keyName('cold', 3)));
    await t.conn.pipeline(Array.from({ length: n }, (_, i) => ['GET', keyName('hot', i)]));
  }

  for (const policy of ['allkeys-lru', 'volatile-lru']) {
    it(`${policy} keeps recently read keys and evicts idle ones`, async () => {
      const n = 1000;
      await coldAndHot(n, policy === 'volatile-lru');
      await config('maxmemory-policy', policy);
      await config('maxmemory', String(used() - 600 * keyBytes('hot', policy === 'volatile-lru')));
      const hot = count(await exists('hot', n));
      const cold = count(await exists('cold', n));
      expect(hot + cold).toBeLessThanOrEqual(2 * n - 599);
      expect(hot / n).toBeGreaterThan(0.97);
      expect(cold).toBeLessThan(n - 570);
    });
  }

  for (const policy of ['allkeys-lfu', 'volatile-lfu']) {
    it(`${policy} keeps frequently read keys and evicts rarely read ones`, async () => {
      const n = 1000;
      const withTtl = policy === 'volatile-lfu';
      await config('maxmemory-policy', policy);
      // No decay: a minute turning over mid-test would take one off every counter.
      await config('lfu-decay-time', '0');
      await fill('hot', n, withTtl ? () => 1000 : undefined);
      await fill('cold', n, withTtl ? () => 1000 : undefined);
      // 30 reads of each hot key: counters of about 7-8 against the cold keys' LFU_INIT_VAL of 5.
      for (let r = 0; r < 30; r++) await t.conn.pipeline(Array.from({ length: n }, (_, i) => ['GET', keyName('hot', i)]));
      expect(await t.conn.call('OBJECT', 'FREQ', keyName('cold', 1))).toBe(5);
      // Every hot key is at 6 at least (the first read always counts), most higher.
      const freqs = (await t.conn.pipeline(Array.from({ length: 50 }, (_, i) => ['OBJECT', 'FREQ', keyName('hot', i)]))) as number[];
      expect(Math.min(...freqs)).toBeGreaterThanOrEqual(6);
      expect(freqs.reduce((a, b) => a + b, 0) / freqs.length).toBeGreaterThan(6.5);
      await config('maxmemory', String(used() - 600 * keyBytes('hot', withTtl)));
      const hot = count(await exists('hot', n));
      const cold = count(await exists('cold', n));
      expect(hot / n).toBeGreaterThan(0.97);
      expect(cold).toBeLessThan(n - 570);
    });
  }
});

describe('maxmemory under load', () => {
  it('keeps memory at the limit through a write flood, every write accepted', async () => {
    await config('maxmemory-policy', 'allkeys-lru');
    const limit = used() + 2 * 1024 * 1024;
    await config('maxmemory', String(limit));
    const big = 'x'.repeat(500);
    let peak = 0;
    for (let batch = 0; batch < 40; batch++) {
      const replies = await t.conn.pipeline(Array.from({ length: 500 }, (_, i) => ['SET', `flood:${batch}:${i}`, big]));
      expect(replies.every((r) => r instanceof SimpleString && r.value === 'OK')).toBe(true);
      peak = Math.max(peak, used());
    }
    // 20000 keys of about 650 bytes is 13 MB; the limit holds about 3000 of them. Memory may pass the limit by
    // the last command's key, or by a table that doubled for it (evicted back before the next command).
    const oneKey = stringKeyBytes('flood:10:100', big);
    expect(peak).toBeLessThanOrEqual(limit + 0.25 * 2 * 1024 * 1024);
    expect(used()).toBeGreaterThan(limit - 2 * oneKey);
    await t.conn.call('PING');
    expect(used()).toBeLessThanOrEqual(limit);
    const dbsize = (await t.conn.call('DBSIZE')) as number;
    expect(dbsize).toBeGreaterThan(0.6 * 2 * 1024 * 1024 / oneKey);
    expect(dbsize).toBeLessThan(2 * 1024 * 1024 / oneKey);
    expect(await statField('evicted_keys')).toBe(20000 - dbsize);
  });

  it('with tenacity 0 evicts a little per command and finishes between clients, without blocking', async () => {
    await fill('k', 20000);
    await config('maxmemory-policy', 'allkeys-random');
    await config('maxmemory-eviction-tenacity', '0');
    const limit = used() - 15000 * keyBytes('k');
    await t.conn.call('CONFIG', 'SET', 'maxmemory', String(limit));
    // CONFIG SET evicted 16 keys and handed the rest to later turns of the event loop.
    expect(used()).toBeGreaterThan(limit);
    const other = await connectTo(t.server);
    try {
      // Another client is served meanwhile; the eviction completes by itself.
      expect(await other.call('PING')).toEqual(new SimpleString('PONG'));
      const deadline = Date.now() + 10_000;
      while (used() > limit && Date.now() < deadline) await other.call('PING');
      expect(used()).toBeLessThanOrEqual(limit);
      // About 15000 keys went (fewer if a table shrank on the way and freed the rest).
      const left = (await other.call('DBSIZE')) as number;
      expect(left).toBeGreaterThanOrEqual(5000);
      expect(left).toBeLessThan(10000);
      expect(await statField('total_eviction_exceeded_time')).toBeGreaterThanOrEqual(0);
    } finally {
      other.close();
    }
  });
});

describe('evicted keys reach listeners and the AOF', () => {
  it('propagates each evicted key as DEL, before the command that caused it', async () => {
    const seen: string[][] = [];
    const stop = t.server.server.propagation.addSink((_db, args) => seen.push([...args]));
    try {
      await fill('k', 50);
      await config('maxmemory-policy', 'allkeys-random');
      await config('maxmemory', String(used() + 10));
      // This write takes memory over the limit; the next command evicts before it runs.
      expect(await t.conn.call('SET', 'over', VALUE)).toEqual(OK);
      expect(seen.filter((c) => c[0] === 'DEL')).toHaveLength(0);
      expect(await t.conn.call('SET', 'trigger', VALUE)).toEqual(OK);
      const firstDel = seen.findIndex((c) => c[0] === 'DEL');
      const trigger = seen.findIndex((c) => c[1] === 'trigger');
      expect(firstDel).toBeGreaterThan(seen.findIndex((c) => c[1] === 'over'));
      expect(firstDel).toBeLessThan(trigger);
      expect(trigger).toBe(seen.length - 1);
      // Each DEL names a key that is gone, and evicted_keys counts them (every command evicts while over, INFO too).
      const evicted = await statField('evicted_keys');
      const dels = seen.filter((c) => c[0] === 'DEL').map((c) => c[1]!);
      expect(evicted).toBe(dels.length);
      await config('maxmemory', '0');
      for (const key of dels) expect(await t.conn.call('EXISTS', key)).toBe(0);
    } finally {
      stop();
    }
  });

  it('an evicted key breaks a WATCH on it', async () => {
    const watcher = await connectTo(t.server);
    try {
      await t.conn.call('SET', 'watched', VALUE);
      expect(await watcher.call('WATCH', 'watched')).toEqual(OK);
      await config('maxmemory-policy', 'allkeys-random');
      await config('maxmemory', '1');
      expect(await t.conn.call('DBSIZE')).toBe(0);
      await config('maxmemory', '0');
      const [, , exec] = await watcher.pipeline([['MULTI'], ['SET', 'other', '1'], ['EXEC']]);
      expect(exec).toBe(NULL_ARRAY);
    } finally {
      watcher.close();
    }
  });
});

describe('OBJECT and the policy', () => {
  it('FREQ only under an LFU policy, IDLETIME only under another; new keys start at 5', async () => {
    await t.conn.call('SET', 'k', 'v');
    expect(await t.conn.call('OBJECT', 'FREQ', 'k')).toEqual(new ErrorReply(
      'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'));
    expect(await t.conn.call('OBJECT', 'IDLETIME', 'k')).toBe(0);
    await config('maxmemory-policy', 'allkeys-lfu');
    await config('lfu-decay-time', '0');
    expect(await t.conn.call('OBJECT', 'IDLETIME', 'k')).toEqual(new ErrorReply(
      'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'));
    expect(await t.conn.call('OBJECT', 'FREQ', 'missing')).toBeNull();
    await t.conn.call('SET', 'fresh', 'v');
    expect(await t.conn.call('OBJECT', 'FREQ', 'fresh')).toBe(5);
    // The first read always counts (5 is LFU_INIT_VAL); an overwrite keeps the counter.
    await t.conn.call('GET', 'fresh');
    expect(await t.conn.call('OBJECT', 'FREQ', 'fresh')).toBe(6);
    await t.conn.call('SET', 'fresh', 'other');
    expect(await t.conn.call('OBJECT', 'FREQ', 'fresh')).toBeGreaterThanOrEqual(6);
    // RESTORE … FREQ sets it.
    const payload = (await t.conn.call('DUMP', 'fresh')) as string;
    await t.conn.call('RESTORE', 'restored', '0', payload, 'FREQ', '100');
    expect(await t.conn.call('OBJECT', 'FREQ', 'restored')).toBe(100);
  });

  it('integers are not shared under maxmemory with an LRU/LFU policy (each key has its own field)', async () => {
    await t.conn.call('SET', 'shared', '42');
    expect(await t.conn.call('OBJECT', 'REFCOUNT', 'shared')).toBe(2147483647);
    await config('maxmemory-policy', 'allkeys-lru');
    await config('maxmemory', '1gb');
    await t.conn.call('SET', 'own', '42');
    expect(await t.conn.call('OBJECT', 'REFCOUNT', 'own')).toBe(1);
    expect(await t.conn.call('OBJECT', 'ENCODING', 'own')).toBe('int');
    expect(await t.conn.call('OBJECT', 'REFCOUNT', 'shared')).toBe(2147483647);
  });
});
