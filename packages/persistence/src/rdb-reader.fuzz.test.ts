/**
 * Truncated and corrupted copies of the reference files: reading them either
 * succeeds or throws RdbError, never another error, never hangs.
 */
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { referenceRdb } from '../test/reference-data.js';
import { parseDumpPayload } from './dump-payload.js';
import { RdbError } from './errors.js';
import { decodeRdb, readRdb, type RdbReadOptions } from './rdb-reader.js';

const small = referenceRdb('small');
const nocompress = referenceRdb('nocompress');

function outcome(data: Buffer, options?: RdbReadOptions): string {
  try {
    decodeRdb(data, options);
    return 'ok';
  } catch (e) {
    if (e instanceof RdbError) return e.code;
    throw e;
  }
}

async function streamedOutcome(data: Buffer, options?: RdbReadOptions): Promise<string> {
  try {
    for await (const _ of readRdb(Readable.from([data.subarray(0, data.length >> 1), data.subarray(data.length >> 1)]), options)) {
      // drain
    }
    return 'ok';
  } catch (e) {
    if (e instanceof RdbError) return e.code;
    throw e;
  }
}

const corruption = (len: number) => fc.array(fc.tuple(fc.nat(len - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 });

function corrupt(base: Buffer, edits: [number, number][]): Buffer {
  const copy = Buffer.from(base);
  for (const [at, xor] of edits) copy[at]! ^= xor;
  return copy;
}

describe('reading damaged RDB files', () => {
  it.each([['small', small], ['nocompress', nocompress]] as const)('a truncated %s.rdb is reported as truncated, at its end', (_name, file) => {
    fc.assert(
      fc.property(fc.nat(file.length - 1), (cut) => {
        try {
          decodeRdb(file.subarray(0, cut));
          expect.unreachable();
        } catch (e) {
          expect(e).toBeInstanceOf(RdbError);
          const err = e as RdbError;
          expect(['truncated', 'corrupt']).toContain(err.code);
          if (err.code === 'truncated') expect(err.offset).toBe(cut);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a corrupted file fails its checksum, or earlier with RdbError', () => {
    // Past the magic: a version digit corrupted into a non-digit can make "0010" read as
    // RDB 1, which has no checksum, and Redis's atoi would accept it just the same.
    fc.assert(
      fc.property(corruption(small.length - 9), (edits) => {
        expect(outcome(corrupt(small, edits.map(([at, x]) => [at + 9, x])))).not.toBe('ok');
      }),
      { numRuns: 200 },
    );
  });

  it('with the checksum not verified, corruption deep inside values only ever gives RdbError', () => {
    fc.assert(
      fc.property(fc.constantFrom(small, nocompress), corruption(nocompress.length), (file, edits) => {
        const data = corrupt(file, edits.map(([at, x]) => [at % file.length, x]));
        const opts = { verifyChecksum: false, modules: 'keep' as const };
        expect(['ok', 'truncated', 'corrupt', 'unsupported']).toContain(outcome(data, opts));
      }),
      // 400 runs took 28 s on a loaded CI machine, in one synchronous stretch that timed out vitest's worker RPC.
      { numRuns: 150 },
    );
  });

  it('the streaming reader reaches the same verdict as the synchronous one', async () => {
    await fc.assert(
      fc.asyncProperty(corruption(small.length), fc.nat(small.length), async (edits, cut) => {
        const data = corrupt(small, edits).subarray(0, Math.max(cut, small.length - 50));
        const opts = { verifyChecksum: false };
        expect(await streamedOutcome(data, opts)).toBe(outcome(data, opts));
      }),
      { numRuns: 100 },
    );
  });

  it('random bytes after a valid header only ever give RdbError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const data = Buffer.concat([Buffer.from('REDIS0010'), tail]);
        expect(['ok', 'truncated', 'corrupt', 'unsupported', 'checksum']).toContain(outcome(data));
        expect(['ok', 'truncated', 'corrupt', 'unsupported']).toContain(outcome(data, { verifyChecksum: false }));
      }),
      { numRuns: 300 },
    );
  });

  it('random DUMP payloads are refused with RESTORE\'s two errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (body, skip) => {
        try {
          parseDumpPayload(Buffer.concat([body, Buffer.from([10, 0]), Buffer.alloc(8)]), { skipChecksum: skip });
        } catch (e) {
          expect(e).toBeInstanceOf(RdbError);
          expect(['dump-payload', 'bad-data-format']).toContain((e as RdbError).code);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a wrong signature or an RDB version Redis 7.0 cannot read', () => {
    expect(() => decodeRdb(Buffer.from('RUDIS0010\xff'))).toThrow('Wrong signature');
    expect(() => decodeRdb(Buffer.from('REDIS0011\xff'))).toThrow("Can't handle RDB format version 11");
    expect(() => decodeRdb(Buffer.from('REDIS0000\xff'))).toThrow("Can't handle RDB format version 0");
    expect(() => decodeRdb(Buffer.from('REDIS0010'))).toThrow('Unexpected EOF reading RDB file');
  });
});
