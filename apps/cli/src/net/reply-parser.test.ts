import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reply } from './reply.js';
import { ReplyParser, ReplyProtocolError } from './reply-parser.js';

const b = (s: string) => Buffer.from(s, 'latin1');

function parseAll(chunks: Buffer[]): Reply[] {
  const p = new ReplyParser();
  const out: Reply[] = [];
  for (const c of chunks) {
    p.push(c);
    for (let r = p.next(); r !== undefined; r = p.next()) out.push(r);
  }
  return out;
}

describe('ReplyParser', () => {
  it('reads every RESP2 and RESP3 type, keeping the text of numbers as sent', () => {
    const wire =
      '+OK\r\n-ERR bad\r\n:-42\r\n$5\r\nhe\x00lo\r\n$-1\r\n*-1\r\n*0\r\n_\r\n,3.14000000000000012\r\n,inf\r\n' +
      '(12345678901234567890123\r\n#t\r\n#f\r\n=15\r\ntxt:Some string\r\n!9\r\nERR inner\r\n' +
      '%1\r\n+k\r\n*2\r\n:1\r\n:2\r\n~1\r\n$1\r\nx\r\n>2\r\n+message\r\n$2\r\nhi\r\n|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n';
    expect(parseAll([b(wire)])).toEqual([
      { type: 'status', text: 'OK' },
      { type: 'error', text: 'ERR bad' },
      { type: 'integer', text: '-42' },
      { type: 'string', value: 'he\x00lo' },
      { type: 'nil' },
      { type: 'nil' },
      { type: 'array', items: [] },
      { type: 'nil' },
      { type: 'double', text: '3.14000000000000012' },
      { type: 'double', text: 'inf' },
      { type: 'bignum', text: '12345678901234567890123' },
      { type: 'bool', value: true },
      { type: 'bool', value: false },
      { type: 'verbatim', format: 'txt', value: 'Some string' },
      { type: 'error', text: 'ERR inner' },
      { type: 'map', items: [{ type: 'status', text: 'k' }, { type: 'array', items: [{ type: 'integer', text: '1' }, { type: 'integer', text: '2' }] }] },
      { type: 'set', items: [{ type: 'string', value: 'x' }] },
      { type: 'push', items: [{ type: 'status', text: 'message' }, { type: 'string', value: 'hi' }] },
      // An attribute is read and dropped; the value it annotates is the reply.
      { type: 'string', value: 'v' },
    ]);
  });

  it('gives the same replies however the bytes are split (property)', () => {
    const wire = b('*3\r\n$3\r\nfoo\r\n*2\r\n:1\r\n%1\r\n+a\r\n,1.5\r\n$0\r\n\r\n+PONG\r\n$10\r\n0123456789\r\n');
    const whole = parseAll([wire]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: wire.length - 1 }), { maxLength: 12 }), (cuts) => {
        const at = [0, ...cuts.sort((x, y) => x - y), wire.length];
        const chunks = at.slice(1).map((end, i) => wire.subarray(at[i]!, end));
        expect(parseAll(chunks)).toEqual(whole);
      }),
    );
  });

  it('waits for a big bulk string that arrives in many pieces, then returns it whole', () => {
    const body = Buffer.alloc(300_000, 0x61);
    const wire = Buffer.concat([b(`$${body.length}\r\n`), body, b('\r\n:7\r\n')]);
    const p = new ReplyParser();
    const got: Reply[] = [];
    let merges = 0;
    const concat = Buffer.concat;
    Buffer.concat = ((list: readonly Uint8Array[], n?: number) => (merges++, concat(list, n))) as typeof Buffer.concat;
    try {
      for (let i = 0; i < wire.length; i += 4096) {
        p.push(wire.subarray(i, i + 4096));
        for (let r = p.next(); r !== undefined; r = p.next()) got.push(r);
      }
    } finally {
      Buffer.concat = concat;
    }
    // The pieces are joined once when the whole body is there, not once per piece.
    expect(merges).toBeLessThanOrEqual(2);
    expect(got).toHaveLength(2);
    expect(got[0]!.type).toBe('string');
    expect(got[0]!.type === 'string' && got[0]!.value === body.toString('latin1')).toBe(true);
    expect(got[1]).toEqual({ type: 'integer', text: '7' });
  });

  it('a long array split in many chunks is parsed once, in order', () => {
    const n = 20_000;
    let wire = `*${n}\r\n`;
    for (let i = 0; i < n; i++) wire += `$${String(i).length}\r\n${i}\r\n`;
    const buf = b(wire);
    const chunks: Buffer[] = [];
    for (let i = 0; i < buf.length; i += 1000) chunks.push(buf.subarray(i, i + 1000));
    const [r] = parseAll(chunks);
    expect(r?.type).toBe('array');
    const items = (r as { items: Reply[] }).items;
    expect(items).toHaveLength(n);
    expect(items[n - 1]).toEqual({ type: 'string', value: String(n - 1) });
  });

  it('keeps every byte value of a bulk string', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const [r] = parseAll([Buffer.concat([b('$256\r\n'), all, b('\r\n')])]);
    expect(r?.type === 'string' && Buffer.from(r.value, 'latin1').equals(all)).toBe(true);
  });

  it('rejects bytes that are not RESP with redis-cli\'s words', () => {
    const p = new ReplyParser();
    p.push(b('?what\r\n'));
    expect(() => p.next()).toThrow(new ReplyProtocolError('Protocol error, got "?" as reply type byte'));
    const q = new ReplyParser();
    q.push(b('$abc\r\n'));
    expect(() => q.next()).toThrow(ReplyProtocolError);
  });
});
