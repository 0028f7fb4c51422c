import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bitop, bytesToLatin1, countBits, findBit, getBit, getSignedField, getUnsignedField, setBit, setField,
  signedFieldAdd, unsignedFieldAdd, type BitOp,
} from './bits.js';

// Every function against a naive model: the string as an array of bits.

function toBits(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) for (let b = 7; b >= 0; b--) out.push((s.charCodeAt(i) >> b) & 1);
  return out;
}

function fromBits(bits: number[]): string {
  let s = '';
  for (let i = 0; i < bits.length; i += 8) {
    let c = 0;
    for (let b = 0; b < 8; b++) c = (c << 1) | (bits[i + b] ?? 0);
    s += String.fromCharCode(c);
  }
  return s;
}

const bytes = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 255)), { maxLength: 24 });
const str = bytes.map((a) => String.fromCharCode(...a));

describe('single bits', () => {
  it('getBit and setBit match a bit array, padding with zeros', () => {
    fc.assert(
      fc.property(str, fc.integer({ min: 0, max: 300 }), fc.constantFrom<0 | 1>(0, 1), (s, off, on) => {
        const model = toBits(s);
        expect(getBit(s, off)).toBe(model[off] ?? 0);
        while (model.length < (Math.floor(off / 8) + 1) * 8) model.push(0);
        model[off] = on;
        const next = setBit(s, off, on);
        expect(next.length).toBe(Math.max(s.length, Math.floor(off / 8) + 1));
        expect(toBits(next)).toEqual(model);
      }),
    );
  });
});

describe('ranges', () => {
  it('countBits and findBit match a scan of the bit array', () => {
    fc.assert(
      fc.property(str.filter((s) => s.length > 0), fc.nat(), fc.nat(), fc.constantFrom<0 | 1>(0, 1), (s, a, b, bit) => {
        const model = toBits(s);
        const from = a % model.length, to = b % model.length;
        const range = from > to ? [] : model.slice(from, to + 1);
        expect(countBits(s, from, to)).toBe(range.filter((x) => x === 1).length);
        const i = range.indexOf(bit);
        expect(findBit(s, bit, from, to)).toBe(i === -1 ? -1 : from + i);
      }),
    );
  });
});

describe('bitop', () => {
  it('combines zero-padded sources bit by bit', () => {
    fc.assert(
      fc.property(fc.constantFrom<BitOp>('and', 'or', 'xor', 'not'), fc.array(str, { minLength: 1, maxLength: 4 }), (op, sources) => {
        const srcs = op === 'not' ? sources.slice(0, 1) : sources;
        const maxlen = Math.max(...srcs.map((s) => s.length));
        const models = srcs.map((s) => {
          const m = toBits(s);
          while (m.length < maxlen * 8) m.push(0);
          return m;
        });
        const want = models[0]!.map((_, i) => {
          const col = models.map((m) => m[i]!);
          if (op === 'not') return 1 - col[0]!;
          if (op === 'and') return col.every((x) => x === 1) ? 1 : 0;
          if (op === 'or') return col.some((x) => x === 1) ? 1 : 0;
          return col.reduce((x, y) => x ^ y, 0);
        });
        expect(toBits(bitop(op, srcs))).toEqual(want);
      }),
    );
  });

  it('turns long byte arrays into latin1 strings', () => {
    const b = new Uint8Array(20000).map((_, i) => i & 0xff);
    const s = bytesToLatin1(b);
    expect(s.length).toBe(20000);
    expect(s.charCodeAt(19999)).toBe(19999 & 0xff);
  });
});

describe('bitfields', () => {
  it('reads and writes fields of 1..64 bits like a bit array', () => {
    fc.assert(
      fc.property(str, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 64 }), fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }), (s, off, bits, v) => {
        const model = toBits(s);
        const field = (m: number[]): bigint => {
          let x = 0n;
          for (let i = 0; i < bits; i++) x = (x << 1n) | BigInt(m[off + i] ?? 0);
          return x;
        };
        expect(getUnsignedField(s, off, bits)).toBe(field(model));
        expect(getSignedField(s, off, bits)).toBe(BigInt.asIntN(bits, field(model)));
        const need = Math.floor((off + bits + 7) / 8);
        const padded = s.length >= need ? s : s + '\0'.repeat(need - s.length);
        const next = setField(padded, off, bits, v);
        const m = toBits(padded);
        const low = BigInt.asUintN(bits, v);
        for (let i = 0; i < bits; i++) m[off + i] = Number((low >> BigInt(bits - 1 - i)) & 1n);
        expect(next).toBe(fromBits(m));
      }),
    );
  });

  it('adds without overflow exactly, wraps and saturates at the field limits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (bits, a, incr) => {
        // A signed field holds a value in range; the true sum decides.
        const smax = (1n << BigInt(bits - 1)) - 1n, smin = -smax - 1n;
        const v = BigInt.asIntN(bits, a);
        const sum = v + incr;
        const r = signedFieldAdd(v, incr, bits, 'wrap');
        expect(r.overflow).toBe(sum > smax ? 1 : sum < smin ? -1 : 0);
        expect(r.value).toBe(BigInt.asIntN(bits, sum));
        expect(signedFieldAdd(v, incr, bits, 'sat').value).toBe(sum > smax ? smax : sum < smin ? smin : sum);
        if (bits < 64) {
          const umax = (1n << BigInt(bits)) - 1n;
          const u = BigInt.asUintN(bits, a);
          const usum = u + incr;
          const ur = unsignedFieldAdd(u, incr, bits, 'wrap');
          expect(ur.overflow).toBe(usum > umax ? 1 : usum < 0n ? -1 : 0);
          expect(ur.value).toBe(BigInt.asUintN(bits, usum));
          expect(unsignedFieldAdd(u, incr, bits, 'sat').value).toBe(usum > umax ? umax : usum < 0n ? 0n : usum);
        }
      }),
    );
  });

  it('keeps the quirks of Redis checks for SET values outside the field', () => {
    // A SET of -1 into u8: the uint64 value 2^64-1 is above the maximum.
    expect(unsignedFieldAdd(BigInt.asUintN(64, -1n), 0n, 8, 'wrap')).toEqual({ overflow: 1, value: 255n });
    expect(unsignedFieldAdd(BigInt.asUintN(64, -1n), 0n, 8, 'sat')).toEqual({ overflow: 1, value: 255n });
    expect(signedFieldAdd(-200n, 0n, 8, 'sat')).toEqual({ overflow: -1, value: -128n });
    // max - value wraps past INT64_MAX, which Redis's check reads as a positive overflow.
    expect(signedFieldAdd(-(1n << 63n), 0n, 8, 'sat')).toEqual({ overflow: 1, value: 127n });
  });
});
