import { describe, expect, it } from 'vitest';
import { LFU_INIT_VAL, lfuDecrAndReturn, lfuField, lfuLogIncr, lfuMinutesAt, lfuTimeElapsed, lfuTouched } from '../src/eviction/lfu.js';
import { idleMs, LRU_CLOCK_MAX, lruClockAt, lruForIdle } from '../src/eviction/lru.js';
import { timeLimitUs } from '../src/eviction/evictor.js';

// The counter arithmetic of Redis's evict.c, checked against values worked
// out from its definitions (the live comparison with redis-server is in
// maxmemory-redis.test.ts).

describe('LFU counter', () => {
  it('always increments up to LFU_INIT_VAL, then with probability 1/((c-5)*factor+1)', () => {
    for (let c = 0; c <= LFU_INIT_VAL; c++) expect(lfuLogIncr(c, 10, 0.999999)).toBe(c + 1);
    // c = 6: p = 1/11.
    expect(lfuLogIncr(6, 10, 1 / 11 - 1e-9)).toBe(7);
    expect(lfuLogIncr(6, 10, 1 / 11)).toBe(6);
    // c = 105, factor 1: p = 1/101.
    expect(lfuLogIncr(105, 1, 0.0098)).toBe(106);
    expect(lfuLogIncr(105, 1, 0.0100)).toBe(105);
    // Factor 0: every access counts.
    expect(lfuLogIncr(200, 0, 0.999)).toBe(201);
    expect(lfuLogIncr(255, 0, 0)).toBe(255);
  });

  it('grows logarithmically: the expected accesses to reach a counter match the sum of 1/p', () => {
    // From 5, reaching c takes sum_{b=0}^{c-6} (b*factor+1) accesses on average.
    const expectedAccesses = (c: number, factor: number) => {
      let n = 0;
      for (let b = 0; b <= c - 6; b++) n += b * factor + 1;
      return n;
    };
    const runs = 300;
    let total = 0;
    for (let r = 0; r < runs; r++) {
      let counter = LFU_INIT_VAL, n = 0;
      while (counter < 20) {
        counter = lfuLogIncr(counter, 10, Math.random());
        n++;
      }
      total += n;
    }
    const mean = total / runs;
    const want = expectedAccesses(20, 10); // 1065
    expect(Math.abs(mean - want) / want).toBeLessThan(0.1);
  });

  it('decays one per lfu-decay-time minutes since the stored time, never below 0', () => {
    const at = lfuField(1000, 30);
    expect(lfuDecrAndReturn(at, 1000, 1)).toBe(30);
    expect(lfuDecrAndReturn(at, 1010, 1)).toBe(20);
    expect(lfuDecrAndReturn(at, 1010, 5)).toBe(28);
    expect(lfuDecrAndReturn(at, 1100, 1)).toBe(0);
    // lfu-decay-time 0: never decays.
    expect(lfuDecrAndReturn(at, 60000, 0)).toBe(30);
  });

  it('reads elapsed minutes across the 16-bit wrap as Redis does (65535 - ldt + now)', () => {
    expect(lfuTimeElapsed(65530, 3)).toBe(8);
    expect(lfuDecrAndReturn(lfuField(65530, 20), 3, 1)).toBe(12);
    expect(lfuMinutesAt(65536 * 60000 + 59999)).toBe(0);
  });

  it('an access stores the current minute with the decayed, then incremented counter', () => {
    const touched = lfuTouched(lfuField(100, 9), 103, 10, 1);
    expect(touched >>> 8).toBe(103);
    // 9 decays to 6, then p = 1/11 to become 7.
    expect([6, 7]).toContain(touched & 255);
  });
});

describe('LRU clock', () => {
  it('keeps 24 bits of unix seconds and reads idle time across a wrap', () => {
    expect(lruClockAt(1000 * (LRU_CLOCK_MAX + 1) + 5000)).toBe(5);
    expect(idleMs(100, 160)).toBe(60_000);
    // The field is ahead of the clock only after a wrap: clock + (MAX - lru).
    expect(idleMs(LRU_CLOCK_MAX - 10, 5)).toBe(15_000);
  });

  it('sets an idle time as objectSetLRUOrLFU does, half-way round on underflow', () => {
    expect(lruForIdle(30, 1000)).toBe(970);
    expect(idleMs(lruForIdle(30, 1000), 1000)).toBe(30_000);
    const under = lruForIdle(5000, 1000);
    expect(under).toBe((1000 + Math.floor(LRU_CLOCK_MAX / 2)) % LRU_CLOCK_MAX);
    expect(idleMs(under, 1000)).toBeGreaterThan(90 * 86400 * 1000);
  });
});

describe('maxmemory-eviction-tenacity', () => {
  it('is 50 µs per step up to 10, then 15% more per step, unlimited at 100', () => {
    expect(timeLimitUs(0)).toBe(0);
    expect(timeLimitUs(10)).toBe(500);
    expect(timeLimitUs(11)).toBe(575);
    expect(timeLimitUs(99)).toBe(Math.trunc(500 * 1.15 ** 89));
    expect(timeLimitUs(100)).toBe(Infinity);
  });
});

describe('the lru field through the keyspace', () => {
  it('moves with a value given its old field (RENAME, MOVE), and is fresh for a new object', async () => {
    const { Keyspace } = await import('../src/keyspace/keyspace.js');
    const ks = new Keyspace(2);
    ks.lfu = true;
    ks.lfuDecayTime = 0;
    const [db0, db1] = ks.databases as [import('../src/keyspace/database.js').Database, import('../src/keyspace/database.js').Database];
    db0.set('a', 'value');
    expect(db0.frequency('a')).toBe(LFU_INIT_VAL);
    db0.setFrequency('a', 100);
    expect(db0.frequency('a')).toBe(100);
    // An overwrite keeps the counter under LFU (dbSetValue).
    db0.set('a', 'other');
    expect(db0.frequency('a')).toBe(100);
    // RENAME / MOVE: the value goes with its field.
    const lru = db0.lruOf('a');
    const value = db0.peek('a')!;
    db0.delete('a');
    db1.set('b', value, { lru });
    expect(db1.frequency('b')).toBe(100);
    // COPY makes a new object.
    db1.set('c', value);
    expect(db1.frequency('c')).toBe(LFU_INIT_VAL);
  });
});
