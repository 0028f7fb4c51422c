import { parseLongLong } from './util/integers.js';

// Redis 7.0's redactClientCommandArgument: the commands below replace their
// secrets with "(redacted)" while they parse, so MONITOR and SLOWLOG never
// show them. kv's handlers leave their arguments alone; this file replays the
// same parse to find which arguments Redis would have redacted by the time
// the command returned (an error before the secret leaves it as it was).

const REDACTED = '(redacted)';

/** Configs with SENSITIVE_CONFIG in Redis 7.0's config table. */
const SENSITIVE_CONFIGS = new Set(['requirepass', 'masterauth', 'tls-key-file-pass', 'tls-client-key-file-pass']);

type Redactor = (args: readonly string[]) => number[];

const REDACTORS = new Map<string, Redactor>(Object.entries({
  // authCommand: more than 3 arguments is a syntax error before anything is redacted.
  auth: (args) => (args.length > 3 ? [] : args.length === 3 ? [1, 2] : [1]),
  hello: (args) => {
    let next = 1;
    if (args.length >= 2) {
      const v = parseLongLong(args[next++]!);
      if (v === null || v < 2 || v > 3) return [];
    }
    const out: number[] = [];
    for (let j = next; j < args.length; j++) {
      const more = args.length - 1 - j;
      const opt = args[j]!.toLowerCase();
      if (opt === 'auth' && more >= 2) {
        out.push(j + 1, j + 2);
        j += 2;
      } else if (opt === 'setname' && more >= 1) j++;
      else break; // "Syntax error in HELLO option": the rest stays as sent
    }
    return out;
  },
  migrate: (args) => {
    const out: number[] = [];
    for (let j = 6; j < args.length; j++) {
      const more = args.length - 1 - j;
      const opt = args[j]!.toLowerCase();
      if (opt === 'copy' || opt === 'replace') continue;
      if (opt === 'auth' && more >= 1) out.push(++j);
      else if (opt === 'auth2' && more >= 2) out.push(++j, ++j);
      else break; // KEYS ends the options; anything else is a syntax error
    }
    return out;
  },
  // ACL SETUSER redacts the user name and every rule.
  'acl|setuser': (args) => args.slice(2).map((_, i) => i + 2),
  // CONFIG SET runs over every pair (even past a bad one) redacting the values of sensitive configs.
  'config|set': (args) => {
    if (args.length % 2 !== 0) return [];
    const out: number[] = [];
    for (let i = 2; i + 1 < args.length; i += 2) if (SENSITIVE_CONFIGS.has(args[i]!.toLowerCase())) out.push(i + 1);
    return out;
  },
} satisfies Record<string, Redactor>));

/** The arguments as MONITOR and SLOWLOG show them; the same array when nothing is secret. */
export function redactedArgs(fullName: string, args: readonly string[]): readonly string[] {
  const redactor = REDACTORS.get(fullName);
  if (redactor === undefined) return args;
  const positions = redactor(args);
  if (positions.length === 0) return args;
  const copy = args.slice();
  for (const p of positions) if (p < copy.length) copy[p] = REDACTED;
  return copy;
}
