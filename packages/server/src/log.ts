// Log lines in Redis's format: `pid:M 25 Nov 2026 06:55:00.123 * message`,
// with Redis's level marks (. debug, - verbose, * notice, # warning).

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

const RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };
const MARK: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type LogSink = (line: string) => void;

export class Logger {
  constructor(
    public level: LogLevel = 'notice',
    private readonly sink: LogSink = (line) => process.stdout.write(line + '\n'),
  ) {}

  log(level: LogLevel, message: string): void {
    if (RANK[level] < RANK[this.level]) return;
    this.sink(`${process.pid}:M ${timestamp(new Date())} ${MARK[level]} ${message}`);
  }

  debug(message: string): void { this.log('debug', message); }
  verbose(message: string): void { this.log('verbose', message); }
  notice(message: string): void { this.log('notice', message); }
  warning(message: string): void { this.log('warning', message); }
}

function timestamp(d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
