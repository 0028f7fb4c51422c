// Explicit pipelines and MULTI/EXEC transactions: commands are collected
// with the same methods as the client's, typed so that exec() resolves with
// a tuple of their results, and sent together, pipelined.
import { COMMAND_DEFS, CLIENT_ONLY, type CommandDef, type CommandName, type CommandSignatures, type Fn, type Params, type Result } from './commands.js';
import { CALL_SPEC, type CommandSpec } from './spec.js';
import type { Arg, Reply } from './types.js';

/** A command of a batch, ready to send. */
export interface BatchCommand {
  spec: CommandSpec;
  args: readonly Arg[];
  /** The name for error messages. */
  name: string;
}

/** What runs a batch: the client. */
export interface BatchRunner {
  runBatch(commands: BatchCommand[], transaction: boolean): Promise<unknown[]>;
}

type PipelineCommands<S, T extends unknown[]> = {
  [K in CommandName]: CommandSignatures<S>[K] extends Fn ? (...args: Params<CommandSignatures<S>[K]>) => Pipeline<S, [...T, Result<CommandSignatures<S>[K]>]> : never;
};
type MultiCommands<S, T extends unknown[]> = {
  [K in CommandName]: CommandSignatures<S>[K] extends Fn ? (...args: Params<CommandSignatures<S>[K]>) => Multi<S, [...T, Result<CommandSignatures<S>[K]>]> : never;
};

abstract class BatchBase {
  protected readonly commands: BatchCommand[] = [];

  constructor(protected readonly runner: BatchRunner) {}

  /** Commands collected so far. */
  get length(): number {
    return this.commands.length;
  }

  /** @internal */
  add(def: CommandDef, args: unknown[]): this {
    this.commands.push({ spec: def.spec, args: def.build === null ? (trimmed(args) as Arg[]) : def.build(trimmed(args)), name: def.spec.name });
    return this;
  }

  protected addCall(args: Arg[]): this {
    if (args.length === 0) throw new TypeError('call() needs a command name');
    this.commands.push({ spec: CALL_SPEC, args, name: String(args[0]).toUpperCase() });
    return this;
  }
}

/**
 * Commands sent together (pipelined), without MULTI: exec() resolves with
 * their results in order, or rejects with a BatchError (holding every
 * result, a ReplyError where one failed) if any got an error reply.
 */
export interface Pipeline<S, T extends unknown[]> extends PipelineCommands<S, T> {}
export class Pipeline<S, T extends unknown[] = []> extends BatchBase {
  /** Any command, by name and arguments. */
  call(...args: Arg[]): Pipeline<S, [...T, Reply<S>]> {
    return this.addCall(args) as unknown as Pipeline<S, [...T, Reply<S>]>;
  }

  exec(): Promise<T> {
    return this.runner.runBatch(this.commands.splice(0), false) as Promise<T>;
  }
}

/**
 * A MULTI … EXEC transaction, sent pipelined. exec() resolves with the
 * results; rejects with a ReplyError (code 'EXECABORT', the queueing errors
 * in its message) if a command was refused while queueing, with a WatchError
 * if a WATCHed key changed, and with a BatchError if commands failed while
 * running (the others did run: Redis has no rollback).
 */
export interface Multi<S, T extends unknown[]> extends MultiCommands<S, T> {}
export class Multi<S, T extends unknown[] = []> extends BatchBase {
  call(...args: Arg[]): Multi<S, [...T, Reply<S>]> {
    return this.addCall(args) as unknown as Multi<S, [...T, Reply<S>]>;
  }

  exec(): Promise<T> {
    return this.runner.runBatch(this.commands.splice(0), true) as Promise<T>;
  }

  /** Drops the collected commands (nothing was sent yet, so the server needs no DISCARD). */
  discard(): void {
    this.commands.length = 0;
  }
}

/** Optional trailing arguments left out are undefined: not sent. */
export function trimmed(args: unknown[]): unknown[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  return n === args.length ? args : args.slice(0, n);
}

for (const [method, def] of COMMAND_DEFS) {
  if (CLIENT_ONLY.has(method)) continue;
  const add = function (this: BatchBase, ...args: unknown[]) {
    return this.add(def, args);
  };
  Object.defineProperty(Pipeline.prototype, method, { value: add, writable: true, configurable: true });
  Object.defineProperty(Multi.prototype, method, { value: add, writable: true, configurable: true });
}
