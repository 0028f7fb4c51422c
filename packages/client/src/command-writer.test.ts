import { RequestParser } from '@kv/resp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandWriter, encodeHead } from './command-writer.js';
import type { Arg } from './types.js';

/** What the server reads for an argument, as the latin1 string of its bytes. */
function expected(a: Arg): string {
  if (typeof a === 'string') return Buffer.from(a, 'utf8').toString('latin1');
  if (Buffer.isBuffer(a)) return a.toString('latin1');
  if (typeof a === 'bigint') return a.toString();
  if (a === Infinity) return '+inf';
  if (a === -Infinity) return '-inf';
  return Number.isInteger(a) ? BigInt(a).toString() : String(a);
}

function parseAll(bytes: Buffer): string[][] {
  const p = new RequestParser();
  p.push(bytes);
  const out: string[][] = [];
  for (let c = p.next(); c !== undefined; c = p.next()) out.push(c);
  return out;
}

const arg: fc.Arbitrary<Arg> = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }), // any code point: UTF-8 of 1 to 4 bytes, surrogate pairs
  fc.uint8Array({ maxLength: 100 }).map((u) => Buffer.from(u)),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n }),
);

describe('CommandWriter', () => {
  it('encodes any arguments into commands a Redis parser reads back byte for byte', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arg, { maxLength: 8 }), { minLength: 1, maxLength: 20 }), (commands) => {
        const w = new CommandWriter();
        for (const c of commands) w.command(encodeHead(['SET']), 1, c);
        expect(parseAll(w.take())).toEqual(commands.map((c) => ['SET', ...c.map(expected)]));
        expect(w.length).toBe(0);
      }),
    );
  });

  it('grows past its initial buffer and hands over big batches intact', () => {
    const w = new CommandWriter();
    const big = 'x'.repeat(100_000) + 'é';
    w.commandArgs(['SET', 'k', big]);
    for (let i = 0; i < 5000; i++) w.commandArgs(['INCR', `n${i}`]);
    const out = parseAll(w.take());
    expect(out).toHaveLength(5001);
    expect(out[0]![2]).toBe(Buffer.from(big).toString('latin1'));
    expect(out[5000]).toEqual(['INCR', 'n4999']);
    // The next batch does not overwrite the one handed over.
    w.commandArgs(['PING']);
    expect(parseAll(w.take())).toEqual([['PING']]);
  });

  it('writes numbers as Redis reads them', () => {
    const w = new CommandWriter();
    w.commandArgs([0, -1, 10, 1e21, 1.5, -0.25, Infinity, -Infinity, 2n ** 64n]);
    expect(parseAll(w.take())).toEqual([['0', '-1', '10', '1000000000000000000000', '1.5', '-0.25', '+inf', '-inf', '18446744073709551616']]);
  });

  it('refuses values that are not arguments rather than sending "undefined"', () => {
    const w = new CommandWriter();
    expect(() => w.commandArgs(['SET', 'k', undefined as unknown as Arg])).toThrow(TypeError);
    expect(() => w.commandArgs([NaN])).toThrow(TypeError);
  });
});
