import type { CliConfig } from '../args.js';
import type { Session } from '../session.js';
import { fixed } from '../format/printf.js';
import { exit, sleep, type Output } from '../output.js';
import { reconnectingCall } from './reconnect.js';

// --latency and --latency-history: PING every 10 ms and keep min/max/avg in
// whole milliseconds (as redis-cli 7.0 measures them). On a terminal the line
// is redrawn after every sample; with --raw/--csv or a pipe one line is
// printed after -i seconds (default 1) and the program exits. History mode
// starts a new line every -i seconds (default 15).

const SAMPLE_MS = 10;
const HISTORY_DEFAULT_MS = 15_000;

export interface LatencyStats {
  min: number;
  max: number;
  avg: number;
  count: number;
}

export function latencyLine(s: LatencyStats, output: CliConfig['output']): string {
  const avg = fixed(s.avg, 2);
  if (output === 'standard') return `min: ${s.min}, max: ${s.max}, avg: ${avg} (${s.count} samples)`;
  if (output === 'csv') return `${s.min},${s.max},${avg},${s.count}\n`;
  return `${s.min} ${s.max} ${avg} ${s.count}\n`;
}

export async function latencyMode(session: Session, config: CliConfig, io: Output): Promise<never> {
  const historyInterval = config.interval ? config.interval * 1000 : HISTORY_DEFAULT_MS;
  const interval = config.interval ? config.interval * 1000 : 1000;
  let historyStart = Date.now();
  let s: LatencyStats = { min: 0, max: 0, avg: 0, count: 0 };
  let total = 0;
  for (;;) {
    const start = Date.now();
    await reconnectingCall(session, io, ['PING']);
    const latency = Date.now() - start;
    s.count++;
    if (s.count === 1) {
      s = { min: latency, max: latency, avg: latency, count: 1 };
      total = latency;
    } else {
      s.min = Math.min(s.min, latency);
      s.max = Math.max(s.max, latency);
      total += latency;
      s.avg = total / s.count;
    }
    if (config.output === 'standard') io.out('\x1b[0G\x1b[2K' + latencyLine(s, 'standard'));
    else if (config.latencyHistory) io.out(latencyLine(s, config.output));
    else if (Date.now() - historyStart > interval) {
      io.out(latencyLine(s, config.output));
      return exit(0);
    }
    if (config.latencyHistory && Date.now() - historyStart > historyInterval) {
      io.out(` -- ${fixed((Date.now() - historyStart) / 1000, 2)} seconds range\n`);
      historyStart = Date.now();
      s = { min: 0, max: 0, avg: 0, count: 0 };
      total = 0;
    }
    await sleep(SAMPLE_MS);
  }
}
