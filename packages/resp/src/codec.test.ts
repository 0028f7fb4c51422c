import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeCommand, encodeReply, ReplyEncoder } from './encoder.js';
import { ProtocolError } from './errors.js';
import { formatDouble } from './double.js';
import { ReplyParser, type ReplyParserOptions } from './reply-parser.js';
import {
  AttributeReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply,
  OK, PONG, QUEUED, SimpleString, VerbatimReply, type RespValue,
} from './values.js';

const latin1 = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1'));
const line = fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' ').replace(/[^\x00-\xff]/g, '?'));

/** Any RESP3 value, in the form the parser gives back. */
const value: fc.Arbitrary<RespValue> = fc.letrec<{ v: RespValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    latin1,
    fc.integer(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((b) => b > 2n ** 53n || b < -(2n ** 53n)),
    fc.constant(null),
    line.map((s) => new SimpleString(s)),
    line.map((s) => new ErrorReply(s)),
    fc.double({ noNaN: true }).map((d) => new DoubleReply(d)),
    fc.bigInt().map((b) => new BigNumberReply(b)),
    fc.boolean().map((b) => new BooleanReply(b)),
    latin1.map((t) => new VerbatimReply('txt', t)),
    fc.array(tie('v'), { maxLength: 5 }),
    fc.array(fc.tuple(tie('v'), tie('v')), { maxLength: 3 }).map((kv) => new MapReply(kv.flat())),
    fc.array(tie('v'), { maxLength: 4 }).map((i) => new SetReply(i)),
    fc.array(tie('v'), { maxLength: 4 }).map((i) => new PushReply(i)),
    fc.tuple(fc.array(fc.tuple(latin1, tie('v')), { minLength: 1, maxLength: 2 }), tie('v')).map(([a, v]) => new AttributeReply(a.flat(), v)),
  ),
})).v;

/** What a RESP3 value looks like once sent in RESP2 and parsed back. */
function downgrade(v: RespValue): RespValue {
  if (Array.isArray(v)) return v.map(downgrade);
  if (v instanceof MapReply) return v.entries.map(downgrade);
  if (v instanceof SetReply || v instanceof PushReply) return v.items.map(downgrade);
  if (v instanceof DoubleReply) return formatDouble(v.value);
  if (v instanceof BigNumberReply) return v.value.toString();
  if (v instanceof BooleanReply) return v.value ? 1 : 0;
  if (v instanceof VerbatimReply) return v.text;
  if (v instanceof AttributeReply) return downgrade(v.value);
  return v;
}

function parseAll(bytes: Buffer, splits: number[] = [], options: ReplyParserOptions = {}): RespValue[] {
  const p = new ReplyParser(options);
  const out: RespValue[] = [];
  let last = 0;
  for (const s of [...splits.filter((x) => x > 0 && x < bytes.length)].sort((a, b) => a - b).concat(bytes.length)) {
    p.push(bytes.subarray(last, s));
    last = s;
    for (let v = p.next(); v !== undefined; v = p.next()) out.push(v);
  }
  return out;
}

describe('encoder', () => {
  it('writes Redis bytes for each type in both protocols', () => {
    const both = (v: RespValue) => [encodeReply(v, 2).toString('latin1'), encodeReply(v, 3).toString('latin1')];
    expect(both('ab')).toEqual(['$2\r\nab\r\n', '$2\r\nab\r\n']);
    expect(both(null)).toEqual(['$-1\r\n', '_\r\n']);
    expect(both(NULL_ARRAY)).toEqual(['*-1\r\n', '_\r\n']);
    expect(both(-12)).toEqual([':-12\r\n', ':-12\r\n']);
    expect(both(2n ** 63n - 1n)).toEqual([':9223372036854775807\r\n', ':9223372036854775807\r\n']);
    expect(both(new DoubleReply(1.5))).toEqual(['$3\r\n1.5\r\n', ',1.5\r\n']);
    expect(both(new DoubleReply(-Infinity))).toEqual(['$4\r\n-inf\r\n', ',-inf\r\n']);
    expect(both(new BooleanReply(true))).toEqual([':1\r\n', '#t\r\n']);
    expect(both(new MapReply(['a', 1]))).toEqual(['*2\r\n$1\r\na\r\n:1\r\n', '%1\r\n$1\r\na\r\n:1\r\n']);
    expect(both(new SetReply(['x']))).toEqual(['*1\r\n$1\r\nx\r\n', '~1\r\n$1\r\nx\r\n']);
    expect(both(new PushReply(['x']))).toEqual(['*1\r\n$1\r\nx\r\n', '>1\r\n$1\r\nx\r\n']);
    expect(both(new VerbatimReply('txt', 'hi'))).toEqual(['$2\r\nhi\r\n', '=6\r\ntxt:hi\r\n']);
    expect(both(new BigNumberReply(123n))).toEqual(['$3\r\n123\r\n', '(123\r\n']);
    expect(both(new AttributeReply(['k', 'v'], 1))).toEqual([':1\r\n', '|1\r\n$1\r\nk\r\n$1\r\nv\r\n:1\r\n']);
    expect(both(new SimpleString('OK'))).toEqual(['+OK\r\n', '+OK\r\n']);
    expect(both(new ErrorReply('ERR x'))).toEqual(['-ERR x\r\n', '-ERR x\r\n']);
    expect(encodeReply(Buffer.from([0, 255]), 2)).toEqual(Buffer.from('$2\r\n\x00\xff\r\n', 'latin1'));
  });

  it('refuses a non-integer number as an integer reply, or one beyond 64 bits', () => {
    expect(() => encodeReply(1.5)).toThrow(TypeError);
    expect(() => encodeReply(NaN)).toThrow(TypeError);
    expect(() => encodeReply(2 ** 63)).toThrow(TypeError);
    expect(() => encodeReply(-(2 ** 63) * 2)).toThrow(TypeError);
  });

  it('writes every integer with all its digits', () => {
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -20, max: 20 })), (n) => {
      expect(encodeReply(n).toString()).toBe(`:${n}\r\n`);
    }), { numRuns: 300 });
    expect(encodeReply(-0).toString()).toBe(':0\r\n');
    expect(encodeReply(2 ** 60).toString()).toBe(':1152921504606846976\r\n'); // not String(2 ** 60)
    expect(encodeReply(-(2 ** 63)).toString()).toBe(':-9223372036854775808\r\n');
    expect(encodeReply(-(2n ** 63n)).toString()).toBe(':-9223372036854775808\r\n');
    expect(encodeReply(Array(12345).fill(1)).subarray(0, 8).toString()).toBe('*12345\r\n');
  });

  it('keeps one-line replies on one line', () => {
    expect(encodeReply(new ErrorReply('ERR bad\r\nthing')).toString()).toBe('-ERR bad  thing\r\n');
    expect(encodeReply(new SimpleString('a\nb')).toString()).toBe('+a b\r\n');
  });

  it('refuses maps and attributes with an odd number of entries', () => {
    expect(() => encodeReply(new MapReply(['a']), 3)).toThrow(TypeError);
    expect(() => encodeReply(new AttributeReply(['a'], 1), 3)).toThrow(TypeError);
  });

  it('writes raw bytes and shares constants', () => {
    const e = new ReplyEncoder();
    e.writeRaw('+OK\r\n');
    e.writeRaw(Buffer.from(':1\r\n'));
    e.write(OK);
    e.write(PONG);
    e.write(QUEUED);
    expect(e.length).toBe(30);
    expect(e.take().toString()).toBe('+OK\r\n:1\r\n+OK\r\n+PONG\r\n+QUEUED\r\n');
    expect(e.length).toBe(0);
  });

  it('speaks the protocol it is set to', () => {
    const e = new ReplyEncoder();
    e.write(new BooleanReply(false));
    e.protocol = 3;
    e.write(new BooleanReply(false));
    e.write(new VerbatimReply('mkd', '# x'));
    e.write(new DoubleReply(Infinity));
    e.write(new DoubleReply(1.1));
    expect(e.take().toString()).toBe(':0\r\n#f\r\n=7\r\nmkd:# x\r\n,inf\r\n,1.1000000000000001\r\n');
  });

  it('keeps taken buffers valid while writing on, small and large', () => {
    const e = new ReplyEncoder(64);
    e.write('a'.repeat(100));
    const first = e.take();
    e.write('b'.repeat(100_000));
    const second = e.take();
    e.write('c');
    expect(first.toString('latin1')).toBe(`$100\r\n${'a'.repeat(100)}\r\n`);
    expect(second.length).toBe(100_011);
    expect(second.subarray(9, 12).toString()).toBe('bbb');
  });
});

describe('reply parser', () => {
  it('any RESP3 value encodes and parses back, split anywhere', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (values, splits) => {
        const bytes = Buffer.concat(values.map((v) => encodeReply(v, 3)));
        expect(parseAll(bytes, splits.map((s) => s % (bytes.length + 1)))).toEqual(values);
      }),
      { numRuns: 400 },
    );
  });

  it('any value sent in RESP2 parses back to its RESP2 shape', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (values, splits) => {
        const bytes = Buffer.concat(values.map((v) => encodeReply(v, 2)));
        expect(parseAll(bytes, splits.map((s) => s % (bytes.length + 1)))).toEqual(values.map(downgrade));
      }),
      { numRuns: 300 },
    );
  });

  it('gives bulks as Buffers when asked, small and big', () => {
    const big = Buffer.alloc(70_000, 7);
    const bytes = encodeReply(['ab', big, new SimpleString('x')], 2);
    const splits = Array.from({ length: 20 }, (_, i) => i * 4099);
    expect(parseAll(bytes, splits, { buffers: true })).toEqual([[Buffer.from('ab'), big, new SimpleString('x')]]);
  });

  it('takes either null in either protocol', () => {
    expect(parseAll(Buffer.from('$-1\r\n_\r\n*-1\r\n'))).toEqual([null, null, NULL_ARRAY]);
  });

  it('returns error replies, RESP2 and RESP3 alike', () => {
    expect(parseAll(Buffer.from('-ERR x\r\n!10\r\nSYNTAX bad\r\n'))).toEqual([new ErrorReply('ERR x'), new ErrorReply('SYNTAX bad')]);
  });

  it('RESP2 encodings parse back to the RESP2 shapes', () => {
    expect(parseAll(encodeReply(new MapReply(['a', new DoubleReply(2.5)]), 2))).toEqual([['a', '2.5']]);
    expect(parseAll(encodeReply(NULL_ARRAY, 2))).toEqual([NULL_ARRAY]);
  });

  it('collects a big bulk arriving in many chunks', () => {
    const big = 'x'.repeat(1_000_000);
    const bytes = encodeReply([big, 'tail'], 2);
    const splits = Array.from({ length: 200 }, (_, i) => i * 5003);
    expect(parseAll(bytes, splits)).toEqual([[big, 'tail']]);
  });

  it('refuses malformed replies', () => {
    for (const bad of ['?x\r\n', ':1x\r\n', '$x\r\n', '$-2\r\n', '$1\r\nabc\r\n', '#x\r\n', ',1.2.3\r\n', '*-2\r\n', '+a\rb\r\n', '=3\r\nabc\r\n', '$9999999999999\r\n']) {
      const p = new ReplyParser();
      p.push(Buffer.from(bad));
      expect(() => p.next(), bad).toThrow(ProtocolError);
    }
  });

  it('garbage gives a ProtocolError or waits, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => {
        const p = new ReplyParser();
        try {
          p.push(Buffer.from(bytes));
          for (let i = 0; i < 100 && p.next() !== undefined; i++);
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('encodeCommand', () => {
  it('is an array of bulk strings', () => {
    expect(encodeCommand(['SET', 'k', Buffer.from('v')]).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n');
  });
});
