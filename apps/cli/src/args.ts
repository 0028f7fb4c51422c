import { splitArgs } from '@kv/resp';
import { parseRedisUri } from './uri.js';

// Command-line options, parsed as redis-cli 7.0 parses them: options come
// first, the first word that does not start with '-' begins the command, and
// numbers are read the C way (atoi: leading digits, else 0).

export type OutputMode = 'standard' | 'raw' | 'csv';

export interface CliConfig {
  host: string;
  port: number;
  /** Unix socket path (-s); overrides host and port. */
  socket: string | undefined;
  repeat: number;
  /** Pause between repeats, and the period of --stat/--latency-history (seconds, 0 = unset). */
  interval: number;
  db: number;
  auth: string | undefined;
  user: string | undefined;
  askpass: boolean;
  noAuthWarning: boolean;
  resp3: boolean;
  /** -x: the last argument comes from standard input. */
  stdinArg: boolean;
  output: OutputMode;
  /** Show RESP3 pushes that arrive outside SUBSCRIBE (default: when stdout is a terminal). */
  pushOutput: boolean;
  quotedInput: boolean;
  /** -d: between the items of an aggregate in raw output. */
  mbDelim: string;
  /** -D: after each reply in raw output. */
  cmdDelim: string;
  /** -e: exit 1 on an error reply. */
  setErrcode: boolean;
  verbose: boolean;
  latency: boolean;
  latencyHistory: boolean;
  latencyDist: boolean;
  stat: boolean;
  scan: boolean;
  pattern: string | undefined;
  pipe: boolean;
  pipeTimeout: number;
  bigkeys: boolean;
  memkeys: boolean;
  memkeysSamples: number;
  hotkeys: boolean;
  intrinsicLatency: number | undefined;
  eval: string | undefined;
  /** The command and its arguments, as given. */
  args: string[];
}

/** The CLI was asked to print something and stop (usage, version, a bad option). */
export class ArgsExit extends Error {
  constructor(
    readonly code: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(stderr || stdout);
  }
}

export const DEFAULT_PIPE_TIMEOUT = 30;

/** C's atoi/strtol: optional blanks and sign, then leading digits; 0 when there are none. */
export function atoi(s: string): number {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** C's atof. */
export function atof(s: string): number {
  const m = /^\s*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** Options that redis-cli has and kv-cli does not: refused with a clear message rather than misread. */
const UNSUPPORTED = new Set([
  '--cluster', '-c', '--tls', '--sni', '--cacert', '--cacertdir', '--cert', '--key', '--insecure', '--tls-ciphers',
  '--tls-ciphersuites', '--rdb', '--replica', '--slave', '--lru-test', '--ldb', '--ldb-sync-mode',
]);

export function defaultConfig(stdoutIsTty: boolean): CliConfig {
  return {
    host: '127.0.0.1', port: 6379, socket: undefined, repeat: 1, interval: 0, db: 0, auth: undefined, user: undefined,
    askpass: false, noAuthWarning: false, resp3: false, stdinArg: false,
    output: stdoutIsTty ? 'standard' : 'raw', pushOutput: stdoutIsTty, quotedInput: false, mbDelim: '\n', cmdDelim: '\n',
    setErrcode: false, verbose: false, latency: false, latencyHistory: false, latencyDist: false, stat: false,
    scan: false, pattern: undefined, pipe: false, pipeTimeout: DEFAULT_PIPE_TIMEOUT, bigkeys: false, memkeys: false,
    memkeysSamples: 0, hotkeys: false, intrinsicLatency: undefined, eval: undefined, args: [],
  };
}

/**
 * Parses argv (without node and the script). `usage` is the help text;
 * `version` the line -v prints. Throws ArgsExit for --help, -v and bad options.
 * Returns the config and the warnings redis-cli prints on stderr.
 */
export function parseArgs(argv: readonly string[], base: CliConfig, usage: string, version: string): { config: CliConfig; warnings: string[] } {
  const c: CliConfig = { ...base };
  const warnings: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const hasNext = i + 1 < argv.length;
    const next = (): string => argv[++i]!;
    if (a === '-h' && hasNext) c.host = next();
    else if (a === '-h' || a === '--help') throw new ArgsExit(1, '', usage);
    else if (a === '-x') c.stdinArg = true;
    else if (a === '-p' && hasNext) c.port = atoi(next());
    else if (a === '-s' && hasNext) c.socket = next();
    else if (a === '-r' && hasNext) c.repeat = atoi(next());
    else if (a === '-i' && hasNext) c.interval = atof(next());
    else if (a === '-n' && hasNext) c.db = atoi(next());
    else if (a === '--no-auth-warning') c.noAuthWarning = true;
    else if (a === '--askpass') c.askpass = true;
    else if ((a === '-a' || a === '--pass') && hasNext) c.auth = next();
    else if (a === '--user' && hasNext) c.user = next();
    else if (a === '-u' && hasNext) {
      const uri = parseRedisUri(next());
      if ('error' in uri) throw new ArgsExit(1, '', uri.error + '\n');
      if (uri.host !== undefined) c.host = uri.host;
      if (uri.port !== undefined) c.port = uri.port;
      if (uri.user !== undefined) c.user = uri.user;
      if (uri.auth !== undefined) c.auth = uri.auth;
      if (uri.db !== undefined) c.db = uri.db;
    } else if (a === '--raw') c.output = 'raw';
    else if (a === '--no-raw') c.output = 'standard';
    else if (a === '--quoted-input') c.quotedInput = true;
    else if (a === '--csv') c.output = 'csv';
    else if (a === '--latency') c.latency = true;
    else if (a === '--latency-dist') c.latencyDist = true;
    else if (a === '--mono') { /* palette of --latency-dist: accepted, kv-cli has one */ }
    else if (a === '--latency-history') { c.latency = true; c.latencyHistory = true; }
    else if (a === '--stat') c.stat = true;
    else if (a === '--scan') c.scan = true;
    else if (a === '--pattern' && hasNext) c.pattern = next();
    else if (a === '--quoted-pattern' && hasNext) {
      const p = unquote(next());
      if (p === undefined) throw new ArgsExit(1, '', 'Invalid quoted string specified for --quoted-pattern.\n');
      c.pattern = p;
    } else if (a === '--intrinsic-latency' && hasNext) c.intrinsicLatency = atoi(next());
    else if (a === '--pipe') c.pipe = true;
    else if (a === '--pipe-timeout' && hasNext) c.pipeTimeout = atoi(next());
    else if (a === '--bigkeys') c.bigkeys = true;
    else if (a === '--memkeys') { c.memkeys = true; c.memkeysSamples = 0; }
    else if (a === '--memkeys-samples' && hasNext) { c.memkeys = true; c.memkeysSamples = atoi(next()); }
    else if (a === '--hotkeys') c.hotkeys = true;
    else if (a === '--eval' && hasNext) c.eval = next();
    else if (a === '-d' && hasNext) c.mbDelim = next();
    else if (a === '-D' && hasNext) c.cmdDelim = next();
    else if (a === '-e') c.setErrcode = true;
    else if (a === '--verbose') c.verbose = true;
    else if (a === '-v' || a === '--version') throw new ArgsExit(0, version + '\n', '');
    else if (a === '-3') c.resp3 = true;
    else if (a === '--show-pushes' && hasNext) {
      const v = next();
      if (/^n/i.test(v)) c.pushOutput = false;
      else if (/^y/i.test(v)) c.pushOutput = true;
      else warnings.push(`Unknown --show-pushes value '${v}' (valid: '[y]es', '[n]o')`);
    } else if (UNSUPPORTED.has(a)) {
      throw new ArgsExit(1, '', `kv-cli does not support ${a} (yet).\n`);
    } else if (a.startsWith('-')) {
      throw new ArgsExit(1, '', `Unrecognized option or bad number of args for: '${a}'\n`);
    } else break; // the command name
  }
  c.args = argv.slice(i);
  if (!c.noAuthWarning && c.auth !== undefined) {
    warnings.push("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.");
  }
  return { config: c, warnings };
}

/** One sdssplitargs-quoted argument ("a\x00b"), as --quoted-pattern and --quoted-input take them. */
export function unquote(s: string): string | undefined {
  const parts = splitArgs(s);
  return parts !== null && parts.length === 1 ? parts[0] : undefined;
}
