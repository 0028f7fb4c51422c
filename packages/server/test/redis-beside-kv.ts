import type { RespConnection } from '@kv/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ServerHandle } from '../src/index.js';
import { connectTo, startTestServer } from './fixture.js';
import { startRedis, stopRedis, type RealRedis } from './real-redis.js';

/** A real Redis and an in-process kv side by side, valid inside the tests of the block that asked for them. */
export interface RedisBesideKv {
  readonly redis: RealRedis;
  readonly kv: ServerHandle;
  /** One connection to kv (the Redis one is redis.conn). */
  readonly kvConn: RespConnection;
}

/**
 * Starts a real Redis (its files in a temp dir named by `dirPrefix`) and an
 * in-process kv with a connection before the tests of the calling describe
 * block, and stops both after them. Call it inside describe.runIf(haveRedis).
 */
export function useRedisBesideKv(dirPrefix: string, redisFlags: string[] = []): RedisBesideKv {
  let dir: string | undefined;
  let redis: RealRedis | undefined;
  let kv: ServerHandle | undefined;
  let kvConn: RespConnection | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), dirPrefix));
    redis = await startRedis(dir, redisFlags);
    kv = await startTestServer();
    kvConn = await connectTo(kv);
  });
  afterAll(async () => {
    kvConn?.close();
    await kv?.close();
    if (redis !== undefined) await stopRedis(redis);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get redis() {
      return redis!;
    },
    get kv() {
      return kv!;
    },
    get kvConn() {
      return kvConn!;
    },
  };
}
