import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lzfCompress, lzfDecompress } from './lzf.js';

describe('lzf', () => {
  it('round-trips any input that compresses', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 2000 }),
          fc.array(fc.constantFrom(0x61, 0x62, 0x63), { minLength: 1, maxLength: 3000 }).map((a) => Uint8Array.from(a)),
          fc.tuple(fc.string({ maxLength: 20 }), fc.integer({ min: 1, max: 500 })).map(([s, n]) => Buffer.from(s.repeat(n) || 'x')),
        ),
        (data) => {
          const c = lzfCompress(data, data.length + 64);
          expect(c).toBeDefined();
          expect(lzfDecompress(c!, data.length)?.equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives up when the output would not fit, as Redis does for incompressible strings', () => {
    const random = Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 7919 + 13) % 251));
    expect(lzfCompress(random, random.length - 4)).toBeUndefined();
    expect(lzfCompress(Buffer.alloc(0), 10)).toBeUndefined();
  });

  it('produces the bytes Redis 7.0 writes for a repeated-character string', () => {
    // From a real RDB: "m156757:" followed by 21 'x' (29 bytes), compressed by Redis to 15 bytes.
    const input = Buffer.from(`m156757:${'x'.repeat(21)}`);
    expect(lzfCompress(input, input.length - 4)?.toString('hex')).toBe('086d3135363735373a78e00a000078');
  });

  it('rejects corrupt data instead of reading out of bounds', () => {
    expect(lzfDecompress(Buffer.from([0x20, 0x00]), 5)).toBeUndefined(); // back reference before the start
    expect(lzfDecompress(Buffer.from([0x05, 0x61]), 6)).toBeUndefined(); // literal run past the input
    expect(lzfDecompress(Buffer.from([0x00, 0x61]), 2)).toBeUndefined(); // wrong length
    expect(lzfDecompress(Buffer.from([0x00, 0x61, 0xe0]), 10)).toBeUndefined(); // truncated reference
  });
});
