import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeReply, MapReply, SimpleString, ErrorReply, type RespValue } from '@kv/resp';
import { frameLength, FramingError } from './framer.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('frameLength', () => {
  it('delimits every reply type', () => {
    const cases = ['+OK\r\n', '-ERR x\r\n', ':-5\r\n', '_\r\n', ',1.5\r\n', '#t\r\n', '(123\r\n', '$-1\r\n', '*-1\r\n',
      '$0\r\n\r\n', '$3\r\na\r\n\r\n', '!3\r\nerr\r\n', '=7\r\ntxt:abc\r\n', '*0\r\n', '*2\r\n:1\r\n*1\r\n$1\r\nx\r\n',
      '%1\r\n+k\r\n:1\r\n', '~2\r\n:1\r\n:2\r\n', '>2\r\n+a\r\n+b\r\n', '|1\r\n+k\r\n+v\r\n:7\r\n'];
    for (const c of cases) {
      expect(frameLength(b(`${c}+NEXT\r\n`)), c).toBe(c.length);
      expect(frameLength(b(c).subarray(0, c.length - 1)), c).toBeUndefined();
    }
  });

  it('starts where asked', () => {
    expect(frameLength(b('+A\r\n:12\r\n'), 4)).toBe(5);
  });

  it('rejects what cannot be RESP', () => {
    expect(() => frameLength(b('?x\r\n'))).toThrow(FramingError);
    expect(() => frameLength(b('$3\r\nabcd\r\n'))).toThrow(FramingError);
    expect(() => frameLength(b('*x\r\n'))).toThrow(FramingError);
    expect(() => frameLength(b('+a\rb\r\n'))).toThrow(FramingError);
  });

  it('finds the end of any encoded reply, whole or cut anywhere', () => {
    const leaf = fc.oneof(
      fc.string().map((s): RespValue => s),
      fc.integer().map((n): RespValue => n),
      fc.constant<RespValue>(null),
      fc.string().filter((s) => !/[\r\n]/.test(s)).map((s): RespValue => new SimpleString(s)),
      fc.string().filter((s) => !/[\r\n]/.test(s)).map((s): RespValue => new ErrorReply(`ERR ${s}`)),
    );
    const value = fc.letrec<{ v: RespValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.array(tie('v'), { maxLength: 4 }).map((xs): RespValue => new MapReply(xs.length % 2 === 0 ? xs : xs.slice(1))),
      ),
    })).v;
    fc.assert(
      fc.property(value, fc.boolean(), (v, resp3) => {
        const bytes = encodeReply(v, resp3 ? 3 : 2);
        expect(frameLength(Buffer.concat([bytes, b('+tail\r\n')]))).toBe(bytes.length);
        for (let cut = 0; cut < bytes.length; cut++) expect(frameLength(bytes.subarray(0, cut))).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
