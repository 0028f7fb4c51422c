import { ErrorReply, MapReply, NULL_ARRAY, SimpleString, type RespValue } from '@kv/resp';
import { globMatch } from '@kv/structures';
import type { Client } from '../client/client.js';
import { commandDocsReply, commandInfoReply } from '../command-table/meta-reply.js';
import type { Command, Handler } from '../command-table/types.js';
import { SYNTAX_ERROR } from '../errors.js';
import { isOption } from './args.js';
import { helpReply } from './help.js';

// COMMAND and its subcommands: all answers come from the command table.

function allCommands(client: Client): Command[] {
  return [...client.server.commands.commands()];
}

/** A command and its subcommands, as COMMAND LIST names them. */
function withSubcommands(c: Command): Command[] {
  return c.subcommands === undefined ? [c] : [c, ...c.subcommands.values()];
}

const command: Handler = (client) => allCommands(client).map(commandInfoReply);

const count: Handler = (client) => client.server.commands.size;

const info: Handler = (client, args) => {
  if (args.length === 2) return allCommands(client).map(commandInfoReply);
  return args.slice(2).map((name) => {
    const c = client.server.commands.lookupFullName(name);
    return c === undefined ? NULL_ARRAY : commandInfoReply(c);
  });
};

const docs: Handler = (client, args) => {
  const entries: RespValue[] = [];
  const found = args.length === 2
    ? allCommands(client)
    : args.slice(2).map((n) => client.server.commands.lookupFullName(n)).filter((c): c is Command => c !== undefined);
  for (const c of found) entries.push(c.fullName, commandDocsReply(c));
  return new MapReply(entries);
};

const list: Handler = (client, args) => {
  let filter: (c: Command) => boolean = () => true;
  if (args.length === 5 && isOption(args[2]!, 'FILTERBY')) {
    const kind = args[3]!;
    const value = args[4]!;
    if (isOption(kind, 'MODULE')) filter = () => false;
    else if (isOption(kind, 'ACLCAT')) filter = (c) => c.meta.aclCategories.some((cat) => cat.toLowerCase() === `@${value.toLowerCase()}`);
    else if (isOption(kind, 'PATTERN')) filter = (c) => globMatch(value, c.fullName, true);
    else return SYNTAX_ERROR;
  } else if (args.length !== 2) {
    return SYNTAX_ERROR;
  }
  const names: string[] = [];
  for (const c of allCommands(client)) for (const x of withSubcommands(c)) if (filter(x)) names.push(x.fullName);
  return names;
};

/** The key positions of a command line, from the command's first/last/step. */
function keyPositions(client: Client, argv: string[]): number[] | ErrorReply {
  let c = client.server.commands.lookup(argv[0]!);
  if (c?.subcommands !== undefined && argv.length >= 2) c = c.subcommands.get(argv[1]!.toLowerCase());
  if (c === undefined || c.handler === undefined) return new ErrorReply('ERR Invalid command specified');
  const arity = c.meta.arity;
  if ((arity > 0 && arity !== argv.length) || argv.length < -arity) {
    return new ErrorReply('ERR Invalid number of arguments specified for command');
  }
  const { firstKey, step } = c.meta;
  if (firstKey === 0) return new ErrorReply('ERR The command has no key arguments');
  const last = c.meta.lastKey < 0 ? argv.length + c.meta.lastKey : c.meta.lastKey;
  const out: number[] = [];
  for (let i = firstKey; i <= last && i < argv.length; i += step) out.push(i);
  if (out.length === 0) return new ErrorReply('ERR The command has no key arguments');
  return out;
}

const getkeys: Handler = (client, args) => {
  const positions = keyPositions(client, args.slice(2));
  if (positions instanceof ErrorReply) return positions;
  return positions.map((i) => args[i + 2]!);
};

const getkeysandflags: Handler = (client, args) => {
  const argv = args.slice(2);
  const positions = keyPositions(client, argv);
  if (positions instanceof ErrorReply) return positions;
  const c = client.server.commands.lookupFullName(argv[0]!)!;
  const flags = keySpecFlags(c);
  return positions.map((i) => [argv[i]!, flags.map((f) => new SimpleString(f))]);
};

/** The flags of the command's first key spec (kv's commands so far have one spec or alike ones). */
function keySpecFlags(c: Command): string[] {
  const specs = c.meta.info[8];
  if (!Array.isArray(specs) || specs.length === 0) return [];
  const first = specs[0];
  if (first === null || first === undefined || typeof first !== 'object' || !('$map' in first)) return [];
  const i = first.$map.indexOf('flags');
  const f = first.$map[i + 1];
  if (f === undefined || f === null || typeof f !== 'object' || !('$set' in f)) return [];
  return f.$set.map((x) => (x !== null && typeof x === 'object' && '$simple' in x ? x.$simple : String(x)));
}

const help: Handler = () =>
  helpReply('COMMAND', [
    '(no subcommand)',
    '    Return details about all Redis commands.',
    'COUNT',
    '    Return the total number of commands in this Redis server.',
    'LIST',
    '    Return a list of all commands in this Redis server.',
    'INFO [<command-name> ...]',
    '    Return details about multiple Redis commands.',
    '    If no command names are given, documentation details for all',
    '    commands are returned.',
    'DOCS [<command-name> ...]',
    '    Return documentation details about multiple Redis commands.',
    '    If no command names are given, documentation details for all',
    '    commands are returned.',
    'GETKEYS <full-command>',
    '    Return the keys from a full Redis command.',
    'GETKEYSANDFLAGS <full-command>',
    '    Return the keys and the access flags from a full Redis command.',
  ]);

export const COMMAND_HANDLERS: Record<string, Handler> = {
  command,
  'command|count': count,
  'command|info': info,
  'command|docs': docs,
  'command|list': list,
  'command|getkeys': getkeys,
  'command|getkeysandflags': getkeysandflags,
  'command|help': help,
};
