import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HyperLogLog, countMerged } from './hyperloglog.js';
import { HLL_DENSE, HLL_DENSE_SIZE, HLL_REGISTERS, HLL_SPARSE, isHyperLogLog } from './layout.js';
import { cachedCardinalityOf, denseRegisterOf } from './latin1.js';

// Byte-exact checks against values recorded from a real Redis 7.0.15: the
// elements were PFADDed (in batches of 1000), the value read with GET, then
// PFCOUNT run and the value read again (its cached cardinality now set).

interface Fixture {
  name: string;
  elements: string[];
  length: number;
  encoding: number;
  count: number;
  sha: string;
  shaAfterCount: string;
  hex?: string;
}

const range = (p: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${p}${i}`);

const FIXTURES: Fixture[] = [
  {
    name: 'abc', elements: ['a', 'b', 'c'], length: 27, encoding: 1, count: 3,
    sha: 'e2a3871481554fd4484a15607dc515a1f785ea066a950e3a9fa52caf1b433aa3',
    shaAfterCount: '95703068f7d9a2ecf9ea7f9ad29997661d55259b144c621aa9fb20e9ca793b5b',
    hex: '48594c4c01000000000000000000008060f38050b1844bfb80425a',
  },
  {
    name: 'binary', elements: ['', '\0', '\xff\xfe', 'a\r\nb', '12345678', '1234567', '123456789'], length: 39, encoding: 1, count: 7,
    sha: '99a852f4fdd81e08de412cf183b74278c04c40dc06c5cd0e04b650863c082df8',
    shaAfterCount: '34e00eff796b9dc37beb800e232fc5deb5c9564c14ecb33c637d53da03fe63e6',
    hex: '48594c4c010000000000000000000080428d8454a2844b548441c38444088840fa884a8c884c1d',
  },
  {
    name: 'el100', elements: range('el:', 100), length: 289, encoding: 1, count: 100,
    sha: '36ab75237d7752fcdc9941216ac9d501992d18693db8d43c1ec9c4802d39c21d',
    shaAfterCount: 'afa9e93d9f433717e21e4e90f7a8d79721e3e2d39dbfb815b2fb9f3e72764f6e',
  },
  {
    name: 'el1000', elements: range('el:', 1000), length: 1892, encoding: 1, count: 999,
    sha: 'a18a0f485230f4b2868d77a230ac57813a1b8d9b2c0abe55c75c29d14869ba17',
    shaAfterCount: 'b6b8b2bad8824cfb37a1914a55f60b102a44b0b8ee8026bbfda0905e3ce63eb7',
  },
  {
    name: 'el1600', elements: range('el:', 1600), length: 2840, encoding: 1, count: 1594,
    sha: '73dd3bcaf4a333a93908837882e6618d6863619d181aa9bef4b0582fd7ece45a',
    shaAfterCount: '0368bbf52599b49649f54049ec87654bae6c4a043aa1b0907f6fa0f4bf0ca16e',
  },
  {
    name: 'el3000', elements: range('el:', 3000), length: 12304, encoding: 0, count: 2974,
    sha: 'f17bef58961d569ce2dc92b5e8698f719c71a64c7c50537b65694262466d6cf2',
    shaAfterCount: '9545ec3759e0d65bb65cb4487014a7826418fdea540ff002bbd233b734cf870f',
  },
  {
    name: 'el100000', elements: range('el:', 100000), length: 12304, encoding: 0, count: 98893,
    sha: 'df7f9fda0c79c41ed50daf347e935954f9c021795998c59384e638ddfc94096d',
    shaAfterCount: '7fbc065660fb4fe90184acc9e6e4eba659132c1b9d867d495177311056ba34fa',
  },
];

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** What PFADD does: add every element, then mark the cache stale if anything changed. */
function pfadd(h: HyperLogLog, elements: readonly string[]): number {
  let updated = 0;
  for (const e of elements) if (h.add(e) === 1) updated++;
  if (updated !== 0) h.invalidateCache();
  return updated;
}

describe('HyperLogLog against Redis 7.0.15', () => {
  it('creates the empty sparse value Redis creates', () => {
    const h = HyperLogLog.create();
    expect(Buffer.from(h.view()).toString('hex')).toBe('48594c4c0100000000000000000000007fff');
    expect(h.count()).toBe(0);
    expect(h.hasValidCache()).toBe(true);
  });

  for (const f of FIXTURES) {
    it(`${f.name}: the same bytes, count and cached count`, () => {
      const h = HyperLogLog.create();
      for (let i = 0; i < f.elements.length; i += 1000) pfadd(h, f.elements.slice(i, i + 1000));
      expect(h.length).toBe(f.length);
      expect(h.encoding).toBe(f.encoding);
      if (f.hex !== undefined) expect(Buffer.from(h.view()).toString('hex')).toBe(f.hex);
      expect(sha(h.view())).toBe(f.sha);
      expect(h.hasValidCache()).toBe(false);
      const count = h.count();
      expect(count).toBe(f.count);
      h.setCachedCardinality(count!);
      expect(sha(h.view())).toBe(f.shaAfterCount);
      expect(cachedCardinalityOf(latin1(h.view()))).toBe(f.count);
      expect(isHyperLogLog(latin1(h.view()))).toBe(true);
    });
  }

  it('keeps the old count under the stale bit, as HLL_INVALIDATE_CACHE does', () => {
    const h = HyperLogLog.create();
    pfadd(h, ['a', 'b', 'c']);
    h.setCachedCardinality(3);
    pfadd(h, ['d']);
    expect(Array.from(h.view().subarray(8, 16))).toEqual([3, 0, 0, 0, 0, 0, 0, 0x80]);
    expect(cachedCardinalityOf(latin1(h.view()))).toBeNull();
  });
});

describe('sparse and dense agree', () => {
  const raises = fc.array(fc.tuple(fc.integer({ min: 0, max: HLL_REGISTERS - 1 }), fc.integer({ min: 1, max: 51 })), { maxLength: 300 });

  it('sparse raises read back as a plain array of registers would', () => {
    fc.assert(
      fc.property(raises, fc.constantFrom(3000, 300, 1_000_000), (ops, maxBytes) => {
        const h = HyperLogLog.create();
        const model = new Uint8Array(HLL_REGISTERS);
        for (const [i, c] of ops) {
          const changed = c > model[i]! ? 1 : 0;
          expect(h.raise(i, c, maxBytes)).toBe(changed);
          if (changed) model[i] = c;
        }
        if (h.encoding === HLL_SPARSE) expect(h.length).toBeLessThanOrEqual(Math.max(maxBytes, 18));
        const max = new Uint8Array(HLL_REGISTERS);
        expect(h.mergeInto(max)).toBe(true);
        expect(Buffer.compare(max, model)).toBe(0); // deep equality of 16384 entries is slow in expect()
        const sparseCount = h.count();
        expect(h.toDense()).toBe(true);
        expect(h.length).toBe(HLL_DENSE_SIZE);
        const dense = new Uint8Array(HLL_REGISTERS);
        for (let i = 0; i < HLL_REGISTERS; i++) dense[i] = h.register(i);
        expect(Buffer.compare(dense, model)).toBe(0);
        expect(h.count()).toBe(sparseCount);
        expect(countMerged(model)).toBe(sparseCount);
        const s = latin1(h.view());
        for (const [i] of ops) expect(denseRegisterOf(s, i)).toBe(model[i]);
      }),
      { numRuns: 40 },
    );
  });

  it('goes dense for a register above 32 even when small', () => {
    const h = HyperLogLog.create();
    expect(h.raise(5, 33)).toBe(1);
    expect(h.encoding).toBe(HLL_DENSE);
    expect(h.register(5)).toBe(33);
  });

  it('merges equal neighbouring VALs as Redis does', () => {
    const h = HyperLogLog.create();
    h.raise(0, 3);
    h.raise(2, 3);
    h.raise(1, 3);
    expect(h.decode()).toBe('v:3,3 Z:16381');
    h.raise(3, 3);
    h.raise(4, 3);
    expect(h.decode()).toBe('v:3,4 v:3,1 Z:16379');
  });
});

describe('corrupt sparse bodies', () => {
  const sparse = (...body: number[]): HyperLogLog =>
    HyperLogLog.from(new Uint8Array([0x48, 0x59, 0x4c, 0x4c, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, ...body]));

  it('are found when counting, merging and converting', () => {
    for (const h of [sparse(0x7f, 0xfe), sparse(0x7f, 0xff, 0x7f, 0xff), sparse(0x7f, 0xff, 0x84), sparse()]) {
      expect(h.count()).toBeNull();
      expect(h.mergeInto(new Uint8Array(HLL_REGISTERS))).toBe(false);
      expect(h.toDense()).toBe(false);
      expect(h.encoding).toBe(HLL_SPARSE);
    }
  });

  it('fail an add only where the opcodes do not reach', () => {
    const h = sparse(0x7f, 0xfe);
    expect(h.raise(16383, 1)).toBe(-1);
    expect(h.raise(0, 1)).toBe(1);
    expect(h.decode()).toBe('v:1,1 Z:16382');
  });
});

describe('isHyperLogLog', () => {
  it('checks length, magic, encoding and the dense size', () => {
    const empty = latin1(HyperLogLog.create().view());
    expect(isHyperLogLog(empty)).toBe(true);
    expect(isHyperLogLog(empty.slice(0, 16))).toBe(true);
    expect(isHyperLogLog(empty.slice(0, 15))).toBe(false);
    expect(isHyperLogLog(`HYLX${empty.slice(4)}`)).toBe(false);
    expect(isHyperLogLog(`HYLL\x02${empty.slice(5)}`)).toBe(false);
    expect(isHyperLogLog(`HYLL\x00${empty.slice(5)}`)).toBe(false);
  });
});
