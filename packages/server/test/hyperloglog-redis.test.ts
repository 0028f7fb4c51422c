import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haveRedis } from './real-redis.js';
import { useRedisBesideKv } from './redis-beside-kv.js';

// Random PFADD streams of many sizes go to kv and to a real Redis 7.0 in the
// same batches; the raw value (GET) must be the same bytes after every batch,
// across the sparse-to-dense switch, and PFCOUNT, the cached count it writes
// into the header, PFMERGE and the union count must agree too.

/** Elements as bytes: short binary strings, some repeated, some numeric. */
const element = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 12 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.nat({ max: 5000 }).map(String),
);
const stream = fc.oneof(
  { weight: 2, arbitrary: fc.array(element, { maxLength: 40 }) },
  { weight: 2, arbitrary: fc.array(element, { minLength: 40, maxLength: 1500 }) },
  { weight: 1, arbitrary: fc.array(element, { minLength: 1500, maxLength: 6000 }) },
);
const batchSize = fc.integer({ min: 1, max: 700 });

describe.runIf(haveRedis)('HyperLogLog against a real Redis 7.0', () => {
  const servers = useRedisBesideKv('kv-hll-');

  /** Sends one command to both; returns both replies. */
  async function both(...args: (string | Buffer)[]): Promise<[unknown, unknown]> {
    return Promise.all([servers.redis.conn.call(...args), servers.kvConn.call(...args)]);
  }

  const latin1 = (els: readonly string[]): Buffer[] => els.map((e) => Buffer.from(e, 'latin1'));

  async function feed(key: string, els: readonly string[], batch: number): Promise<void> {
    for (let i = 0; i < els.length; i += batch) {
      const [r, k] = await both('PFADD', key, ...latin1(els.slice(i, i + batch)));
      expect(k).toEqual(r);
      const [rv, kvv] = await both('GET', key);
      expect(kvv).toEqual(rv);
    }
  }

  it('gives the same bytes and counts for random streams', async () => {
    const encodings = new Set<string>();
    await fc.assert(
      fc.asyncProperty(stream, stream, batchSize, async (a, b, batch) => {
        await both('DEL', 'a', 'b', 'm');
        await both('PFADD', 'a');
        await feed('a', a, batch);
        await feed('b', b, batch);
        const [rc, kc] = await both('PFCOUNT', 'a');
        expect(kc).toEqual(rc);
        // PFCOUNT wrote its cached count into the header: the bytes still agree.
        const [rv, kvv] = await both('GET', 'a');
        expect(kvv).toEqual(rv);
        const [ru, ku] = await both('PFCOUNT', 'a', 'b');
        expect(ku).toEqual(ru);
        const [rm, km] = await both('PFMERGE', 'm', 'a', 'b');
        expect(km).toEqual(rm);
        const [rmv, kmv] = await both('GET', 'm');
        expect(kmv).toEqual(rmv);
        const [re, ke] = await both('PFDEBUG', 'ENCODING', 'a');
        expect(ke).toEqual(re);
        encodings.add((re as { value: string }).value);
      }),
      { numRuns: 40, seed: 20261202, endOnFailure: true },
    );
    // The streams must have crossed the switch, or the bytes of one encoding went unchecked.
    expect([...encodings].sort()).toEqual(['dense', 'sparse']);
  }, 180_000);
});
