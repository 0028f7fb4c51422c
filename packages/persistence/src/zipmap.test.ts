import { describe, expect, it } from 'vitest';
import { buildZipmap } from '../test/builders.js';
import { readZipmap } from './zipmap.js';

describe('zipmap', () => {
  it('reads pairs, skipping free bytes, with short and long lengths', () => {
    const pairs: [string, string][] = [['foo', 'bar'], ['', 'empty field'], ['long', 'v'.repeat(300)]];
    expect(readZipmap(buildZipmap(pairs))).toEqual(pairs);
    expect(readZipmap(buildZipmap(pairs, 3))).toEqual(pairs);
  });

  it('refuses broken zipmaps', () => {
    const zm = buildZipmap([['a', 'b']]);
    expect(readZipmap(zm.subarray(0, zm.length - 1))).toBeUndefined();
    const wrongCount = Buffer.from(zm);
    wrongCount[0] = 2;
    expect(readZipmap(wrongCount)).toBeUndefined();
    expect(readZipmap(Buffer.concat([zm, Buffer.from([0])]))).toBeUndefined();
  });
});
