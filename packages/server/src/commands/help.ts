import { SimpleString, type RespValue } from '@kv/resp';

/** A `X HELP` reply as Redis's addReplyHelp builds it: status lines, HELP appended. */
export function helpReply(container: string, lines: readonly string[]): RespValue {
  return [
    `${container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`,
    ...lines,
    'HELP',
    '    Prints this help.',
  ].map((l) => new SimpleString(l));
}
