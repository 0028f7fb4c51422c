// One record per command sent, queued in send order: replies arrive in that
// order, so the reply parsed next always belongs to the oldest record. A
// record settles a promise of its own (a single command) or one slot of a
// batch (pipeline, MULTI/EXEC), so that a pipeline of 1000 commands makes one
// promise, not 1000.
import { ErrorReply, NULL_ARRAY, SimpleString, type RespValue } from '@kv/resp';
import { convert, replyError } from './decode.js';
import { BatchError, ReplyError, WatchError } from './errors.js';
import { STATEFUL, type CommandSpec, type ReplyObserver } from './spec.js';
import type { Arg } from './types.js';

export const enum Kind {
  /** A command with a promise of its own. */
  Single,
  /** One command of a pipeline. */
  Piped,
  /** MULTI, opening a transaction. */
  Multi,
  /** A command inside MULTI: its reply is +QUEUED or a queueing error. */
  Queued,
  /** EXEC: its reply holds the transaction's results. */
  Exec,
}

/** A pipeline's or transaction's results, filled in as replies come. */
export class Batch {
  readonly results: unknown[];
  readonly errors: ReplyError[] = [];
  private remaining: number;
  settled = false;
  /** For a transaction: errors replied while queueing (they make EXEC fail with EXECABORT). */
  readonly queueErrors: ReplyError[] = [];

  constructor(
    size: number,
    private readonly resolve: (results: unknown[]) => void,
    private readonly reject: (err: Error) => void,
    /** A pipeline counts one reply per command; a transaction settles on EXEC's. */
    readonly transaction: boolean,
  ) {
    this.results = new Array<unknown>(size);
    this.remaining = size;
  }

  set(index: number, value: unknown): void {
    if (this.settled) return;
    this.results[index] = value;
    if (value instanceof ReplyError) this.errors.push(value);
    if (--this.remaining === 0) this.finish();
  }

  finish(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.errors.length > 0) this.reject(new BatchError(this.results, this.errors));
    else this.resolve(this.results);
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(err);
  }
}

export class Pending {
  settled = false;
  /** 0, or when commandTimeout applies the time (ms) after which it fails. */
  deadline = 0;
  /** Pub/sub confirmations still expected (SUBSCRIBE ch1 ch2 answers with one per channel, as pushes in RESP3). */
  pushes = 0;
  /** Which confirmation: 'subscribe', 'punsubscribe' … */
  pushKind = '';
  /** The arguments, kept only when the reply has to be looked at with them (STATEFUL). */
  args: readonly Arg[] | null = null;
  /** Client-side cache: where to keep the reply, and the key it depends on. */
  cacheKey: string | null = null;
  cacheTag = '';
  /** EXEC: the transaction's commands, to decode each result. */
  execSpecs: { spec: CommandSpec; args: readonly Arg[] | null }[] | null = null;

  constructor(
    readonly kind: Kind,
    readonly spec: CommandSpec,
    /** Name for error messages ('GET'; for call(), the name given). */
    readonly name: string,
    readonly buffers: boolean,
    readonly observer: ReplyObserver | null,
    private readonly resolve: ((v: unknown) => void) | null,
    private readonly rejectFn: ((e: Error) => void) | null,
    readonly batch: Batch | null,
    readonly index: number,
  ) {}

  /** The reply for this command arrived. */
  complete(v: RespValue): void {
    if (this.settled) return;
    this.settled = true;
    switch (this.kind) {
      case Kind.Single: {
        if (v instanceof ErrorReply) return this.rejectFn!(replyError(v, this.name));
        let out: unknown;
        try {
          out = this.spec.decode(v, this.buffers);
          if (this.observer !== null) {
            if ((this.spec.flags & STATEFUL) !== 0) this.observer.stateful(this.spec, this.args ?? [], v);
            if (this.cacheKey !== null) this.observer.cacheReply(this.cacheKey, this.cacheTag, v);
          }
        } catch (err) {
          return this.rejectFn!(err as Error);
        }
        return this.resolve!(out);
      }
      case Kind.Piped:
        return this.batch!.set(this.index, this.decodeOrError(this.spec, this.args, v));
      case Kind.Multi:
        if (v instanceof ErrorReply) this.batch!.fail(replyError(v, 'MULTI'));
        return;
      case Kind.Queued:
        if (v instanceof ErrorReply) this.batch!.queueErrors.push(replyError(v, this.name));
        else if (!(v instanceof SimpleString && v.value === 'QUEUED')) this.batch!.fail(new TypeError(`expected +QUEUED for ${this.name}`));
        return;
      case Kind.Exec:
        return this.exec(v);
    }
  }

  private exec(v: RespValue): void {
    const batch = this.batch!;
    if (v instanceof ErrorReply) {
      const err = replyError(v, 'EXEC');
      if (batch.queueErrors.length > 0) err.message += ` (${batch.queueErrors.map((e) => `${e.command ?? ''}: ${e.message}`).join('; ')})`;
      return batch.fail(err);
    }
    if (v === null || v === NULL_ARRAY) return batch.fail(new WatchError());
    if (!Array.isArray(v) || v.length !== this.execSpecs!.length) return batch.fail(new TypeError('unexpected EXEC reply'));
    for (let i = 0; i < v.length; i++) {
      const { spec, args } = this.execSpecs![i]!;
      batch.set(i, this.decodeOrError(spec, args, v[i]!));
    }
    if (v.length === 0) batch.finish();
  }

  private decodeOrError(spec: CommandSpec, args: readonly Arg[] | null, v: RespValue): unknown {
    if (v instanceof ErrorReply) return replyError(v, spec.name === '' ? this.name : spec.name);
    try {
      const out = spec.decode(v, this.buffers);
      if ((spec.flags & STATEFUL) !== 0 && this.observer !== null) this.observer.stateful(spec, args ?? [], v);
      return out;
    } catch (err) {
      return err instanceof Error ? new ReplyError(`ERR client could not decode the reply: ${err.message}`, spec.name) : convert(v, this.buffers);
    }
  }

  /** The command failed without a reply (connection lost, timeout, closed). */
  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    if (this.kind === Kind.Single) this.rejectFn!(err);
    else this.batch!.fail(err);
  }
}
