import type { KvServer } from '../kv-server.js';
import { BackgroundSave, saveSync } from './rdb-files.js';

/** After a failed BGSAVE, automatic saves wait this long before trying again (CONFIG_BGSAVE_RETRY_DELAY). */
const BGSAVE_RETRY_DELAY_MS = 5000;

/**
 * What Redis keeps about RDB saving (lastsave, lastbgsave_status, …) and
 * the running BGSAVE, if any. The save points of the `save` parameter are
 * checked from the server cron.
 */
export class RdbState {
  /** Unix ms of the last successful save (start-up time until then), for LASTSAVE. */
  lastSave = Date.now();
  lastBgsaveOk = true;
  lastBgsaveTry = 0;
  lastBgsaveSeconds = -1;
  saves = 0;
  scheduled = false;
  running: BackgroundSave | undefined;
  /** What the last start-up load found (INFO rdb_last_load_keys_*). */
  lastLoadKeys = 0;
  lastLoadExpired = 0;

  constructor(private readonly kv: KvServer) {}

  /** SAVE: blocking. True on success; logs and returns false on failure. */
  save(): boolean {
    const kv = this.kv;
    try {
      saveSync(kv);
    } catch (err) {
      kv.log.warning(`Failed saving the DB: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
    kv.log.notice('DB saved on disk');
    kv.keyspace.dirty = 0;
    this.lastSave = Date.now();
    this.saves++;
    return true;
  }

  /** Starts a BGSAVE. False if one is running already. */
  startBackground(): boolean {
    if (this.running !== undefined) return false;
    const kv = this.kv;
    const dirtyAtStart = kv.keyspace.dirty;
    this.lastBgsaveTry = Date.now();
    this.scheduled = false;
    const job = new BackgroundSave(kv);
    this.running = job;
    kv.log.notice('Background saving started');
    job.done.then(
      () => {
        kv.keyspace.dirty -= dirtyAtStart;
        this.lastSave = Date.now();
        this.lastBgsaveOk = true;
        this.saves++;
        kv.log.notice('Background saving terminated with success');
      },
      (err: unknown) => {
        // Stopped on purpose (FLUSHALL, SHUTDOWN) is not a failure, as a child killed with SIGUSR1 is not in Redis.
        if (job.wasAborted) {
          kv.log.notice('Background saving terminated by signal 10');
          return;
        }
        this.lastBgsaveOk = false;
        kv.log.warning(`Background saving error: ${err instanceof Error ? err.message : String(err)}`);
      },
    ).finally(() => {
      this.lastBgsaveSeconds = Math.round((Date.now() - job.startedAt) / 1000);
      if (this.running === job) this.running = undefined;
    });
    return true;
  }

  /** killRDBChild: FLUSHALL and SHUTDOWN stop a running BGSAVE (its temp file is removed). */
  abortBackground(): void {
    if (this.running === undefined) return;
    this.running.abort();
    this.running = undefined;
    this.kv.keyspace.beforeWrite = undefined;
  }

  /**
   * prepareForShutdown's part for RDB: stop a BGSAVE, then save if save
   * points are set (or SAVE was asked) unless NOSAVE. False when the save
   * failed and FORCE was not given: the server must not exit then.
   */
  prepareShutdown(options: { save?: boolean; nosave?: boolean; force?: boolean }): boolean {
    // Everything acknowledged reaches the AOF file and the disk first.
    this.kv.aof?.flush();
    if (this.running !== undefined) {
      this.kv.log.warning('There is a child saving an .rdb. Killing it!');
      this.abortBackground();
    }
    if (options.nosave === true || (options.save !== true && this.savePoints().length === 0)) return true;
    this.kv.log.notice('Saving the final RDB snapshot before exiting.');
    if (this.save()) return true;
    if (options.force === true) return true;
    this.kv.log.warning("Error trying to save the DB, can't exit.");
    return false;
  }

  /** The save points (`save 3600 1 300 100 …`): called from the cron. */
  cron(): void {
    // One snapshot at a time: an AOF rewrite runs, so saves wait.
    if (this.running !== undefined || this.kv.aof?.rewriteRunning !== undefined) return;
    if (this.scheduled) {
      this.startBackground();
      return;
    }
    const points = this.savePoints();
    const now = Date.now();
    const dirty = this.kv.keyspace.dirty;
    for (const [seconds, changes] of points) {
      if (dirty >= changes && now - this.lastSave > seconds * 1000 && (now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY_MS || this.lastBgsaveOk)) {
        this.kv.log.notice(`${changes} changes in ${seconds} seconds. Saving...`);
        this.startBackground();
        return;
      }
    }
  }

  savePoints(): [number, number][] {
    const parts = this.kv.config.get('save').split(' ').filter((p) => p !== '').map(Number);
    const out: [number, number][] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) out.push([parts[i]!, parts[i + 1]!]);
    return out;
  }
}
