import { describe, expect, it } from 'vitest';
import { CommandGenerator, prng } from './random.js';
import { referenceTable, refCommand } from './reference.js';
import { randomAllowed } from './rules.js';

const all = Object.entries(referenceTable()).flatMap(([name, c]) => [
  { fullName: name, ref: c },
  ...Object.entries(c.subcommands ?? {}).map(([sub, ref]) => ({ fullName: sub, ref })),
]).filter((c) => randomAllowed(c.fullName, c.ref));

describe('prng', () => {
  it('is deterministic and in [0, 1)', () => {
    const a = prng(42);
    const b = prng(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('CommandGenerator', () => {
  it('gives the same commands for the same seed', () => {
    const a = new CommandGenerator(7, all);
    const b = new CommandGenerator(7, all);
    for (let i = 0; i < 500; i++) expect(a.next().args).toEqual(b.next().args);
  });

  it('starts each command with its name, subcommands split', () => {
    const gen = new CommandGenerator(1, [{ fullName: 'object|encoding', ref: refCommand('object|encoding')! }]);
    for (let i = 0; i < 50; i++) expect(gen.next().args.slice(0, 2).map((a) => a.toUpperCase())).toEqual(['OBJECT', 'ENCODING']);
  });

  it('builds SET with its options from the syntax tree, mostly well-formed', () => {
    const gen = new CommandGenerator(3, [{ fullName: 'set', ref: refCommand('set')! }]);
    const seen = new Set<string>();
    let wellFormed = 0;
    for (let i = 0; i < 2000; i++) {
      const { args } = gen.next();
      for (const a of args.slice(3)) if (/^[A-Z]+$/.test(a)) seen.add(a);
      if (args.length >= 3) wellFormed++;
    }
    for (const t of ['NX', 'XX', 'GET', 'EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL']) expect(seen.has(t), t).toBe(true);
    expect(wellFormed).toBeGreaterThan(1700);
  });

  it('repeats a multiple block: MSET gets key value pairs', () => {
    const gen = new CommandGenerator(5, [{ fullName: 'mset', ref: refCommand('mset')! }]);
    const lengths = new Set<number>();
    for (let i = 0; i < 300; i++) lengths.add(gen.next().args.length);
    expect([...lengths].filter((n) => n % 2 === 1 && n >= 3).length).toBeGreaterThanOrEqual(3);
  });

  it('asks the runner to wait after a tiny relative expiry', () => {
    const gen = new CommandGenerator(9, [{ fullName: 'pexpire', ref: refCommand('pexpire')! }]);
    let settled = 0;
    for (let i = 0; i < 500; i++) {
      const { args, settleMs } = gen.next();
      if (args.length === 3 && /^[1-9]\d?$/.test(args[2]!)) expect(settleMs, args.join(' ')).toBeGreaterThan(Number(args[2]));
      if (settleMs > 0) settled++;
    }
    expect(settled).toBeGreaterThan(0);
  });
});
