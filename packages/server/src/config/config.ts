import { globMatch } from '@kv/structures';
import { PARAMS, type ParamSpec } from './params.js';
import { parseDouble } from '../util/double.js';
import { parseLongLong } from '../util/integers.js';
import { trimmedF } from '../util/printf.js';
import { formatKeyspaceEvents, INVALID_EVENT_CLASS, parseKeyspaceEvents, storedKeyspaceEvents } from '../notify/flags.js';

/** A bad value for a parameter; `message` is the reason Redis gives. */
export class ConfigError extends Error {}

/**
 * The server's configuration: parameter values as canonical strings (what
 * CONFIG GET prints) plus listeners that apply changes.
 */
export class Config {
  private readonly values = new Map<string, string>();
  private readonly listeners = new Map<string, ((value: string) => void)[]>();

  constructor() {
    for (const p of PARAMS) this.values.set(p.name, p.default);
  }

  static spec(name: string): ParamSpec | undefined {
    return SPECS.get(name.toLowerCase());
  }

  get(name: string): string {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`unknown config parameter ${name}`);
    return v;
  }

  number(name: string): number {
    return Number(this.get(name));
  }

  bool(name: string): boolean {
    return this.get(name) === 'yes';
  }

  /** Validates and stores a value given as arguments (config file lines may give several). Throws ConfigError. */
  set(name: string, args: readonly string[], startingUp = false): void {
    const spec = SPECS.get(name.toLowerCase());
    if (spec === undefined) throw new ConfigError('Unknown option');
    if (spec.immutable === true && !startingUp) throw new ConfigError("can't set immutable config");
    const value = spec.kind === 'obuf-limits' ? mergeObufLimits(this.get(spec.name), args) : canonicalValue(spec, args);
    this.values.set(spec.name, value);
    for (const l of this.listeners.get(spec.name) ?? []) l(value);
  }

  onChange(name: string, listener: (value: string) => void): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener);
    this.listeners.set(name, list);
  }

  /** Parameters whose names match a glob pattern, for CONFIG GET. */
  matching(pattern: string): [string, string][] {
    const lower = pattern.toLowerCase();
    // A name without glob characters is looked up (any case) and answered with the name as given.
    if (!/[[*?]/.test(pattern)) {
      const exact = SPECS.get(lower);
      return exact === undefined ? [] : [[pattern, this.shown(exact)]];
    }
    const out: [string, string][] = [];
    for (const p of PARAMS) {
      if (p.hidden === true) continue;
      if (globMatch(lower, p.name, true)) out.push([p.name, this.shown(p)]);
      if (p.alias !== undefined && globMatch(lower, p.alias, true)) out.push([p.alias, this.shown(p)]);
    }
    return out;
  }

  /** The value as CONFIG GET prints it: the stored one, but Redis's lossy spelling of notify-keyspace-events. */
  private shown(spec: ParamSpec): string {
    const value = this.get(spec.name);
    return spec.kind === 'keyspace-events' ? formatKeyspaceEvents(parseKeyspaceEvents(value) ?? 0) : value;
  }
}

const SPECS = new Map<string, ParamSpec>();
for (const p of PARAMS) {
  SPECS.set(p.name, p);
  if (p.alias !== undefined) SPECS.set(p.alias, p);
}

function canonicalValue(spec: ParamSpec, args: readonly string[]): string {
  switch (spec.kind) {
    case 'save':
      return canonicalSave(args);
    case 'bind':
      if (args.length === 0) throw new ConfigError('wrong number of arguments');
      return args.join(' ');
    case 'percentiles':
      return canonicalPercentiles(args);
    case 'obuf-limits':
      return mergeObufLimits(spec.default, args);
  }
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  const raw = args[0]!;
  switch (spec.kind) {
    case 'bool': {
      const v = raw.toLowerCase();
      if (v !== 'yes' && v !== 'no') throw new ConfigError("argument must be 'yes' or 'no'");
      return v;
    }
    case 'enum': {
      const v = raw.toLowerCase();
      if (!spec.values.includes(v)) throw new ConfigError(`argument(s) must be one of the following: ${spec.values.join(', ')}`);
      return v;
    }
    case 'string':
      return raw;
    case 'keyspace-events': {
      const flags = parseKeyspaceEvents(raw);
      if (flags === null) throw new ConfigError(INVALID_EVENT_CLASS);
      return storedKeyspaceEvents(flags);
    }
    case 'int': {
      // 64-bit exact: LONG_MAX (given as MAX_SAFE_INTEGER in the table) is 2^63-1 here.
      const n = spec.memory === true ? parseMemoryBig(raw) : parseIntegerBig(raw);
      if (n === null) throw new ConfigError(spec.memory === true ? 'argument must be a memory value' : "argument couldn't be parsed into an integer");
      const max = spec.max === Number.MAX_SAFE_INTEGER ? LLONG_MAX : BigInt(spec.max);
      if (n < BigInt(spec.min) || n > max) throw new ConfigError(`argument must be between ${spec.min} and ${max} inclusive`);
      return String(n);
    }
  }
}

const LLONG_MAX = 9223372036854775807n;

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'];

/** Applies `class hard soft seconds` groups (CONFIG SET gives them in one string) over the current limits. */
function mergeObufLimits(current: string, args: readonly string[]): string {
  const words = args.join(' ').split(' ').filter((w) => w !== '');
  if (words.length % 4 !== 0) throw new ConfigError('Wrong number of arguments in buffer limit configuration.');
  const limits = new Map<string, string>();
  const cur = current.split(' ');
  for (let i = 0; i < cur.length; i += 4) limits.set(cur[i]!, cur.slice(i + 1, i + 4).join(' '));
  const updates = new Map<string, string>();
  for (let i = 0; i < words.length; i += 4) {
    let cls = words[i]!.toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!OBUF_CLASSES.includes(cls)) throw new ConfigError('Invalid client class specified in buffer limit configuration.');
    const hard = parseMemoryBig(words[i + 1]!);
    const soft = parseMemoryBig(words[i + 2]!);
    const seconds = parseIntegerBig(words[i + 3]!);
    if (hard === null || soft === null || seconds === null || seconds < 0n) {
      throw new ConfigError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
    }
    updates.set(cls, `${hard} ${soft} ${seconds}`);
  }
  for (const [k, v] of updates) limits.set(k, v);
  return OBUF_CLASSES.map((c) => `${c} ${limits.get(c)}`).join(' ');
}

/** string2ll: no '+', no leading zeros, within 64 bits. */
function parseIntegerBig(s: string): bigint | null {
  const v = parseLongLong(s);
  return v === null ? null : BigInt(v);
}

/** memtoull, exactly: a number with an optional unit, up to 2^64-1. */
function parseMemoryBig(s: string): bigint | null {
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(s);
  if (m === null) return null;
  const units: Record<string, bigint> = { b: 1n, k: 1000n, kb: 1024n, m: 1000000n, mb: 1048576n, g: 1000000000n, gb: 1073741824n };
  const v = BigInt(m[1]!) * units[(m[2] ?? 'b').toLowerCase()]!;
  return v > 18446744073709551615n ? null : v;
}

/** Redis's memtoull: a number with an optional b/k/kb/m/mb/g/gb unit (k = 1000, kb = 1024). */
export function parseMemory(s: string): number | null {
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(s);
  if (m === null) return null;
  const units: Record<string, number> = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  return Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]!;
}

/**
 * A multi-argument value: a config file line gives the arguments, CONFIG SET
 * one string that Redis splits on single spaces (sdssplitlen, so doubled or
 * trailing spaces give empty arguments). One empty argument means none.
 */
function multiArgs(args: readonly string[]): string[] {
  const parts = args.length === 1 ? (args[0] === '' ? [] : args[0]!.split(' ')) : [...args];
  return parts.length === 1 && parts[0] === '' ? [] : parts;
}

/** `save` takes pairs of seconds (at least 1) and changes (at least 0), or nothing to turn snapshots off. */
function canonicalSave(args: readonly string[]): string {
  const parts = multiArgs(args);
  if (parts.length % 2 !== 0) throw new ConfigError('Invalid save parameters');
  const values = parts.map((p, i) => {
    // strtoll with the whole argument consumed: leading blanks and a sign are accepted.
    // An empty argument is 0 (strtoll stops at once, on the terminating NUL).
    const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(p);
    const v = p === '' ? 0 : m === null ? NaN : Number(m[1]);
    if (Number.isNaN(v) || (i % 2 === 0 ? v < 1 : v < 0)) throw new ConfigError('Invalid save parameters');
    return String(v);
  });
  return values.join(' ');
}

/** setConfigLatencyTrackingInfoPercentilesOutputOption; printed as "%f" with trailing zeros trimmed. */
function canonicalPercentiles(args: readonly string[]): string {
  return multiArgs(args).map((p) => {
    const v = parseDouble(p);
    if (v === null) throw new ConfigError('Invalid latency-tracking-info-percentiles parameters');
    if (v > 100 || v < 0) throw new ConfigError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
    return trimmedF(v);
  }).join(' ');
}
