import { describe, expect, it } from 'vitest';
import { refCommand } from './reference.js';
import { randomAllowed, ruleFor } from './rules.js';

describe('ruleFor', () => {
  it('follows the reference tips', () => {
    expect(ruleFor('keys')).toEqual({ kind: 'unordered' });
    expect(ruleFor('scan')).toEqual({ kind: 'shape' });
    expect(ruleFor('get')).toEqual({ kind: 'exact' });
  });

  it('lets the overrides win over the tips', () => {
    expect(ruleFor('object|encoding')).toEqual({ kind: 'exact' });
    expect(ruleFor('ttl')).toEqual({ kind: 'tolerance', within: 1 });
    expect(ruleFor('pttl').kind).toBe('tolerance');
    expect(ruleFor('client|list')).toEqual({ kind: 'shape' });
    expect(ruleFor('config|get')).toEqual({ kind: 'unordered', pairs: true });
  });

  it('looks at the arguments where the order depends on them', () => {
    expect(ruleFor('sort', ['SORT', 'k'])).toEqual({ kind: 'exact' });
    expect(ruleFor('sort', ['SORT', 'k', 'by', 'w_*'])).toEqual({ kind: 'unordered' });
  });
});

describe('randomAllowed', () => {
  const allowed = (name: string) => randomAllowed(name, refCommand(name)!);

  it('keeps ordinary commands', () => {
    for (const name of ['get', 'set', 'expire', 'object|encoding', 'lcs', 'select', 'client|getname', 'multi', 'exec', 'watch']) {
      expect(allowed(name), name).toBe(true);
    }
  });

  it('leaves out what blocks, ends the connection, administers the server or is random', () => {
    for (const name of ['blpop', 'subscribe', 'shutdown', 'debug', 'quit', 'reset', 'hello', 'client|kill', 'client|pause',
      'client|reply', 'config|set', 'monitor', 'psync', 'migrate', 'spop', 'command|list', 'wait']) {
      expect(allowed(name), name).toBe(false);
    }
  });

  it('leaves out containers, whose subcommands are listed on their own', () => {
    expect(allowed('object')).toBe(false);
  });
});
