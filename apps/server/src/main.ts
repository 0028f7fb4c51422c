import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigFileError, KV_VERSION, REDIS_VERSION, loadDirectives, optionsToConfigText, parseConfigText, startServer,
  type Directive,
} from '@kv/server';

const USAGE = `Usage: kv-server [/path/to/redis.conf] [options] [-]
       kv-server - (read config from stdin)
       kv-server -v or --version
       kv-server -h or --help

Examples:
       kv-server (run the server with default config)
       kv-server /etc/redis/6379.conf
       kv-server --port 7777
       kv-server /etc/myredis.conf --loglevel verbose -
       kv-server --port 7777 --dir ./data --save ""`;

function fatal(message: string): never {
  process.stderr.write(`\n*** FATAL CONFIG FILE ERROR (kv ${KV_VERSION}) ***\n${message}\n`);
  process.exit(1);
}

/** Reads a config file, expanding `include` lines in place (relative paths from the working directory, as Redis). */
function readConfigFile(file: string, seen: Set<string>): Directive[] {
  const abs = path.resolve(file);
  if (seen.has(abs)) fatal(`Config file ${file} includes itself`);
  seen.add(abs);
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'latin1') : readFileSync(abs, 'latin1');
  } catch (err) {
    fatal(`Fatal error, can't open config file '${file}': ${(err as Error).message}`);
  }
  const out: Directive[] = [];
  for (const d of parseConfigText(text)) {
    if (d.name === 'include') {
      if (d.args.length !== 1) throw new ConfigFileError(d.line, d.text, 'Bad directive or wrong number of arguments');
      out.push(...readConfigFile(d.args[0]!, seen));
    } else out.push(d);
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`kv-server v=${KV_VERSION} redis_version=${REDIS_VERSION} node=${process.version}\n`);
    return;
  }
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  let configFile = '';
  let rest = argv;
  if (argv.length > 0 && !argv[0]!.startsWith('--')) {
    configFile = argv[0]!;
    rest = argv.slice(1);
  }
  const readStdin = rest[rest.length - 1] === '-';
  if (readStdin) rest = rest.slice(0, -1);

  let params: Record<string, string[]>;
  let ignored: string[];
  let users: string[][];
  try {
    const directives: Directive[] = configFile === '' ? [] : readConfigFile(configFile, new Set());
    if (readStdin) directives.push(...readConfigFile('-', new Set()));
    directives.push(...parseConfigText(optionsToConfigText(rest)));
    ({ params, ignored, users } = loadDirectives(directives));
  } catch (err) {
    if (err instanceof ConfigFileError) fatal(err.message);
    fatal((err as Error).message);
  }
  const dir = params.dir?.[0];
  if (dir !== undefined && !(existsSync(dir) && statSync(dir).isDirectory())) {
    fatal(`Can't chdir to '${dir}': No such file or directory`);
  }

  const handle = await startServer({ config: params, users, configFile: configFile === '' ? '' : path.resolve(configFile) });
  for (const line of ignored) handle.server.log.warning(`Ignoring config directive not supported by kv yet: ${line}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    handle.server.log.warning(`Received ${signal} scheduling shutdown...`);
    // As Redis: save first when save points are set; if that fails, keep running.
    if (!handle.server.rdb.prepareShutdown({})) return;
    stopping = true;
    void handle.close();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await handle.closed;
  process.exit(0);
}

// Config values are byte strings (one latin1 character per byte), like the config file read as latin1: a
// password given as --requirepass sëcret must be the same bytes a client sends.
main(process.argv.slice(2).map((a) => Buffer.from(a, 'utf8').toString('latin1'))).catch((err: unknown) => {
  process.stderr.write(`kv-server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
