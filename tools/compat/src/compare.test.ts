import { describe, expect, it } from 'vitest';
import { encodeReply, ErrorReply, MapReply, ReplyParser, SetReply, SimpleString, type RespValue } from '@kv/resp';
import { agree, show, showOutcome } from './compare.js';
import { Failure, type Reply } from './connection.js';

function reply(bytes: string): Reply {
  const raw = Buffer.from(bytes, 'latin1');
  const p = new ReplyParser();
  p.push(raw);
  return { raw, value: p.next()! };
}
const of = (v: RespValue, protocol: 2 | 3 = 2) => reply(encodeReply(v, protocol).toString('latin1'));

describe('agree', () => {
  it('exact: the same bytes, so type matters and so does formatting', () => {
    expect(agree({ kind: 'exact' }, reply('+OK\r\n'), reply('+OK\r\n'))).toBe(true);
    expect(agree({ kind: 'exact' }, reply('+OK\r\n'), reply('$2\r\nOK\r\n'))).toBe(false);
    expect(agree({ kind: 'exact' }, reply(':5\r\n'), reply(':+5\r\n'))).toBe(false);
    expect(agree({ kind: 'exact' }, reply(',1e300\r\n'), reply(',1e+300\r\n'))).toBe(false);
    expect(agree({ kind: 'exact' }, reply('$-1\r\n'), reply('*-1\r\n'))).toBe(false);
  });

  it('unordered: the same elements in any order, but not other elements or types', () => {
    const rule = { kind: 'unordered' } as const;
    expect(agree(rule, of(['a', 'b', 'c']), of(['c', 'a', 'b']))).toBe(true);
    expect(agree(rule, of(['a', 'b']), of(['a', 'a']))).toBe(false);
    expect(agree(rule, of(['a', 'b']), of(['a', 'b', 'b']))).toBe(false);
    expect(agree(rule, of(new SetReply(['a', 'b']), 3), of(['b', 'a'], 3))).toBe(false);
    expect(agree(rule, of(new MapReply(['k1', '1', 'k2', '2']), 3), of(new MapReply(['k2', '2', 'k1', '1']), 3))).toBe(true);
  });

  it('unordered pairs keep each field with its value', () => {
    const rule = { kind: 'unordered', pairs: true } as const;
    expect(agree(rule, of(['f1', 'a', 'f2', 'b']), of(['f2', 'b', 'f1', 'a']))).toBe(true);
    expect(agree(rule, of(['f1', 'a', 'f2', 'b']), of(['f1', 'b', 'f2', 'a']))).toBe(false);
  });

  it('shape: the same types, element types included; errors still exactly', () => {
    const rule = { kind: 'shape' } as const;
    expect(agree(rule, of(['1700000000', '12345']), of(['1700000001', '999']))).toBe(true);
    expect(agree(rule, of(['0', ['a', 'b']]), of(['17', []]))).toBe(true);
    expect(agree(rule, of(['0', ['a']]), of(['17', 'a']))).toBe(false);
    expect(agree(rule, of('x'), of(new SimpleString('x')))).toBe(false);
    expect(agree(rule, of(new ErrorReply('ERR a')), of(new ErrorReply('ERR b')))).toBe(false);
  });

  it('tolerance: integers within the bound; anything else exactly', () => {
    const rule = { kind: 'tolerance', within: 1 } as const;
    expect(agree(rule, of(100), of(99))).toBe(true);
    expect(agree(rule, of(100), of(98))).toBe(false);
    expect(agree(rule, of(-2), of(-2))).toBe(true);
    expect(agree(rule, of(-2), of(-1))).toBe(true); // a key may just have expired on one side: reported by the next command
    expect(agree(rule, of(new ErrorReply('ERR x')), of(new ErrorReply('ERR x')))).toBe(true);
  });

  it('failures agree only with the same failure', () => {
    const closed = new Failure('connection closed');
    expect(agree({ kind: 'exact' }, closed, new Failure('connection closed'))).toBe(true);
    expect(agree({ kind: 'exact' }, closed, reply('+OK\r\n'))).toBe(false);
    expect(agree({ kind: 'shape' }, closed, new Failure('no reply within 5000 ms', true))).toBe(false);
    expect(agree({ kind: 'exact' }, new Failure('no reply within 5000 ms', true), new Failure('no reply within 5000 ms', true))).toBe(false);
  });
});

describe('show', () => {
  it('keeps the RESP type visible and escapes what is not printable', () => {
    expect(show(new SimpleString('OK'))).toBe('+OK');
    expect(show('OK')).toBe('"OK"');
    expect(show(5)).toBe('(integer) 5');
    expect(show(null)).toBe('(nil)');
    expect(show(new ErrorReply('ERR a\x00b'))).toBe('-"ERR a\\u0000b"');
    expect(showOutcome(new Failure('connection closed'))).toBe('<connection closed>');
  });
});
