// Hand-written case files (tools/compat/cases/*.txt): one command per line
// in redis-cli syntax, `#` comments, and the directives in DIRECTIVES below
// (documented in tools/compat/README.md). Each file starts on fresh
// connections after FLUSHALL.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { splitArgs } from '@kv/resp';
import { Failure } from './connection.js';
import type { Pair, Side } from './pair.js';

export function caseFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(dir, f));
}

/** Every key a full SCAN iteration returns on one server, sorted; or why the iteration failed. */
async function scanAll(pair: Pair, side: Side, args: readonly string[]): Promise<string> {
  const keys = new Set<string>();
  let cursor = '0';
  for (let rounds = 0; rounds < 100_000; rounds++) {
    const r = await pair.call(side, ['SCAN', cursor, ...args]);
    if (r instanceof Failure) return `<${r.reason}>`;
    const v = r.value;
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || !Array.isArray(v[1])) {
      return `SCAN ${cursor} replied ${JSON.stringify(r.raw.toString('latin1'))}`;
    }
    for (const k of v[1]) keys.add(String(k));
    cursor = v[0];
    if (cursor === '0') return JSON.stringify([...keys].sort());
  }
  return 'SCAN did not finish in 100000 calls';
}

type Directive = (pair: Pair, rest: string[], where: string) => Promise<void>;

const DIRECTIVES: Record<string, Directive> = {
  /** Switch both connections to RESP3 / RESP2 with HELLO (its reply compared by shape). */
  '@resp3': async (pair, _rest, where) => void (await pair.run(['HELLO', '3'], where, { kind: 'shape' })),
  '@resp2': async (pair, _rest, where) => void (await pair.run(['HELLO', '2'], where, { kind: 'shape' })),
  /** FLUSHALL and SELECT 0 on both, uncompared. */
  '@flush': async (pair) => {
    await pair.both(['FLUSHALL']);
    await pair.both(['SELECT', '0']);
  },
  /** Wait, e.g. for keys to expire. */
  '@sleep': async (_pair, rest) => new Promise((r) => setTimeout(r, Number(rest[0] ?? 0))),
  /** Fresh connections to both (after QUIT or a protocol error). */
  '@reconnect': async (pair) => pair.reconnect(),
  /** Iterate `SCAN cursor <args>` to the end on both; compare the sets of keys returned. */
  '@scan': async (pair, rest, where) => {
    const [r, k] = await Promise.all([scanAll(pair, 'redis', rest), scanAll(pair, 'kv', rest)]);
    if (r === k) pair.passed++;
    else pair.record({ where, command: ['SCAN', '<cursor>', ...rest], redis: r, kv: k });
  },
  /** The command's reply compared as a multiset. */
  '@unordered': async (pair, rest, where) => void (await pair.run(rest, where, { kind: 'unordered' })),
  /** Only the reply's type compared (and error texts). */
  '@shape': async (pair, rest, where) => void (await pair.run(rest, where, { kind: 'shape' })),
  /** Integers compared within ±N: `@within 1 TTL k`. */
  '@within': async (pair, [n, ...rest], where) => void (await pair.run(rest, where, { kind: 'tolerance', within: Number(n) })),
  /** The command's reply compared byte for byte, whatever the rules say. */
  '@exact': async (pair, rest, where) => void (await pair.run(rest, where, { kind: 'exact' })),
  /** Commands go to the named connection from here on (opened on first use; `main` is the first). */
  '@conn': async (pair, [name], where) => {
    if (name === undefined) throw new Error(`${where}: @conn NAME`);
    await pair.use(name);
  },
  /** Sends without reading the reply: a command that blocks, read later with @recv. */
  '@send': async (pair, rest) => pair.send(rest),
  /** Reads the next reply or pushed message on both and compares them (N times). */
  '@recv': async (pair, [n = '1'], where) => {
    for (let i = 0; i < Number(n); i++) await pair.receive(where, { kind: 'exact' });
  },
  /** Like @recv, comparing as a multiset. */
  '@recv-unordered': async (pair, _rest, where) => void (await pair.receive(where, { kind: 'unordered' })),
  /** Nothing arrives on the current connection within MS on either server (still blocked, no message). */
  '@quiet': async (pair, [ms = '100'], where) => pair.quiet(where, Number(ms)),
  /** Raw bytes sent as they are (quoted, escapes allowed), then N replies read (default 1): inline commands, protocol errors. */
  '@raw': async (pair, rest, where) => {
    const [bytes, n = '1'] = rest;
    if (bytes === undefined || rest.length > 2 || !/^[1-9]\d*$/.test(n)) throw new Error(`${where}: @raw "bytes" [replies]`);
    await pair.run([`<raw> ${bytes}`], where, { kind: 'exact' }, { bytes: Buffer.from(bytes, 'latin1'), replies: Number(n) });
  },
};

/** Runs one case file; divergences are recorded on the pair. */
export async function runCaseFile(pair: Pair, file: string): Promise<void> {
  const lines = readFileSync(file, 'latin1').split('\n');
  const name = path.basename(file);
  await pair.reconnect();
  await pair.both(['FLUSHALL']);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${name}:${i + 1}`;
    if (process.env.COMPAT_TRACE) console.log(where, line);
    const args = splitArgs(line);
    if (args === null) throw new Error(`${where}: unbalanced quotes`);
    const [head, ...rest] = args;
    if (head === undefined) continue;
    if (!head.startsWith('@')) {
      await pair.run(args, where);
      continue;
    }
    const directive = DIRECTIVES[head];
    if (directive === undefined) throw new Error(`${where}: unknown directive ${head}`);
    await directive(pair, rest, where);
  }
}
