import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';

describe('parseOptions', () => {
  it('runs cases and random commands by default, with a fixed seed in CI', () => {
    const o = parseOptions([], { CI: 'true' });
    expect(o).toMatchObject({ cases: true, random: true, commands: 20_000, redisVsRedis: false, seed: 20261125 });
  });

  it('reads every option', () => {
    const o = parseOptions(['--seed', '5', '--commands', '100', '--random', '--kv', 'node x.js', '--redis-vs-redis', '--verbose'], {});
    expect(o).toEqual({ seed: 5, commands: 100, cases: false, random: true, kv: 'node x.js', redisVsRedis: true, verbose: true });
    expect(parseOptions(['--cases'], {})).toMatchObject({ cases: true, random: false });
  });

  it('refuses what it does not know', () => {
    expect(() => parseOptions(['--bogus'], {})).toThrow(/unknown option/);
    expect(() => parseOptions(['--seed'], {})).toThrow(/needs a value/);
    expect(() => parseOptions(['--commands', '-1'], {})).toThrow(/non-negative/);
  });
});
