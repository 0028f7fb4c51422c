import { randomBytes } from 'node:crypto';
import { ErrorReply, MapReply, OK, SetReply, type RespValue } from '@kv/resp';
import { CATEGORIES, asciiLower, categoryFlag } from '../acl/categories.js';
import { ACL_COMMANDS } from '../acl/commands.js';
import { ACL_OK, DENIED_CMD, DENIED_KEY, checkUserCommand } from '../acl/check.js';
import { describeChannels, describeCommandRules, describeKeys } from '../acl/describe.js';
import { oneLine } from '../acl/acl.js';
import type { Selector } from '../acl/selector.js';
import type { Handler } from '../command-table/types.js';
import { NOT_INTEGER, wrongArity } from '../errors.js';
import { cstr } from '../util/c-string.js';
import { countArg } from './args.js';
import { helpReply } from './help.js';

// ACL and its subcommands (acl.c aclCommand), with Redis 7.0.15's replies.

const NO_ACL_FILE = new ErrorReply(
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.',
);
const SAVE_FAILED = new ErrorReply('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
const GENPASS_RANGE = new ErrorReply('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096');

/** addReplySubcommandSyntaxError: a subcommand given a number of arguments it does not take. */
function syntaxError(args: readonly string[]): ErrorReply {
  return new ErrorReply(
    oneLine(`ERR unknown subcommand or wrong number of arguments for '${cstr(args[1]!).slice(0, 128)}'. Try ${cstr(args[0]!).toUpperCase()} HELP.`),
  );
}

const setuser: Handler = (client, args) => client.server.acl.setUser(client, args[2]!, args.slice(3)) ?? OK;

const deluser: Handler = (client, args) => client.server.acl.deleteUsers(client, args.slice(2));

/** What ACL GETUSER shows of one selector. */
function selectorFields(s: Selector): RespValue[] {
  return ['commands', describeCommandRules(s), 'keys', describeKeys(s), 'channels', describeChannels(s)];
}

const getuser: Handler = (client, args) => {
  const user = client.server.acl.getUser(args[2]!);
  if (user === undefined) return null;
  return new MapReply([
    'flags', new SetReply(user.flagNames()),
    'passwords', [...user.passwords],
    ...selectorFields(user.root),
    'selectors', user.selectors.slice(1).map((s) => new MapReply(selectorFields(s))),
  ]);
};

const list: Handler = (client) => client.server.acl.userList().map((u) => `user ${u.name} ${u.describe()}`);

const users: Handler = (client) => client.server.acl.userList().map((u) => u.name);

const whoami: Handler = (client) => client.aclUser.name;

const cat: Handler = (_client, args) => {
  if (args.length > 3) return syntaxError(args);
  if (args.length === 2) return [...CATEGORIES];
  const flag = categoryFlag(cstr(args[2]!));
  if (flag === 0) return new ErrorReply(oneLine(`ERR Unknown category '${cstr(args[2]!).slice(0, 128)}'`));
  return ACL_COMMANDS.inCategory(flag).map((c) => c.fullName);
};

const genpass: Handler = (_client, args) => {
  if (args.length > 3) return syntaxError(args);
  let bits = 256;
  if (args.length === 3) {
    const n = countArg(args[2]!);
    if (n instanceof ErrorReply) return n;
    bits = n;
  }
  if (bits <= 0 || bits > 4096) return GENPASS_RANGE;
  const chars = Math.floor((bits + 3) / 4);
  return randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
};

const log: Handler = (client, args) => {
  if (args.length > 3) return syntaxError(args);
  const acl = client.server.acl;
  let count = 10;
  if (args.length === 3) {
    if (asciiLower(cstr(args[2]!)) === 'reset') {
      acl.log.reset();
      return OK;
    }
    const n = countArg(args[2]!, NOT_INTEGER);
    if (n instanceof ErrorReply) return n;
    count = Math.max(0, n);
  }
  return acl.log.reply(count, Date.now());
};

const dryrun: Handler = (client, args) => {
  const server = client.server;
  const user = server.acl.getUser(args[2]!);
  if (user === undefined) return new ErrorReply(oneLine(`ERR User '${cstr(args[2]!)}' not found`));
  const argv = args.slice(3);
  let command = server.commands.lookup(argv[0]!);
  if (command !== undefined && command.subcommands !== undefined && argv.length >= 2) {
    command = command.subcommands.get(argv[1]!.toLowerCase());
  }
  if (command === undefined) return new ErrorReply(oneLine(`ERR Command '${cstr(argv[0]!)}' not found`));
  const arity = command.meta.arity;
  if ((arity > 0 && arity !== argv.length) || argv.length < -arity) return wrongArity(command.fullName);
  const r = checkUserCommand(user, command, argv);
  if (r.denied === ACL_OK) return OK;
  if (r.denied === DENIED_CMD) return `This user has no permissions to run the '${command.fullName}' command`;
  return `This user has no permissions to access the '${cstr(argv[r.pos]!)}' ${r.denied === DENIED_KEY ? 'key' : 'channel'}`;
};

const load: Handler = (client) => {
  if (client.server.config.get('aclfile') === '') return NO_ACL_FILE;
  const errors = client.server.acl.load(client);
  return errors === undefined ? OK : new ErrorReply(oneLine(`ERR ${errors}`));
};

const save: Handler = (client) => {
  if (client.server.config.get('aclfile') === '') return NO_ACL_FILE;
  return client.server.acl.save() ? OK : SAVE_FAILED;
};

const help: Handler = () =>
  helpReply('ACL', [
    'CAT [<category>]',
    '    List all commands that belong to <category>, or all command categories',
    '    when no category is specified.',
    'DELUSER <username> [<username> ...]',
    '    Delete a list of users.',
    'DRYRUN <username> <command> [<arg> ...]',
    '    Returns whether the user can execute the given command without executing the command.',
    'GETUSER <username>',
    "    Get the user's details.",
    'GENPASS [<bits>]',
    '    Generate a secure 256-bit user password. The optional `bits` argument can',
    '    be used to specify a different size.',
    'LIST',
    '    Show users details in config file format.',
    'LOAD',
    '    Reload users from the ACL file.',
    'LOG [<count> | RESET]',
    '    Show the ACL log entries.',
    'SAVE',
    '    Save the current config to the ACL file.',
    'SETUSER <username> <attribute> [<attribute> ...]',
    '    Create or modify a user with the specified attributes.',
    'USERS',
    '    List all the registered usernames.',
    'WHOAMI',
    '    Return the current connection username.',
  ]);

export const ACL_HANDLERS: Record<string, Handler> = {
  'acl|setuser': setuser,
  'acl|deluser': deluser,
  'acl|getuser': getuser,
  'acl|list': list,
  'acl|users': users,
  'acl|whoami': whoami,
  'acl|cat': cat,
  'acl|genpass': genpass,
  'acl|log': log,
  'acl|dryrun': dryrun,
  'acl|load': load,
  'acl|save': save,
  'acl|help': help,
};
