import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlink, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { encodeCommand } from '@kv/resp';
import type { KvServer } from '../kv-server.js';
import { emptyManifest, formatManifest, parseManifest, type AofManifest } from './aof-manifest.js';
import { RdbSnapshot } from './rdb-snapshot.js';
import { persistenceLimits } from './rdb-values.js';
import { connectionArrivals, writeSnapshotSync, writeSnapshotInSlices } from './snapshot-file.js';

// The append-only file, Redis 7.0's multi-part layout: appendonlydir/ holds
// a base (an RDB preamble, aof-use-rdb-preamble) and incremental files of
// RESP commands, listed by a manifest. Propagated writes are buffered and
// written before the replies of the batch that made them go out; with
// appendfsync always they are also fsynced then, with everysec once a
// second off the event loop.

export type FsyncPolicy = 'always' | 'everysec' | 'no';

export class Aof {
  readonly dir: string;
  private manifest: AofManifest = emptyManifest();
  private fd = -1;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private selectedDb = -1;
  private unsynced = false;
  private syncing = false;
  private lastSync = Date.now();
  /** Bytes in the current incr files, and in all AOF files at the last rewrite (auto-aof-rewrite-*). */
  currentSize = 0;
  baseSize = 0;
  lastWriteOk = true;
  rewrites = 0;
  rewriteRunning: Promise<void> | undefined;
  rewriteScheduled = false;
  lastRewriteSeconds = -1;
  lastRewriteOk = true;
  private removeSink: (() => void) | undefined;

  constructor(private readonly kv: KvServer) {
    this.dir = path.resolve(kv.config.get('dir'), kv.config.get('appenddirname'));
  }

  private get prefix(): string {
    return this.kv.config.get('appendfilename');
  }

  private manifestPath(): string {
    return path.join(this.dir, `${this.prefix}.manifest`);
  }

  /** The manifest on disk, or undefined when there is no AOF yet. */
  readManifest(): AofManifest | undefined {
    const file = this.manifestPath();
    if (!existsSync(file)) return undefined;
    return parseManifest(readFileSync(file, 'latin1'));
  }

  filePath(name: string): string {
    return path.join(this.dir, name);
  }

  /** Writes the manifest through a temp file and a rename, so a crash leaves the old or the new one. */
  private persistManifest(): void {
    const tmp = path.join(this.dir, `temp-${this.prefix}.manifest`);
    writeFileSync(tmp, formatManifest(this.manifest), 'latin1');
    renameSync(tmp, this.manifestPath());
  }

  /**
   * aofOpenIfNeededOnServerStart: with the manifest loaded (or none), makes
   * sure there is a base (written from the current dataset when missing) and
   * an incr file to append to, then starts taking propagated writes.
   */
  openOnStart(loaded: AofManifest | undefined): void {
    mkdirSync(this.dir, { recursive: true });
    this.manifest = loaded ?? emptyManifest();
    if (this.manifest.base === undefined && this.manifest.incrs.length === 0) {
      const name = `${this.prefix}.1.base.rdb`;
      this.writeBaseSync(this.filePath(name));
      this.manifest.base = { name, seq: 1, type: 'b' };
      this.kv.log.notice(`Creating AOF base file ${name} on server start`);
    }
    if (this.manifest.incrs.length === 0) {
      const name = this.newIncr();
      this.kv.log.notice(`Creating AOF incr file ${name} on server start`);
    }
    this.persistManifest();
    const last = this.manifest.incrs[this.manifest.incrs.length - 1]!;
    this.fd = openSync(this.filePath(last.name), 'a');
    this.baseSize = this.manifest.base === undefined ? 0 : fileSize(this.filePath(this.manifest.base.name));
    this.currentSize = this.manifest.incrs.reduce((n, f) => n + fileSize(this.filePath(f.name)), 0);
    this.removeSink = this.kv.propagation.addSink((db, args) => this.feed(db, args));
    this.deleteHistory();
  }

  /** A new incr file (seq after the last) added to the manifest; returns its name. */
  private newIncr(): string {
    const seq = Math.max(0, ...this.manifest.incrs.map((f) => f.seq), ...this.manifest.history.filter((f) => f.name.includes('.incr.')).map((f) => f.seq)) + 1;
    const name = `${this.prefix}.${seq}.incr.aof`;
    closeSync(openSync(this.filePath(name), 'a'));
    this.manifest.incrs.push({ name, seq, type: 'i' });
    return name;
  }

  private writeBaseSync(file: string): void {
    const tmp = `${file}.tmp`;
    writeSnapshotSync(this.snapshot(false), tmp);
    renameSync(tmp, file);
  }

  /** A snapshot of the dataset as an AOF base (aof-base 1); `live` when it runs in slices. */
  private snapshot(live: boolean): RdbSnapshot {
    const kv = this.kv;
    return new RdbSnapshot(kv.keyspace.databases, {
      limits: persistenceLimits(kv.config),
      compression: kv.config.bool('rdbcompression'),
      checksum: kv.config.bool('rdbchecksum'),
      aofBase: true,
      live,
    });
  }

  /** feedAppendOnlyFile: SELECT when the database changes, then the command as RESP. */
  private feed(db: number, args: readonly string[]): void {
    if (db !== this.selectedDb) {
      this.push(encodeCommand(['SELECT', String(db)]));
      this.selectedDb = db;
    }
    this.push(encodeCommand(args as string[]));
  }

  private push(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /**
   * flushAppendOnlyFile, run before a batch's replies are written: what the
   * batch propagated reaches the file (and the disk, with `always`) before
   * any client hears that it was done.
   */
  flush(): void {
    if (this.pendingBytes === 0 || this.fd < 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    try {
      writeSync(this.fd, data);
      this.currentSize += data.length;
      this.lastWriteOk = true;
      if (this.policy() === 'always') fsyncSync(this.fd);
      else this.unsynced = true;
    } catch (err) {
      this.lastWriteOk = false;
      this.kv.log.warning(`Error writing to the AOF file: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private policy(): FsyncPolicy {
    return this.kv.config.get('appendfsync') as FsyncPolicy;
  }

  /** Once a second: fsync off the event loop (everysec), and the automatic rewrite check. */
  cron(): void {
    const now = Date.now();
    if (this.policy() === 'everysec' && this.unsynced && !this.syncing && now - this.lastSync >= 1000 && this.fd >= 0) {
      this.syncing = true;
      this.unsynced = false;
      fsync(this.fd, () => {
        this.syncing = false;
        this.lastSync = Date.now();
      });
    }
    if (this.rewriteRunning === undefined) {
      if (this.rewriteScheduled) void this.rewrite();
      else this.maybeAutoRewrite();
    }
  }

  private maybeAutoRewrite(): void {
    const pct = this.kv.config.number('auto-aof-rewrite-percentage');
    const min = this.kv.config.number('auto-aof-rewrite-min-size');
    const total = this.baseSize + this.currentSize;
    if (pct === 0 || total < min) return;
    const base = this.baseSize === 0 ? 1 : this.baseSize;
    const growth = ((total - base) * 100) / base;
    if (growth >= pct) {
      this.kv.log.notice(`Starting automatic rewriting of AOF on ${Math.round(growth)}% growth`);
      void this.rewrite();
    }
  }

  /**
   * BGREWRITEAOF without fork: a new incr file takes every write from now on
   * while a snapshot of this same moment becomes the new base; then the
   * manifest names just those two, and the old files go.
   */
  rewrite(): Promise<void> {
    if (this.rewriteRunning !== undefined) return this.rewriteRunning;
    // One snapshot at a time, as Redis runs one child: wait for the BGSAVE.
    if (this.kv.rdb.running !== undefined) {
      this.rewriteScheduled = true;
      return Promise.resolve();
    }
    this.rewriteScheduled = false;
    const kv = this.kv;
    const started = Date.now();
    // Switch to a fresh incr file first, at the same instant the snapshot begins.
    this.flush();
    if (this.fd >= 0) {
      // The old incr file is fsynced and closed off the event loop, as Redis hands it to a background thread.
      const old = this.fd;
      fsync(old, () => closeSync(old));
    }
    const incrName = this.newIncr();
    this.persistManifest();
    this.fd = openSync(this.filePath(incrName), 'a');
    this.selectedDb = -1;
    const snap = this.snapshot(true);
    const hook = (kv.keyspace.beforeWrite = (db, key) => snap.beforeWrite(db, key));
    const baseSeq = (this.manifest.base?.seq ?? 0) + 1;
    const baseName = `${this.prefix}.${baseSeq}.base.rdb`;
    const tmp = this.filePath(`temp-rewriteaof-bg-${process.pid}.aof`);
    kv.log.notice('Background append only file rewriting started');
    const run = (async () => {
      try {
        await writeSnapshotInSlices(snap, tmp, () => false, connectionArrivals(kv));
      } finally {
        if (kv.keyspace.beforeWrite === hook) kv.keyspace.beforeWrite = undefined;
      }
      renameSync(tmp, this.filePath(baseName));
      const old = [...(this.manifest.base === undefined ? [] : [this.manifest.base]), ...this.manifest.incrs.filter((f) => f.name !== incrName)];
      this.manifest.history.push(...old.map((f) => ({ ...f, type: 'h' as const })));
      this.manifest.base = { name: baseName, seq: baseSeq, type: 'b' };
      this.manifest.incrs = this.manifest.incrs.filter((f) => f.name === incrName);
      this.persistManifest();
      this.deleteHistory();
      this.baseSize = fileSize(this.filePath(baseName));
      this.currentSize = fileSize(this.filePath(incrName));
      this.rewrites++;
      this.lastRewriteOk = true;
      kv.log.notice('Background AOF rewrite finished successfully');
    })();
    this.rewriteRunning = run
      .catch((err: unknown) => {
        this.lastRewriteOk = false;
        if (kv.keyspace.beforeWrite === hook) kv.keyspace.beforeWrite = undefined;
        safeUnlink(tmp);
        kv.log.warning(`Background AOF rewrite failed: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => {
        this.lastRewriteSeconds = Math.round((Date.now() - started) / 1000);
        this.rewriteRunning = undefined;
      });
    return this.rewriteRunning;
  }

  /**
   * aofDelHistoryFiles: the manifest forgets them, then they are unlinked
   * off the event loop (Redis's bg_unlink): unlinking a big old base file
   * takes tens of milliseconds.
   */
  private deleteHistory(): void {
    const files = this.manifest.history.map((f) => this.filePath(f.name));
    if (files.length === 0) return;
    this.manifest.history = [];
    this.persistManifest();
    for (const file of files) unlink(file, () => {});
  }

  /** Stops taking writes (appendonly no, shutdown): flushes and fsyncs what is buffered. */
  close(): void {
    this.removeSink?.();
    this.removeSink = undefined;
    this.flush();
    if (this.fd >= 0) {
      try {
        fsyncSync(this.fd);
      } finally {
        closeSync(this.fd);
        this.fd = -1;
      }
    }
  }
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function safeUnlink(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
