import { spawn, type IPty } from '@lydell/node-pty';
import { kvCli } from './run.js';
import { Screen } from './vt.js';

// kv-cli in a real pseudo-terminal: keys go in, the screen (as a terminal
// would draw it) comes out.

export class PtyCli {
  readonly screen: Screen;
  raw = '';
  readonly exited: Promise<number>;
  private readonly pty: IPty;

  constructor(args: string[], env: Record<string, string> = {}, cols = 80, rows = 24) {
    this.screen = new Screen(cols, rows);
    const base: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'FAKETTY' && k !== 'NO_COLOR') base[k] = v;
    this.pty = spawn(process.execPath, [kvCli, ...args], { cols, rows, name: 'xterm-256color', env: { ...base, TERM: 'xterm-256color', ...env } });
    this.pty.onData((d) => {
      this.raw += d;
      this.screen.write(d);
    });
    this.exited = new Promise((resolve) => this.pty.onExit((e) => resolve(e.exitCode)));
  }

  type(keys: string): void {
    this.pty.write(keys);
  }

  /** Waits until the screen satisfies `test` (checked as output arrives); fails with the screen after `ms`. */
  async waitFor(test: (s: Screen) => boolean, ms = 5000): Promise<void> {
    const until = Date.now() + ms;
    while (!test(this.screen)) {
      if (Date.now() > until) throw new Error(`timed out; screen:\n${this.screen.text()}\nraw: ${JSON.stringify(this.raw.slice(-600))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until some line of the screen equals (or matches) `line`. */
  waitForLine(line: string | RegExp, ms?: number): Promise<void> {
    return this.waitFor((s) => s.lines().some((l) => (typeof line === 'string' ? l === line : line.test(l))), ms);
  }

  /** The row the cursor is on. */
  get cursorLine(): string {
    return this.screen.line(this.screen.row);
  }

  kill(): void {
    try {
      this.pty.kill();
    } catch {
      // already gone
    }
  }
}
