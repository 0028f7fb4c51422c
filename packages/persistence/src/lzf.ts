/**
 * LZF as Redis 7.0 builds it (liblzf 3.6: src/lzf_c.c, src/lzf_d.c with HLOG 16,
 * VERY_FAST, CHECK_INPUT): RDB strings longer than 20 bytes are stored compressed when
 * that saves at least 4 bytes.
 *
 * Redis leaves its hash table uninitialised (INIT_HTAB 0), so in principle a
 * stale entry could find an extra match; this port starts from an empty table
 * and so is deterministic. It reproduces every LZF string of the reference
 * RDB files byte for byte.
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

// Reused between calls without clearing: an entry holds base + position + 1, where base
// grows with every call, so entries left by earlier calls (<= base) read as empty.
const htab = new Int32Array(HSIZE);
let base = 0;

/**
 * Compresses `input` into at most `maxOut` bytes; undefined when the result
 * would not fit (then Redis stores the string as it is).
 */
export function lzfCompress(input: Uint8Array, maxOut: number): Buffer | undefined {
  if (input.length === 0 || maxOut <= 0) return undefined;
  // One spare byte as in Redis (zmalloc(outlen+1)): a literal run header may be written there.
  const out = Buffer.allocUnsafe(maxOut + 1);
  const n = lzfCompressInto(input, out, maxOut);
  return n === 0 ? undefined : out.subarray(0, n);
}

/**
 * lzfCompress into `out` (which must have room for maxOut + 1 bytes);
 * returns the compressed length, or 0 when it would exceed `maxOut`.
 */
export function lzfCompressInto(input: Uint8Array, out: Uint8Array, maxOut: number): number {
  const inLen = input.length;
  if (inLen === 0 || maxOut <= 0) return 0;
  if (base + inLen + 1 > 0x7fffffff) {
    htab.fill(0);
    base = 0;
  }
  const callBase = base;
  base += inLen + 1;
  const outEnd = maxOut;
  let ip = 0;
  let op = 0;
  let lit = 0;
  op++; // start run
  let hval = ((input[0]! << 8) | (inLen > 1 ? input[1]! : 0)) >>> 0;
  while (ip < inLen - 2) {
    hval = ((hval << 8) | input[ip + 2]!) >>> 0;
    const slot = ((hval >>> 8) - Math.imul(hval, 5)) & (HSIZE - 1);
    const stored = htab[slot]!;
    htab[slot] = callBase + ip + 1;
    const ref = stored - callBase - 1;
    let off: number;
    if (
      stored > callBase &&
      ref < ip &&
      (off = ip - ref - 1) < MAX_OFF &&
      ref > 0 &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1] &&
      input[ref + 2] === input[ip + 2]
    ) {
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      // A conservative test, then the exact one (which accounts for an empty run being undone).
      if (op + 3 + 1 >= outEnd && op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return 0;
      out[op - lit - 1] = lit - 1; // stop run
      if (lit === 0) op--; // undo run if length is zero
      // Redis's loop first compares up to 16 bytes unrolled, without the maxlen bound, then
      // continues bounded; the unrolled part can end one byte past maxlen, and so must this.
      let mismatch = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) {
            mismatch = true;
            break;
          }
        }
      }
      if (!mismatch) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // len is now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >>> 8) + (len << 5);
      } else {
        out[op++] = (off >>> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inLen - 2) break;
      // VERY_FAST: hash the two positions just before the new ip.
      ip -= 2;
      hval = ((input[ip]! << 8) | input[ip + 1]!) >>> 0;
      hval = ((hval << 8) | input[ip + 2]!) >>> 0;
      htab[((hval >>> 8) - Math.imul(hval, 5)) & (HSIZE - 1)] = callBase + ip + 1;
      ip++;
      hval = ((hval << 8) | input[ip + 2]!) >>> 0;
      htab[((hval >>> 8) - Math.imul(hval, 5)) & (HSIZE - 1)] = callBase + ip + 1;
      ip++;
    } else {
      if (op >= outEnd) return 0;
      lit++;
      out[op++] = input[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1; // stop run
        lit = 0;
        op++; // start run
      }
    }
  }
  if (op + 3 > outEnd) return 0; // at most 3 bytes can be missing here
  while (ip < inLen) {
    lit++;
    out[op++] = input[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1; // end run
  if (lit === 0) op--;
  return op;
}

/**
 * Decompresses `input`, which must expand to exactly `outLen` bytes;
 * undefined when the data is not valid LZF or has another length.
 */
export function lzfDecompress(input: Uint8Array, outLen: number, start = 0, end = input.length): Buffer | undefined {
  const out = Buffer.allocUnsafe(outLen);
  let ip = start;
  let op = 0;
  if (ip >= end) return outLen === 0 ? out : undefined;
  do {
    let ctrl = input[ip++]!;
    if (ctrl < 1 << 5) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > end) return undefined;
      for (let i = 0; i < ctrl; i++) out[op++] = input[ip++]!;
    } else {
      let len = ctrl >>> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= end) return undefined;
      if (len === 7) {
        len += input[ip++]!;
        if (ip >= end) return undefined;
      }
      ref -= input[ip++]!;
      if (op + len + 2 > outLen || ref < 0) return undefined;
      len += 2;
      // Byte by byte: the reference may overlap what is being written.
      for (let i = 0; i < len; i++) out[op++] = out[ref++]!;
    }
  } while (ip < end);
  return op === outLen ? out : undefined;
}
