import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeListpack, ListpackBuilder, readListpack } from './listpack.js';
import { packedToString } from './packed-value.js';

const element = fc.oneof(
  fc.string({ maxLength: 80 }).map((s) => Buffer.from(s, 'utf8').toString('latin1')),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  fc.integer({ min: -70000, max: 70000 }).map(String),
  fc.constantFrom('0', '-0', '007', '+1', ' 1', '9223372036854775808', 'x'.repeat(5000)),
);

describe('listpack', () => {
  it('reads back what it writes, integers as their decimal strings', () => {
    fc.assert(
      fc.property(fc.array(element, { maxLength: 40 }), (values) => {
        const lp = encodeListpack(values);
        const back = readListpack(lp);
        expect(back?.map(packedToString)).toEqual(values);
        const b = new ListpackBuilder();
        for (const v of values) b.push(v);
        expect(b.byteLength).toBe(lp.length);
        expect(values.reduce((n, v) => n + ListpackBuilder.entrySize(v), ListpackBuilder.EMPTY_SIZE)).toBe(lp.length);
      }),
      { numRuns: 200 },
    );
  });

  it('stores strict integers as integers, in the narrowest encoding, like lpAppend', () => {
    const hexOf = (v: string): string => encodeListpack([v]).subarray(6, -1).toString('hex');
    expect(hexOf('5')).toBe('0501');
    expect(hexOf('-1')).toBe('dfff02');
    expect(hexOf('1000')).toBe('c3e802');
    expect(hexOf('-32768')).toBe('f1008003');
    expect(hexOf('8388607')).toBe('f2ffff7f04');
    expect(hexOf('2147483647')).toBe('f3ffffff7f05');
    expect(hexOf('9223372036854775807')).toBe('f4ffffffffffffff7f09');
    expect(hexOf('007')).toBe('8330303704');
    expect(hexOf('a')).toBe('816102');
  });

  it('writes a 12-bit and a 32-bit string length with multi-byte backlens', () => {
    for (const len of [63, 64, 127, 128, 4095, 4096, 20000]) {
      const s = 'y'.repeat(len);
      expect(readListpack(encodeListpack([s, 'z']))).toEqual([s, 'z']);
    }
  });

  it('refuses broken listpacks', () => {
    const lp = encodeListpack(['a', 'bb', 3]);
    expect(readListpack(lp)).toEqual(['a', 'bb', 3]);
    expect(readListpack(lp.subarray(0, lp.length - 1))).toBeUndefined();
    const wrongCount = Buffer.from(lp);
    wrongCount[4] = 2;
    expect(readListpack(wrongCount)).toBeUndefined();
    const unknownCount = Buffer.from(lp);
    unknownCount.writeUInt16LE(0xffff, 4);
    expect(readListpack(unknownCount)).toEqual(['a', 'bb', 3]);
    const badBacklen = Buffer.from(lp);
    badBacklen[8] = 9;
    expect(readListpack(badBacklen)).toBeUndefined();
    const badEncoding = Buffer.from(lp);
    badEncoding[6] = 0xf7;
    expect(readListpack(badEncoding)).toBeUndefined();
  });
});
