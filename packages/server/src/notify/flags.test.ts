import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Config, ConfigError } from '../config/config.js';
import {
  formatKeyspaceEvents, NOTIFY_ALL, NOTIFY_EVICTED, NOTIFY_EXPIRED, NOTIFY_GENERIC, NOTIFY_HASH, NOTIFY_KEY_MISS, NOTIFY_KEYEVENT,
  NOTIFY_KEYSPACE, NOTIFY_LIST, NOTIFY_MODULE, NOTIFY_NEW, NOTIFY_SET, NOTIFY_STREAM, NOTIFY_STRING, NOTIFY_ZSET,
  parseKeyspaceEvents, storedKeyspaceEvents,
} from './flags.js';

// The letters of notify-keyspace-events both ways. The expected spellings are
// what a real redis-server 7.0.15 answered to CONFIG SET then CONFIG GET.

const LETTERS = 'g$lshzxetdnKEmA';

describe('notify-keyspace-events flags', () => {
  it('reads every class letter as Redis numbers it', () => {
    expect(parseKeyspaceEvents('K')).toBe(NOTIFY_KEYSPACE);
    expect(parseKeyspaceEvents('E')).toBe(NOTIFY_KEYEVENT);
    expect(parseKeyspaceEvents('g')).toBe(NOTIFY_GENERIC);
    expect(parseKeyspaceEvents('$')).toBe(NOTIFY_STRING);
    expect(parseKeyspaceEvents('l')).toBe(NOTIFY_LIST);
    expect(parseKeyspaceEvents('s')).toBe(NOTIFY_SET);
    expect(parseKeyspaceEvents('h')).toBe(NOTIFY_HASH);
    expect(parseKeyspaceEvents('z')).toBe(NOTIFY_ZSET);
    expect(parseKeyspaceEvents('x')).toBe(NOTIFY_EXPIRED);
    expect(parseKeyspaceEvents('e')).toBe(NOTIFY_EVICTED);
    expect(parseKeyspaceEvents('t')).toBe(NOTIFY_STREAM);
    expect(parseKeyspaceEvents('m')).toBe(NOTIFY_KEY_MISS);
    expect(parseKeyspaceEvents('d')).toBe(NOTIFY_MODULE);
    expect(parseKeyspaceEvents('n')).toBe(NOTIFY_NEW);
    // server.h's values, which modules see too.
    expect([NOTIFY_KEYSPACE, NOTIFY_KEYEVENT, NOTIFY_GENERIC, NOTIFY_KEY_MISS, NOTIFY_MODULE, NOTIFY_NEW]).toEqual([1, 2, 4, 2048, 8192, 16384]);
  });

  it('A is g$lshzxetd, without key-miss and new-key', () => {
    expect(parseKeyspaceEvents('A')).toBe(parseKeyspaceEvents('g$lshzxetd'));
    expect(NOTIFY_ALL & NOTIFY_KEY_MISS).toBe(0);
    expect(NOTIFY_ALL & NOTIFY_NEW).toBe(0);
    expect(NOTIFY_ALL & (NOTIFY_KEYSPACE | NOTIFY_KEYEVENT)).toBe(0);
  });

  it('refuses any other character, case included', () => {
    for (const bad of ['a', 'k', 'e ', ' ', 'KEA!', 'M', 'N', 'X', '\0', 'é']) expect(parseKeyspaceEvents(bad)).toBeNull();
    expect(parseKeyspaceEvents('')).toBe(0);
  });

  it('spells flags as CONFIG GET does in Redis 7.0', () => {
    const cases: [string, string][] = [
      ['', ''], ['KEA', 'AKE'], ['KEAmn', 'AKEm'], ['A', 'A'], ['g$', 'g$'], ['Kg', 'gK'], ['Eglshzxetdmn', 'glshzxetdnEm'],
      ['KEg$lshzxetd', 'AKE'], ['KEg$lshzxetdn', 'AKE'], ['KEAn', 'AKE'], ['x', 'x'], ['AKEAKE', 'AKE'], ['m', 'm'], ['n', 'n'],
      ['KAm', 'AKm'], ['nmEK', 'nKEm'], ['edzx', 'zxed'],
    ];
    for (const [input, shown] of cases) expect([input, formatKeyspaceEvents(parseKeyspaceEvents(input)!)]).toEqual([input, shown]);
  });

  it('keeps every class through the stored value, and shows what Redis shows', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...LETTERS), maxLength: 20 }), (input) => {
        const flags = parseKeyspaceEvents(input)!;
        const stored = storedKeyspaceEvents(flags);
        expect(parseKeyspaceEvents(stored)).toBe(flags);
        // What is shown reads back as the same classes, but for the `n` Redis hides after A.
        const shown = formatKeyspaceEvents(flags);
        const lost = (flags & NOTIFY_ALL) === NOTIFY_ALL ? NOTIFY_NEW : 0;
        expect(parseKeyspaceEvents(shown)).toBe(flags & ~lost);
        expect(formatKeyspaceEvents(parseKeyspaceEvents(shown)!)).toBe(shown);
      }),
    );
  });

  it('is a config parameter: empty by default, Redis spelling in CONFIG GET, Redis error for a bad letter', () => {
    const config = new Config();
    expect(config.matching('notify-keyspace-events')).toEqual([['notify-keyspace-events', '']]);
    config.set('notify-keyspace-events', ['KEAn']);
    expect(config.matching('notify-keyspace-events')).toEqual([['notify-keyspace-events', 'AKE']]);
    expect(config.matching('notify-keyspace-*')).toEqual([['notify-keyspace-events', 'AKE']]);
    // The hidden `n` is still on.
    expect(parseKeyspaceEvents(config.get('notify-keyspace-events'))! & NOTIFY_NEW).toBe(NOTIFY_NEW);
    expect(() => config.set('notify-keyspace-events', ['KEQ'])).toThrow(new ConfigError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'."));
    expect(() => config.set('notify-keyspace-events', ['K', 'E'], true)).toThrow(new ConfigError('wrong number of arguments'));
    expect(config.matching('notify-keyspace-events')).toEqual([['notify-keyspace-events', 'AKE']]);
  });
});
