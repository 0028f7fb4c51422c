import { existsSync, renameSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { KvServer } from '../kv-server.js';
import { loadRdbInto, loadRdbIntoSync, type LoadResult } from './rdb-load.js';
import { RdbSnapshot } from './rdb-snapshot.js';
import { persistenceLimits } from './rdb-values.js';
import { connectionArrivals, safeUnlink, writeSnapshotInSlices, writeSnapshotSync } from './snapshot-file.js';

export type { LoadResult } from './rdb-load.js';

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

function snapshotOf(kv: KvServer, live: boolean): RdbSnapshot {
  return new RdbSnapshot(kv.keyspace.databases, {
    limits: persistenceLimits(kv.config),
    compression: kv.config.bool('rdbcompression'),
    checksum: kv.config.bool('rdbchecksum'),
    live,
  });
}

/** rdbSave: the whole dataset, now, on this thread. Throws on I/O errors. */
export function saveSync(kv: KvServer): void {
  const { file, temp } = target(kv);
  const tmp = temp('save');
  writeSnapshotSync(snapshotOf(kv, false), tmp);
  renameSync(tmp, file);
}

/**
 * A running BGSAVE: slices of the snapshot run on the event loop between
 * client batches, their bytes go to the temp file through asynchronous
 * writes (see snapshot-file.ts).
 */
export class BackgroundSave {
  readonly startedAt = Date.now();
  private readonly snapshot: RdbSnapshot;
  private aborted = false;
  readonly done: Promise<void>;

  constructor(private readonly kv: KvServer) {
    const snapshot = (this.snapshot = snapshotOf(kv, true));
    const hook = (kv.keyspace.beforeWrite = (db, key) => snapshot.beforeWrite(db, key));
    this.done = this.run().finally(() => {
      if (kv.keyspace.beforeWrite === hook) kv.keyspace.beforeWrite = undefined;
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
    this.snapshot.dispose();
  }

  get wasAborted(): boolean {
    return this.aborted;
  }

  private async run(): Promise<void> {
    const { file, temp } = target(this.kv);
    const tmp = temp('bgsave');
    await writeSnapshotInSlices(this.snapshot, tmp, () => this.aborted, connectionArrivals(this.kv));
    if (this.aborted) {
      safeUnlink(tmp);
      throw new Error('Background saving aborted');
    }
    await rename(tmp, file);
  }
}

/** DEBUG RELOAD's load: the same as at start-up, but synchronous (the command blocks, as in Redis). */
export function loadRdbFileSync(kv: KvServer): LoadResult {
  return loadRdbIntoSync(kv.keyspace, kv.config, target(kv).file);
}

/**
 * Loads dump.rdb (if there is one) into the empty keyspace, streaming the
 * file. Keys already expired are skipped, as a master does. Throws with a
 * message naming the file on a damaged file.
 */
export async function loadRdbFile(kv: KvServer, path = target(kv).file): Promise<LoadResult | undefined> {
  const file = path;
  if (!existsSync(file)) return undefined;
  try {
    return await loadRdbInto(kv.keyspace, kv.config, file);
  } catch (err) {
    throw new Error(`Short read or OOM loading DB. Unrecoverable error, aborting now (${file}: ${err instanceof Error ? err.message : String(err)})`);
  }
}
