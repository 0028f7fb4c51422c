import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { splitArgs } from '@kv/resp';
import type { CliConfig } from '../args.js';
import { Interrupted, issueCommand, type CommandContext } from '../command.js';
import { fixed } from '../format/printf.js';
import { EMPTY_HELP, loadHelpTable, type HelpTable } from '../help/table.js';
import { LinkError } from '../net/connection.js';
import { exit, type Output } from '../output.js';
import type { Session } from '../session.js';
import { completions } from './completion.js';
import { hintFor } from './hints.js';
import { History, historyPath, isSecret } from './history.js';
import { LineEditor } from './line-editor.js';
import { stdinLines } from './lines.js';

// The interactive loop (redis-cli's repl()): a prompt that shows the server,
// database and MULTI, hints and completion from the server's COMMAND DOCS,
// history, and the client's own words: quit, exit, connect, clear, :set,
// HELP and the `N command` repeat prefix. Standard input that is not a
// terminal is read the same way, line by line, without prompt or history.

export interface ReplOptions {
  session: Session;
  config: CliConfig;
  io: Output;
  version: string;
  /** Colour for hints and HELP. */
  color: boolean;
}

export async function runRepl(o: ReplOptions): Promise<never> {
  const { session, io } = o;
  const tty = process.stdin.isTTY === true;

  let help: HelpTable | undefined;
  let helpFor: unknown;
  /** The help table of the connected server, fetched again after CONNECT. */
  const helpTable = async (): Promise<HelpTable> => {
    if (help && helpFor === session.conn) return help;
    if (!session.conn || session.conn.broken) return help ?? EMPTY_HELP;
    try {
      help = await loadHelpTable(session.conn);
      helpFor = session.conn;
    } catch (err) {
      if (!(err instanceof LinkError)) throw err;
      help ??= EMPTY_HELP;
    }
    return help;
  };
  // Hints and completion need it at once; piped input only for HELP.
  if (tty) await helpTable();

  let interrupt: ((e: Interrupted) => void) | undefined;
  let interruption: Promise<never> = new Promise(() => {});
  const ctx: CommandContext = {
    session, config: o.config, io, interactive: true, version: o.version, color: o.color,
    helpTable, interruption: () => interruption,
  };

  const history = new History(tty ? historyPath() : undefined);
  let editor: LineEditor | undefined;
  let lines: AsyncGenerator<string> | undefined;
  if (tty) {
    editor = new LineEditor({
      input: process.stdin, output: process.stdout, history, color: o.color,
      hint: (line) => (help ? hintFor(help, line) : undefined),
      complete: (line) => (help ? completions(help, line) : []),
    });
    for (const prefs of loadPreferences()) setPreference(prefs, false, editor, io);
    // Ctrl-C while a command runs (the terminal is not in raw mode then) ends that command only.
    process.on('SIGINT', () => interrupt?.(new Interrupted()));
  } else lines = stdinLines();

  const readLine = async (): Promise<string | null> => {
    if (editor) {
      const line = await editor.readLine(session.prompt());
      // Typed text is UTF-8; commands carry bytes.
      return line === null ? null : Buffer.from(line, 'utf8').toString('latin1');
    }
    const next = await lines!.next();
    return next.done ? null : next.value;
  };

  for (;;) {
    session.holdPushes = tty;
    const line = await readLine();
    session.releasePushes();
    if (line === null) break;
    if (line === '') continue;
    const argv = splitArgs(line);
    let repeat = 1;
    let skip = 0;
    if (argv && argv.length > 1 && /^[-+]?\d+$/.test(argv[0]!)) {
      repeat = Number(argv[0]);
      if (!Number.isSafeInteger(repeat) || repeat <= 0) {
        io.out('Invalid redis-cli repeat command option value.\n');
        continue;
      }
      skip = 1;
    }
    if (!argv || !isSecret(argv.slice(skip))) {
      history.add(Buffer.from(line, 'latin1').toString('utf8'));
      history.save();
    }
    if (argv === null) {
      io.out('Invalid argument(s)\n');
      continue;
    }
    if (argv.length === 0) continue;
    const word = argv[0]!.toLowerCase();
    if (word === 'quit' || word === 'exit') break;
    if (word.startsWith(':')) {
      setPreference(argv, true, editor, io);
      continue;
    }
    if (word === 'restart') {
      io.out('Use \'restart\' only in Lua debugging mode.');
      continue;
    }
    if (argv.length === 3 && word === 'connect') {
      o.config.host = argv[1]!;
      o.config.port = atoi(argv[2]!);
      o.config.socket = undefined;
      await session.connect(true);
      if (tty) await helpTable();
      continue;
    }
    if (argv.length === 1 && word === 'clear') {
      io.out('\x1b[H\x1b[2J');
      continue;
    }
    const started = Date.now();
    interruption = new Promise<never>((_, reject) => (interrupt = reject));
    interruption.catch(() => {});
    const hadLink = session.conn !== undefined && !session.conn.broken;
    await issueCommand(ctx, argv.slice(skip), repeat);
    interrupt = undefined;
    const elapsed = Date.now() - started;
    if (elapsed >= 500 && o.config.output === 'standard') io.out(`(${fixed(elapsed / 1000, 2)}s)\n`);
    // A new link (reconnection) may be a different server: refresh what hints know.
    if (tty && !hadLink && session.conn && !session.conn.broken) await helpTable();
  }
  editor?.close();
  return exit(0);
}

function atoi(s: string): number {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** ~/.kvclirc (or $KVCLI_RCFILE): lines such as `:set nohints`. */
function loadPreferences(env: NodeJS.ProcessEnv = process.env): string[][] {
  const file = env.KVCLI_RCFILE || path.join(env.HOME || homedir(), '.kvclirc');
  if (file === '/dev/null') return [];
  try {
    return readFileSync(file, 'latin1')
      .split('\n')
      .map((l) => splitArgs(l) ?? [])
      .filter((a) => a.length > 0);
  } catch {
    return [];
  }
}

function setPreference(argv: string[], interactive: boolean, editor: LineEditor | undefined, io: Output): void {
  const where = interactive ? '' : '.kvclirc: ';
  if (argv[0]!.toLowerCase() === ':set' && argv.length >= 2) {
    const what = argv[1]!.toLowerCase();
    if (what === 'hints' || what === 'nohints') {
      if (editor) editor.hintsEnabled = what === 'hints';
    } else io.out(`${where}unknown kv-cli preference '${argv[1]}'\n`);
  } else io.out(`${where}unknown kv-cli internal command '${argv[0]}'\n`);
}
