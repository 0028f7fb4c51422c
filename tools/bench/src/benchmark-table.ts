// redis-benchmark's CSV output, medians of repeated runs, and the side-by-side
// table that tools/bench/src/redis-bench.ts prints.

/** Requests per second by test name ("SET", "MSET (10 keys)") from `redis-benchmark --csv` output. */
export function parseBenchmarkCsv(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^"([^"]+)","([\d.]+)"/.exec(line);
    if (m !== null && m[1] !== 'test') out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** The median; NaN for none, or if any run failed (NaN), so that a failure is not hidden. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0 || xs.some((x) => Number.isNaN(x))) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Row {
  readonly test: string;
  readonly pipeline: number;
  readonly redis: number;
  readonly kv: number;
}

const rate = (x: number) => (Number.isNaN(x) ? 'failed' : Math.round(x).toLocaleString('en-US'));

/** A plain-text table: one line per test and pipeline depth, requests/s for both and kv/redis. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['test', '-P', 'redis req/s', 'kv req/s', 'kv/redis'];
  const body = rows.map((r) => [
    r.test,
    String(r.pipeline),
    rate(r.redis),
    rate(r.kv),
    Number.isNaN(r.redis) || Number.isNaN(r.kv) ? '-' : (r.kv / r.redis).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
