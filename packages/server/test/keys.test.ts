import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ErrorReply, SimpleString } from '@kv/resp';
import { useTestServer } from './fixture.js';

const t = useTestServer();

const OK = new SimpleString('OK');


describe('keys', () => {
  it('DEL, EXISTS, TYPE, TOUCH count keys, duplicates included', async () => {
    await t.conn.pipeline([['SET', 'a', '1'], ['SET', 'b', '2']]);
    expect(await t.conn.call('EXISTS', 'a', 'a', 'b', 'c')).toBe(3);
    expect(await t.conn.call('TOUCH', 'a', 'c')).toBe(1);
    expect(await t.conn.call('TYPE', 'a')).toEqual(new SimpleString('string'));
    expect(await t.conn.call('TYPE', 'zz')).toEqual(new SimpleString('none'));
    expect(await t.conn.call('DEL', 'a', 'b', 'c')).toBe(2);
    expect(await t.conn.call('DBSIZE')).toBe(0);
  });

  it('binary-safe keys and values', async () => {
    const key = 'k\x00\xff\r\n';
    const value = Buffer.from([0, 1, 2, 255, 13, 10]).toString('latin1');
    expect(await t.conn.call('SET', key, value)).toEqual(OK);
    expect(await t.conn.call('GET', key)).toBe(value);
    expect(await t.conn.call('KEYS', '*')).toEqual([key]);
  });

  it('KEYS matches glob patterns', async () => {
    await t.conn.pipeline(['hello', 'hallo', 'hxllo', 'hllo', 'heeeello'].map((k) => ['SET', k, '1']));
    expect(((await t.conn.call('KEYS', 'h?llo')) as string[]).sort()).toEqual(['hallo', 'hello', 'hxllo']);
    expect(((await t.conn.call('KEYS', 'h*llo')) as string[]).sort()).toEqual(['hallo', 'heeeello', 'hello', 'hllo', 'hxllo']);
    expect(((await t.conn.call('KEYS', 'h[ae]llo')) as string[]).sort()).toEqual(['hallo', 'hello']);
    expect(((await t.conn.call('KEYS', 'h[^e]llo')) as string[]).sort()).toEqual(['hallo', 'hxllo']);
  });

  it('RENAME keeps the TTL, RENAMENX refuses to overwrite', async () => {
    await t.conn.call('SET', 'src', 'v', 'PX', '100000');
    expect(await t.conn.call('RENAME', 'src', 'dst')).toEqual(OK);
    expect(await t.conn.call('GET', 'dst')).toBe('v');
    expect((await t.conn.call('PTTL', 'dst')) as number).toBeGreaterThan(90000);
    expect(await t.conn.call('RENAME', 'nokey', 'x')).toEqual(new ErrorReply('ERR no such key'));
    await t.conn.call('SET', 'other', 'o');
    expect(await t.conn.call('RENAMENX', 'dst', 'other')).toBe(0);
    expect(await t.conn.call('RENAMENX', 'dst', 'dst')).toBe(0);
    expect(await t.conn.call('RENAME', 'dst', 'dst')).toEqual(OK);
  });

  it('COPY and MOVE across databases', async () => {
    await t.conn.call('SET', 'k', 'v');
    expect(await t.conn.call('COPY', 'k', 'k')).toEqual(new ErrorReply('ERR source and destination objects are the same'));
    expect(await t.conn.call('COPY', 'k', 'k', 'DB', '2')).toBe(1);
    expect(await t.conn.call('COPY', 'k', 'k', 'DB', '2')).toBe(0);
    expect(await t.conn.call('COPY', 'k', 'k', 'DB', '2', 'REPLACE')).toBe(1);
    expect(await t.conn.call('COPY', 'k', 'x', 'DB', '99')).toEqual(new ErrorReply('ERR DB index is out of range'));
    expect(await t.conn.call('MOVE', 'k', '2')).toBe(0);
    expect(await t.conn.call('MOVE', 'k', '3')).toBe(1);
    expect(await t.conn.call('EXISTS', 'k')).toBe(0);
    await t.conn.call('SELECT', '3');
    expect(await t.conn.call('GET', 'k')).toBe('v');
    await t.conn.call('SELECT', '0');
  });

  it('SWAPDB exchanges whole databases', async () => {
    await t.conn.call('SET', 'in0', 'x');
    expect(await t.conn.call('SWAPDB', '0', '5')).toEqual(OK);
    expect(await t.conn.call('EXISTS', 'in0')).toBe(0);
    expect(await t.conn.call('SWAPDB', '0', '5')).toEqual(OK);
    expect(await t.conn.call('EXISTS', 'in0')).toBe(1);
    expect(await t.conn.call('SWAPDB', 'a', '1')).toEqual(new ErrorReply('ERR invalid first DB index'));
  });

  it('OBJECT ENCODING follows Redis: int, embstr, raw', async () => {
    await t.conn.pipeline([['SET', 'i', '12345'], ['SET', 'e', 'hello'], ['SET', 'r', 'x'.repeat(45)], ['SET', 'z', '012']]);
    expect(await t.conn.call('OBJECT', 'ENCODING', 'i')).toBe('int');
    expect(await t.conn.call('OBJECT', 'ENCODING', 'e')).toBe('embstr');
    expect(await t.conn.call('OBJECT', 'ENCODING', 'r')).toBe('raw');
    expect(await t.conn.call('OBJECT', 'ENCODING', 'z')).toBe('embstr');
    expect(await t.conn.call('OBJECT', 'ENCODING', 'missing')).toBeNull();
    expect(await t.conn.call('OBJECT', 'REFCOUNT', 'i')).toBe(1);
    await t.conn.call('SET', 'small', '42');
    expect(await t.conn.call('OBJECT', 'REFCOUNT', 'small')).toBe(2147483647);
  });
});

describe('SCAN', () => {
  it('iterates every key exactly as a union of pages, with MATCH and TYPE', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `key:${i}`);
    await t.conn.pipeline(keys.map((k) => ['SET', k, 'v']));
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, page] = (await t.conn.call('SCAN', cursor, 'COUNT', '37')) as [string, string[]];
      page.forEach((k) => seen.add(k));
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(1000);
    const [, matched] = (await t.conn.call('SCAN', '0', 'MATCH', 'key:99*', 'COUNT', '100000')) as [string, string[]];
    expect(matched.sort()).toEqual(['key:99', 'key:990', 'key:991', 'key:992', 'key:993', 'key:994', 'key:995', 'key:996', 'key:997', 'key:998', 'key:999']);
    const [, none] = (await t.conn.call('SCAN', '0', 'TYPE', 'list', 'COUNT', '100000')) as [string, string[]];
    expect(none).toEqual([]);
    expect(await t.conn.call('SCAN', 'abc')).toEqual(new ErrorReply('ERR invalid cursor'));
    expect(await t.conn.call('SCAN', '0', 'COUNT', '0')).toEqual(new ErrorReply('ERR syntax error'));
  });

  it('returns every key present for the whole scan, whatever is added or removed meanwhile', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 2 ** 31 }), async (n, count, seed) => {
        await t.conn.call('FLUSHALL');
        const stable = Array.from({ length: n }, (_, i) => `s${i}`);
        if (n > 0) await t.conn.pipeline(stable.map((k) => ['SET', k, '1']));
        let rnd = seed;
        const next = () => (rnd = (rnd * 1103515245 + 12345) & 0x7fffffff);
        const seen = new Set<string>();
        let cursor = '0';
        let extra = 0;
        let pages = 0;
        do {
          const [c, page] = (await t.conn.call('SCAN', cursor, 'COUNT', String(count))) as [string, string[]];
          page.forEach((k) => seen.add(k));
          cursor = c;
          // Churn between the first pages: add many keys (forcing growth) or remove added ones (forcing shrink).
          if (pages++ > 20) continue;
          const adds = next() % 200;
          const cmds: string[][] = [];
          for (let i = 0; i < adds; i++) cmds.push(['SET', `t${extra++}`, '1']);
          if (next() % 3 === 0) for (let i = 0; i < extra; i++) cmds.push(['DEL', `t${i}`]);
          if (cmds.length > 0) await t.conn.pipeline(cmds);
        } while (cursor !== '0');
        for (const k of stable) expect(seen.has(k), k).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
