// One socket's lifetime: commands are encoded into one buffer and written
// together once the current tick is over (automatic pipelining), replies are
// parsed with @kv/resp and handed to the oldest pending record, and RESP3
// pushes (or, on a RESP2 subscriber connection, pub/sub arrays) go to the
// owner's push handler instead.
import type { Socket } from 'node:net';
import { PushReply, ReplyParser, type RespValue } from '@kv/resp';
import { CommandWriter } from './command-writer.js';
import { ConnectionError } from './errors.js';
import { Fifo } from './fifo.js';
import type { Pending } from './pending.js';
import type { CommandSpec } from './spec.js';
import type { Arg } from './types.js';

/** A batch this big is written at once instead of waiting for the end of the tick. */
const FLUSH_AT = 64 * 1024;

const CONFIRMATIONS = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe']);
const SUBSCRIBER_ARRAYS = new Set([...CONFIRMATIONS, 'message', 'pmessage', 'smessage']);

export interface LinkOwner {
  /** A push (or subscriber-mode array) that answers no command: a message, an invalidation … */
  onPush(items: RespValue[]): void;
  /** The socket is gone; every pending record has been failed with `err`. */
  onClose(link: Link, err: Error): void;
}

function kindOf(v: RespValue | undefined): string {
  if (typeof v === 'string') return v.toLowerCase();
  if (Buffer.isBuffer(v)) return v.toString('latin1').toLowerCase();
  return '';
}

export class Link {
  readonly pending = new Fifo<Pending>();
  private readonly writer = new CommandWriter();
  private readonly parser: ReplyParser;
  private scheduled = false;
  private closedWith: Error | undefined;

  constructor(
    readonly socket: Socket,
    buffers: boolean,
    /** A RESP2 connection in subscriber mode, where confirmations and messages come as plain arrays. */
    private readonly subscriber: boolean,
    private readonly owner: LinkOwner,
  ) {
    this.parser = new ReplyParser({ buffers });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.close(new ConnectionError(err.message)));
    socket.on('close', () => this.close(new ConnectionError('connection closed')));
  }

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Why the socket closed, once it has. */
  get failure(): Error | undefined {
    return this.closedWith;
  }

  /** Queues one command (name pre-encoded in spec) for the next write. */
  send(rec: Pending, spec: CommandSpec, args: readonly Arg[]): void {
    this.writer.command(spec.head, spec.headCount, args);
    this.pending.push(rec);
    this.schedule();
  }

  /** Queues one command given whole (name among the arguments). */
  sendArgs(rec: Pending, args: readonly Arg[]): void {
    this.writer.commandArgs(args);
    this.pending.push(rec);
    this.schedule();
  }

  /**
   * Commands queued since the last write. Every 4 go out at once rather than
   * at the end of the tick: the server starts on them while the rest are
   * issued, which against a server on the same cores (kv) beat one write per
   * tick by 1.2-1.4x in tools/bench/src/client-bench.ts and cost nothing against Redis.
   */
  private unsent = 0;

  private schedule(): void {
    if (this.writer.length >= FLUSH_AT || ++this.unsent >= 4) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(flushLink, this);
    }
  }

  flush(): void {
    this.scheduled = false;
    this.unsent = 0;
    if (this.writer.length === 0 || this.closedWith !== undefined) return;
    this.socket.write(this.writer.take());
  }

  private onData(chunk: Buffer): void {
    this.parser.push(chunk);
    let v: RespValue | undefined;
    try {
      v = this.parser.next();
    } catch (err) {
      return this.destroy(new ConnectionError(`protocol error from the server: ${(err as Error).message}`));
    }
    while (v !== undefined) {
      if (v instanceof PushReply) this.push(v.items);
      else if (this.subscriber && Array.isArray(v) && SUBSCRIBER_ARRAYS.has(kindOf(v[0]))) this.push(v);
      else {
        const rec = this.pending.shift();
        if (rec === undefined) this.owner.onPush([v]); // a reply nobody asked for (MONITOR lines)
        else rec.complete(v);
      }
      try {
        v = this.parser.next();
      } catch (err) {
        return this.destroy(new ConnectionError(`protocol error from the server: ${(err as Error).message}`));
      }
    }
  }

  private push(items: RespValue[]): void {
    const kind = kindOf(items[0]);
    if (CONFIRMATIONS.has(kind)) {
      const head = this.pending.peek();
      if (head !== undefined && head.pushes > 0 && head.pushKind === kind) {
        if (--head.pushes === 0) this.pending.shift()!.complete(null);
      }
    }
    this.owner.onPush(items);
  }

  /** Closes the socket; pending records fail with `err`. */
  destroy(err: Error): void {
    this.close(err);
    this.socket.destroy();
  }

  private close(err: Error): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = err;
    for (let rec = this.pending.shift(); rec !== undefined; rec = this.pending.shift()) rec.fail(err);
    this.owner.onClose(this, err);
  }
}

function flushLink(link: Link): void {
  link.flush();
}
