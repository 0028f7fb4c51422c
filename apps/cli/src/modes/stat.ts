import type { CliConfig } from '../args.js';
import type { Session } from '../session.js';
import { replyText } from '../net/reply.js';
import { fixed } from '../format/printf.js';
import { exit, sleep, type Output } from '../output.js';
import { reconnectingCall } from './reconnect.js';

// --stat: one line per interval (default 1 s) with keys, memory, clients,
// blocked clients, requests (+ since the last line) and connections, and a
// header every 20 lines, laid out as redis-cli lays them out.

/** An INFO field as redis-cli's getInfoField finds it: the first "field:" substring, up to ',' or CR. */
export function infoField(info: string, field: string): string | undefined {
  const at = info.indexOf(field);
  if (at < 0) return undefined;
  const start = at + field.length + 1;
  const end = info.slice(start).search(/[\r,]/);
  return end < 0 ? info.slice(start) : info.slice(start, start + end);
}

export function infoLong(info: string, field: string): number | undefined {
  const v = infoField(info, field);
  if (v === undefined) return undefined;
  const m = /^\s*([-+]?\d+)/.exec(v);
  return m ? Number(m[1]) : 0;
}

/** bytesToHuman: 100B, 2.00K, 1.50M, 3.00G. */
export function bytesToHuman(n: number): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  if (a < 1024) return `${sign}${a}B`;
  if (a < 1024 ** 2) return `${sign}${fixed(a / 1024, 2)}K`;
  if (a < 1024 ** 3) return `${sign}${fixed(a / 1024 ** 2, 2)}M`;
  return `${sign}${fixed(a / 1024 ** 3, 2)}G`;
}

export function statLine(info: string, previousRequests: number): { line: string; requests: number } {
  let keys = 0;
  for (let j = 0; j < 20; j++) keys += infoLong(info, `db${j}:keys`) ?? 0;
  const mem = bytesToHuman(infoLong(info, 'used_memory') ?? 0);
  const clients = infoLong(info, 'connected_clients') ?? 0;
  const blocked = infoLong(info, 'blocked_clients') ?? 0;
  const requests = infoLong(info, 'total_commands_processed') ?? 0;
  const conns = infoLong(info, 'total_connections_received') ?? 0;
  let line = String(keys).padEnd(11) + mem.padEnd(8) + ' ' + String(clients).padEnd(8) + String(blocked).padEnd(8);
  line += `${requests} (+${previousRequests === 0 ? 0 : requests - previousRequests})`.padEnd(19);
  line += ' ' + String(conns).padEnd(12);
  const child = (infoLong(info, 'bgsave_in_progress') ?? 0) | ((infoLong(info, 'aof_rewrite_in_progress') ?? 0) << 1) | ((infoLong(info, 'loading') ?? 0) << 2);
  line += ['', 'SAVE', 'AOF', 'SAVE+AOF', 'LOAD'][child] ?? '';
  return { line, requests };
}

export const STAT_HEADER =
  '------- data ------ --------------------- load -------------------- - child -\n' +
  'keys       mem      clients blocked requests            connections          \n';

export async function statMode(session: Session, config: CliConfig, io: Output): Promise<never> {
  let requests = 0;
  for (let i = 0; ; i++) {
    const reply = await reconnectingCall(session, io, ['INFO']);
    if (reply.type === 'error') {
      io.out(`ERROR: ${replyText(reply)}\n`);
      return exit(1);
    }
    if (i % 20 === 0) io.out(STAT_HEADER);
    const s = statLine(replyText(reply) ?? '', requests);
    requests = s.requests;
    io.out(s.line + '\n');
    await sleep((config.interval || 1) * 1000);
  }
}
