import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, methodName, params, syntax, type CommandTable } from '../scripts/generate.js';
import { REPLY_SHAPES } from '../scripts/reply-types.js';
import { TABLE_SOURCE, tablePath } from '../scripts/table-path.js';
import { Multi, Pipeline } from './batch.js';
import { Client } from './client.js';
import { CLIENT_ONLY, COMMAND_DEFS } from './commands.js';

const table = JSON.parse(readFileSync(tablePath(), 'utf8')) as CommandTable;
const everyCommand = Object.entries(table).flatMap(([name, e]) => [name, ...Object.keys(e.subcommands ?? {})]);

describe('the command methods', () => {
  it('commands.generated.ts is what the generator makes of the reference table now', () => {
    const file = readFileSync(new URL('./commands.generated.ts', import.meta.url), 'utf8');
    expect(file).toBe(generate(table, TABLE_SOURCE));
  });

  it('every command and subcommand of Redis 7.0 has a method on the client (EXEC and DISCARD on client.multi())', () => {
    expect(everyCommand.length).toBe(240 + 126);
    // SYNC and PSYNC turn a connection into a replication stream: a replica's business, not a client's.
    const missing = everyCommand.filter((c) => {
      const m = methodName(c);
      if (m === 'sync' || m === 'psync') return false;
      if (m === 'exec' || m === 'discard') return typeof (Multi.prototype as unknown as Record<string, unknown>)[m] !== 'function';
      return typeof (Client.prototype as unknown as Record<string, unknown>)[m] !== 'function';
    });
    expect(missing).toEqual([]);
  });

  it('pipelines and transactions have every method but those only the client has', () => {
    for (const c of everyCommand) {
      const m = methodName(c);
      if (CLIENT_ONLY.has(m)) continue;
      expect(typeof (Pipeline.prototype as unknown as Record<string, unknown>)[m], m).toBe('function');
      expect(typeof (Multi.prototype as unknown as Record<string, unknown>)[m], m).toBe('function');
    }
    // The client-only ones keep their own meaning there: nothing generated replaced them.
    expect((Pipeline.prototype as unknown as Record<string, unknown>)['subscribe']).toBeUndefined();
    expect(Multi.prototype.exec).not.toBe((Client.prototype as unknown as Record<string, unknown>)['exec']);
  });

  it('sends each method as its command words', () => {
    expect(COMMAND_DEFS.get('configGet')!.spec.name).toBe('CONFIG GET');
    expect(COMMAND_DEFS.get('clientNoEvict')!.spec.name).toBe('CLIENT NO-EVICT');
    expect(COMMAND_DEFS.get('bitfieldRo')!.spec.name).toBe('BITFIELD_RO');
    expect(COMMAND_DEFS.get('restoreAsking')!.spec.name).toBe('RESTORE-ASKING');
    expect(COMMAND_DEFS.get('blpop')!.spec.flags & 1).toBe(1); // blocking: no commandTimeout
    expect(COMMAND_DEFS.get('get')!.spec.flags & 2).toBe(2); // cacheable
    expect(COMMAND_DEFS.get('set')!.spec.flags & 2).toBe(0);
  });

  it('every reply shape names a command of the table', () => {
    for (const name of REPLY_SHAPES.keys()) expect(everyCommand, name).toContain(name);
  });
});

describe('the generator', () => {
  it('names methods in camelCase, subcommands after their command', () => {
    expect(methodName('config|get')).toBe('configGet');
    expect(methodName('cluster|count-failure-reports')).toBe('clusterCountFailureReports');
    expect(methodName('georadius_ro')).toBe('georadiusRo');
  });

  it('types plain positional arguments, and falls back to ...args past the first it cannot', () => {
    expect(params(table['get']!.arguments)).toBe('key: Key');
    expect(params(table['del']!.arguments)).toBe('...keys: Key[]');
    expect(params(table['linsert']!.arguments)).toBe("key: Key, where: 'BEFORE' | 'AFTER', pivot: Arg, element: Arg");
    expect(params(table['srandmember']!.arguments)).toBe('key: Key, count?: Int');
    expect(params(table['set']!.arguments)).toBe('key: Key, value: Arg, ...args: Arg[]');
    expect(params(table['fcall']!.arguments)).toBe('functionName: Arg, numkeys: Int, ...args: Arg[]');
    expect(params(table['blpop']!.arguments)).toBe('...args: Arg[]'); // key [key ...] timeout: the rest is not last
    expect(params(table['incrbyfloat']!.arguments)).toBe('key: Key, increment: Num');
  });

  it('writes the syntax as Redis documents it', () => {
    expect(syntax(table['set']!.arguments)).toBe('key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]');
    expect(syntax(table['linsert']!.arguments)).toBe('key <BEFORE | AFTER> pivot element');
    expect(syntax(table['del']!.arguments)).toBe('key [key ...]');
  });
});
