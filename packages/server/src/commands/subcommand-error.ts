import { ErrorReply } from '@kv/resp';
import { cstr } from '../util/c-string.js';

/**
 * addReplySubcommandSyntaxError: the subcommand as sent (a C string, at most
 * 128 bytes), the command in upper case.
 */
export function subcommandSyntaxError(args: readonly string[]): ErrorReply {
  return new ErrorReply(
    `ERR unknown subcommand or wrong number of arguments for '${cstr(args[1]!).slice(0, 128)}'. Try ${cstr(args[0]!).toUpperCase()} HELP.`,
  );
}
