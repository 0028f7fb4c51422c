/** Stream IDs: two unsigned 64-bit numbers, printed "<ms>-<seq>". */
import { RdbError } from './errors.js';

export interface StreamIdParts {
  ms: bigint;
  seq: bigint;
}

const MAX_U64 = 0xffffffffffffffffn;
const ID_FORMAT = /^(\d{1,20})-(\d{1,20})$/;

export function formatStreamId(id: StreamIdParts): string {
  return `${id.ms}-${id.seq}`;
}

/** Parses "<ms>-<seq>"; throws an 'invalid-value' RdbError for anything else. */
export function parseStreamId(text: string): StreamIdParts {
  const m = ID_FORMAT.exec(text);
  if (m) {
    const ms = BigInt(m[1]!);
    const seq = BigInt(m[2]!);
    if (ms <= MAX_U64 && seq <= MAX_U64) return { ms, seq };
  }
  throw new RdbError('invalid-value', `Invalid stream ID ${JSON.stringify(text)}`);
}

export function compareStreamIds(a: StreamIdParts, b: StreamIdParts): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}
