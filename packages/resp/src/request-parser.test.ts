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

describe('request parser', () => {
  it('any split of a valid stream gives the same commands', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (cmds, cuts) => {
        const bytes = Buffer.concat(cmds.map((c) => encodeCommand(c)));
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces: Buffer[] = [];
        let last = 0;
        for (const p of [...points, bytes.length]) {
          pieces.push(bytes.subarray(last, p));
          last = p;
        }
        expect(feed(pieces)).toEqual({ commands: cmds });
      }),
      { numRuns: 500 },
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
      { numRuns: 3000 },
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
    ['SET a "b\r\n', 'ERR Protocol error: unbalanced quotes in request'],
    ['ECHO "a"b\r\n', 'ERR Protocol error: unbalanced quotes in request'],
  ])('%j -> %s', (input, error) => {
    expect(feed([input]).error).toBe(error);
  });

  it('accepts what Redis accepts', () => {
    expect(feed(['*-5\r\nPING\r\n']).commands).toEqual([['PING']]);
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

  it('counts buffered bytes', () => {
    const p = new RequestParser();
    p.push(Buffer.from('*1\r\n$4\r\nPI'));
    expect(p.next()).toBeUndefined();
    expect(p.bufferedBytes).toBe(2);
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
  ])('%j', (line, args) => {
    expect(splitArgs(line)).toEqual(args);
  });

  it('refuses unbalanced quotes', () => {
    expect(splitArgs('"abc')).toBeNull();
    expect(splitArgs('"a"b')).toBeNull();
    expect(splitArgs("'a")).toBeNull();
  });
});
