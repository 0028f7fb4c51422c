import { denseGet, denseHistogram, denseMergeInto, denseRaise, denseSet } from './dense.js';
import { estimateFromHistogram } from './estimate.js';
import {
  HLL_CARD_OFFSET, HLL_DENSE, HLL_ENCODING_OFFSET, HLL_HDR_SIZE, HLL_REGISTERS, HLL_SPARSE,
  HLL_SPARSE_MAX_BYTES_DEFAULT, writeHeader,
} from './layout.js';
import { hllPattern, patternCount, patternIndex } from './pattern.js';
import {
  SPARSE_INVALID, SPARSE_PROMOTE, decodeSparse, emptySparseBody, sparseHistogram, sparseMergeInto, sparseSet,
  sparseToDense, type HllBuffer,
} from './sparse.js';

// One HyperLogLog value, edited in place the way Redis edits its sds string:
// the bytes are Redis's own, so `bytes()` is exactly what GET returns.
// Assumes the header already passed `isHyperLogLog` (the commands check it
// before anything else, as Redis does).

/** Spare room kept after a sparse value: a split writes up to 3 more bytes. */
const SPARSE_ROOM = 3;
const CACHE_STALE_BIT = 0x80;
const CARD_LAST = HLL_CARD_OFFSET + 7;

export class HyperLogLog implements HllBuffer {
  bytes: Uint8Array;
  length: number;

  private constructor(bytes: Uint8Array, length: number) {
    this.bytes = bytes;
    this.length = length;
  }

  /** createHLLObject: an empty sparse HLL with a valid cached cardinality of 0. */
  static create(): HyperLogLog {
    const body = emptySparseBody();
    const bytes = new Uint8Array(HLL_HDR_SIZE + body.length + SPARSE_ROOM);
    writeHeader(bytes, HLL_SPARSE);
    bytes.set(body, HLL_HDR_SIZE);
    return new HyperLogLog(bytes, HLL_HDR_SIZE + body.length);
  }

  /** Wraps a value's bytes (copied, so the caller's stay untouched). */
  static from(bytes: Uint8Array): HyperLogLog {
    const copy = new Uint8Array(bytes.length + SPARSE_ROOM);
    copy.set(bytes);
    return new HyperLogLog(copy, bytes.length);
  }

  /** Wraps bytes the caller gives up (no copy); the HLL may replace them as it grows. */
  static adopt(bytes: Uint8Array): HyperLogLog {
    return new HyperLogLog(bytes, bytes.length);
  }

  get encoding(): typeof HLL_DENSE | typeof HLL_SPARSE {
    return this.bytes[HLL_ENCODING_OFFSET] === HLL_DENSE ? HLL_DENSE : HLL_SPARSE;
  }

  /** The value's bytes (a view; valid until the next change). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /**
   * hllAdd: 1 if a register changed, 0 if not, -1 if the sparse body is
   * corrupt. Does not touch the cached cardinality on the dense path, as
   * Redis leaves that to PFADD (`invalidateCache`).
   */
  add(element: string, sparseMaxBytes = HLL_SPARSE_MAX_BYTES_DEFAULT): 1 | 0 | -1 {
    const packed = hllPattern(element);
    return this.raise(patternIndex(packed), patternCount(packed), sparseMaxBytes);
  }

  /**
   * Raises register `index` to `count` if lower (hllDenseSet / hllSparseSet,
   * promoting to dense when the sparse form cannot hold the result).
   */
  raise(index: number, count: number, sparseMaxBytes = HLL_SPARSE_MAX_BYTES_DEFAULT): 1 | 0 | -1 {
    if (this.encoding === HLL_DENSE) return denseRaise(this.bytes, index, count);
    if (this.bytes.length < this.length + SPARSE_ROOM) this.grow();
    const r = sparseSet(this, index, count, sparseMaxBytes);
    if (r === SPARSE_INVALID) return -1;
    if (r === SPARSE_PROMOTE) {
      if (!this.toDense()) return -1;
      // Redis asserts this changes the register: promotion only happens when it must.
      return denseRaise(this.bytes, index, count);
    }
    if (r === 1) this.invalidateCache();
    return r === 1 ? 1 : 0;
  }

  /** hllSparseToDense in place; false (value unchanged) when the sparse body is corrupt. */
  toDense(): boolean {
    if (this.encoding === HLL_DENSE) return true;
    const dense = sparseToDense(this);
    if (dense === null) return false;
    this.bytes = dense;
    this.length = dense.length;
    return true;
  }

  /** Register `index` of a dense HLL (call `toDense` first). */
  register(index: number): number {
    return denseGet(this.bytes, index);
  }

  /** Sets register `index` of a dense HLL (PFSELFTEST-style tests, tools). */
  setRegister(index: number, value: number): void {
    denseSet(this.bytes, index, value);
  }

  /** HLL_VALID_CACHE: whether the cached cardinality may be used. */
  hasValidCache(): boolean {
    return (this.bytes[CARD_LAST]! & CACHE_STALE_BIT) === 0;
  }

  /** The cached cardinality (meaningful when `hasValidCache`); a bigint past 2^53. */
  cachedCardinality(): number | bigint {
    let big = 0n;
    for (let i = 7; i >= 0; i--) big = (big << 8n) | BigInt(this.bytes[HLL_CARD_OFFSET + i]!);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }

  /** Stores a freshly computed cardinality in the header (little endian, cache valid). */
  setCachedCardinality(card: number): void {
    let v = card;
    for (let i = 0; i < 8; i++) {
      this.bytes[HLL_CARD_OFFSET + i] = v % 256;
      v = Math.floor(v / 256);
    }
  }

  /** HLL_INVALIDATE_CACHE: sets the stale bit, leaving the old count's other bits. */
  invalidateCache(): void {
    this.bytes[CARD_LAST]! |= CACHE_STALE_BIT;
  }

  /** hllCount: the estimate from the registers, or null when the sparse body is corrupt. */
  count(): number | null {
    const histogram = new Int32Array(64);
    if (this.encoding === HLL_DENSE) denseHistogram(this.bytes, histogram);
    else if (!sparseHistogram(this, histogram)) return null;
    return estimateFromHistogram(histogram);
  }

  /** hllMerge: max[i] = MAX(max[i], register i); false when the sparse body is corrupt. */
  mergeInto(max: Uint8Array): boolean {
    if (this.encoding === HLL_DENSE) {
      denseMergeInto(this.bytes, max);
      return true;
    }
    return sparseMergeInto(this, max);
  }

  /** PFDEBUG DECODE's text of a sparse HLL. */
  decode(): string {
    return decodeSparse(this);
  }

  private grow(): void {
    const bigger = new Uint8Array(this.length * 2 + SPARSE_ROOM);
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }
}

/** The estimate of the union of registers merged with `mergeInto` (one byte per register). */
export function countMerged(max: Uint8Array): number {
  const histogram = new Int32Array(64);
  for (let i = 0; i < HLL_REGISTERS; i++) histogram[max[i]!]!++;
  return estimateFromHistogram(histogram);
}
