import { describe, expect, it } from 'vitest';
import type { HelpTable } from '../help/table.js';
import { completions } from './completion.js';
import { hintFor } from './hints.js';

const entry = (full: string, params: string, group = 'generic') => ({ words: full.split(' '), full, params, summary: '', since: '', group });
const table: HelpTable = {
  commands: [
    entry('CONFIG', ''),
    entry('CONFIG GET', 'parameter [parameter ...]', 'server'),
    entry('CONFIG SET', 'parameter value [parameter value ...]', 'server'),
    entry('GET', 'key', 'string'),
    entry('GETDEL', 'key', 'string'),
    entry('SET', 'key value [NX|XX] [GET]', 'string'),
  ],
  groups: ['generic', 'string', 'server'],
};

describe('hints', () => {
  it('shows what is left to type, as redis-cli does', () => {
    expect(hintFor(table, 'set')).toBe(' key value [NX|XX] [GET]');
    expect(hintFor(table, 'set ')).toBe('key value [NX|XX] [GET]');
    expect(hintFor(table, 'SET k')).toBe(' value [NX|XX] [GET]');
    expect(hintFor(table, 'set k v')).toBe(' [NX|XX] [GET]');
    // Once the optional part begins, redis-cli stops taking words off.
    expect(hintFor(table, 'set k v nx get')).toBe(' [NX|XX] [GET]');
    expect(hintFor(table, 'get k')).toBe(' ');
    expect(hintFor(table, 'nosuch')).toBeUndefined();
    expect(hintFor(table, '')).toBeUndefined();
    expect(hintFor(table, '"unbalanced')).toBeUndefined();
  });

  it('matches subcommands as a whole', () => {
    expect(hintFor(table, 'config get')).toBe(' parameter [parameter ...]');
    expect(hintFor(table, 'config set maxmemory ')).toBe('value [parameter value ...]');
    expect(hintFor(table, 'config')).toBe(' ');
  });
});

describe('completion', () => {
  it('completes the whole line as a prefix of command names, subcommands included', () => {
    expect(completions(table, 'ge')).toEqual(['GET', 'GETDEL']);
    expect(completions(table, 'config s')).toEqual(['CONFIG SET']);
    expect(completions(table, 'conf')).toEqual(['CONFIG', 'CONFIG GET', 'CONFIG SET']);
    expect(completions(table, 'x')).toEqual([]);
  });

  it('after "help " completes groups first, then commands', () => {
    expect(completions(table, 'help s')).toEqual(['help SET']);
    expect(completions(table, 'HELP  @s')).toEqual(['HELP  @string', 'HELP  @server']);
    expect(completions(table, 'help ')).toEqual(['help @generic', 'help @string', 'help @server', 'help CONFIG', 'help CONFIG GET', 'help CONFIG SET', 'help GET', 'help GETDEL', 'help SET']);
  });
});
