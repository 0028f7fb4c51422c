import fc from 'fast-check';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { asStored, rdbValue } from '../test/arbitraries.js';
import { REFERENCE_NAMES, referenceRdb } from '../test/reference-data.js';
import { chooseEncoding } from './encoding-limits.js';
import type { RdbKey, RdbKeyInput } from './model.js';
import { decodeRdb, readRdb } from './rdb-reader.js';
import { createRdbWriter, encodeRdb } from './rdb-writer.js';

const keysOf = (buf: Buffer): RdbKey[] => decodeRdb(buf).filter((i): i is RdbKey => i.kind === 'key');
const strip = (k: RdbKey): unknown => ({ ...k, encoding: undefined, rdbType: undefined });

describe('encodeRdb', () => {
  it.each(REFERENCE_NAMES)('writes %s.rdb byte for byte as Redis 7.0.15 did, given its aux fields and key order', (name) => {
    const original = referenceRdb(name);
    const items = decodeRdb(original);
    const aux = items.flatMap((i): [string, string][] => (i.kind === 'aux' ? [[i.key, i.value]] : []));
    const keys = items.filter((i): i is RdbKey => i.kind === 'key');
    const ours = encodeRdb(keys, { compression: name !== 'nocompress', aux });
    expect(ours.equals(original)).toBe(true);
  });

  it.each(REFERENCE_NAMES)('round-trips every key of %s.rdb, in the encoding Redis chose', (name) => {
    const keys = keysOf(referenceRdb(name));
    const again = keysOf(encodeRdb(keys));
    expect(again.map(strip)).toEqual(keys.map(strip));
    expect(again.map((k) => k.rdbType)).toEqual(keys.map((k) => k.rdbType));
  });

  it('round-trips random values of every type, with expiries, LRU and LFU data, over several databases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(rdbValue, fc.nat(15), fc.option(fc.integer({ min: 1, max: 2 ** 45 })), fc.option(fc.nat(255))), { maxLength: 12 }),
        fc.boolean(),
        (specs, compression) => {
          const keys: RdbKeyInput[] = specs.map(([v, db, exp, freq], i) => ({
            ...v, key: `key:${i}`, db, expireAt: exp ?? -1, ...(freq !== null ? { lfuFreq: freq } : {}),
          }));
          const back = keysOf(encodeRdb(keys, { compression }));
          const byName = new Map(back.map((k) => [k.key, k]));
          expect(back.length).toBe(keys.length);
          for (const k of keys) {
            const got = byName.get(k.key)!;
            expect(got.db).toBe(k.db);
            expect(got.expireAt).toBe(k.expireAt);
            expect(got.lfuFreq).toBe(k.lfuFreq);
            expect({ type: got.type, value: got.value }).toEqual({ type: k.type, value: asStored(k) });
            if (k.type !== 'string') expect(got.encoding).toBe(chooseEncoding(k));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('orders databases, emits RESIZEDB, and refuses what Redis cannot hold', () => {
    const buf = encodeRdb([
      { db: 3, key: 'a', type: 'string', value: '1', expireAt: 4102444800000 },
      { db: 0, key: 'b', type: 'string', value: '2' },
    ], { ctime: 1, usedMem: 2 });
    const items = decodeRdb(buf).filter((i) => i.kind === 'select-db' || i.kind === 'resize-db');
    expect(items).toEqual([
      { kind: 'select-db', db: 0 }, { kind: 'resize-db', db: 0, dbSize: 1, expiresSize: 0 },
      { kind: 'select-db', db: 3 }, { kind: 'resize-db', db: 3, dbSize: 1, expiresSize: 1 },
    ]);
    expect(() => encodeRdb([{ key: 'e', type: 'list', value: [] }])).toThrow(/empty list/);
    expect(() => encodeRdb([{ key: 'z', type: 'zset', value: new Map([['m', NaN]]) }])).toThrow(/NaN/);
    expect(() => encodeRdb([{ key: 's', type: 'stream', value: {
      entries: [{ id: '2-0', fields: [['a', 'b']] }, { id: '1-0', fields: [['a', 'b']] }],
      lastId: '2-0', firstId: '1-0', maxDeletedId: '0-0', entriesAdded: 2, groups: [],
    } }])).toThrow(/ascend/);
  });

  it('writes zero instead of a checksum when told to, which readers accept without checking', () => {
    const buf = encodeRdb([{ key: 'k', type: 'string', value: 'v' }], { checksum: false });
    expect(buf.readBigUInt64LE(buf.length - 8)).toBe(0n);
    const end = decodeRdb(buf).at(-1);
    expect(end).toMatchObject({ kind: 'eof', checksum: 0n, checksumVerified: false });
  });
});

describe('createRdbWriter', () => {
  it('writes the same bytes as encodeRdb, waiting for a slow stream to drain', async () => {
    const keys: RdbKeyInput[] = [];
    for (let i = 0; i < 3000; i++) {
      keys.push({ db: i < 1500 ? 0 : 2, key: `k${i}`, type: 'hash', value: new Map([['f', 'v'.repeat(i % 100)], ['n', String(i)]]) });
    }
    const chunks: Buffer[] = [];
    let maxBacklog = 0;
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        maxBacklog = Math.max(maxBacklog, slow.writableLength);
        setImmediate(cb);
      },
    });
    const opts = { ctime: 1700000000, usedMem: 1000 };
    const writer = createRdbWriter(slow, opts);
    for (const db of [0, 2]) {
      const list = keys.filter((k) => k.db === db);
      await writer.selectDb(db, { keys: list.length, expires: 0 });
      for (const k of list) await writer.writeKey(k);
    }
    await writer.end();
    const out = Buffer.concat(chunks);
    expect(out.equals(encodeRdb(keys, opts))).toBe(true);
    expect(writer.bytesWritten).toBe(out.length);
    expect(maxBacklog).toBeLessThan(200 * 1024);
  });

  it('can leave the stream open, for an AOF tail after the RDB preamble', async () => {
    const pass = new PassThrough();
    const writer = createRdbWriter(pass, { aofBase: true });
    await writer.writeAux('extra', 'field');
    await writer.writeFunction("#!lua name=lib\nredis.register_function('f', function() return 1 end)");
    await writer.writeKey({ key: 'k', type: 'string', value: 'v' });
    await writer.end({ endStream: false });
    pass.end(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    const items = [];
    for await (const item of readRdb(pass)) items.push(item);
    expect(items.filter((i) => i.kind === 'aux').map((i) => (i.kind === 'aux' ? `${i.key}=${i.value}` : '')))
      .toEqual(expect.arrayContaining(['aof-base=1', 'extra=field', 'redis-ver=7.0.15', 'redis-bits=64']));
    expect(items.find((i) => i.kind === 'function')).toMatchObject({ code: expect.stringContaining('#!lua name=lib') });
    expect(items.find((i) => i.kind === 'key')).toMatchObject({ key: 'k', value: 'v', db: 0 });
  });
});
