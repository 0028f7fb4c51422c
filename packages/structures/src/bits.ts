// Bit operations on byte strings (latin1 JS strings, one char per byte), as
// Redis's bitops.c does them on sds strings. Bit 0 is the most significant
// bit of byte 0. Strings are immutable, so writers return a new string.

/** Set bits of every byte value. */
const POPCOUNT = (() => {
  const t = new Uint8Array(256);
  for (let i = 1; i < 256; i++) t[i] = (i & 1) + t[i >> 1]!;
  return t;
})();

/** The bit at `offset`; bits past the end are 0. */
export function getBit(s: string, offset: number): 0 | 1 {
  const byte = Math.floor(offset / 8);
  if (byte >= s.length) return 0;
  return ((s.charCodeAt(byte) >> (7 - (offset % 8))) & 1) as 0 | 1;
}

/** The string zero-padded to at least `bytes` bytes (Redis's sdsgrowzero). */
export function padBytes(s: string, bytes: number): string {
  return s.length >= bytes ? s : s + '\0'.repeat(bytes - s.length);
}

/** Sets the bit at `offset` to `on`, zero-padding the string as needed. */
export function setBit(s: string, offset: number, on: 0 | 1): string {
  const byte = Math.floor(offset / 8);
  const padded = padBytes(s, byte + 1);
  const mask = 1 << (7 - (offset % 8));
  const old = padded.charCodeAt(byte);
  const next = on ? old | mask : old & ~mask;
  if (next === old) return padded;
  return padded.slice(0, byte) + String.fromCharCode(next) + padded.slice(byte + 1);
}

/** Set bits in bit positions from..to (both inclusive, 0 <= from, to < 8 * length). */
export function countBits(s: string, from: number, to: number): number {
  if (from > to) return 0;
  const first = Math.floor(from / 8), last = Math.floor(to / 8);
  // Masks keep only the bits of the edge bytes that lie inside the range.
  const headMask = 0xff >> (from % 8);
  const tailMask = (0xff << (7 - (to % 8))) & 0xff;
  if (first === last) return POPCOUNT[s.charCodeAt(first) & headMask & tailMask]!;
  let n = POPCOUNT[s.charCodeAt(first) & headMask]! + POPCOUNT[s.charCodeAt(last) & tailMask]!;
  for (let i = first + 1; i < last; i++) n += POPCOUNT[s.charCodeAt(i)]!;
  return n;
}

/**
 * The first bit position in from..to (both inclusive, inside the string)
 * whose value is `bit`, or -1 when there is none.
 */
export function findBit(s: string, bit: 0 | 1, from: number, to: number): number {
  if (from > to) return -1;
  // A byte with no bit of the wanted value: 0x00 when seeking 1s, 0xff when seeking 0s.
  const skip = bit ? 0x00 : 0xff;
  const first = Math.floor(from / 8), last = Math.floor(to / 8);
  for (let i = first; i <= last; i++) {
    const c = s.charCodeAt(i);
    if (c === skip) continue;
    const lo = i === first ? from % 8 : 0;
    const hi = i === last ? to % 8 : 7;
    for (let b = lo; b <= hi; b++) if (((c >> (7 - b)) & 1) === bit) return i * 8 + b;
  }
  return -1;
}

export type BitOp = 'and' | 'or' | 'xor' | 'not';

/**
 * BITOP over the sources (missing keys are empty strings): the result is as
 * long as the longest source, shorter sources count as zero-padded. NOT takes
 * exactly one source.
 */
export function bitop(op: BitOp, sources: readonly string[]): string {
  let maxlen = 0;
  for (const s of sources) if (s.length > maxlen) maxlen = s.length;
  const out = new Uint8Array(maxlen);
  if (maxlen === 0) return '';
  const first = sources[0]!;
  for (let i = 0; i < maxlen; i++) out[i] = i < first.length ? first.charCodeAt(i) : 0;
  if (op === 'not') {
    for (let i = 0; i < maxlen; i++) out[i] = ~out[i]! & 0xff;
    return bytesToLatin1(out);
  }
  for (let k = 1; k < sources.length; k++) {
    const s = sources[k]!;
    const n = s.length;
    if (op === 'and') {
      for (let i = 0; i < n; i++) out[i]! &= s.charCodeAt(i);
      out.fill(0, n);
    } else if (op === 'or') {
      for (let i = 0; i < n; i++) out[i]! |= s.charCodeAt(i);
    } else {
      for (let i = 0; i < n; i++) out[i]! ^= s.charCodeAt(i);
    }
  }
  return bytesToLatin1(out);
}

/** Bytes as a latin1 string, in chunks small enough for fromCharCode's argument limit. */
export function bytesToLatin1(bytes: Uint8Array): string {
  const CHUNK = 8192;
  if (bytes.length <= CHUNK) return String.fromCharCode(...bytes);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) parts.push(String.fromCharCode(...bytes.subarray(i, i + CHUNK)));
  return parts.join('');
}

// --- BITFIELD ----------------------------------------------------------------

/** The `bits`-bit unsigned field at bit `offset` (1 <= bits <= 64); bits past the end read as 0. */
export function getUnsignedField(s: string, offset: number, bits: number): bigint {
  let v = 0n;
  const byte0 = Math.floor(offset / 8);
  const shift = offset % 8;
  // Read the whole bytes that hold the field, then cut the field out of them.
  const nbytes = Math.floor((shift + bits + 7) / 8);
  for (let i = 0; i < nbytes; i++) {
    const at = byte0 + i;
    v = (v << 8n) | BigInt(at < s.length ? s.charCodeAt(at) : 0);
  }
  const tail = BigInt(nbytes * 8 - shift - bits);
  return (v >> tail) & ((1n << BigInt(bits)) - 1n);
}

/** The `bits`-bit two's complement field at bit `offset`. */
export function getSignedField(s: string, offset: number, bits: number): bigint {
  return BigInt.asIntN(bits, getUnsignedField(s, offset, bits));
}

/**
 * Writes the low `bits` bits of value at bit `offset`. The string must
 * already reach the field's last byte (see padBytes).
 */
export function setField(s: string, offset: number, bits: number, value: bigint): string {
  const byte0 = Math.floor(offset / 8);
  const shift = offset % 8;
  const nbytes = Math.floor((shift + bits + 7) / 8);
  let cur = 0n;
  for (let i = 0; i < nbytes; i++) cur = (cur << 8n) | BigInt(s.charCodeAt(byte0 + i));
  const tail = BigInt(nbytes * 8 - shift - bits);
  const fieldMask = ((1n << BigInt(bits)) - 1n) << tail;
  cur = (cur & ~fieldMask) | ((BigInt.asUintN(bits, value) << tail) & fieldMask);
  const codes: number[] = new Array<number>(nbytes);
  for (let i = nbytes - 1; i >= 0; i--) {
    codes[i] = Number(cur & 0xffn);
    cur >>= 8n;
  }
  return s.slice(0, byte0) + String.fromCharCode(...codes) + s.slice(byte0 + nbytes);
}

export type OverflowMode = 'wrap' | 'sat' | 'fail';

/** The outcome of adding to a field: 0 no overflow, 1 past the maximum, -1 below the minimum; `value` is what to store (unused when failing). */
export interface FieldResult {
  readonly overflow: -1 | 0 | 1;
  readonly value: bigint;
}

const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const I64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/**
 * checkUnsignedBitfieldOverflow: value (a uint64) plus incr (an int64) in a
 * `bits`-bit unsigned field, with C's 64-bit wrap-around where Redis has it.
 */
export function unsignedFieldAdd(value: bigint, incr: bigint, bits: number, mode: OverflowMode): FieldResult {
  const max = bits === 64 ? (1n << 64n) - 1n : (1n << BigInt(bits)) - 1n;
  const maxincr = I64(max - value);
  const minincr = I64(-value);
  const wrapped = (): bigint => BigInt.asUintN(bits, U64(value + incr));
  if (value > max || (incr > 0n && incr > maxincr)) {
    return { overflow: 1, value: mode === 'sat' ? max : wrapped() };
  }
  if (incr < 0n && incr < minincr) {
    return { overflow: -1, value: mode === 'sat' ? 0n : wrapped() };
  }
  return { overflow: 0, value: value + incr };
}

/**
 * checkSignedBitfieldOverflow: value plus incr (both int64) in a `bits`-bit
 * signed field. Ported condition by condition, including its quirk: a SET of
 * a value so negative that `max - value` wraps counts as a positive overflow.
 */
export function signedFieldAdd(value: bigint, incr: bigint, bits: number, mode: OverflowMode): FieldResult {
  const max = bits === 64 ? (1n << 63n) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = I64(U64(max - value));
  const minincr = I64(min - value);
  const wrapped = (): bigint => (bits < 64 ? BigInt.asIntN(bits, U64(value + incr)) : I64(value + incr));
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return { overflow: 1, value: mode === 'sat' ? max : wrapped() };
  }
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return { overflow: -1, value: mode === 'sat' ? min : wrapped() };
  }
  return { overflow: 0, value: value + incr };
}
