import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createReadStream } from 'node:fs';
import { iterateRdb, readRdb } from '@kv/persistence';
import type { KvServer } from '../kv-server.js';
import { RdbSnapshot } from './rdb-snapshot.js';
import { fromRdbValue, persistenceLimits } from './rdb-values.js';

// dump.rdb on disk: SAVE (blocking, like Redis's), BGSAVE (the snapshot in
// slices between client batches, written asynchronously), and loading at
// start-up. Every save writes a temp file, fsyncs it and renames it over
// the old one, so a crash mid-save leaves the previous dump.rdb intact.

/** The file a save goes to, and the temp file it is written through. */
function target(kv: KvServer): { file: string; temp: (tag: string) => string } {
  const dir = kv.config.get('dir');
  return {
    file: path.resolve(dir, kv.config.get('dbfilename')),
    temp: (tag) => path.resolve(dir, `temp-${tag}-${process.pid}.rdb`),
  };
}

function snapshotOf(kv: KvServer): RdbSnapshot {
  return new RdbSnapshot(kv.keyspace.databases, {
    limits: persistenceLimits(kv.config),
    compression: kv.config.bool('rdbcompression'),
    checksum: kv.config.bool('rdbchecksum'),
  });
}

/** rdbSave: the whole dataset, now, on this thread. Throws on I/O errors. */
export function saveSync(kv: KvServer): void {
  const { file, temp } = target(kv);
  const tmp = temp('save');
  const snap = snapshotOf(kv);
  const fd = openSync(tmp, 'w');
  try {
    while (!snap.isFinished) {
      const chunk = snap.step(1000);
      if (chunk.length > 0) writeSync(fd, chunk);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    safeUnlink(tmp);
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

function safeUnlink(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/** How much serialised data may wait for the disk before the snapshot pauses. */
const MAX_PENDING_BYTES = 16 * 1024 * 1024;
/** Time each slice may take; client batches run between slices. */
const SLICE_MS = 2;

/**
 * A running BGSAVE: slices of the snapshot run on the event loop between
 * client batches (setImmediate), their bytes go to the temp file through
 * asynchronous writes, at most MAX_PENDING_BYTES ahead of the disk.
 */
export class BackgroundSave {
  readonly startedAt = Date.now();
  private readonly snapshot: RdbSnapshot;
  private aborted = false;
  private pending = 0;
  private handle: FileHandle | undefined;
  private writes: Promise<void> = Promise.resolve();
  readonly done: Promise<void>;

  constructor(private readonly kv: KvServer) {
    this.snapshot = snapshotOf(kv);
    kv.keyspace.beforeWrite = (db, key) => this.snapshot.beforeWrite(db, key);
    this.done = this.run().finally(() => {
      if (kv.keyspace.beforeWrite !== undefined) kv.keyspace.beforeWrite = undefined;
    });
  }

  get keysProcessed(): number {
    return this.snapshot.processed;
  }

  get keysTotal(): number {
    return this.snapshot.total;
  }

  /** Stops it (FLUSHALL, SHUTDOWN); the temp file is removed. */
  abort(): void {
    this.aborted = true;
  }

  get wasAborted(): boolean {
    return this.aborted;
  }

  private async run(): Promise<void> {
    const { file, temp } = target(this.kv);
    const tmp = temp('bgsave');
    this.handle = await open(tmp, 'w');
    try {
      while (!this.snapshot.isFinished) {
        if (this.aborted) throw new Error('Background saving aborted');
        if (this.pending > MAX_PENDING_BYTES) await this.writes;
        else await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.aborted) throw new Error('Background saving aborted');
        const chunk = this.snapshot.step(SLICE_MS);
        if (chunk.length > 0) this.write(chunk);
      }
      // The snapshot is complete in memory: from here on writes need no copying.
      this.kv.keyspace.beforeWrite = undefined;
      await this.writes;
      await this.handle.sync();
      await this.handle.close();
      this.handle = undefined;
      if (this.aborted) throw new Error('Background saving aborted');
      await rename(tmp, file);
    } catch (err) {
      await this.handle?.close().catch(() => {});
      safeUnlink(tmp);
      throw err;
    }
  }

  private write(chunk: Buffer): void {
    const handle = this.handle!;
    this.pending += chunk.length;
    this.writes = this.writes.then(async () => {
      await handle.write(chunk);
      this.pending -= chunk.length;
    });
  }
}

/** DEBUG RELOAD's load: the same as at start-up, but synchronous (the command blocks, as in Redis). */
export function loadRdbFileSync(kv: KvServer): LoadResult {
  const { file } = target(kv);
  const limits = persistenceLimits(kv.config);
  const now = Date.now();
  let keys = 0, expired = 0;
  for (const item of iterateRdb(readFileSync(file), { limits, databases: kv.keyspace.databases.length })) {
    if (item.kind !== 'key') continue;
    if (item.expireAt !== -1 && item.expireAt < now) {
      expired++;
      continue;
    }
    const db = kv.keyspace.databases[item.db]!;
    const loaded = fromRdbValue(item, kv.config);
    db.set(item.key, loaded.value, loaded.stringEncoding === undefined ? undefined : { encoding: loaded.stringEncoding });
    if (item.expireAt !== -1) db.setExpire(item.key, item.expireAt);
    keys++;
  }
  return { keys, expired };
}

/** What loading found. */
export interface LoadResult {
  readonly keys: number;
  readonly expired: number;
}

/**
 * Loads dump.rdb (if there is one) into the empty keyspace, streaming the
 * file. Keys already expired are skipped, as a master does. Throws with a
 * message naming the file on a damaged file.
 */
export async function loadRdbFile(kv: KvServer, path = target(kv).file): Promise<LoadResult | undefined> {
  const file = path;
  if (!existsSync(file)) return undefined;
  const limits = persistenceLimits(kv.config);
  const now = Date.now();
  let keys = 0, expired = 0;
  try {
    for await (const item of readRdb(createReadStream(file), { limits, databases: kv.keyspace.databases.length })) {
      if (item.kind !== 'key') continue;
      if (item.expireAt !== -1 && item.expireAt < now) {
        expired++;
        continue;
      }
      const db = kv.keyspace.databases[item.db]!;
      const loaded = fromRdbValue(item, kv.config);
      db.set(item.key, loaded.value, loaded.stringEncoding === undefined ? undefined : { encoding: loaded.stringEncoding });
      if (item.expireAt !== -1) db.setExpire(item.key, item.expireAt);
      keys++;
    }
  } catch (err) {
    throw new Error(`Short read or OOM loading DB. Unrecoverable error, aborting now (${file}: ${err instanceof Error ? err.message : String(err)})`);
  }
  return { keys, expired };
}
