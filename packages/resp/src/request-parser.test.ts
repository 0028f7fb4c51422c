import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeCommand } from './encoder.js';
import { ProtocolError } from './errors.js';
import { RequestParser } from './request-parser.js';
import { splitArgs } from './split-args.js';

/** Feeds bytes in the given pieces; returns commands, and the protocol error if one came. */
function feed(pieces: (string | Buffer)[], setup?: (p: RequestParser) => void): { commands: string[][]; error?: string } {
  const p = new RequestParser();
  setup?.(p);
  const commands: string[][] = [];
  try {
    for (const piece of pieces) {
      p.push(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
      for (let c = p.next(); c !== undefined; c = p.next()) commands.push(c);
    }
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return { commands, error: err.message };
  }
  return { commands };
}

const arg = fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b).toString('latin1'));
const command = fc.array(arg, { minLength: 1, maxLength: 6 });

/** Splits bytes at the given cut points. */
function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.subarray(last, p));
    last = p;
  }
  return pieces;
}

// Valid multibulk and inline commands, then mutated with the bytes that matter to framing.
const segment = fc.oneof(
  command.map((c) => encodeCommand(c)),
  fc.constantFrom('PING\r\n', 'SET a "b c"\n', "ECHO 'x\\'y'\r\n", '\r\n', '*0\r\n', '*-1\r\n', 'GET "\\x41"\r\n')
    .map((s) => Buffer.from(s, 'latin1')),
);
const mutated = fc
  .tuple(
    fc.array(segment, { minLength: 1, maxLength: 5 }),
    fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 2 }), insert: fc.constantFrom('', '*', '$', '\r', '\n', '"', "'", '\\', '-', '0', '9', '\0') }), { maxLength: 3 }),
  )
  .map(([segments, mutations]) => {
    let text = Buffer.concat(segments).toString('latin1');
    for (const m of mutations) {
      const at = m.at % (text.length + 1);
      text = text.slice(0, at) + m.insert + text.slice(at + m.del);
    }
    return Buffer.from(text, 'latin1');
  });

describe('request parser', () => {
  it('any split of a valid stream gives the same commands', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (cmds, cuts) => {
        const bytes = Buffer.concat(cmds.map((c) => encodeCommand(c)));
        expect(feed(cut(bytes, cuts))).toEqual({ commands: cmds });
      }),
      { numRuns: 300 },
    );
  });

  it('any split of any stream, valid or not, gives the same commands and the same error', () => {
    fc.assert(
      fc.property(mutated, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        expect(feed(cut(bytes, cuts))).toEqual(feed([bytes]));
      }),
      { numRuns: 300 },
    );
  });

  it('a stream fed byte by byte gives the same as fed whole', () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        const single = Array.from(bytes, (b) => Buffer.from([b]));
        expect(feed(single)).toEqual(feed([bytes]));
      }),
      { numRuns: 100 },
    );
  });

  it('random garbage never throws anything but a ProtocolError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 5 }), (chunks) => {
        const p = new RequestParser();
        try {
          for (const c of chunks) {
            p.push(Buffer.from(c));
            for (let i = 0; i < 1000 && p.next() !== undefined; i++);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
          expect((err as Error).message).toMatch(/^ERR Protocol error: /);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('collects big bulks arriving in many chunks', () => {
    const big = 'v'.repeat(3_000_000);
    const bytes = encodeCommand(['SET', 'k', big]);
    const pieces = [];
    for (let i = 0; i < bytes.length; i += 65536) pieces.push(bytes.subarray(i, i + 65536));
    expect(feed([...pieces, '*1\r\n$4\r\nPING\r\n']).commands).toEqual([['SET', 'k', big], ['PING']]);
  });

  // Each case checked against Redis 7.0.15 over a socket.
  it.each([
    ['*2147483648\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*01\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*+1\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*1\r\n$-1\r\n', 'ERR Protocol error: invalid bulk length'],
    ['*1\r\n$04\r\n', 'ERR Protocol error: invalid bulk length'],
    ['*1\r\n$536870913\r\n', 'ERR Protocol error: invalid bulk length'],
    ['*1\r\nx3\r\n', "ERR Protocol error: expected '$', got 'x'"],
    ['*1\r\n\r\r\n', "ERR Protocol error: expected '$', got ' '"], // CR and LF print as spaces
    ['*1\r\n\n3\r\n', "ERR Protocol error: expected '$', got ' '"],
    ['*1\r\n\xe93\r\n', "ERR Protocol error: expected '$', got '\xe9'"],
    ['*-9223372036854775809\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*1\r\n$\r\n', 'ERR Protocol error: invalid bulk length'],
    ['*1\r\n$-0\r\n', 'ERR Protocol error: invalid bulk length'],
    ['SET a "b\r\n', 'ERR Protocol error: unbalanced quotes in request'],
    ['ECHO "a"b\r\n', 'ERR Protocol error: unbalanced quotes in request'],
  ])('%j -> %s', (input, error) => {
    expect(feed([input]).error).toBe(error);
  });

  it('accepts what Redis accepts', () => {
    expect(feed(['*-5\r\nPING\r\n']).commands).toEqual([['PING']]);
    expect(feed(['*-9223372036854775808\r\nPING\r\n']).commands).toEqual([['PING']]);
    expect(feed(['*2147483647\r\n'])).toEqual({ commands: [] });
    expect(feed(['\x0b\x0cPING\r\n', 'ECHO a\x0bb\n']).commands).toEqual([['PING'], ['ECHO', 'a\x0bb']]);
    expect(feed(['*0\r\n\r\n\r\nPING\r\n']).commands).toEqual([['PING']]);
    expect(feed(['*1\rX$4\r\nPING\r\n']).commands).toEqual([['PING']]);
    expect(feed(['*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n']).commands).toEqual([['PING'], ['PING']]);
    expect(feed(["ECHO 'a\\'b'\n"]).commands).toEqual([['ECHO', "a'b"]]);
    expect(feed(['set k "a\\x00\\n"\r\n']).commands).toEqual([['set', 'k', 'a\x00\n']]);
  });

  it('waits, as Redis does, when a NUL hides the line end, until the line is too long', () => {
    expect(feed(['*1\x00\r\n'])).toEqual({ commands: [] });
    expect(feed(['*1\x00\r\n', 'x'.repeat(70_000)]).error).toBe('ERR Protocol error: too big mbulk count string');
    expect(feed(['PING'.repeat(20_000)]).error).toBe('ERR Protocol error: too big inline request');
  });

  it('applies the unauthenticated limits', () => {
    const unauth = (p: RequestParser) => (p.authenticated = false);
    expect(feed(['*11\r\n'], unauth).error).toBe('ERR Protocol error: unauthenticated multibulk length');
    expect(feed(['*1\r\n$16385\r\n'], unauth).error).toBe('ERR Protocol error: unauthenticated bulk length');
    expect(feed(['*10\r\n'], unauth)).toEqual({ commands: [] });
  });

  it('applies proto-max-bulk-len', () => {
    expect(feed(['*1\r\n$2000000\r\n'], (p) => (p.maxBulkLength = 1024 * 1024)).error).toBe('ERR Protocol error: invalid bulk length');
  });

  it('counts buffered bytes, a big bulk being gathered included', () => {
    const p = new RequestParser();
    p.push(Buffer.from('*1\r\n$4\r\nPI'));
    expect(p.next()).toBeUndefined();
    expect(p.bufferedBytes).toBe(2);
    p.push(Buffer.from('NG\r\n*2\r\n$3\r\nGET\r\n$40000\r\nxx'));
    expect(p.next()).toEqual(['PING']);
    expect(p.next()).toBeUndefined();
    expect(p.bufferedBytes).toBe(2);
    p.push(Buffer.alloc(30_000, 120));
    expect(p.bufferedBytes).toBe(30_002);
    p.push(Buffer.from('x'.repeat(9_998) + '\r\n*1\r\n$4\r\nPI'));
    expect(p.next()).toEqual(['GET', 'x'.repeat(40_000)]);
    expect(p.next()).toBeUndefined();
    expect(p.bufferedBytes).toBe(2);
    p.push(Buffer.from('NG\r\n'));
    expect(p.next()).toEqual(['PING']);
    expect(p.bufferedBytes).toBe(0);
  });

  it('collects a bulk that trickles in byte by byte', () => {
    const value = 'ab'.repeat(20_000);
    const bytes = encodeCommand(['SET', 'k', value, 'x'.repeat(1000)]);
    const p = new RequestParser();
    const got: string[][] = [];
    for (let i = 0; i < bytes.length; i++) {
      p.push(bytes.subarray(i, i + 1));
      for (let c = p.next(); c !== undefined; c = p.next()) got.push(c);
    }
    expect(got).toEqual([['SET', 'k', value, 'x'.repeat(1000)]]);
  });

  it('does not search a line trickling in from its start again with every byte', () => {
    const p = new RequestParser();
    const line = 'ECHO ' + 'a'.repeat(60_000);
    let early = 0;
    for (let i = 0; i < line.length; i++) {
      p.push(Buffer.from(line[i]!, 'latin1'));
      if (p.next() !== undefined) early++;
    }
    expect(early).toBe(0);
    p.push(Buffer.from('\r\n*1\r\n$4\r'));
    expect(p.next()).toEqual(['ECHO', 'a'.repeat(60_000)]);
    expect(p.next()).toBeUndefined();
    p.push(Buffer.from('\nPING\r\n'));
    expect(p.next()).toEqual(['PING']);
  });

  it('keeps its buffer bounded over a long pipeline read in chunks that split commands', () => {
    const bytes = Buffer.concat(Array.from({ length: 20_000 }, (_, i) => encodeCommand(['SET', `key:${i}`, 'v'.repeat(i % 200)])));
    const p = new RequestParser();
    let count = 0;
    let largest = 0;
    for (let i = 0; i < bytes.length; i += 16_001) {
      p.push(bytes.subarray(i, i + 16_001));
      while (p.next() !== undefined) count++;
      largest = Math.max(largest, (p as unknown as { buf: Buffer }).buf.length, p.bufferedBytes);
    }
    expect(count).toBe(20_000);
    expect(largest).toBeLessThan(64 * 1024);
    expect(p.bufferedBytes).toBe(0);
  });

  it('keeps throwing the same error after a protocol error', () => {
    const p = new RequestParser();
    p.push(Buffer.from('*x\r\n*1\r\n$4\r\nPING\r\n'));
    expect(() => p.next()).toThrow('ERR Protocol error: invalid multibulk length');
    expect(() => p.next()).toThrow('ERR Protocol error: invalid multibulk length');
  });

  it('gives the commands before a protocol error, one by one', () => {
    expect(feed(['PING\r\n*1\r\n$4\r\nECHO\r\n*1\r\n$x\r\n'])).toEqual({
      commands: [['PING'], ['ECHO']],
      error: 'ERR Protocol error: invalid bulk length',
    });
  });
});

describe('splitArgs (sdssplitargs)', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['"a b" c', ['a b', 'c']],
    ['a"b c"', ['ab c']],
    ['"\\x41\\x4g"', ['Ax4g']], // an invalid \x escape keeps the x
    ["'it\\'s'", ["it's"]],
    ['"\\n\\r\\t\\b\\a\\z"', ['\n\r\t\b\x07z']],
    ['', []],
    ['   ', []],
    ['"a"\x0bb', ['a', 'b']], // a closing quote may be followed by any isspace() blank
    ['a\x0bb \x0c c', ['a\x0bb', 'c']], // \v and \f do not end an unquoted word, but are skipped between words
    ['a\x00b c', ['a']], // stops at NUL, as C does
    ['"a\\"', null], // the escaped quote does not close
    ['x"y z"w', null],
    ["'a\\nb'", ['a\\nb']], // no escapes but \' in single quotes
    ['"\\x"', ['x']],
    ['"\\xZZ"', ['xZZ']],
    ['"\\x4"', ['x4']],
    ['"ab\\', null],
    ["'ab\\", null],
    ['SET "k" \'v\'  "\\x00"', ['SET', 'k', 'v', '\x00']],
  ] as [string, string[] | null][])('%j', (line, args) => {
    expect(splitArgs(line)).toEqual(args);
  });

  it('refuses unbalanced quotes', () => {
    expect(splitArgs('"abc')).toBeNull();
    expect(splitArgs('"a"b')).toBeNull();
    expect(splitArgs("'a")).toBeNull();
  });
});
