// Builds src/commands.generated.ts from Redis 7.0's command table: one method
// per command and per subcommand (CONFIG GET -> configGet), named parameters
// typed from the argument syntax where it is plain positional, `...args` for
// the rest, and the reply type from reply-types.ts. Pure: the CLI
// (gen-commands.ts) writes the file, and a test checks the file is current.
import { CACHEABLE, replyShape } from './reply-types.js';

export interface CommandArgument {
  name: string;
  type: string;
  token?: string;
  /** A list, or (where the table was read from a RESP3 map) an object whose keys and values are the flags. */
  flags?: string[] | Record<string, string>;
  arguments?: CommandArgument[];
}

export interface CommandEntry {
  arity: number;
  flags: string[];
  first_key: number;
  last_key: number;
  group: string;
  since: string;
  doc_flags?: string[];
  arguments?: CommandArgument[];
  subcommands?: Record<string, CommandEntry>;
}

export type CommandTable = Record<string, CommandEntry>;

/** Method name of a command: 'config|get' -> 'configGet', 'bitfield_ro' -> 'bitfieldRo', 'client|no-evict' -> 'clientNoEvict'. */
export function methodName(command: string): string {
  return camel(command.split(/[|\-_:/ ]/));
}

function camel(words: string[]): string {
  const parts = words.filter((w) => w !== '').map((w) => w.toLowerCase());
  return parts.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

const RESERVED = new Set(['function', 'default', 'delete', 'new', 'class', 'return', 'in', 'const', 'var', 'let', 'if', 'else', 'switch', 'case', 'for', 'while', 'do', 'with', 'try', 'catch', 'finally', 'throw', 'typeof', 'instanceof', 'void', 'this', 'super', 'import', 'export', 'extends', 'yield', 'await', 'enum', 'args']);

const SIMPLE_TYPES: Record<string, string> = {
  key: 'Key',
  string: 'Arg',
  pattern: 'Arg',
  integer: 'Int',
  'unix-time': 'Int',
  double: 'Num',
};

function has(a: CommandArgument, flag: string): boolean {
  const f = a.flags;
  if (f === undefined) return false;
  return Array.isArray(f) ? f.includes(flag) : Object.entries(f).some(([k, v]) => k === flag || v === flag);
}

/** Redis's documentation syntax for the arguments: `key value [NX | XX] [GET]`. */
export function syntax(args: CommandArgument[] | undefined): string {
  return (args ?? []).map((a) => renderArg(a)).join(' ');
}

function renderArg(a: CommandArgument): string {
  let body: string;
  if (a.type === 'pure-token') body = a.token!;
  else if (a.type === 'oneof') {
    body = a.arguments!.map((x) => renderArg(x)).join(' | ');
    if (!has(a, 'optional')) body = `<${body}>`;
    if (a.token !== undefined) body = `${a.token} ${body}`;
  } else if (a.type === 'block') {
    body = a.arguments!.map((x) => renderArg(x)).join(' ');
    if (a.token !== undefined) body = `${a.token} ${body}`;
  } else body = a.token !== undefined ? `${a.token} ${a.name}` : a.name;
  if (has(a, 'multiple')) {
    const again = has(a, 'multiple_token') || a.token === undefined ? body : body.slice(a.token.length + 1);
    body = `${body} [${again} ...]`;
  }
  return has(a, 'optional') ? `[${body}]` : body;
}

/**
 * Parameters for a command's arguments: leading plain positional arguments
 * (no token) are named and typed, a final `multiple` one becomes a rest
 * parameter, trailing optional plain ones optional parameters, a required
 * choice of pure tokens a literal union; anything else ends the typed
 * part with `...args: Arg[]`.
 */
export function params(args: CommandArgument[] | undefined): string {
  const list = args ?? [];
  const out: string[] = [];
  const used = new Set<string>();
  const nameOf = (raw: string): string => {
    let n = camel(raw.split(/[|\-_:/ ]/));
    if (RESERVED.has(n)) n = `${n}Name`;
    let m = n;
    for (let i = 2; used.has(m); i++) m = `${n}${i}`;
    used.add(m);
    return m;
  };
  let optionalSeen = false;
  let i = 0;
  for (; i < list.length; i++) {
    const a = unwrap(list[i]!);
    const last = i === list.length - 1;
    const simple = SIMPLE_TYPES[a.type];
    const optional = has(a, 'optional');
    const multiple = has(a, 'multiple');
    if (simple !== undefined && a.token === undefined) {
      if (multiple) {
        if (!last) break;
        out.push(`...${nameOf(`${a.name}s`)}: ${simple}[]`);
        return out.join(', ');
      }
      if (optional) {
        // An optional plain argument is only a plain optional parameter when all after it are too.
        const rest = list.slice(i).map(unwrap);
        if (!rest.every((r) => SIMPLE_TYPES[r.type] !== undefined && r.token === undefined && has(r, 'optional') && !has(r, 'multiple'))) break;
        optionalSeen = true;
        out.push(`${nameOf(a.name)}?: ${simple}`);
        continue;
      }
      if (optionalSeen) break;
      out.push(`${nameOf(a.name)}: ${simple}`);
      continue;
    }
    if (a.type === 'oneof' && a.token === undefined && !optional && !multiple && !optionalSeen && a.arguments!.every((x) => x.type === 'pure-token')) {
      out.push(`${nameOf(a.name)}: ${a.arguments!.map((x) => `'${x.token!}'`).join(' | ')}`);
      continue;
    }
    break;
  }
  if (i < list.length) out.push('...args: Arg[]');
  return out.join(', ');
}

/** A block of one plain argument (CONFIG GET's `parameter [parameter ...]`) is that argument. */
function unwrap(a: CommandArgument): CommandArgument {
  const only = a.type === 'block' && a.token === undefined && a.arguments?.length === 1 ? a.arguments[0]! : undefined;
  if (only === undefined || only.token !== undefined || only.flags !== undefined || SIMPLE_TYPES[only.type] === undefined) return a;
  return { name: a.name, type: only.type, ...(a.flags === undefined ? {} : { flags: a.flags }) };
}

interface Row {
  command: string;
  words: string[];
  entry: CommandEntry;
  container: boolean;
}

function rows(table: CommandTable): Row[] {
  const out: Row[] = [];
  for (const name of Object.keys(table).sort()) {
    const entry = table[name]!;
    const subs = entry.subcommands ?? {};
    out.push({ command: name, words: [name.toUpperCase()], entry, container: Object.keys(subs).length > 0 });
    for (const sub of Object.keys(subs).sort()) {
      out.push({ command: sub, words: sub.toUpperCase().split('|'), entry: subs[sub]!, container: false });
    }
  }
  return out;
}

function flagBits(row: Row): number {
  let bits = 0;
  if (row.entry.flags.includes('blocking')) bits |= 1; // BLOCKING in src/spec.ts
  if (CACHEABLE.has(row.command)) {
    if (row.entry.first_key !== 1 || row.entry.last_key !== 1) throw new Error(`${row.command} is listed cacheable but does not name exactly one key`);
    bits |= 2; // CACHEABLE
  }
  return bits;
}

export function generate(table: CommandTable, source: string): string {
  const all = rows(table);
  const names = new Set<string>();
  for (const c of CACHEABLE) if (!all.some((r) => r.command === c)) throw new Error(`cacheable ${c} is not in the command table`);
  const sigs: string[] = [];
  const specs: string[] = [];
  for (const row of all) {
    const method = methodName(row.command);
    if (names.has(method)) throw new Error(`two commands map to the method ${method}`);
    names.add(method);
    const shape = replyShape(row.command);
    const type = shape?.type ?? 'Reply<S>';
    const decoder = shape?.decoder ?? 'convert';
    const p = row.container ? '...args: Arg[]' : params(row.entry.arguments);
    const usage = row.container ? `${row.words[0]} subcommand [argument ...]` : `${row.words.join(' ')}${row.entry.arguments?.length ? ` ${syntax(row.entry.arguments)}` : ''}`;
    const notes = [`group ${row.entry.group}`, `since ${row.entry.since}`];
    if (row.entry.doc_flags?.includes('deprecated')) notes.push('deprecated');
    if (row.entry.flags.includes('blocking')) notes.push('blocks the connection: use a duplicate() client');
    if (row.container) notes.push('the subcommands have methods of their own');
    sigs.push(`  /** \`${usage}\` (${notes.join(', ')}) */\n  ${method}(${p}): ${type};`);
    specs.push(`  ['${method}', ${JSON.stringify(row.words).replace(/"/g, "'").replace(/,/g, ', ')}, '${decoder}', ${flagBits(row)}],`);
  }
  return `// Generated by packages/client/scripts/gen-commands.ts from ${source}: do not edit.
// One method per Redis 7.0 command and subcommand; see scripts/generate.ts for the naming and typing rules.
import type { DecoderName } from './decoders.js';
import type { Arg, Int, Key, Num, Reply } from './types.js';

/** Every command as a method signature; S is the bulk-string type (string, or Buffer with \`buffers: true\`). */
export interface GeneratedCommands<S> {
${sigs.join('\n')}
}

/** [method, command words, reply decoder, flags (1 blocking, 2 cacheable)] per command. */
export const GENERATED_COMMANDS: readonly (readonly [method: string, words: readonly string[], decoder: DecoderName, flags: number])[] = [
${specs.join('\n')}
];
`;
}
