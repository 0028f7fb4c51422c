import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RdbItem, RdbKey } from './model.js';
import { decodeRdb, readRdb } from './rdb-reader.js';
import {
  normalizeReference, REFERENCE_DIR, REFERENCE_NAMES, referenceJson, referenceRdb, toReferenceValue, hex,
} from '../test/reference-data.js';

function keysOf(items: RdbItem[]): RdbKey[] {
  return items.filter((i): i is RdbKey => i.kind === 'key');
}

describe.each(REFERENCE_NAMES)('reference file %s.rdb', (name) => {
  const json = referenceJson(name);
  const items = decodeRdb(referenceRdb(name));

  it('has every key of the JSON with the same type, value, expiry and database, and no other', () => {
    const keys = keysOf(items);
    const expectedCount = Object.values(json).reduce((n, db) => n + Object.keys(db).length, 0);
    expect(keys.length).toBe(expectedCount);
    for (const k of keys) {
      const ref = json[String(k.db)]?.[hex(k.key)];
      expect(ref, `db ${k.db} key ${k.key}`).toBeDefined();
      expect(k.type).toBe(ref!.type);
      expect(k.expireAt).toBe(ref!.pexpireat);
      expect(toReferenceValue(k), `db ${k.db} key ${k.key}`).toEqual(normalizeReference(ref!));
    }
  });

  it('reports the OBJECT ENCODING Redis had (strings may differ between raw and embstr, which depends on history)', () => {
    for (const k of keysOf(items)) {
      const ref = json[String(k.db)]![hex(k.key)]!;
      if (k.type === 'string' && ref.encoding === 'raw' && k.encoding === 'embstr') continue;
      expect(k.encoding, `db ${k.db} key ${k.key}`).toBe(ref.encoding);
    }
  });

  it('has the header, the aux fields Redis writes, RESIZEDB sizes that match, and a verified checksum', () => {
    expect(items[0]).toEqual({ kind: 'header', version: 10 });
    const aux = items.filter((i) => i.kind === 'aux').map((i) => (i.kind === 'aux' ? i.key : ''));
    expect(aux).toEqual(['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'aof-base']);
    for (const resize of items) {
      if (resize.kind !== 'resize-db') continue;
      const keys = keysOf(items).filter((k) => k.db === resize.db);
      expect(resize.dbSize).toBe(keys.length);
      expect(resize.expiresSize).toBe(keys.filter((k) => k.expireAt !== -1).length);
    }
    const end = items.at(-1)!;
    expect(end.kind).toBe('eof');
    if (end.kind === 'eof') {
      expect(end.checksumVerified).toBe(true);
      expect(end.offset).toBe(referenceRdb(name).length);
    }
  });

  it('reads the same items streamed from the file, and in 1-byte to 7-byte chunks', async () => {
    const streamed: RdbItem[] = [];
    for await (const item of readRdb(createReadStream(path.join(REFERENCE_DIR, `${name}.rdb`), { highWaterMark: 4096 }))) {
      streamed.push(item);
    }
    expect(streamed).toEqual(items);
    if (name !== 'small') return;
    const buf = referenceRdb(name);
    function* tiny(): Generator<Buffer> {
      for (let i = 0, n = 1; i < buf.length; i += n, n = (n % 7) + 1) yield buf.subarray(i, i + n);
    }
    const fromTiny: RdbItem[] = [];
    for await (const item of readRdb(Readable.from(tiny()))) fromTiny.push(item);
    expect(fromTiny).toEqual(items);
  });
});
