import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Config, ConfigError } from '../src/config/config.js';
import { formatMemory } from '../src/config/rewrite.js';
import { LatencyHistogram } from '../src/latency-histogram.js';
import { jemallocSize, listpackEntrySize, sdsSize } from '../src/memory-usage.js';
import { monitorLine } from '../src/monitor.js';
import { redactedArgs } from '../src/redact.js';
import { truncateArgs } from '../src/slowlog.js';
import { cFixed, humanBytes, trimmedF } from '../src/util/printf.js';
import { repr } from '../src/util/repr.js';

// The pieces behind INFO, SLOWLOG, LATENCY, MONITOR, MEMORY USAGE and CONFIG,
// checked against numbers a real Redis 7.0.15 printed for the same inputs.

describe('latency histogram (HdrHistogram, 2 significant figures)', () => {
  const percentileUs = (values: number[], p: number) => {
    const h = new LatencyHistogram();
    for (const v of values) h.record(v);
    return cFixed(h.valueAtPercentile(p) / 1000, 3);
  };

  it('reports the bucket bounds Redis reports', () => {
    // INFO latencystats of Redis after a 4 µs, a 13 µs and a ~3.1 ms command.
    expect(percentileUs([4000], 50)).toBe('4.015');
    expect(percentileUs([13000], 99.9)).toBe('13.055');
    expect(percentileUs([3_100_000], 50)).toBe('3112.959');
    // p0 is the lowest value of the bucket, the others its highest.
    expect(percentileUs([10950, 10990], 0)).toBe('10.944');
    expect(percentileUs([10950, 10990], 12.345679)).toBe('11.007');
  });

  it('takes percentiles over counts, rounding the count as hdr_value_at_percentile', () => {
    const values = [...Array(14).fill(3000), ...Array(5).fill(6000), 12000];
    expect(percentileUs(values, 50)).toBe('3.007');
    expect(percentileUs(values, 95)).toBe('6.015');
    expect(percentileUs(values, 99)).toBe('12.031');
    expect(percentileUs(values, 100)).toBe('12.031');
  });

  it('clamps to 1 ns … 1 s', () => {
    expect(percentileUs([0], 50)).toBe('0.001');
    expect(percentileUs([5e9], 50)).toBe('1002438.655');
  });

  it('gives LATENCY HISTOGRAM the cumulative counts by power-of-two microseconds', () => {
    // Redis after 20 SETs: {2: 2, 4: 14, 8: 19, 16: 20}.
    const h = new LatencyHistogram();
    for (const v of [1500, 1500, ...Array(12).fill(3000), ...Array(5).fill(6000), 12000]) h.record(v);
    expect(h.cumulative()).toEqual([[2, 2], [4, 14], [8, 19], [16, 20]]);
    // One DEBUG SLEEP of ~3.1 ms: {4227: 1}; one ~109 µs command: {132: 1}.
    const one = (ns: number) => {
      const x = new LatencyHistogram();
      x.record(ns);
      return x.cumulative();
    };
    expect(one(3_100_000)).toEqual([[4227, 1]]);
    expect(one(109_000)).toEqual([[132, 1]]);
    expect(new LatencyHistogram().cumulative()).toEqual([]);
  });

  it('cumulative counts never decrease and end at the total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2e9 }), { minLength: 1, maxLength: 200 }), (values) => {
        const h = new LatencyHistogram();
        for (const v of values) h.record(v);
        const c = h.cumulative();
        for (let i = 1; i < c.length; i++) {
          expect(c[i]![0]).toBeGreaterThan(c[i - 1]![0]);
          expect(c[i]![1]).toBeGreaterThan(c[i - 1]![1]);
        }
        expect(c[c.length - 1]![1]).toBe(values.length);
        expect(h.valueAtPercentile(100)).toBeGreaterThanOrEqual(Math.min(Math.max(...values), 1e9));
      }),
    );
  });
});

describe('printf', () => {
  it('rounds exact ties to even like glibc, keeps the sign of -0', () => {
    expect(cFixed(1.125, 2)).toBe('1.12');
    expect(cFixed(1.375, 2)).toBe('1.38');
    expect(cFixed(0.005, 2)).toBe('0.01');
    expect(cFixed(-0, 6)).toBe('-0.000000');
    expect(cFixed(2.5, 0)).toBe('2');
    expect(cFixed(99.95, 1)).toBe('100.0');
    expect(trimmedF(99.9)).toBe('99.9');
    expect(trimmedF(50)).toBe('50');
    expect(trimmedF(12.3456789)).toBe('12.345679');
    expect(trimmedF(-0)).toBe('-0');
  });

  it('agrees with toFixed away from ties', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
      const s = cFixed(x, d);
      expect(Number(s)).toBeCloseTo(x, d - 1);
    }));
  });

  it('prints sizes as bytesToHuman', () => {
    expect(humanBytes(1023)).toBe('1023B');
    expect(humanBytes(965944)).toBe('943.30K');
    expect(humanBytes(11870208)).toBe('11.32M');
    expect(humanBytes(25275990016)).toBe('23.54G');
  });
});

describe('slow log and MONITOR formatting', () => {
  it('cuts arguments as slowlogCreateEntry', () => {
    const args = ['rpush', 'l', ...Array.from({ length: 40 }, (_, i) => String(i + 1))];
    const cut = truncateArgs(args);
    expect(cut).toHaveLength(32);
    expect(cut[30]).toBe('29');
    expect(cut[31]).toBe('... (11 more arguments)');
    expect(truncateArgs(['set', 'k', 'x'.repeat(200)])[2]).toBe(`${'x'.repeat(128)}... (72 more bytes)`);
    expect(truncateArgs(Array(32).fill('a'))).toHaveLength(32);
    expect(truncateArgs(Array(33).fill('a'))[31]).toBe('... (2 more arguments)');
  });

  it('redacts secrets where Redis 7.0 does, as far as its parse got', () => {
    expect(redactedArgs('auth', ['auth', 'pw'])).toEqual(['auth', '(redacted)']);
    expect(redactedArgs('auth', ['auth', 'u', 'p'])).toEqual(['auth', '(redacted)', '(redacted)']);
    expect(redactedArgs('auth', ['auth', 'a', 'b', 'c'])).toEqual(['auth', 'a', 'b', 'c']);
    expect(redactedArgs('hello', ['hello', '3', 'auth', 'u', 'p', 'foo'])).toEqual(['hello', '3', 'auth', '(redacted)', '(redacted)', 'foo']);
    expect(redactedArgs('hello', ['hello', '3', 'foo', 'auth', 'u', 'p'])).toEqual(['hello', '3', 'foo', 'auth', 'u', 'p']);
    expect(redactedArgs('hello', ['hello', '9', 'auth', 'u', 'p'])).toEqual(['hello', '9', 'auth', 'u', 'p']);
    expect(redactedArgs('migrate', ['migrate', 'h', '1', 'k', '0', '10', 'COPY', 'AUTH2', 'u', 'p'])).toEqual(['migrate', 'h', '1', 'k', '0', '10', 'COPY', 'AUTH2', '(redacted)', '(redacted)']);
    expect(redactedArgs('config|set', ['config', 'set', 'requirepass', 'x', 'hz', '10'])).toEqual(['config', 'set', 'requirepass', '(redacted)', 'hz', '10']);
    expect(redactedArgs('acl|setuser', ['acl', 'setuser', 'u', '>p'])).toEqual(['acl', 'setuser', '(redacted)', '(redacted)']);
    const plain = ['set', 'k', 'v'];
    expect(redactedArgs('set', plain)).toBe(plain);
  });

  it('quotes arguments as sdscatrepr', () => {
    expect(repr('a\0b\r\n"\\\x7f\xff \t\x07\x08')).toBe('"a\\x00b\\r\\n\\"\\\\\\x7f\\xff \\t\\a\\b"');
    expect(monitorLine(1700000000_000123, 5, '127.0.0.1:5555', ['set', 'k', 'v'])).toBe('1700000000.000123 [5 127.0.0.1:5555] "set" "k" "v"');
    expect(monitorLine(1700000000_999999, 0, 'lua', [])).toBe('1700000000.999999 [0 lua]');
  });
});

describe('MEMORY USAGE model', () => {
  it('rounds allocations to jemalloc size classes', () => {
    expect([1, 8, 9, 16, 17, 25, 128, 129, 160, 161, 257, 513, 1025, 4097, 8193, 16385].map(jemallocSize))
      .toEqual([8, 8, 16, 16, 32, 32, 128, 160, 160, 192, 320, 640, 1280, 5120, 10240, 20480]);
    // sds: type 5 below 32 bytes, type 8 below 256.
    expect(sdsSize(1)).toBe(8);
    expect(sdsSize(6)).toBe(8);
    expect(sdsSize(30)).toBe(32);
    expect(sdsSize(31)).toBe(48);
    expect(sdsSize(100)).toBe(112);
  });

  it('sizes listpack entries by their encoding', () => {
    expect(['1', '127', '128', '-1', '4095', '-4096', '4096', '32767', '8388607', '2147483647', '2147483648', '01', 'a', 'x'.repeat(63), 'x'.repeat(64)].map(listpackEntrySize))
      .toEqual([2, 2, 3, 3, 3, 3, 4, 4, 5, 6, 10, 4, 3, 65, 67]);
  });
});

describe('config values', () => {
  it('formats memory as CONFIG REWRITE does', () => {
    expect([0, 1, 1024, 1536, 1048576, 100 * 1048576, 2 * 1024 ** 3, 1000000000].map(formatMemory))
      .toEqual(['0', '1', '1kb', '1536', '1mb', '100mb', '2gb', '1000000000']);
  });

  it('parses latency-tracking-info-percentiles and save as Redis', () => {
    const c = new Config();
    c.set('latency-tracking-info-percentiles', ['0 12.3456789 100 1e1 -0']);
    expect(c.get('latency-tracking-info-percentiles')).toBe('0 12.345679 100 10 -0');
    c.set('latency-tracking-info-percentiles', ['']);
    expect(c.get('latency-tracking-info-percentiles')).toBe('');
    expect(() => c.set('latency-tracking-info-percentiles', ['50  99'])).toThrowError(new ConfigError('Invalid latency-tracking-info-percentiles parameters'));
    expect(() => c.set('latency-tracking-info-percentiles', ['101'])).toThrowError(ConfigError);
    c.set('save', ['+900 -0']);
    expect(c.get('save')).toBe('900 0');
    c.set('save', ['900', '1', '300', '10']);
    expect(c.get('save')).toBe('900 1 300 10');
    expect(() => c.set('save', ['0 1'])).toThrowError(new ConfigError('Invalid save parameters'));
    c.set('slowlog-log-slower-than', ['9223372036854775807']);
    expect(c.get('slowlog-log-slower-than')).toBe('9223372036854775807');
    expect(() => c.set('slowlog-log-slower-than', ['9223372036854775808'])).toThrowError(new ConfigError("argument couldn't be parsed into an integer"));
    expect(() => c.set('hz', ['010'])).toThrowError(ConfigError);
  });
});
