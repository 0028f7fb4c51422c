// A seeded random generator of commands over everything kv implements,
// with arguments built from the reference table's syntax tree, then mutated
// the way clients get commands wrong (arity, types, numbers, binary data).
// Keys come from a small pool so that commands collide on the same keys.
import { argFlags, type RefArgument, type RefCommand } from './reference.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const KEYS = ['k1', 'k2', 'k3', 'k4', 'num', 'float', 'big', 'bin\x00\xff', 'hash', 'list', 'set', 'zset'];
const STRINGS = ['', 'v', 'hello world', '0', '1', '-1', '10', '10.5', '3.0e3', '-0', 'abc', '\x00\x01\xff\r\n', 'x'.repeat(50),
  '9223372036854775807', '-9223372036854775808', '9223372036854775808', '1e308', 'inf', ' 1', '0x10', 'k1', '*', '12345678901234567890',
  '\xe9t\xe9', 'ohmytext', 'mynewtext'];
const INTEGERS = ['0', '1', '-1', '2', '3', '7', '10', '100', '-100', '-3', '9223372036854775807', '-9223372036854775808',
  '9223372036854775808', 'abc', '1.5', '', '00', '+1', '4294967296', '-4294967296', '1e3', ' 5'];
const DOUBLES = ['0', '1', '1.5', '-2.5', '0.1', '3.0e3', 'inf', '-inf', '+inf', 'nan', 'abc', '1e308', '1e-400', '', '0x10', '-0', '5.'];
/**
 * Doubles for geo search areas: finite and small, because Redis 7.0 takes
 * minutes over GEORADIUS with an infinite or world-sized radius.
 */
const GEO_SIZES = ['0', '1', '1.5', '100', '-1', 'abc', '', 'nan', '0.001'];
const GEO_AREA = new Set(['radius', 'width', 'height']);
/** Longitudes and latitudes: mostly valid, at the limits (±180, ±85.05112878), sometimes just past them. */
const GEO_COORDS = ['0', '-0', '1.5', '13.361389', '38.115556', '15', '37', '-179.99', '180', '-180', '85.05112878', '-85.05112878',
  '85.06', '200', 'abc', '1e-400'];
const GEO_COORD = new Set(['longitude', 'latitude']);
const PATTERNS = ['*', 'k*', 'k?', '[kn]*', '*[0-9]', 'nomatch', '\\*', 'b*', '[^k]*', '[a-m]*', '*\x00*', ''];

/** A generated command, and how long to wait after it so that a tiny expiry has passed on both servers. */
export interface Generated {
  readonly args: string[];
  readonly settleMs: number;
}

/**
 * Commands that take Redis itself minutes or gigabytes: a geo search over
 * an infinite radius, or a random-member reply of billions of elements (a
 * negative count repeats members). Drawn again.
 */
function hazardous(args: readonly string[]): boolean {
  const name = args[0]!.toLowerCase();
  if (/^geo(radius|search)/.test(name)) return args.some((a) => /inf|e308/i.test(a));
  if (/^(hrandfield|srandmember|zrandmember)$/.test(name)) return args.some((a) => /^\s*-\d{5,}/.test(a));
  return false;
}

/** Whether a command has a relative expiry in milliseconds somewhere. */
function takesMilliseconds(args: readonly string[]): boolean {
  return /^(pexpire|psetex)$/i.test(args[0]!) || args.some((a) => a.toUpperCase() === 'PX');
}

export class CommandGenerator {
  private readonly rand: () => number;
  private settleMs = 0;

  constructor(seed: number, private readonly commands: readonly { fullName: string; ref: RefCommand }[]) {
    if (commands.length === 0) throw new Error('no commands to generate');
    this.rand = prng(seed);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)]!;
  }

  next(): Generated {
    for (;;) {
      const g = this.candidate();
      if (!hazardous(g.args)) return g;
    }
  }

  private candidate(): Generated {
    this.settleMs = 0;
    const { fullName, ref } = this.pick(this.commands);
    const head = fullName.split('|').map((p) => p.toUpperCase());
    const args = [...head, ...this.args(ref.arguments ?? [])];
    const mutated = this.mutate(args, head.length);
    // A mutation may have put a small number where milliseconds go: wait those out too.
    if (mutated !== args && takesMilliseconds(mutated) && mutated.some((a) => /^[1-9]\d?$|^100$/.test(a))) this.settleMs = 110;
    return { args: mutated, settleMs: this.settleMs };
  }

  private args(spec: readonly RefArgument[]): string[] {
    const out: string[] = [];
    for (const a of spec) {
      const flags = argFlags(a);
      if (flags.includes('optional') && this.rand() < 0.5) continue;
      const times = flags.includes('multiple') ? 1 + Math.floor(this.rand() * 3) : 1;
      // A token is said once before all the values unless it repeats with each (multiple_token).
      const tokenEach = flags.includes('multiple_token') || !flags.includes('multiple');
      if (a.token !== undefined && a.type !== 'pure-token' && !tokenEach) out.push(a.token);
      for (let i = 0; i < times; i++) {
        if (a.token !== undefined && a.type !== 'pure-token' && tokenEach) out.push(a.token);
        out.push(...this.value(a));
      }
    }
    return out;
  }

  /**
   * An expiry: far enough never to pass during a run, already past, invalid,
   * or (for milliseconds) tiny, after which the runner waits until it has
   * passed on both servers, so the two never race.
   */
  private expiry(ms: boolean, absolute: boolean): string {
    const nowS = Math.floor(Date.now() / 1000);
    const options = absolute
      ? ms
        ? [String(nowS * 1000 + 3_600_000), String(nowS * 1000 - 1000), '0', '-1', '1', 'abc', '9223372036854775807']
        : [String(nowS + 3600), String(nowS - 10), '0', '-1', 'abc', '9223372036854775807', '9223372036854775']
      : ms
        ? ['1000000', '99999999', '0', '-1', '1', '2', 'abc', '9223372036854775807', '9223372036854775']
        : ['1000', '99999', '0', '-1', 'abc', '9223372036854775807', '9223372036854775', '1.5'];
    const t = this.pick(options);
    if (ms && !absolute && (t === '1' || t === '2')) this.settleMs = 15;
    return t;
  }

  private value(a: RefArgument): string[] {
    switch (a.type) {
      case 'pure-token': return [a.token!];
      case 'key': return [this.pick(KEYS)];
      case 'pattern': return [this.pick(PATTERNS)];
      case 'integer':
        if (/seconds|milliseconds|^ttl$/.test(a.name)) return [this.expiry(a.name.includes('milli'), false)];
        return [this.pick(INTEGERS)];
      case 'unix-time': return [this.expiry(a.name.includes('milli'), true)];
      case 'double': return [this.pick(GEO_AREA.has(a.name) ? GEO_SIZES : GEO_COORD.has(a.name) ? GEO_COORDS : DOUBLES)];
      case 'oneof': {
        const choices = a.arguments ?? [];
        if (choices.length === 0) return [];
        const choice = this.pick(choices);
        return this.args([{ ...choice, flags: argFlags(choice).filter((f) => f !== 'optional') }]);
      }
      case 'block': return this.args(a.arguments ?? []);
      default: return [this.rand() < 0.7 ? this.pick(STRINGS) : this.pick(KEYS)];
    }
  }

  /** Sometimes breaks the command the way clients do by mistake. */
  private mutate(args: string[], headLength: number): string[] {
    const r = this.rand();
    if (r < 0.04 && args.length > headLength) return args.slice(0, -1);
    if (r < 0.08) return [...args, this.pick([...STRINGS, ...INTEGERS])];
    if (r < 0.12 && args.length > headLength) {
      const i = headLength + Math.floor(this.rand() * (args.length - headLength));
      const copy = [...args];
      copy[i] = this.pick([...STRINGS, ...INTEGERS, ...KEYS]);
      return copy;
    }
    if (r < 0.13) return args.slice(0, headLength);
    if (r < 0.15) return args.map((a, i) => (i < headLength ? a.toLowerCase() : a));
    return args;
  }
}
