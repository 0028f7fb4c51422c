import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc64, crc64 } from './crc64.js';

/** Bit-by-bit reference: reflected Jones polynomial, init 0, no final xor. */
function slowCrc64(data: Uint8Array): bigint {
  let crc = 0n;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ 0x95ac9329ac4bc9b5n : crc >> 1n;
  }
  return crc;
}

describe('crc64 (Jones, as Redis)', () => {
  it('has the check value Redis tests for', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });

  it('matches a bit-by-bit computation, in one piece or fed in parts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(200), (data, cut) => {
        const at = Math.min(cut, data.length);
        const whole = crc64(data);
        expect(whole).toBe(slowCrc64(data));
        const parts = new Crc64().update(data, 0, at).update(data, at).digest();
        expect(parts).toBe(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same digest whatever the alignment of the bytes in memory (the word-at-a-time path)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 600 }), fc.nat(7), (data, shift) => {
        const backing = new Uint8Array(data.length + 8);
        const view = backing.subarray(shift, shift + data.length);
        view.set(data);
        expect(crc64(view)).toBe(slowCrc64(data));
        expect(new Crc64().update(view, 3, data.length - 5).digest()).toBe(slowCrc64(data.subarray(3, data.length - 5)));
      }),
      { numRuns: 200 },
    );
  });

  it('stores the digest little-endian and compares stored trailers', () => {
    const c = new Crc64().update(Buffer.from('123456789'));
    const bytes = c.digestBytes();
    expect(bytes.readBigUInt64LE(0)).toBe(0xe9c6d914c4b8d9can);
    expect(c.matches(bytes, 0)).toBe(true);
    bytes[3] ^= 1;
    expect(c.matches(bytes, 0)).toBe(false);
  });
});
