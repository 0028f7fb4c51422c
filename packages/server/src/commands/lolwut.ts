import { ErrorReply, VerbatimReply } from '@kv/resp';
import type { Handler } from '../command-table/types.js';
import { lolwut5, lolwut6, lolwutPlain } from '../lolwut.js';
import { intArg, isOption } from './args.js';

/**
 * LOLWUT [VERSION v] [arguments of that version]. Redis 7.0 has no art of
 * its own (it prints its version); VERSION 5 and 6 draw those versions' art.
 */
const lolwut: Handler = (_client, args) => {
  let version = 7;
  let rest = args.slice(1);
  if (args.length >= 3 && isOption(args[1]!, 'VERSION')) {
    const v = intArg(args[2]!);
    if (v instanceof ErrorReply) return v;
    // snprintf("%u.0.0", (unsigned int)ver): only 5 and 6 pick an older piece.
    version = Number(BigInt.asUintN(32, BigInt(v)));
    rest = args.slice(3);
  }
  const numbers: number[] = [];
  if (version === 5 || version === 6) {
    // Each version reads its own arguments (3 or 2) and ignores any more.
    for (const a of rest.slice(0, version === 5 ? 3 : 2)) {
      const n = intArg(a);
      if (n instanceof ErrorReply) return n;
      numbers.push(Number(n));
    }
  }
  if (version === 5) return new VerbatimReply('txt', lolwut5(numbers[0] ?? 66, numbers[1] ?? 8, numbers[2] ?? 12));
  if (version === 6) return new VerbatimReply('txt', lolwut6(numbers[0] ?? 80, numbers[1] ?? 20));
  return new VerbatimReply('txt', lolwutPlain());
};

export const LOLWUT_HANDLERS: Record<string, Handler> = { lolwut };
