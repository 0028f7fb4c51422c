import { describe, expect, it } from 'vitest';
import { formatTable, median, parseBenchmarkCsv } from './benchmark-table.js';

describe('parseBenchmarkCsv', () => {
  it('reads the rps column by test name', () => {
    const csv = [
      '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"',
      '"SET","34305.32","0.787","0.296","0.735","1.063","2.071","5.127"',
      '"MSET (10 keys)","36101.08","0.721","0.224","0.695","0.863","1.255","6.343"',
      '',
    ].join('\n');
    expect([...parseBenchmarkCsv(csv)]).toEqual([['SET', 34305.32], ['MSET (10 keys)', 36101.08]]);
  });
});

describe('median', () => {
  it('takes the middle, or the mean of the two middles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
  it('is NaN if a run failed', () => {
    expect(median([1, NaN, 3])).toBeNaN();
    expect(median([])).toBeNaN();
  });
});

describe('formatTable', () => {
  it('aligns columns and gives the ratio', () => {
    const t = formatTable([{ test: 'SET', pipeline: 16, redis: 1_000_000, kv: 500_000 }, { test: 'GET', pipeline: 1, redis: 100, kv: NaN }]);
    expect(t.split('\n')).toEqual([
      'test  -P  redis req/s  kv req/s  kv/redis',
      '----  --  -----------  --------  --------',
      'SET   16    1,000,000   500,000      0.50',
      'GET    1          100    failed         -',
    ]);
  });
});
