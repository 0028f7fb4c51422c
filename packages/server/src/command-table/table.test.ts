import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANDLERS } from '../commands/index.js';
import { COMMAND_META } from './meta.generated.js';
import { CommandTable } from './table.js';

// Every command kv has must say of itself what Redis 7.0.15 says, checked
// against the reference table taken from a real Redis (shared/reference).
const here = path.dirname(fileURLToPath(import.meta.url));
const referencePath = path.resolve(here, '../../../../../shared/reference/redis-7.0-command-table.json');

interface RefCommand {
  arity: number;
  flags: string[];
  first_key: number;
  last_key: number;
  step: number;
  acl_categories: string[];
  tips: string[];
  group: string;
  subcommands?: Record<string, RefCommand>;
}
const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as Record<string, RefCommand>;

function refFor(fullName: string): RefCommand | undefined {
  const [parent] = fullName.split('|');
  return fullName.includes('|') ? reference[parent!]?.subcommands?.[fullName] : reference[fullName];
}

const table = new CommandTable(HANDLERS, COMMAND_META);
const all = [...table.commands()].flatMap((c) => (c.subcommands ? [c, ...c.subcommands.values()] : [c]));

describe('command table', () => {
  it.each(all.map((c) => [c.fullName, c] as const))('%s matches Redis 7.0', (name, c) => {
    const ref = refFor(name);
    expect(ref, `${name} is not a Redis 7.0 command`).toBeDefined();
    expect(c.meta.arity).toBe(ref!.arity);
    expect([...c.meta.flags].sort()).toEqual([...ref!.flags].sort());
    expect([c.meta.firstKey, c.meta.lastKey, c.meta.step]).toEqual([ref!.first_key, ref!.last_key, ref!.step]);
    expect([...c.meta.aclCategories].sort()).toEqual([...ref!.acl_categories].sort());
    expect([...c.meta.tips].sort()).toEqual([...ref!.tips].sort());
    const docs = c.meta.docs;
    expect(docs[docs.indexOf('group') + 1]).toBe(ref!.group);
  });

  it('has a handler for every command with metadata, and metadata for every handler', () => {
    for (const name of Object.keys(HANDLERS)) expect(table.lookupFullName(name), name).toBeDefined();
  });

  it('looks names up in any case', () => {
    expect(table.lookup('GET')?.fullName).toBe('get');
    expect(table.lookup('gEt')?.fullName).toBe('get');
    expect(table.lookupFullName('CLIENT|KILL')?.fullName).toBe('client|kill');
    expect(table.lookup('nosuchcommand')).toBeUndefined();
  });

  it('reports coverage of the Redis 7.0 table', () => {
    const refNames = Object.keys(reference).length;
    const refSubs = Object.values(reference).reduce((n, c) => n + Object.keys(c.subcommands ?? {}).length, 0);
    const ours = [...table.commands()].length;
    const ourSubs = all.length - ours;
    console.log(`coverage: ${ours}/${refNames} commands, ${ourSubs}/${refSubs} subcommands`);
    expect(ours).toBeGreaterThan(0);
  });
});
