import type { CliConfig } from '../args.js';
import type { Connection } from '../net/connection.js';
import { replyItems, replyText, type Reply } from '../net/reply.js';
import { repr } from '../format/repr.js';
import { exit, type Output } from '../output.js';

// --scan [--pattern p]: every key through SCAN, one per line (quoted on a
// terminal, as they are otherwise). The SCAN loop is shared with --bigkeys.

/** One SCAN step; exits as redis-cli does when the reply is not a SCAN reply. */
export async function scanStep(conn: Connection, cursor: string, pattern: string | undefined, io: Output): Promise<{ cursor: string; keys: string[] }> {
  const args = ['SCAN', cursor, ...(pattern !== undefined ? ['MATCH', Buffer.from(pattern, 'utf8').toString('latin1')] : [])];
  const r: Reply = await conn.call(...args);
  if (r.type === 'error') {
    io.err(`SCAN error: ${replyText(r)}\n`);
    return exit(1);
  }
  const items = replyItems(r);
  if (!items || r.type !== 'array') {
    io.err('Non ARRAY response from SCAN!\n');
    return exit(1);
  }
  if (items.length !== 2) {
    io.err('Invalid element count from SCAN!\n');
    return exit(1);
  }
  const keys = (replyItems(items[1]!) ?? []).map((k) => replyText(k) ?? '');
  return { cursor: replyText(items[0]!) ?? '0', keys };
}

export async function scanMode(conn: Connection, config: CliConfig, io: Output): Promise<never> {
  let cursor = '0';
  do {
    const step = await scanStep(conn, cursor, config.pattern, io);
    cursor = step.cursor;
    const lines = step.keys.map((k) => (config.output === 'standard' ? repr(k) : k) + '\n');
    if (lines.length) io.out(Buffer.from(lines.join(''), 'latin1'));
  } while (cursor !== '0');
  return exit(0);
}
