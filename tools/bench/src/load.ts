// Shared by the scale and memory benchmarks: a connection to a server, and
// bulk loading through pipelines with a progress line on stderr.
import { RespConnection } from '@kv/client';
import type { RespValue } from '@kv/resp';

export { RespConnection };

/** Sends commands in pipelines of `batch`, with a progress line; returns the last reply. */
export async function pipelineAll(
  conn: RespConnection, label: string, count: number, command: (i: number) => string[], batch = 1000,
): Promise<RespValue | undefined> {
  let last: RespValue | undefined;
  for (let i = 0; i < count; i += batch) {
    const cmds: string[][] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) cmds.push(command(j));
    const replies = await conn.pipeline(cmds);
    last = replies[replies.length - 1];
    if (process.stderr.isTTY && (i / batch) % 20 === 0) {
      process.stderr.write(`\r\x1b[K  ${label}: ${Math.round((100 * i) / count)}%`);
    }
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  return last;
}

/** A field of INFO as a number. */
export async function infoField(conn: RespConnection, section: string, field: string): Promise<number> {
  const text = String(await conn.call('INFO', section));
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(text);
  if (m === null) throw new Error(`INFO ${section} has no ${field}`);
  return Number(m[1]);
}
