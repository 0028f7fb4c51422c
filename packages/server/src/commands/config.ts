import { ErrorReply, MapReply, OK, type RespValue } from '@kv/resp';
import type { Handler } from '../command-table/types.js';
import { Config, ConfigError } from '../config/config.js';
import { SYNTAX_ERROR } from '../errors.js';
import { cstr } from '../util/c-string.js';
import { helpReply } from './help.js';
import { clearErrno } from '../util/c-errno.js';
import { rewriteConfigFile, strerror } from '../config/rewrite.js';

// CONFIG GET / SET / RESETSTAT / REWRITE / HELP (config.c). SET is atomic over all the
// pairs it is given: every value is checked before any is applied.

const get: Handler = (client, args) => {
  const seen = new Set<string>();
  const entries: RespValue[] = [];
  for (const pattern of args.slice(2)) {
    for (const [name, value] of client.server.config.matching(pattern)) {
      if (seen.has(name)) continue;
      seen.add(name);
      entries.push(name, value);
    }
  }
  return new MapReply(entries);
};

const set: Handler = (client, args) => {
  clearErrno(); // value parsing (strtoll and friends) clears errno in Redis
  // Arity (-4) is checked before; an unpaired trailing name is a syntax error.
  if (args.length % 2 !== 0) return SYNTAX_ERROR;
  const config = client.server.config;
  const pairs: [string, string][] = [];
  // configSetCommand's first pass: the first unknown, immutable or repeated name fails the whole command.
  // A config and its alias (list-max-ziplist-size) are distinct entries there, so both may be set at once.
  const names = new Set<string>();
  for (let i = 2; i < args.length; i += 2) {
    const name = args[i]!;
    const spec = Config.spec(name);
    if (spec === undefined) return new ErrorReply(`ERR Unknown option or number of arguments for CONFIG SET - '${cstr(name)}'`);
    if (spec.immutable === true) return failed(name, "can't set immutable config");
    const entry = name.toLowerCase();
    if (names.has(entry)) return failed(name, 'duplicate parameter');
    names.add(entry);
    pairs.push([name, args[i + 1]!]);
  }
  // Validate all first, then apply, so a bad value changes nothing.
  const trial = new Config();
  for (const [name, value] of pairs) {
    try {
      trial.set(name, [value]);
    } catch (err) {
      if (err instanceof ConfigError) return failed(name, err.message);
      throw err;
    }
  }
  for (const [name, value] of pairs) config.set(name, [value]);
  return OK;
};

function failed(name: string, reason: string): ErrorReply {
  return new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${cstr(name)}') - ${reason}`);
}

/** CONFIG RESETSTAT: INFO's counters, command and error stats, latency histograms (not the slow log nor latency events). */
const resetstat: Handler = (client) => {
  const kv = client.server;
  kv.resetStats();
  kv.latency.resetHistograms();
  const expire = kv.activeExpire;
  expire.stalePercent = expire.timeCapReached = expire.cpuMicros = 0;
  return OK;
};

const NO_CONFIG_FILE = new ErrorReply('ERR The server is running without a config file');

/** CONFIG REWRITE: the config file the server started with, updated in place (config/rewrite.ts). */
const rewrite: Handler = (client) => {
  const kv = client.server;
  if (kv.configFile === '') return NO_CONFIG_FILE;
  try {
    rewriteConfigFile(kv, kv.configFile);
  } catch (err) {
    kv.log.warning(`CONFIG-REWRITE failed: ${strerror(err)}`);
    return new ErrorReply(`ERR Rewriting config file: ${strerror(err)}`);
  }
  kv.log.notice('CONFIG REWRITE executed with success.');
  return OK;
};

const help: Handler = () =>
  helpReply('CONFIG', [
    'GET <pattern>',
    '    Return parameters matching the glob-like <pattern> and their values.',
    'SET <directive> <value>',
    '    Set the configuration <directive> to <value>.',
    'RESETSTAT',
    '    Reset statistics reported by the INFO command.',
    'REWRITE',
    '    Rewrite the configuration file.',
  ]);

export const CONFIG_HANDLERS: Record<string, Handler> = {
  'config|get': get,
  'config|set': set,
  'config|resetstat': resetstat,
  'config|rewrite': rewrite,
  'config|help': help,
};
