import { globMatch } from '@kv/structures';
import { PARAMS, type ParamSpec } from './params.js';

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
    const value = canonicalValue(spec, args);
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
    const exact = SPECS.get(lower);
    if (exact !== undefined) return [[lower, this.get(exact.name)]];
    const out: [string, string][] = [];
    for (const p of PARAMS) {
      if (p.hidden === true) continue;
      if (globMatch(lower, p.name, true)) out.push([p.name, this.get(p.name)]);
      if (p.alias !== undefined && globMatch(lower, p.alias, true)) out.push([p.alias, this.get(p.name)]);
    }
    return out;
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
    case 'int': {
      const n = spec.memory === true ? parseMemory(raw) : parseInteger(raw);
      if (n === null) throw new ConfigError(spec.memory === true ? 'argument must be a memory value' : "argument couldn't be parsed into an integer");
      const max = spec.max === Number.MAX_SAFE_INTEGER ? '9223372036854775807' : String(spec.max);
      if (n < spec.min || n > spec.max) throw new ConfigError(`argument must be between ${spec.min} and ${max} inclusive`);
      return String(n);
    }
  }
}

function parseInteger(s: string): number | null {
  return /^-?\d+$/.test(s) ? Number(s) : null;
}

/** Redis's memtoull: a number with an optional b/k/kb/m/mb/g/gb unit (k = 1000, kb = 1024). */
export function parseMemory(s: string): number | null {
  const m = /^(\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(s);
  if (m === null) return null;
  const units: Record<string, number> = { b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  return Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]!;
}

/** `save` takes pairs of seconds and changes, or one empty string to turn snapshots off. */
function canonicalSave(args: readonly string[]): string {
  const parts = args.length === 1 ? args[0]!.split(' ').filter((p) => p !== '') : [...args];
  if (parts.length % 2 !== 0 || parts.some((p) => !/^\d+$/.test(p))) throw new ConfigError('Invalid save parameters');
  return parts.join(' ');
}
