// The tester against itself: two real Redis servers must never diverge.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFiles, runCaseFile } from './cases.js';
import { Pair } from './pair.js';
import { runRandom } from './random-run.js';
import { referenceTable } from './reference.js';
import { repoRoot, startRedis, type RunningServer } from './servers.js';

const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
const containers = new Set(Object.entries(referenceTable()).filter(([, c]) => c.subcommands !== undefined).map(([n]) => n));

describe.runIf(haveRedis)('redis against redis', () => {
  const servers: RunningServer[] = [];
  let pair: Pair;

  beforeAll(async () => {
    servers.push(await startRedis(), await startRedis());
    pair = await Pair.open(servers[0]!.port, servers[1]!.port, containers);
  });

  afterAll(async () => {
    pair?.close();
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('agrees on every case file', async () => {
    for (const file of caseFiles(path.join(repoRoot(), 'tools/compat/cases'))) await runCaseFile(pair, file);
    expect(pair.divergences).toEqual([]);
    expect(pair.passed).toBeGreaterThan(300);
  }, 300_000);

  it('agrees on random commands over all of Redis', async () => {
    const before = pair.passed;
    await runRandom(pair, 12345, 3000);
    expect(pair.divergences).toEqual([]);
    expect(pair.passed - before).toBeGreaterThanOrEqual(3000);
  });

  it('records a divergence with both replies', async () => {
    await pair.reconnect();
    await pair.call('redis', ['SET', 'only-here', '1']);
    expect(await pair.run(['GET', 'only-here'], 'test')).toBe(false);
    const d = pair.divergences.pop()!;
    expect(d.command).toEqual(['GET', 'only-here']);
  });
});
