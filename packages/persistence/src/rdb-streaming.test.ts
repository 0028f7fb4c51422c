/**
 * Saving and loading a million keys through Node streams: the writer waits
 * for the stream instead of buffering, and the reader pulls the file as it
 * parses instead of reading it whole.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RdbKeyInput } from './model.js';
import { readRdb } from './rdb-reader.js';
import { createRdbWriter } from './rdb-writer.js';

const N = 1_000_000;

function keyAt(i: number): RdbKeyInput {
  switch (i % 4) {
    case 0: return { key: `key:${i}`, type: 'string', value: `value-${i}-${'x'.repeat(i % 30)}` };
    case 1: return { key: `hash:${i}`, type: 'hash', value: new Map([['a', String(i)], ['b', 'bbb']]) };
    case 2: return { key: `list:${i}`, type: 'list', value: ['a', 'b', String(i)] };
    default: return { key: `zset:${i}`, type: 'zset', value: new Map([['m', i], ['n', i / 3]]), expireAt: 4102444800000 };
  }
}

describe('a million keys through streams', () => {
  it('are written and read back without holding the file in memory', { timeout: 180_000 }, async () => {
    const file = path.join(os.tmpdir(), `kv-persistence-${process.pid}-million.rdb`);
    try {
      const out = createWriteStream(file);
      const writer = createRdbWriter(out);
      let maxPending = 0;
      await writer.selectDb(0, { keys: N, expires: N / 4 });
      for (let i = 0; i < N; i++) {
        await writer.writeKey(keyAt(i));
        if (out.writableLength > maxPending) maxPending = out.writableLength;
      }
      await writer.end();
      const size = statSync(file).size;
      expect(writer.bytesWritten).toBe(size);
      expect(size).toBeGreaterThan(30 * 1024 * 1024);
      expect(maxPending).toBeLessThan(256 * 1024);

      let pulled = 0;
      async function* counted(): AsyncGenerator<Buffer> {
        for await (const chunk of createReadStream(file)) {
          pulled += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      }
      let n = 0;
      let maxAhead = 0;
      for await (const item of readRdb(counted())) {
        if (item.kind !== 'key') continue;
        if (n % 99991 === 0) {
          const expected = keyAt(n);
          expect({ key: item.key, value: item.value }).toEqual({ key: expected.key, value: expected.value });
        }
        n++;
        // Keys grow slowly with i, so n/N of the file is at least what has been parsed.
        maxAhead = Math.max(maxAhead, pulled - (size * n) / N);
      }
      expect(n).toBe(N);
      expect(maxAhead).toBeLessThan(1024 * 1024);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
