import { RequestParser } from '@kv/resp';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTo, startTestServer } from './fixture.js';

// The append-only file: what is logged (as Redis logs it), automatic
// rewrites, and start-up from files with a cut-off tail or damage inside.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'kv-aof-'));
  dirs.push(d);
  return d;
}

function incrFile(dir: string): string {
  const aofDir = path.join(dir, 'appendonlydir');
  const name = readdirSync(aofDir).filter((f) => f.endsWith('.incr.aof')).sort().pop()!;
  return path.join(aofDir, name);
}

/** The commands in an incr file, as argument arrays. */
function commandsIn(file: string): string[][] {
  const p = new RequestParser();
  p.push(readFileSync(file));
  const out: string[][] = [];
  for (let c = p.next(); c !== undefined; c = p.next()) out.push(c);
  return out;
}

describe('append-only file', () => {
  it('logs writes as Redis propagates them: absolute expiries, SREM for SPOP, SET for INCRBYFLOAT, DEL for expired keys', async () => {
    const dir = tempDir();
    const server = await startTestServer({ dir, appendonly: 'yes', appendfsync: 'always' });
    const c = await connectTo(server);
    const before = Date.now();
    await c.pipeline([
      ['SET', 'k', 'v', 'EX', '100'], ['EXPIRE', 'k', '200'], ['GET', 'k'], ['INCRBYFLOAT', 'f', '0.5'],
      ['SADD', 's', 'only'], ['SPOP', 's'], ['SET', 'g', '1', 'GET'], ['SELECT', '3'], ['SET', 'x', 'y'],
      ['SET', 'gone', 'v', 'PX', '1'],
    ]);
    await new Promise((r) => setTimeout(r, 20));
    await c.call('GET', 'gone');
    const cmds = commandsIn(incrFile(dir));
    const at = (i: number) => Number(cmds[i]![4] ?? cmds[i]![2]);
    expect(cmds[0]).toEqual(['SELECT', '0']);
    expect(cmds[1]!.slice(0, 4)).toEqual(['SET', 'k', 'v', 'PXAT']);
    expect(at(1)).toBeGreaterThanOrEqual(before + 100_000);
    expect(cmds[2]!.slice(0, 2)).toEqual(['PEXPIREAT', 'k']);
    expect(at(2)).toBeGreaterThanOrEqual(before + 200_000);
    expect(cmds.slice(3)).toEqual([
      ['SET', 'f', '0.5', 'KEEPTTL'], ['SADD', 's', 'only'], ['SREM', 's', 'only'], ['SET', 'g', '1'],
      ['SELECT', '3'], ['SET', 'x', 'y'], ['SET', 'gone', 'v', 'PXAT', expect.any(String)], ['DEL', 'gone'],
    ]);
    c.close();
    await server.close();
  });

  it('rewrites itself when it has grown past auto-aof-rewrite-percentage', async () => {
    const dir = tempDir();
    const server = await startTestServer({ dir, appendonly: 'yes', 'auto-aof-rewrite-min-size': '1kb', 'auto-aof-rewrite-percentage': '100' });
    const c = await connectTo(server);
    await c.pipeline(Array.from({ length: 200 }, (_, i) => ['SET', `key:${i}`, 'x'.repeat(20)]));
    for (let i = 0; i < 100; i++) {
      if (String(await c.call('INFO', 'persistence')).includes('aof_rewrites:1')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(String(await c.call('INFO', 'persistence'))).toMatch(/aof_rewrites:1\r\n/);
    c.close();
    await server.close();
    const again = await startTestServer({ dir, appendonly: 'yes' });
    const d = await connectTo(again);
    expect(await d.call('DBSIZE')).toBe(200);
    d.close();
    await again.close();
  });

  it('loads a file whose last command was cut off, and truncates it there (aof-load-truncated yes)', async () => {
    const dir = tempDir();
    const server = await startTestServer({ dir, appendonly: 'yes' });
    const c = await connectTo(server);
    await c.pipeline([['SET', 'a', '1'], ['SET', 'b', '2']]);
    c.close();
    await server.close();
    const file = incrFile(dir);
    const good = readFileSync(file).length;
    appendFileSync(file, '*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1');
    const again = await startTestServer({ dir, appendonly: 'yes' });
    const d = await connectTo(again);
    expect(await d.pipeline([['GET', 'a'], ['GET', 'b'], ['EXISTS', 'c']])).toEqual(['1', '2', 0]);
    expect(readFileSync(file).length).toBe(good);
    d.close();
    await again.close();
  });

  it('refuses to start on damage in the middle of a file, naming the file', async () => {
    const dir = tempDir();
    const server = await startTestServer({ dir, appendonly: 'yes' });
    const c = await connectTo(server);
    await c.pipeline([['SET', 'a', '1'], ['SET', 'b', '2']]);
    c.close();
    await server.close();
    const file = incrFile(dir);
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 20), Buffer.from('*x\r\n'), bytes.subarray(20)]));
    await expect(startTestServer({ dir, appendonly: 'yes' })).rejects.toThrow(/Bad file format reading the append only file .*incr\.aof/);
    // Nothing was overwritten.
    expect(readFileSync(file).subarray(0, 20)).toEqual(bytes.subarray(0, 20));
  });
});
