import type { Database } from './keyspace/database.js';

/** Where executed write commands go: the append-only file now, replicas later. */
export type PropagationSink = (db: number, args: readonly string[]) => void;

/**
 * Redis's propagate(): after a command that changed the data, the command
 * (or what its handler asked for instead) goes to every sink, tagged with
 * the database it ran in. Handlers whose effect is not deterministic on
 * replay rewrite it, as Redis does: EXPIRE becomes PEXPIREAT, SPOP becomes
 * SREM, INCRBYFLOAT becomes SET … KEEPTTL.
 */
export class Propagation {
  private readonly sinks: PropagationSink[] = [];
  /** Set by a handler: propagate these commands instead of the one that ran (rewriteClientCommandVector / alsoPropagate). */
  override: string[][] | undefined = undefined;

  get active(): boolean {
    return this.sinks.length !== 0;
  }

  addSink(sink: PropagationSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  /** Ops of the execution unit running now (EXEC), held to be wrapped in MULTI/EXEC. */
  private unit: [number, readonly string[]][] | undefined = undefined;

  emit(db: number, args: readonly string[]): void {
    if (this.unit !== undefined) {
      this.unit.push([db, args]);
      return;
    }
    for (const s of this.sinks) s(db, args);
  }

  /** EXEC starts: what its commands change is held back. */
  beginUnit(): void {
    if (this.sinks.length !== 0) this.unit = [];
  }

  /**
   * EXEC ends: its changes go out, in MULTI/EXEC when there is more than one,
   * so a replica or AOF replay applies all or nothing (propagatePendingCommands).
   */
  endUnit(): void {
    const ops = this.unit;
    this.unit = undefined;
    if (ops === undefined || ops.length === 0) return;
    if (ops.length === 1) {
      this.emit(ops[0]![0], ops[0]![1]);
      return;
    }
    this.emit(ops[0]![0], ['MULTI']);
    for (const [db, args] of ops) this.emit(db, args);
    this.emit(ops[ops.length - 1]![0], ['EXEC']);
  }

  /**
   * After a command, or a blocked one served later: if it changed the data,
   * it goes out as run or as its handler rewrote it (call()'s propagate).
   */
  commandDone(db: number, args: readonly string[], changed: boolean): void {
    const override = this.override;
    this.override = undefined;
    if (!changed || this.sinks.length === 0) return;
    if (override === undefined) this.emit(db, args);
    else for (const c of override) this.emit(db, c);
  }

  /** A handler's request to propagate `commands` in place of itself; a no-op while nothing listens. */
  rewrite(...commands: string[][]): void {
    if (this.sinks.length !== 0) this.override = commands;
  }

  /** Expired keys are propagated as DEL (UNLINK with lazyfree-lazy-expire), before the command that found them. */
  expired(db: Database, key: string): void {
    if (this.sinks.length !== 0) this.emit(db.id, ['DEL', key]);
  }
}
