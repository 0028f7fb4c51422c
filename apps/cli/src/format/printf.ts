// C's printf("%.Nf") for the numbers redis-cli prints in its summaries. JS's
// toFixed rounds an exact tie (1.125 to two places) up; glibc rounds it to
// even ("1.12"). A tie at N places is a double whose value times 2*10^N is an
// odd integer.

export function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x !== x ? 'nan' : x > 0 ? 'inf' : '-inf';
  const scale = 10 ** digits;
  const doubled = Math.abs(x) * 2 * scale;
  if (Number.isSafeInteger(doubled) && doubled % 2 === 1) {
    const lower = (doubled - 1) / 2;
    const even = lower % 2 === 0 ? lower : lower + 1;
    const s = (even / scale).toFixed(digits);
    return x < 0 ? '-' + s : s;
  }
  return x.toFixed(digits);
}

/** "%0W.Nf": zero-padded to width W. */
export function fixedPadded(x: number, digits: number, width: number): string {
  const s = fixed(x, digits);
  if (s.length >= width) return s;
  return s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
}
