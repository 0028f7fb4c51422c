import type { CommandMeta, MetaValue } from './types.js';

// Where a command's keys are in its arguments, read from the key specs of
// Redis 7.0's COMMAND INFO (db.c getKeysUsingKeySpecs), with Redis's
// getkeys procs for the commands whose specs cannot tell (SET and BITFIELD
// have variable flags, SORT an unknown STORE position).

export interface KeySpec {
  readonly flags: readonly string[];
  readonly begin: { readonly index: number } | { readonly keyword: string; readonly startFrom: number } | undefined;
  readonly find:
    | { readonly kind: 'range'; readonly lastKey: number; readonly keyStep: number; readonly limit: number }
    | { readonly kind: 'keynum'; readonly keyNumIndex: number; readonly firstKey: number; readonly keyStep: number }
    | undefined;
}

/** One key of a command line: its position in argv and the access flags Redis reports for it. */
export interface KeyReference {
  readonly pos: number;
  readonly flags: readonly string[];
}

function entries(v: MetaValue | undefined): Map<string, MetaValue> {
  const out = new Map<string, MetaValue>();
  let list: MetaValue[] = [];
  if (Array.isArray(v)) list = v;
  else if (v !== null && typeof v === 'object' && '$map' in v) list = v.$map;
  for (let i = 0; i + 1 < list.length; i += 2) out.set(String(list[i]), list[i + 1]!);
  return out;
}

function items(v: MetaValue | undefined): MetaValue[] {
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object' && '$set' in v) return v.$set;
  return [];
}

function text(v: MetaValue): string {
  return v !== null && typeof v === 'object' && '$simple' in v ? v.$simple : String(v);
}

function num(m: Map<string, MetaValue>, name: string): number {
  return Number(m.get(name) ?? 0);
}

function parseSpec(v: MetaValue): KeySpec {
  const m = entries(v);
  const bs = entries(m.get('begin_search'));
  const fk = entries(m.get('find_keys'));
  const bsSpec = entries(bs.get('spec'));
  const fkSpec = entries(fk.get('spec'));
  const bsType = bs.get('type');
  const fkType = fk.get('type');
  return {
    flags: items(m.get('flags')).map(text),
    begin: bsType === 'index' ? { index: num(bsSpec, 'index') }
      : bsType === 'keyword' ? { keyword: String(bsSpec.get('keyword')), startFrom: num(bsSpec, 'startfrom') }
      : undefined,
    find: fkType === 'range' ? { kind: 'range', lastKey: num(fkSpec, 'lastkey'), keyStep: num(fkSpec, 'keystep'), limit: num(fkSpec, 'limit') }
      : fkType === 'keynum' ? { kind: 'keynum', keyNumIndex: num(fkSpec, 'keynumidx'), firstKey: num(fkSpec, 'firstkey'), keyStep: num(fkSpec, 'keystep') }
      : undefined,
  };
}

const specCache = new WeakMap<CommandMeta, readonly KeySpec[]>();

/** The key specs of a command, as COMMAND INFO's ninth field gives them. */
export function keySpecs(meta: CommandMeta): readonly KeySpec[] {
  let specs = specCache.get(meta);
  if (specs === undefined) {
    specs = items(meta.info[8]).map(parseSpec);
    specCache.set(meta, specs);
  }
  return specs;
}

/** Whether the command has keys at all (doesCommandHaveKeys). */
export function hasKeys(fullName: string, meta: CommandMeta): boolean {
  return PROCS[fullName] !== undefined || keySpecs(meta).some((s) => !s.flags.includes('not_key'));
}

/** getKeysUsingKeySpecs: the keys, or undefined where a spec cannot say (Redis's invalid_spec). */
function keysFromSpecs(specs: readonly KeySpec[], argv: readonly string[]): KeyReference[] | undefined {
  const argc = argv.length;
  const out: KeyReference[] = [];
  for (const spec of specs) {
    if (spec.flags.includes('not_key')) continue;
    let first = 0;
    const begin = spec.begin;
    if (begin === undefined) return undefined;
    if ('index' in begin) first = begin.index;
    else {
      const start = begin.startFrom > 0 ? begin.startFrom : argc + begin.startFrom;
      const end = begin.startFrom > 0 ? argc - 1 : 1;
      const keyword = begin.keyword.toLowerCase();
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i]!.toLowerCase() === keyword) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue;
    }
    const find = spec.find;
    if (find === undefined) return undefined;
    let last: number;
    let step: number;
    if (find.kind === 'range') {
      if (find.lastKey >= 0) last = first + find.lastKey;
      else if (find.limit === 0) last = argc + find.lastKey;
      else last = first + (Math.trunc((argc - first) / find.limit) + find.lastKey);
      step = find.keyStep;
    } else {
      if (first + find.keyNumIndex >= argc) return undefined;
      const n = argv[first + find.keyNumIndex]!;
      if (!/^(0|-?[1-9][0-9]{0,18})$/.test(n) || n.startsWith('-')) return undefined;
      first += find.firstKey;
      last = first + Number(n) - 1;
      step = find.keyStep;
    }
    if (last >= argc || last < first || first >= argc) return undefined;
    for (let i = first; i <= last; i += step) out.push({ pos: i, flags: spec.flags });
    if (spec.flags.includes('incomplete')) return undefined;
  }
  return out;
}

type KeysProc = (argv: readonly string[]) => KeyReference[];

const RW_ACCESS_UPDATE = ['RW', 'access', 'update'];

/** Redis's getkeys_proc for the commands whose key specs are not enough. */
const PROCS: Readonly<Record<string, KeysProc>> = {
  set: (argv) => {
    const get = argv.slice(3).some((a) => a.toLowerCase() === 'get');
    return [{ pos: 1, flags: get ? RW_ACCESS_UPDATE : ['OW', 'update'] }];
  },
  bitfield: (argv) => {
    let readonly = true;
    for (let i = 2; i < argv.length; i++) {
      const rest = argv.length - i - 1;
      const arg = argv[i]!.toLowerCase();
      if (arg === 'get' && rest >= 2) i += 2;
      else if ((arg === 'set' || arg === 'incrby') && rest >= 3) {
        readonly = false;
        break;
      } else if (arg === 'overflow' && rest >= 1) i += 1;
      else {
        readonly = false;
        break;
      }
    }
    return [{ pos: 1, flags: readonly ? ['RO', 'access'] : RW_ACCESS_UPDATE }];
  },
  sort: sortKeys,
  sort_ro: sortKeys,
};

function sortKeys(argv: readonly string[]): KeyReference[] {
  const out: KeyReference[] = [{ pos: 1, flags: ['RO', 'access'] }];
  let store: KeyReference | undefined;
  const skips: Record<string, number> = { limit: 2, get: 1, by: 1 };
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!.toLowerCase();
    const skip = skips[arg];
    if (skip !== undefined) i += skip;
    else if (arg === 'store' && i + 1 < argv.length) store = { pos: i + 1, flags: ['OW', 'update'] };
  }
  if (store !== undefined) out.push(store);
  return out;
}

function hasVariableFlags(specs: readonly KeySpec[]): boolean {
  return specs.some((s) => s.flags.includes('variable_flags'));
}

/**
 * getKeysFromCommandWithSpecs: specs first when their flags are reliable,
 * else the command's own proc. Where a spec cannot say (a bad numkeys, say)
 * Redis falls back to the command's getkeys proc, which for every such
 * command of 7.0 then finds no keys: so does this.
 */
export function commandKeys(fullName: string, meta: CommandMeta, argv: readonly string[]): KeyReference[] {
  const specs = keySpecs(meta);
  if (specs.some((s) => !s.flags.includes('not_key')) && !hasVariableFlags(specs)) {
    const keys = keysFromSpecs(specs, argv);
    if (keys !== undefined) return keys;
    return PROCS[fullName]?.(argv) ?? [];
  }
  const proc = PROCS[fullName];
  return proc === undefined ? [] : proc(argv);
}
