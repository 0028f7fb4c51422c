import { agree, showOutcome } from './compare.js';
import { Failure, TesterConnection, type Outcome } from './connection.js';
import { ruleFor, type Rule } from './rules.js';

export interface Divergence {
  readonly where: string;
  readonly command: readonly string[];
  readonly redis: Outcome | string;
  readonly kv: Outcome | string;
}

/** The full command name the reply rules are keyed by: `get`, `client|kill`. */
export function fullName(args: readonly string[], containers: ReadonlySet<string>): string {
  const name = args[0]!.toLowerCase();
  return containers.has(name) && args.length > 1 ? `${name}|${args[1]!.toLowerCase()}` : name;
}

export type Side = 'redis' | 'kv';

/** One connection to each server; every command goes to both and the replies are compared. */
export class Pair {
  passed = 0;
  readonly divergences: Divergence[] = [];
  /** Called with every command and whether it agreed (--verbose). */
  onCommand: (where: string, args: readonly string[], agreed: boolean) => void = () => {};

  /** Further named connections of the case being run (`@conn NAME`), besides the main one. */
  private readonly others = new Map<string, { redis: TesterConnection; kv: TesterConnection }>();
  private main: { redis: TesterConnection; kv: TesterConnection };
  /** The connections commands go to now. */
  private redis: TesterConnection;
  private kv: TesterConnection;

  private constructor(
    redis: TesterConnection,
    kv: TesterConnection,
    private readonly ports: Record<Side, number>,
    private readonly containers: ReadonlySet<string>,
  ) {
    this.redis = redis;
    this.kv = kv;
    this.main = { redis, kv };
  }

  /** Makes the named connection (opened on first use) the one commands go to; `main` is the first. */
  async use(name: string): Promise<void> {
    let c = name === 'main' ? this.main : this.others.get(name);
    if (c === undefined) {
      const [redis, kv] = await Promise.all([TesterConnection.connect(this.ports.redis), TesterConnection.connect(this.ports.kv)]);
      c = { redis, kv };
      this.others.set(name, c);
    }
    this.redis = c.redis;
    this.kv = c.kv;
  }

  /** Sends to both without reading the reply (it comes later, or never while blocked). */
  send(args: readonly string[]): void {
    this.redis.send(args);
    this.kv.send(args);
  }

  /** Reads the next reply or message on both and compares them. */
  async receive(where: string, rule: Rule): Promise<boolean> {
    const [r, k] = await Promise.all([this.redis.receive(), this.kv.receive()]);
    const ok = agree(rule, r, k);
    if (ok) this.passed++;
    else this.record({ where, command: ['<receive>'], redis: r, kv: k });
    this.onCommand(where, ['<receive>'], ok);
    return ok;
  }

  /** Both connections stay silent for `ms` (nothing unblocked them, no message came). */
  async quiet(where: string, ms: number): Promise<void> {
    const [r, k] = await Promise.all([this.redis.quietFor(ms), this.kv.quietFor(ms)]);
    if (r && k) this.passed++;
    else this.record({ where, command: ['<quiet>', String(ms)], redis: r ? 'quiet' : 'sent something', kv: k ? 'quiet' : 'sent something' });
  }

  static async open(redisPort: number, kvPort: number, containers: ReadonlySet<string>): Promise<Pair> {
    const [r, k] = await Promise.all([TesterConnection.connect(redisPort), TesterConnection.connect(kvPort)]);
    return new Pair(r, k, { redis: redisPort, kv: kvPort }, containers);
  }

  fullName(args: readonly string[]): string {
    return fullName(args, this.containers);
  }

  ruleFor(args: readonly string[]): Rule {
    return ruleFor(fullName(args, this.containers), args);
  }

  /**
   * Sends to both at once and compares; returns whether they agreed. After a
   * failure (closed, silent, malformed) on either side, both connections are
   * replaced so the run goes on from the same state on both.
   */
  async run(args: readonly string[], where: string, rule = this.ruleFor(args), raw?: { bytes: Buffer; replies: number }): Promise<boolean> {
    const [r, k] = raw === undefined
      ? await this.both(args)
      : await Promise.all([this.redis.callRaw(raw.bytes, undefined, raw.replies), this.kv.callRaw(raw.bytes, undefined, raw.replies)]);
    const ok = agree(rule, r, k);
    if (ok) this.passed++;
    else this.record({ where, command: args, redis: r, kv: k });
    this.onCommand(where, args, ok);
    if (r instanceof Failure || k instanceof Failure) {
      await this.reconnect();
      if ((r instanceof Failure && r.timedOut) || (k instanceof Failure && k.timedOut)) await this.checkAlive();
    }
    return ok;
  }

  /** After a timeout: both servers must answer PING again, or the run cannot go on. */
  private async checkAlive(): Promise<void> {
    const [r, k] = await this.both(['PING']);
    for (const [side, o] of [['redis', r], ['kv', k]] as const) {
      if (o instanceof Failure) throw new Error(`${side} does not answer PING after a timeout (${o.reason}): stuck or dead`);
    }
  }

  record(d: Divergence): void {
    this.divergences.push(d);
  }

  /** One server's reply alone. */
  call(side: Side, args: readonly string[]): Promise<Outcome> {
    return (side === 'redis' ? this.redis : this.kv).call(args);
  }

  /** Both replies, uncompared (for directives and set-up). */
  both(args: readonly string[]): Promise<[Outcome, Outcome]> {
    return Promise.all([this.redis.call(args), this.kv.call(args)]);
  }

  /** Replaces both connections with fresh ones (after QUIT, a failure, or to drop connection state). */
  async reconnect(): Promise<void> {
    this.close();
    [this.redis, this.kv] = await Promise.all([TesterConnection.connect(this.ports.redis), TesterConnection.connect(this.ports.kv)]);
    this.main = { redis: this.redis, kv: this.kv };
  }

  close(): void {
    for (const c of [this.main, ...this.others.values()]) {
      c.redis.close();
      c.kv.close();
    }
    this.others.clear();
  }
}

const SHOWN = 2000;

function clip(s: string): string {
  return s.length <= SHOWN ? s : `${s.slice(0, SHOWN)}… (${s.length} chars)`;
}

function showSide(o: Outcome | string): string {
  return clip(typeof o === 'string' ? o : showOutcome(o));
}

/** Where two replies' bytes first differ, with a little context from each; '' when they are the same length and equal. */
function firstDifference(a: Outcome | string, b: Outcome | string): string {
  if (typeof a === 'string' || typeof b === 'string' || a instanceof Failure || b instanceof Failure) return '';
  let i = 0;
  while (i < a.raw.length && i < b.raw.length && a.raw[i] === b.raw[i]) i++;
  if (i === a.raw.length && i === b.raw.length) return '';
  const around = (raw: Buffer) => JSON.stringify(raw.toString('latin1', Math.max(0, i - 30), i + 50));
  return `\n  first difference at byte ${i}:\n    redis: …${around(a.raw)}\n    kv:    …${around(b.raw)}`;
}

/** The report of one divergence; where the bytes differ, when the replies are long or look alike. */
export function describe(d: Divergence): string {
  const [r, k] = [showSide(d.redis), showSide(d.kv)];
  const detail = r === k || r.length + k.length > 200 ? firstDifference(d.redis, d.kv) : '';
  return [
    d.where,
    `  command: ${clip(d.command.map((a) => JSON.stringify(a)).join(' '))}`,
    `  redis:   ${r}`,
    `  kv:      ${k}${detail}`,
  ].join('\n');
}

/** How many divergences each command had, most first: `select ×12, move ×3`. */
export function tally(divergences: readonly Divergence[], containers: ReadonlySet<string>): string {
  const counts = new Map<string, number>();
  for (const d of divergences) {
    const name = d.command.length === 0 ? '?' : fullName(d.command, containers);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ×${c}`).join(', ');
}
