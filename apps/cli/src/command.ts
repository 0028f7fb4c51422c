import type { CliConfig } from './args.js';
import { formatReply } from './format/index.js';
import { helpOutput } from './help/help.js';
import type { HelpTable } from './help/table.js';
import { LinkError } from './net/connection.js';
import { replyText, type Reply } from './net/reply.js';
import { exit, sleep, type Output } from './output.js';
import type { Session } from './session.js';

// Running one command as redis-cli's issueCommandRepeat/cliSendCommand do:
// HELP is answered locally, -r/-i repeat it, MONITOR and SUBSCRIBE stream
// replies until interrupted, and the prompt state (db, MULTI) follows the
// replies.

export interface CommandContext {
  session: Session;
  config: CliConfig;
  io: Output;
  /** REPL and piped lines (redis-cli's config.interactive): errors never end the program. */
  interactive: boolean;
  version: string;
  /** Whether HELP may colour its output. */
  color: boolean;
  helpTable(): Promise<HelpTable>;
  /** Rejects with Interrupted when the user presses Ctrl-C (REPL only); never settles otherwise. */
  interruption(): Promise<never>;
}

/** Ctrl-C while a command or a stream was running. */
export class Interrupted extends Error {}

export type CommandResult = 'ok' | 'failed';

/** Commands whose text replies redis-cli prints as they are, even on a terminal. */
export function printsVerbatim(args: readonly string[]): boolean {
  const cmd = args[0]!.toLowerCase();
  const sub = args[1]?.toLowerCase();
  const n = args.length;
  return (
    cmd === 'info' ||
    cmd === 'lolwut' ||
    (n >= 2 && cmd === 'debug' && (sub === 'htstats' || sub === 'htstats-key')) ||
    (n >= 2 && cmd === 'memory' && (sub === 'malloc-stats' || sub === 'doctor')) ||
    (n === 2 && cmd === 'cluster' && (sub === 'nodes' || sub === 'info')) ||
    (n >= 2 && cmd === 'client' && (sub === 'list' || sub === 'info')) ||
    (n === 3 && cmd === 'latency' && sub === 'graph') ||
    (n === 2 && cmd === 'latency' && sub === 'doctor') ||
    (n >= 2 && cmd === 'proxy' && sub === 'info')
  );
}

/** Runs `args` (latin1 strings: one char per byte) `repeat` times; a negative repeat runs forever. */
export async function issueCommand(ctx: CommandContext, args: readonly string[], repeat: number): Promise<CommandResult> {
  const name = args[0]!.toLowerCase();
  if (name === 'help' || name === '?') {
    ctx.io.out(helpOutput(await ctx.helpTable(), args.slice(1), ctx.version, ctx.color));
    return 'ok';
  }
  const { session } = ctx;
  if (!session.conn || session.conn.broken) {
    if (!(await session.connect())) return 'failed';
  }
  try {
    await sendCommand(ctx, args, repeat);
    return 'ok';
  } catch (err) {
    if (err instanceof Interrupted) {
      // The reply never came or the stream goes on: drop the link, keep the db.
      session.close();
      ctx.io.out('\n');
      await session.connect(false, true);
      return 'ok';
    }
    if (!(err instanceof LinkError)) throw err;
    if (name === 'shutdown') {
      session.close();
      return 'ok';
    }
    ctx.io.err(`Error: ${err.message}\n`);
    session.close();
    if (!ctx.interactive) await exit(1);
    return 'failed';
  }
}

async function sendCommand(ctx: CommandContext, args: readonly string[], repeat: number): Promise<void> {
  const { session, config, io } = ctx;
  const conn = session.conn!;
  const name = args[0]!.toLowerCase();
  const verbatim = printsVerbatim(args);
  const read = (): Promise<Reply> => Promise.race([conn.read(), ctx.interruption()]);
  const print = (r: Reply) => io.out(formatReply(r, config, verbatim));
  const bytes = args.map((a) => Buffer.from(a, 'latin1'));

  for (let i = 0; repeat < 0 || i < repeat; i++) {
    conn.send(bytes);
    if (name === 'monitor') {
      for (;;) print(await read());
    }
    if (name === 'subscribe' || name === 'psubscribe' || name === 'ssubscribe') {
      if (config.output !== 'raw') io.out('Reading messages... (press Ctrl-C to quit)\n');
      // Pushes are the stream itself here, in RESP2 and RESP3 alike.
      const onPush = conn.onPush;
      conn.onPush = undefined;
      for (;;) {
        const r = await read();
        print(r);
        if (r.type === 'error') break;
      }
      conn.onPush = onPush;
      continue;
    }
    const reply = await read();
    if (!ctx.interactive && config.setErrcode && reply.type === 'error') {
      io.err(`${replyText(reply)}\n`);
      await exit(1);
    }
    print(reply);
    session.track(args, reply);
    if (name === 'auth' && (args.length === 2 || args.length === 3)) await session.afterAuth(args, reply);
    if (config.interval > 0) await sleep(config.interval * 1000);
  }
}
