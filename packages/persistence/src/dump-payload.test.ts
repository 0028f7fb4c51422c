import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asStored, rdbValue } from '../test/arbitraries.js';
import { chooseEncoding } from './encoding-limits.js';
import { dumpPayload, parseDumpPayload, verifyDumpPayload } from './dump-payload.js';
import { RdbError } from './errors.js';

describe('DUMP payloads', () => {
  it('round-trip every type, compressed or not, in the encoding Redis would choose', () => {
    fc.assert(
      fc.property(rdbValue, fc.boolean(), (value, compression) => {
        const payload = dumpPayload(value, { compression });
        expect(verifyDumpPayload(payload)).toBe(true);
        const back = parseDumpPayload(payload);
        expect({ type: back.type, value: back.value }).toEqual({ type: value.type, value: asStored(value) });
        if (value.type !== 'string') expect(back.encoding).toBe(chooseEncoding(value));
      }),
      { numRuns: 200 },
    );
  });

  it('matches the bytes of a real DUMP (SET k 12345 in Redis 7.0.15)', () => {
    const payload = dumpPayload({ type: 'string', value: '12345' });
    // type 0, INT16 12345, RDB version 10, CRC64.
    expect(payload.subarray(0, 6).toString('hex')).toBe('00c139300a00');
    expect(parseDumpPayload(payload)).toMatchObject({ type: 'string', value: '12345', encoding: 'int' });
  });

  it('refuses wrong versions and checksums, and bad data, with RESTORE\'s messages', () => {
    const good = dumpPayload({ type: 'list', value: ['a', 'b'] });
    const badCrc = Buffer.from(good);
    badCrc[badCrc.length - 1] ^= 1;
    expect(() => parseDumpPayload(badCrc)).toThrow('DUMP payload version or checksum are wrong');
    expect(parseDumpPayload(badCrc, { skipChecksum: true }).value).toEqual(['a', 'b']);
    const newer = Buffer.from(good);
    newer.writeUInt16LE(11, newer.length - 10);
    expect(() => parseDumpPayload(newer, { skipChecksum: true })).toThrow('DUMP payload version or checksum are wrong');
    expect(() => parseDumpPayload(Buffer.alloc(9))).toThrow('DUMP payload version or checksum are wrong');
    const garbage = Buffer.from(good);
    garbage[0] = 8; // not an object type
    try {
      parseDumpPayload(garbage, { skipChecksum: true });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RdbError);
      expect((e as RdbError).code).toBe('bad-data-format');
      expect((e as RdbError).message).toBe('Bad data format');
    }
    const truncated = Buffer.concat([good.subarray(0, 3), good.subarray(good.length - 10)]);
    expect(() => parseDumpPayload(truncated, { skipChecksum: true })).toThrow('Bad data format');
  });
});
