import { ErrorReply, MapReply, OK, type RespValue } from '@kv/resp';
import type { Handler } from '../command-table/types.js';
import { Config, ConfigError } from '../config/config.js';
import { SYNTAX_ERROR } from '../errors.js';
import { cstr } from '../util/c-string.js';
import { helpReply } from './help.js';
import { clearErrno } from '../util/c-errno.js';

// CONFIG GET / SET / RESETSTAT / HELP (config.c). SET is atomic over all the
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
  const names = new Set<string>();
  for (let i = 2; i < args.length; i += 2) {
    const name = args[i]!;
    const spec = Config.spec(name);
    if (spec === undefined) return new ErrorReply(`ERR Unknown option or number of arguments for CONFIG SET - '${cstr(name)}'`);
    if (names.has(spec.name)) return failed(name, 'duplicate parameter');
    names.add(spec.name);
    pairs.push([name, args[i + 1]!]);
  }
  // Validate all first, then apply, so a bad value changes nothing.
  const trial = new Config();
  for (const [name, value] of pairs) {
    const spec = Config.spec(name)!;
    if (spec.immutable === true) return failed(name, "can't set immutable config");
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

const resetstat: Handler = (client) => {
  client.server.resetStats();
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
  'config|help': help,
};
