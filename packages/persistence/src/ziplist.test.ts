import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildZiplist } from '../test/builders.js';
import { packedToString } from './packed-value.js';
import { readZiplist } from './ziplist.js';

describe('ziplist', () => {
  it('reads every string and integer encoding', () => {
    const values = ['', 'a', 'x'.repeat(63), 'x'.repeat(64), 'y'.repeat(300), 'z'.repeat(16384), '0', '12', '13', '-1',
      '127', '-128', '300', '-32768', '8388607', '-8388608', '2147483647', '-2147483649', '9223372036854775807', '007'];
    expect(readZiplist(buildZiplist(values))?.map(packedToString)).toEqual(values);
  });

  it('reads back random ziplists', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 300 }), fc.integer().map(String)), { maxLength: 30 }), (values) => {
        const latin1 = values.map((v) => Buffer.from(v, 'utf8').toString('latin1'));
        expect(readZiplist(buildZiplist(latin1))?.map(packedToString)).toEqual(latin1);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses broken ziplists', () => {
    const zl = buildZiplist(['a', 'b', '5']);
    expect(readZiplist(zl)).toEqual(['a', 'b', 5]);
    const badTail = Buffer.from(zl);
    badTail.writeUInt32LE(11, 4);
    expect(readZiplist(badTail)).toBeUndefined();
    const badPrev = Buffer.from(zl);
    badPrev[13] = 7;
    expect(readZiplist(badPrev)).toBeUndefined();
    expect(readZiplist(zl.subarray(0, zl.length - 2))).toBeUndefined();
  });
});
