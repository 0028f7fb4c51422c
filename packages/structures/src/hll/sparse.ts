import { denseSet } from './dense.js';
import { HLL_DENSE, HLL_DENSE_SIZE, HLL_ENCODING_OFFSET, HLL_HDR_SIZE, HLL_REGISTERS } from './layout.js';

// The sparse encoding: run lengths of registers after the header, in three
// opcodes: ZERO 00xxxxxx (1..64 zero registers), XZERO 01xxxxxx yyyyyyyy
// (1..16384 zero registers), VAL 1vvvvvxx (1..4 registers of value 1..32).
// Every routine walks the opcodes exactly as hyperloglog.c does, including
// how it treats corrupt input, since that decides INVALIDOBJ or not.

export const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;

/** A value being edited in place: `bytes` may be longer than the value (room to grow). */
export interface HllBuffer {
  bytes: Uint8Array;
  length: number;
}

const isZero = (op: number): boolean => (op & 0xc0) === 0;
const isXZero = (op: number): boolean => (op & 0xc0) === 0x40;
const zeroLen = (op: number): number => (op & 0x3f) + 1;
const valValue = (op: number): number => ((op >> 2) & 0x1f) + 1;
const valLen = (op: number): number => (op & 0x3) + 1;
const valOp = (value: number, len: number): number => 0x80 | ((value - 1) << 2) | (len - 1);

/** An XZERO's length; its second byte read past the end is the sds terminator, 0. */
function xzeroLen(h: HllBuffer, p: number): number {
  const second = p + 1 < h.length ? h.bytes[p + 1]! : 0;
  return (((h.bytes[p]! & 0x3f) << 8) | second) + 1;
}

/** The sparse body of an empty HLL: XZERO opcodes covering every register. */
export function emptySparseBody(): number[] {
  const body: number[] = [];
  for (let left = HLL_REGISTERS; left > 0; ) {
    const n = Math.min(left, SPARSE_XZERO_MAX_LEN);
    body.push(0x40 | ((n - 1) >> 8), (n - 1) & 0xff);
    left -= n;
  }
  return body;
}

/** Outcome of sparseSet beyond 0 (unchanged) and 1 (changed): the value must become dense first. */
export const SPARSE_PROMOTE = 2;
/** Outcome of sparseSet: the opcodes do not cover the register (corrupt). */
export const SPARSE_INVALID = -1;

/**
 * hllSparseSet without the promotion: raises register `index` to `count`
 * in place. 0 unchanged, 1 changed (cache not yet invalidated), SPARSE_PROMOTE
 * when the value must go dense (count > 32, or the value would outgrow
 * `maxBytes`), SPARSE_INVALID when corrupt. `h.bytes` needs 3 spare bytes.
 */
export function sparseSet(h: HllBuffer, index: number, count: number, maxBytes: number): number {
  if (count > SPARSE_VAL_MAX_VALUE) return SPARSE_PROMOTE;
  const b = h.bytes;
  const sparse = HLL_HDR_SIZE;
  let end = h.length;
  let p = sparse;
  let first = 0;
  let prev = -1;
  let span = 0;
  // Step 1: the opcode covering the register.
  while (p < end) {
    const op = b[p]!;
    let oplen = 1;
    if (isZero(op)) span = zeroLen(op);
    else if (op & 0x80) span = valLen(op);
    else {
      span = xzeroLen(h, p);
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return SPARSE_INVALID;

  const op = b[p]!;
  const zero = isZero(op), xzero = isXZero(op), val = (op & 0x80) !== 0;
  let next = xzero ? p + 2 : p + 1;
  if (next >= end) next = -1;
  const runlen = zero ? zeroLen(op) : xzero ? xzeroLen(h, p) : valLen(op);

  let updated = false;
  if (val) {
    // A: the register is already at least that high. B: a lone VAL changes in place.
    if (valValue(op) >= count) return 0;
    if (runlen === 1) {
      b[p] = valOp(count, 1);
      updated = true;
    }
  }
  if (!updated && zero && runlen === 1) {
    // C: a lone ZERO becomes a VAL.
    b[p] = valOp(count, 1);
    updated = true;
  }
  if (!updated) {
    // D: split the opcode into up to three: before, the register, after.
    const seq: number[] = [];
    const last = first + span - 1;
    if (zero || xzero) {
      if (index !== first) pushZeros(seq, index - first);
      seq.push(valOp(count, 1));
      if (index !== last) pushZeros(seq, last - index);
    } else {
      const cur = valValue(op);
      if (index !== first) seq.push(valOp(cur, index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(valOp(cur, last - index));
    }
    const delta = seq.length - (xzero ? 2 : 1);
    if (delta > 0 && h.length + delta > maxBytes) return SPARSE_PROMOTE;
    if (delta !== 0 && next !== -1) b.copyWithin(next + delta, next, end);
    h.length += delta;
    for (let i = 0; i < seq.length; i++) b[p + i] = seq[i]!;
    end += delta;
  }

  // Step 4: merge adjacent VALs of the same value, scanning up to 5 opcodes from prev.
  p = prev === -1 ? sparse : prev;
  let scan = 5;
  while (p < end && scan-- !== 0) {
    const o = b[p]!;
    if (isXZero(o)) {
      p += 2;
      continue;
    }
    if (isZero(o)) {
      p++;
      continue;
    }
    if (p + 1 < end && (b[p + 1]! & 0x80) !== 0) {
      const v1 = valValue(o), v2 = valValue(b[p + 1]!);
      if (v1 === v2) {
        const len = valLen(o) + valLen(b[p + 1]!);
        if (len <= SPARSE_VAL_MAX_LEN) {
          b[p + 1] = valOp(v1, len);
          b.copyWithin(p, p + 1, end);
          h.length--;
          end--;
          continue;
        }
      }
    }
    p++;
  }
  return 1;
}

/** A run of zero registers as one ZERO (up to 64) or one XZERO. */
function pushZeros(seq: number[], len: number): void {
  if (len > SPARSE_ZERO_MAX_LEN) seq.push(0x40 | ((len - 1) >> 8), (len - 1) & 0xff);
  else seq.push(len - 1);
}

/**
 * Calls `onVal(first, value, len)` for each VAL run, as hllSparseToDense and
 * hllMerge walk the opcodes. True when the opcodes cover exactly 16384
 * registers; a VAL is never applied past the last register.
 */
function walkValues(h: HllBuffer, onVal: (first: number, value: number, len: number) => void): boolean {
  const b = h.bytes;
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < h.length; ) {
    const op = b[p]!;
    if (isZero(op)) {
      idx += zeroLen(op);
      p++;
    } else if (isXZero(op)) {
      idx += xzeroLen(h, p);
      p += 2;
    } else {
      const len = valLen(op);
      // A run past the last register is corruption (the CVE-2025-32023 fix Debian's 7.0.15 carries).
      if (len + idx > HLL_REGISTERS) return false;
      onVal(idx, valValue(op), len);
      idx += len;
      p++;
    }
  }
  return idx === HLL_REGISTERS;
}

/**
 * hllSparseToDense: a new dense value with the same header (magic, unused
 * bytes and cached cardinality copied as they are), or null when corrupt.
 */
export function sparseToDense(h: HllBuffer): Uint8Array | null {
  const dense = new Uint8Array(HLL_DENSE_SIZE);
  dense.set(h.bytes.subarray(0, HLL_HDR_SIZE));
  dense[HLL_ENCODING_OFFSET] = HLL_DENSE;
  const ok = walkValues(h, (first, value, len) => {
    for (let i = 0; i < len; i++) denseSet(dense, first + i, value);
  });
  return ok ? dense : null;
}

/** hllMerge of a sparse value: max[i] = MAX(max[i], register i); false when corrupt. */
export function sparseMergeInto(h: HllBuffer, max: Uint8Array): boolean {
  return walkValues(h, (first, value, len) => {
    for (let i = first; i < first + len; i++) if (value > max[i]!) max[i] = value;
  });
}

/**
 * hllSparseRegHisto: adds the registers to the histogram; false when the
 * opcodes do not cover exactly 16384 registers.
 */
export function sparseHistogram(h: HllBuffer, histogram: Int32Array): boolean {
  const b = h.bytes;
  let idx = 0;
  for (let p = HLL_HDR_SIZE; p < h.length; ) {
    const op = b[p]!;
    if (isZero(op)) {
      const n = zeroLen(op);
      idx += n;
      histogram[0]! += n;
      p++;
    } else if (isXZero(op)) {
      const n = xzeroLen(h, p);
      idx += n;
      histogram[0]! += n;
      p += 2;
    } else {
      const n = valLen(op);
      idx += n;
      histogram[valValue(op)]! += n;
      p++;
    }
  }
  return idx === HLL_REGISTERS;
}

/** PFDEBUG DECODE's text: `z:N`, `Z:N`, `v:VALUE,LEN` separated by spaces. */
export function decodeSparse(h: HllBuffer): string {
  const parts: string[] = [];
  const b = h.bytes;
  for (let p = HLL_HDR_SIZE; p < h.length; ) {
    const op = b[p]!;
    if (isZero(op)) {
      parts.push(`z:${zeroLen(op)}`);
      p++;
    } else if (isXZero(op)) {
      parts.push(`Z:${xzeroLen(h, p)}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLen(op)}`);
      p++;
    }
  }
  return parts.join(' ');
}
