import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { KvServer } from '../kv-server.js';
import type { RdbSnapshot } from './rdb-snapshot.js';

// Writing a snapshot to a file: at once (SAVE, an AOF base at start-up), or
// in slices between client batches (BGSAVE, BGREWRITEAOF) with the bytes
// going to the file through asynchronous writes.

/** Runs the snapshot to its end on this thread and writes it to `file`, fsynced. Throws on I/O errors (the file is then removed). */
export function writeSnapshotSync(snapshot: RdbSnapshot, file: string): void {
  const fd = openSync(file, 'w');
  try {
    while (!snapshot.isFinished) {
      const chunk = snapshot.step(1000);
      if (chunk.length > 0) writeSync(fd, chunk);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    safeUnlink(file);
    throw err;
  } finally {
    snapshot.dispose();
  }
  closeSync(fd);
}

/** How much serialised data may wait for the disk before the snapshot pauses. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;
/** A slice's length while clients are busy: their commands wait at most about this long. */
const BUSY_SLICE_MS = 2;
/** A slice's length while no client did anything since the last one. */
const IDLE_SLICE_MS = 5;
/** Less time than this between two slices means nobody else needed the event loop. */
const IDLE_GAP_MS = 0.2;

/**
 * rdb-save-incremental-fsync / aof-rewrite-incremental-fsync (both yes in
 * Redis): fsync every 4 MB written (REDIS_AUTOSYNC_BYTES), so that the
 * kernel never holds a whole file of dirty pages. Without it, the page
 * cache filling up throttles every writer of the process, and the AOF
 * writes that precede each batch's replies wait behind the snapshot's.
 */
const AUTOSYNC_BYTES = 4 * 1024 * 1024;
/** Turns of the event loop in a row that may go without a slice while connections keep arriving. */
const MAX_YIELDS = 100;

/**
 * Runs the snapshot in slices, one per turn of the event loop (setImmediate,
 * so socket reads and writes are served between slices), and writes it to
 * `file`, fsynced. Throws when `aborted()` turns true or I/O fails; the
 * file is then removed. Either way the snapshot stops watching values.
 *
 * `arrived()` tells whether a connection was accepted since it was last
 * asked. Node accepts one connection per turn of the loop, so while they
 * arrive the slices wait (up to MAX_YIELDS turns): fifty clients connecting
 * at once would otherwise wait one slice each, the last one fifty.
 */
export async function writeSnapshotInSlices(snapshot: RdbSnapshot, file: string, aborted: () => boolean, arrived: () => boolean = () => false): Promise<void> {
  const handle = await open(file, 'w');
  let pending = 0;
  let unsynced = 0;
  let writes: Promise<void> = Promise.resolve();
  try {
    let lastEnd = performance.now();
    let yields = 0;
    while (!snapshot.isFinished) {
      if (aborted()) throw new Error('Background saving aborted');
      if (pending > MAX_PENDING_BYTES) await writes;
      else await new Promise<void>((resolve) => setImmediate(resolve));
      if (aborted()) throw new Error('Background saving aborted');
      if (arrived() && yields < MAX_YIELDS) {
        yields++;
        continue;
      }
      yields = 0;
      const start = performance.now();
      const chunk = snapshot.step(start - lastEnd < IDLE_GAP_MS ? IDLE_SLICE_MS : BUSY_SLICE_MS);
      lastEnd = performance.now();
      if (chunk.length > 0) {
        pending += chunk.length;
        writes = writes.then(async () => {
          await handle.write(chunk);
          pending -= chunk.length;
          unsynced += chunk.length;
          if (unsynced >= AUTOSYNC_BYTES) {
            unsynced = 0;
            await handle.sync();
          }
        });
      }
    }
    snapshot.dispose();
    await writes;
    await handle.sync();
    await handle.close();
  } catch (err) {
    snapshot.dispose();
    await writes.catch(() => {});
    await handle.close().catch(() => {});
    safeUnlink(file);
    throw err;
  }
}

/** Whether a connection was accepted since the last call (see writeSnapshotInSlices). */
export function connectionArrivals(kv: KvServer): () => boolean {
  let seen = kv.clients.totalConnections;
  return () => {
    const now = kv.clients.totalConnections;
    if (now === seen) return false;
    seen = now;
    return true;
  };
}

export function safeUnlink(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
