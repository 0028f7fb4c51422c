import { ArgsExit, defaultConfig, parseArgs, type CliConfig } from './args.js';
import { issueCommand, type CommandContext } from './command.js';
import { EMPTY_HELP, loadHelpTable, type HelpTable } from './help/table.js';
import { evalArgs } from './modes/eval.js';
import { bigKeysMode } from './modes/bigkeys.js';
import { hotKeysMode } from './modes/hotkeys.js';
import { latencyMode } from './modes/latency.js';
import { pipeMode } from './modes/pipe.js';
import { scanMode } from './modes/scan.js';
import { statMode } from './modes/stat.js';
import { exit, stdio } from './output.js';
import { askPassword } from './repl/askpass.js';
import { readAllStdin } from './repl/lines.js';
import { runRepl } from './repl/repl.js';
import { Session, utf8 } from './session.js';
import { unquote } from './args.js';
import { usage } from './usage.js';

// kv-cli: redis-cli's options and modes, against kv or any Redis 7.0.

export const VERSION = '0.1.0';

async function main(argv: string[]): Promise<never> {
  const io = stdio;
  // FAKETTY makes redis-cli format for a terminal while writing to a pipe; kv-cli honours it too.
  const stdoutTty = process.stdout.isTTY === true || process.env.FAKETTY !== undefined;
  let config: CliConfig;
  try {
    const parsed = parseArgs(argv, defaultConfig(stdoutTty), usage(VERSION), `kv-cli ${VERSION}`);
    config = parsed.config;
    for (const w of parsed.warnings) io.err(w + '\n');
  } catch (err) {
    if (!(err instanceof ArgsExit)) throw err;
    if (err.stdout) io.out(err.stdout);
    if (err.stderr) io.err(err.stderr);
    return exit(err.code);
  }
  const envAuth = process.env.REDISCLI_AUTH ?? process.env.KVCLI_AUTH;
  if (config.auth === undefined && envAuth !== undefined) config.auth = envAuth;
  if (config.askpass) config.auth = await askPassword('Please input password: ');
  if (config.latencyDist || config.intrinsicLatency !== undefined) {
    io.err(`kv-cli does not support ${config.latencyDist ? '--latency-dist' : '--intrinsic-latency'} (yet).\n`);
    return exit(1);
  }

  const session = new Session(config, io);
  const color = process.stdout.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
  const needLink = async () => {
    if (!(await session.connect())) await exit(1);
    return session.conn!;
  };

  if (config.latency) {
    await needLink();
    return latencyMode(session, config, io);
  }
  if (config.pipe) return pipeMode(await needLink(), config, io);
  if (config.bigkeys) return bigKeysMode(await needLink(), config, io, false);
  if (config.memkeys) return bigKeysMode(await needLink(), config, io, true);
  if (config.hotkeys) return hotKeysMode(await needLink(), config, io);
  if (config.stat) {
    await needLink();
    return statMode(session, config, io);
  }
  if (config.scan) return scanMode(await needLink(), config, io);

  if (config.args.length === 0 && config.eval === undefined) {
    // As redis-cli: a server that is down is reported, then tried again at every command.
    await session.connect();
    return runRepl({ session, config, io, version: VERSION, color });
  }

  await needLink();
  let args: string[];
  if (config.eval !== undefined) {
    const built = evalArgs(config.eval, config.args.map(utf8));
    if (!Array.isArray(built)) {
      io.err(built.error + '\n');
      return exit(1);
    }
    args = built;
  } else if (config.quotedInput) {
    const unquoted = config.args.map((a) => unquote(utf8(a)));
    if (unquoted.some((a) => a === undefined)) {
      io.out('Invalid quoted string\n');
      return exit(1);
    }
    args = unquoted as string[];
  } else args = config.args.map(utf8);
  if (config.stdinArg) args.push((await readAllStdin()).toString('latin1'));

  let help: HelpTable | undefined;
  const ctx: CommandContext = {
    session, config, io, interactive: false, version: VERSION, color,
    helpTable: async () => (help ??= session.conn ? await loadHelpTable(session.conn) : EMPTY_HELP),
    interruption: () => new Promise<never>(() => {}),
  };
  const result = await issueCommand(ctx, args, config.repeat);
  return exit(result === 'ok' ? 0 : 1);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`kv-cli: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
