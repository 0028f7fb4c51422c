/** fast-check generators of plain values, in the model's latin1 byte strings. */
import fc from 'fast-check';
import { chooseEncoding } from '../src/encoding-limits.js';
import type { RdbValue, StreamValue } from '../src/model.js';

const bytes = (max: number): fc.Arbitrary<string> =>
  fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b).toString('latin1'));

/** Short strings, integer-looking strings, long compressible strings. */
export const byteString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: bytes(12) },
  { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e6 }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String) },
  { weight: 1, arbitrary: fc.tuple(bytes(4), fc.integer({ min: 2, max: 40 })).map(([s, n]) => `${s}x`.repeat(n)) },
  { weight: 1, arbitrary: bytes(90) },
);

const score = fc.oneof(
  fc.double({ noNaN: true }),
  fc.integer().map((n) => n / 4),
  fc.constantFrom(Infinity, -Infinity, 0, 1e17, 2 ** 62, 0.1),
);

function streamId(ms: number, seq: number): string {
  return `${ms}-${seq}`;
}

const stream: fc.Arbitrary<StreamValue> = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.tuple(fc.constantFrom('a', 'b', 'f1', 'name'), byteString), { minLength: 1, maxLength: 4 })), { maxLength: 30 }),
    fc.array(fc.tuple(bytes(6), fc.array(bytes(5), { maxLength: 3 })), { maxLength: 3 }),
  )
  .map(([raw, groupSpecs]) => {
    let ms = 1700000000000;
    let seq = 0;
    const entries = raw.map(([step, fields]) => {
      if (step === 0) seq++;
      else {
        ms += step;
        seq = 0;
      }
      return { id: streamId(ms, seq), fields };
    });
    const lastId = entries.length ? entries.at(-1)!.id : '0-0';
    const names = new Set<string>();
    // Groups and consumers in byte order of their names, as Redis keeps them (radix trees).
    const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const specs = groupSpecs.filter(([n]) => !names.has(n) && names.add(n)).sort((a, b) => byteOrder(a[0], b[0]));
    const groups = specs.map(([name, consumerNames]) => {
      const ids = entries.slice(0, 3).map((e) => e.id);
      const consumers = [...new Set(consumerNames)].sort(byteOrder).map((c, i) => ({
        name: c, seenTime: 1700000000000 + i, pending: i === 0 ? ids : [],
      }));
      const pending = consumers.length ? ids.map((id, i) => ({ id, deliveryTime: 1700000000100 + i, deliveryCount: i + 1 })) : [];
      return { name, lastId, entriesRead: entries.length, pending, consumers };
    });
    return {
      entries, lastId, firstId: entries.length ? entries[0]!.id : '0-0', maxDeletedId: '0-0',
      entriesAdded: entries.length, groups,
    };
  });

export const rdbValue: fc.Arbitrary<RdbValue> = fc.oneof(
  byteString.map((value) => ({ type: 'string' as const, value })),
  fc.array(byteString, { minLength: 1, maxLength: 60 }).map((value) => ({ type: 'list' as const, value })),
  fc.oneof(
    fc.uniqueArray(byteString, { minLength: 1, maxLength: 40 }),
    fc.uniqueArray(fc.integer().map(String), { minLength: 1, maxLength: 600 }),
  ).map((m) => ({ type: 'set' as const, value: new Set(m) })),
  fc.uniqueArray(fc.tuple(byteString, byteString), { minLength: 1, maxLength: 140, selector: ([f]) => f })
    .map((p) => ({ type: 'hash' as const, value: new Map(p) })),
  fc.uniqueArray(fc.tuple(byteString, score), { minLength: 1, maxLength: 140, selector: ([m]) => m })
    .map((p) => ({ type: 'zset' as const, value: new Map(p) })),
  stream.map((value) => ({ type: 'stream' as const, value })),
);

/** What a file keeps of a value: a listpack stores a sorted set's integer scores as integers, so -0 reads back as 0 (as in Redis 7.0's zzlInsertAt). */
export function asStored<V extends RdbValue>(v: V): V['value'] {
  if (v.type !== 'zset' || chooseEncoding(v) !== 'listpack') return v.value;
  return new Map([...v.value].map(([m, s]) => [m, s === 0 ? 0 : s]));
}
