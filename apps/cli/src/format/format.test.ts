import { describe, expect, it } from 'vitest';
import type { Reply } from '../net/reply.js';
import { formatCsv } from './csv.js';
import { formatReply } from './index.js';
import { formatRaw } from './raw.js';
import { repr } from './repr.js';
import { formatTty } from './tty.js';

// Exact outputs, checked against redis-cli 7.0.15 (the differential tests
// compare many more against the real binary).

const str = (s: string): Reply => ({ type: 'string', value: s });
const int = (n: number): Reply => ({ type: 'integer', text: String(n) });
const arr = (...items: Reply[]): Reply => ({ type: 'array', items });
const tty = (r: Reply) => formatTty(r);

describe('repr (sdscatrepr)', () => {
  it('quotes, escapes C specials and shows other bytes as \\xHH', () => {
    expect(repr('a"b\\c\n\r\t\x07\x08\x00\x7f\xff é')).toBe('"a\\"b\\\\c\\n\\r\\t\\a\\b\\x00\\x7f\\xff \\xe9"');
  });
});

describe('terminal format', () => {
  it('scalars', () => {
    expect(tty(str('hi'))).toBe('"hi"\n');
    expect(tty(int(-3))).toBe('(integer) -3\n');
    expect(tty({ type: 'nil' })).toBe('(nil)\n');
    expect(tty({ type: 'error', text: 'ERR x' })).toBe('(error) ERR x\n');
    expect(tty({ type: 'status', text: 'OK' })).toBe('OK\n');
    expect(tty({ type: 'double', text: '1.5' })).toBe('(double) 1.5\n');
    expect(tty({ type: 'bool', value: true })).toBe('(true)\n');
    expect(tty({ type: 'verbatim', format: 'txt', value: 'a\nb' })).toBe('a\nb\n');
  });

  it('empty aggregates name their type', () => {
    expect(tty(arr())).toBe('(empty array)\n');
    expect(tty({ type: 'map', items: [] })).toBe('(empty hash)\n');
    expect(tty({ type: 'set', items: [] })).toBe('(empty set)\n');
  });

  it('nested arrays are indented under their index, indexes right-aligned to the widest', () => {
    const items = Array.from({ length: 10 }, (_, i) => int(i));
    items[1] = arr(str('a'), arr(str('b'), arr()));
    expect(tty(arr(...items))).toBe(
      ' 1) (integer) 0\n' +
      ' 2) 1) "a"\n' +
      '    2) 1) "b"\n' +
      '       2) (empty array)\n' +
      ' 3) (integer) 2\n 4) (integer) 3\n 5) (integer) 4\n 6) (integer) 5\n 7) (integer) 6\n 8) (integer) 7\n 9) (integer) 8\n' +
      '10) (integer) 9\n',
    );
  });

  it('maps show key => value, a value of several lines starting under the key', () => {
    const m: Reply = { type: 'map', items: [str('a'), arr(int(1), int(2)), str('b'), { type: 'map', items: [str('x'), int(1)] }] };
    expect(tty(m)).toBe('1# "a" => \n   1) (integer) 1\n   2) (integer) 2\n2# "b" => 1# "x" => (integer) 1\n');
    expect(tty({ type: 'set', items: [str('x'), str('y')] })).toBe('1~ "x"\n2~ "y"\n');
  });
});

describe('raw and csv formats', () => {
  it('raw: bytes as they are, nil as nothing, -d between items, map entries as "k v"', () => {
    expect(formatRaw(arr(str('a'), { type: 'nil' }, arr(int(1), int(2))), '\n')).toBe('a\n\n1\n2');
    expect(formatRaw({ type: 'map', items: [str('k'), str('v'), str('k2'), { type: 'bool', value: false }] }, '|')).toBe('k v|k2 (false)');
    expect(formatRaw({ type: 'error', text: 'ERR e' }, '\n')).toBe('ERR e\n');
  });

  it('csv: quoted strings, NULL, ERROR, flattened aggregates', () => {
    expect(formatCsv(arr(str('a"b'), int(1), { type: 'nil' }, arr(str('x')), { type: 'bool', value: true }))).toBe('"a\\"b",1,NULL,"x",true');
    expect(formatCsv({ type: 'error', text: 'ERR no' })).toBe('ERROR,"ERR no"');
  });

  it('formatReply adds the -D delimiter in raw mode, a newline in csv, nothing for verbatim commands', () => {
    const o = { output: 'raw' as const, mbDelim: '\n', cmdDelim: '<END>' };
    expect(formatReply(str('v'), o).toString()).toBe('v<END>');
    expect(formatReply(str('v'), { ...o, output: 'csv' }).toString()).toBe('"v"\n');
    expect(formatReply(str('# Server\r\n'), { ...o, output: 'standard' }, true).toString()).toBe('# Server\r\n');
    // Bytes stay bytes: a latin1 string becomes one byte per char.
    expect(formatReply(str('\xff\x00'), o).equals(Buffer.from([0xff, 0, 0x3c, 0x45, 0x4e, 0x44, 0x3e]))).toBe(true);
  });
});
