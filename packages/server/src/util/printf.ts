// printf's %.Nf and %f as glibc prints them: the exact binary value rounded
// half to even (toFixed rounds exact ties up: 1.125 -> "1.13" where C prints
// "1.12"), and -0 keeps its sign.

/** sprintf("%.<digits>f", x) for finite x. */
export function cFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  if (abs >= 1e21) return (negative ? '-' : '') + BigInt(Math.round(abs)).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  // toFixed(100) is the exact decimal expansion as far as it goes; round it by hand.
  const exact = abs.toFixed(Math.min(100, digits + 30));
  const dot = exact.indexOf('.');
  const keep = exact.slice(0, dot + 1 + digits).replace('.', '');
  const rest = exact.slice(dot + 1 + digits);
  let roundUp = false;
  if (rest[0]! > '5') roundUp = true;
  else if (rest[0] === '5') {
    const tie = /^50*$/.test(rest);
    roundUp = !tie || (Number(keep[keep.length - 1]) & 1) === 1;
  }
  let digitsStr = roundUp ? (BigInt(keep) + 1n).toString() : keep.replace(/^0+(?=\d)/, '');
  digitsStr = digitsStr.padStart(digits + 1, '0');
  const intPart = digitsStr.slice(0, digitsStr.length - digits);
  const frac = digitsStr.slice(digitsStr.length - digits);
  return (negative ? '-' : '') + intPart + (digits > 0 ? '.' + frac : '');
}

/** Redis's trimDoubleString: "%f" with trailing zeros (and a bare point) removed: 99.900000 -> 99.9. */
export function trimmedF(x: number): string {
  const s = cFixed(x, 6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** bytesToHuman: 1023B, 1.00K, 943.30K, 11.32M … */
export function humanBytes(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let scale = 1024;
  for (const unit of units) {
    if (n < scale * 1024) return `${cFixed(n / scale, 2)}${unit}`;
    scale *= 1024;
  }
  return `${n}B`;
}
