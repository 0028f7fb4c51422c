import { ErrorReply, MapReply, SetReply, SimpleString, type RespValue } from '@kv/resp';
import { globMatch } from '@kv/structures';
import type { Client } from '../client/client.js';
import { commandKeys, hasKeys, type KeyReference } from '../command-table/key-specs.js';
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
    return c === undefined ? null : commandInfoReply(c);
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

/** COMMAND GETKEYS / GETKEYSANDFLAGS (getKeysSubcommandImpl): the keys of a command line, or Redis's error. */
function keysOf(client: Client, argv: string[]): KeyReference[] | ErrorReply {
  let c = client.server.commands.lookup(argv[0]!);
  if (c?.subcommands !== undefined && argv.length >= 2) c = c.subcommands.get(argv[1]!.toLowerCase());
  if (c === undefined) return new ErrorReply('ERR Invalid command specified');
  if (!hasKeys(c.fullName, c.meta)) return new ErrorReply('ERR The command has no key arguments');
  const arity = c.meta.arity;
  if ((arity > 0 && arity !== argv.length) || argv.length < -arity) {
    return new ErrorReply('ERR Invalid number of arguments specified for command');
  }
  const keys = commandKeys(c.fullName, c.meta, argv);
  if (keys.length === 0 && !c.flagSet.has('no_mandatory_keys')) return new ErrorReply('ERR Invalid arguments specified for command');
  return keys;
}

const getkeys: Handler = (client, args) => {
  const keys = keysOf(client, args.slice(2));
  if (keys instanceof ErrorReply) return keys;
  return keys.map((k) => args[k.pos + 2]!);
};

const getkeysandflags: Handler = (client, args) => {
  const keys = keysOf(client, args.slice(2));
  if (keys instanceof ErrorReply) return keys;
  return keys.map((k) => [args[k.pos + 2]!, new SetReply(k.flags.map((f) => new SimpleString(f)))]);
};

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
