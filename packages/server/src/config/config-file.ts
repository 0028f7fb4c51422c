import { splitArgs } from '@kv/resp';

/** One directive of a redis.conf: its name (lower case), its arguments and where it was. */
export interface Directive {
  readonly name: string;
  readonly args: string[];
  readonly line: number;
  readonly text: string;
}

/** A line of a config file that can't be read; the message says why, as Redis's loader does. */
export class ConfigFileError extends Error {
  constructor(
    readonly line: number,
    readonly text: string,
    readonly reason: string,
  ) {
    super(`Reading the configuration file, at line ${line}\n>>> '${text}'\n${reason}`);
  }
}

/**
 * Splits redis.conf text into directives. Lines are split like Redis's
 * sdssplitargs (quotes, escapes); blank lines and `#` comments are skipped.
 * `include` directives are returned as they are: the caller reads files.
 */
export function parseConfigText(text: string): Directive[] {
  const out: Directive[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i]!.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const args = splitArgs(trimmed);
    if (args === null) throw new ConfigFileError(i + 1, trimmed, 'Unbalanced quotes in configuration line');
    if (args.length === 0) continue;
    out.push({ name: args[0]!.toLowerCase(), args: args.slice(1), line: i + 1, text: trimmed });
  }
  return out;
}

/**
 * Turns command-line options into config text as Redis does: each `--name`
 * starts a directive, the words after it are its arguments (`--save ""`
 * gives `save ""`).
 */
export function optionsToConfigText(argv: readonly string[]): string {
  const lines: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('--') && arg.length > 2) lines.push(arg.slice(2));
    else if (lines.length === 0) throw new Error(`'${arg}' must follow an option name (--name value)`);
    else lines[lines.length - 1] += ' ' + quote(arg);
  }
  return lines.join('\n');
}

/** Quotes an argument so sdssplitargs reads it back exactly. */
function quote(s: string): string {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + '"';
}
