// Differential test: the same bytes go to a real redis-server (7.0) and to
// RequestParser, and what Redis replies must be what the parsed commands
// call for. Skipped when redis-server is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeCommand } from './encoder.js';
import { ProtocolError } from './errors.js';
import { ReplyParser } from './reply-parser.js';
import { RequestParser } from './request-parser.js';
import { ErrorReply, SimpleString } from './values.js';

const hasRedis = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout?.startsWith('Redis server v=7.0') === true;

interface Server {
  process: ChildProcess;
  socket: string;
}

async function startRedis(dir: string, name: string, extra: string[]): Promise<Server> {
  const socket = path.join(dir, `${name}.sock`);
  const child = spawn('redis-server', [
    '--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
    '--dir', dir, '--logfile', path.join(dir, `${name}.log`),
    // Nothing a mutated stream could turn up should stop the server or touch the host.
    '--rename-command', 'SHUTDOWN', '', '--rename-command', 'DEBUG', '', '--rename-command', 'CONFIG', '',
    ...extra,
  ], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(socket)) throw new Error(`redis-server ${name} did not start`);
  return { process: child, socket };
}

/** Sends the bytes, half-closes, and returns everything Redis writes until it closes. */
function exchange(socket: string, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = net.connect(socket);
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    s.on('close', () => resolve(Buffer.concat(chunks)));
    s.end(bytes);
  });
}

/** What Redis's replies say: one line per reply, errors other than protocol errors alike. */
function redisOutcome(bytes: Buffer): string[] {
  const p = new ReplyParser();
  p.push(bytes);
  const out: string[] = [];
  for (let v = p.next(); v !== undefined; v = p.next()) {
    if (v instanceof ErrorReply) out.push(v.message.startsWith('ERR Protocol error') ? `protocol ${v.message}` : 'error');
    else if (v instanceof SimpleString) out.push(`+${v.value}`);
    else if (typeof v === 'string') out.push(`$${v}`);
    else out.push(`other ${String(v)}`);
  }
  return out;
}

/** What Redis should reply to the commands our parser finds, ECHO and PING being the only ones that succeed. */
function parserOutcome(bytes: Buffer, authenticated: boolean): string[] {
  const p = new RequestParser();
  p.authenticated = authenticated;
  p.push(bytes);
  const out: string[] = [];
  try {
    for (let args = p.next(); args !== undefined; args = p.next()) {
      const name = args[0]!.toLowerCase();
      if (!authenticated) out.push('error');
      else if (name === 'echo' && args.length === 2) out.push(`$${args[1]}`);
      else if (name === 'ping' && args.length === 1) out.push('+PONG');
      else if (name === 'ping' && args.length === 2) out.push(`$${args[1]}`);
      else out.push('error');
    }
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    out.push(`protocol ${err.message}`);
  }
  return out;
}

// Streams built of ECHO and PING commands, multibulk and inline, then mutated with the bytes that matter to framing.
const word = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const quoted = fc.oneof(
  word,
  word.map((w) => `"${w}"`),
  word.map((w) => `'${w}'`),
  fc.constantFrom('"a b"', '"\\x41\\n"', "'it\\'s'", '"\\"q\\""', '"\\x4g"', '""', "''"),
);
const segment = fc.oneof(
  word.map((w) => encodeCommand(['ECHO', w])),
  fc.constant(encodeCommand(['PING'])),
  word.map((w) => encodeCommand(['PING', w])),
  quoted.map((q) => Buffer.from(`ECHO ${q}\r\n`, 'latin1')),
  quoted.map((q) => Buffer.from(`PING ${q}\n`, 'latin1')),
  fc.constantFrom('\r\n', '\n', '*0\r\n', '*-1\r\n', '   \r\n').map((s) => Buffer.from(s, 'latin1')),
);
const mutation = fc.record({
  at: fc.nat(),
  del: fc.nat({ max: 2 }),
  insert: fc.array(fc.constantFrom(...'*$\r\n"\'\\x0129- A\0\t'.split('')), { maxLength: 3 }).map((c) => c.join('')),
});
const stream = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.array(mutation, { maxLength: 3 })).map(([segments, mutations]) => {
  let bytes = Buffer.concat(segments).toString('latin1');
  for (const m of mutations) {
    const at = m.at % (bytes.length + 1);
    bytes = bytes.slice(0, at) + m.insert + bytes.slice(at + m.del);
  }
  return Buffer.from(bytes, 'latin1');
});

const FIXED = [
  '*2147483647\r\n', '*2147483648\r\n', '*-9223372036854775808\r\nPING\r\n', '*-9223372036854775809\r\n', '*01\r\n', '*+1\r\n', '*\r\n',
  '*1\r\n$-1\r\n', '*1\r\n$04\r\n', '*1\r\n$536870913\r\n', '*1\r\nx3\r\n', '*1\r\n\r\r\n', '*1\r\n\n3\r\n',
  '*1\r\n\xe93\r\n', '*1\rX$4\r\nPING\r\n', '*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n', '*2\r\n$4\r\nECHO\r\n$3\r\na\x00b\r\n',
  '*1\x00\r\n', '*11\r\n', '*1\r\n$16385\r\n', '*1\r\n$16384\r\n', '*1\r\n$100000\r\n', '\x0b\x0cPING\r\n', 'ECHO a\x0bb\r\n', 'ECHO "a"\x0bb\r\n',
  'ECHO "a\\', "ECHO 'a", 'ECHO "a"b\r\n', 'ECHO \x00PING\r\n', 'PING\r\n\r\nPING\n', '\r\n', 'x'.repeat(70_000),
  '*1\r\n' + '9'.repeat(70_000), '*' + '1'.repeat(70_000), 'ECHO "\\x4"\r\n',
];

describe.skipIf(!hasRedis)('request parser against redis-server 7.0', () => {
  let dir: string;
  let open: Server;
  let locked: Server;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kv-resp-'));
    [open, locked] = await Promise.all([startRedis(dir, 'open', []), startRedis(dir, 'locked', ['--requirepass', 'secret'])]);
  });

  afterAll(async () => {
    // Redis may still write into dir while it shuts down: remove it once both have exited.
    await Promise.all([open, locked].map((s) => s === undefined || s.process.exitCode !== null ? undefined : new Promise((r) => {
      s.process.once('exit', r);
      s.process.kill();
    })));
    rmSync(dir, { recursive: true, force: true });
  });

  async function check(bytes: Buffer): Promise<void> {
    const [fromOpen, fromLocked] = await Promise.all([exchange(open.socket, bytes), exchange(locked.socket, bytes)]);
    const label = JSON.stringify(bytes.toString('latin1').slice(0, 200));
    expect(parserOutcome(bytes, true), label).toEqual(redisOutcome(fromOpen));
    expect(parserOutcome(bytes, false), label).toEqual(redisOutcome(fromLocked));
  }

  it('agrees on hand-picked streams', async () => {
    for (const input of FIXED) await check(Buffer.from(input, 'latin1'));
  });

  it('agrees on mutated streams of ECHO and PING', async () => {
    await fc.assert(fc.asyncProperty(stream, check), { numRuns: 300 });
  });
});
