import { RespConnection } from '@kv/client';
import { startKvServer, stopChild } from '@kv/test-servers';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, ensureBundle } from './bundle.js';

// The server killed with SIGKILL under a write load, then started again on
// the same files: what it acknowledged must be there (appendfsync always),
// or all but about the last second (everysec); a kill in the middle of
// BGSAVE or BGREWRITEAOF leaves the previous files loadable.

const dirs: string[] = [];

beforeAll(ensureBundle, 60_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Running {
  child: ChildProcess;
  port: number;
  conn: RespConnection;
}

async function start(dir: string, flags: string[]): Promise<Running> {
  // 20 s: loading 200,000 keys again on a busy machine.
  const { child, port } = await startKvServer({ bundle: bin, dir, flags, timeoutMs: 20_000 });
  const conn = await RespConnection.connect({ port });
  // Still loading a big file: the port is not open before loading ends, so a PING answers.
  await conn.call('PING');
  return { child, port, conn };
}

/** The crash itself: SIGKILL, no chance to flush anything. */
function kill(r: Running): Promise<void> {
  return stopChild(r.child, { graceMs: 0 });
}

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'kv-crash-'));
  dirs.push(d);
  return d;
}

/** Writes key:i = i in pipelines of 10 until stopped; returns the highest i acknowledged, with when. */
async function writeLoad(conn: RespConnection, untilMs: number): Promise<{ acked: number; ackedAt: number[] }> {
  const ackedAt: number[] = [];
  let i = 0;
  const deadline = Date.now() + untilMs;
  try {
    while (Date.now() < deadline) {
      const batch = Array.from({ length: 10 }, (_, k) => ['SET', `key:${i + k}`, String(i + k)]);
      await conn.pipeline(batch);
      for (let k = 0; k < 10; k++) ackedAt.push(Date.now());
      i += 10;
    }
  } catch {
    // The connection died with the server.
  }
  return { acked: i, ackedAt };
}

describe('crashes', () => {
  it('appendfsync always: every acknowledged write survives SIGKILL', async () => {
    const dir = tempDir();
    for (let round = 0; round < 3; round++) {
      const r = await start(dir, ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']);
      await r.conn.call('FLUSHALL');
      const load = writeLoad(r.conn, 10_000);
      await new Promise((res) => setTimeout(res, 200 + Math.random() * 800));
      await kill(r);
      const { acked } = await load;
      const again = await start(dir, ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']);
      const size = (await again.conn.call('DBSIZE')) as number;
      expect(size).toBeGreaterThanOrEqual(acked);
      if (acked > 0) expect(await again.conn.call('GET', `key:${acked - 1}`)).toBe(String(acked - 1));
      again.conn.close();
      await kill(again);
    }
  }, 120_000);

  it('appendfsync everysec: at most about a second of acknowledged writes is lost', async () => {
    const dir = tempDir();
    const r = await start(dir, ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '']);
    const load = writeLoad(r.conn, 20_000);
    await new Promise((res) => setTimeout(res, 2500));
    const killedAt = Date.now();
    await kill(r);
    const { acked, ackedAt } = await load;
    const again = await start(dir, ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '']);
    const size = (await again.conn.call('DBSIZE')) as number;
    // Everything acknowledged more than two seconds before the kill is there.
    const old = ackedAt.filter((t) => t < killedAt - 2000).length;
    expect(size).toBeGreaterThanOrEqual(old);
    // No more than was sent: the acknowledged, and the one pipeline in flight, which the server may
    // have run and logged before the kill took its replies (as it may in Redis).
    expect(size).toBeLessThanOrEqual(acked + 10);
    again.conn.close();
    await kill(again);
  }, 120_000);

  it('a kill in the middle of BGSAVE or BGREWRITEAOF leaves the previous files loadable', async () => {
    const dir = tempDir();
    const r = await start(dir, ['--appendonly', 'yes', '--save', '']);
    for (let i = 0; i < 200_000; i += 1000) {
      await r.conn.pipeline(Array.from({ length: 1000 }, (_, k) => ['SET', `key:${i + k}`, 'x'.repeat(20)]));
    }
    await r.conn.call('SAVE');
    await r.conn.call('SET', 'after-save', '1');
    expect(await r.conn.call('BGSAVE')).toMatchObject({ value: 'Background saving started' });
    await kill(r);
    // A temp file may be left behind, as Redis leaves temp-<pid>.rdb; dump.rdb itself is whole.
    expect(readdirSync(dir)).toContain('dump.rdb');
    const rdbOnly = await start(dir, ['--save', '']);
    expect(await rdbOnly.conn.call('DBSIZE')).toBe(200_000);
    await kill(rdbOnly);

    const again = await start(dir, ['--appendonly', 'yes', '--save', '']);
    expect(await again.conn.call('DBSIZE')).toBe(200_001);
    expect(await again.conn.call('BGREWRITEAOF')).toMatchObject({ value: 'Background append only file rewriting started' });
    await again.conn.call('SET', 'during-rewrite', '1');
    await kill(again);
    const last = await start(dir, ['--appendonly', 'yes', '--save', '']);
    expect(await last.conn.call('DBSIZE')).toBe(200_002);
    last.conn.close();
    await kill(last);
  }, 180_000);
});
