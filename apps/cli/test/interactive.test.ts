import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyCli } from './pty.js';
import { runKvCli } from './run.js';
import { haveRedis, startKv, startRedis, type TestServer } from './servers.js';

// The interactive client in a real pseudo-terminal, against kv: what a person
// sees after typing (replies, prompt, grey hints), Tab completion, history
// kept across sessions, Ctrl-C and Ctrl-D, reconnecting after a restart,
// SUBSCRIBE until Ctrl-C.

let kv: TestServer;
let dir: string;
let histfile: string;
const open: PtyCli[] = [];

function cli(args: string[] = [], env: Record<string, string> = {}): PtyCli {
  const c = new PtyCli(['-p', String(kv.port), ...args], { KVCLI_HISTFILE: histfile, KVCLI_RCFILE: '/dev/null', ...env });
  open.push(c);
  return c;
}

beforeAll(async () => {
  kv = await startKv();
  dir = mkdtempSync(path.join(tmpdir(), 'kv-cli-pty-'));
  histfile = path.join(dir, 'history');
});
afterEach(() => {
  for (const c of open.splice(0)) c.kill();
});
afterAll(async () => {
  await kv?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('interactive kv-cli', () => {
  it('shows the prompt, runs a typed command and prints the reply as redis-cli does', async () => {
    const prompt = `127.0.0.1:${kv.port}>`;
    await runKvCli(['-p', String(kv.port), 'RPUSH', 'tty:list', 'a', 'b c', '']);
    const c = cli();
    await c.waitForLine(prompt);
    c.type('lrange tty:list 0 -1\r');
    await c.waitForLine('3) ""');
    expect(c.screen.lines().slice(-5)).toEqual([`${prompt} lrange tty:list 0 -1`, '1) "a"', '2) "b c"', '3) ""', prompt]);
    c.type('get nokey\r');
    await c.waitForLine('(nil)');
    c.type('incr tty:list\r');
    await c.waitForLine('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
    c.type('select 2\r');
    await c.waitForLine(`127.0.0.1:${kv.port}[2]>`);
    c.type('multi\r');
    await c.waitForLine(`127.0.0.1:${kv.port}[2](TX)>`);
    c.type('exec\r');
    await c.waitForLine('(empty array)');
    expect(c.cursorLine).toBe(`127.0.0.1:${kv.port}[2]>`);
  });

  it('shows the arguments still to type as a grey hint after the cursor', async () => {
    const c = cli();
    const prompt = `127.0.0.1:${kv.port}> `;
    await c.waitForLine(prompt.trimEnd());
    c.type('set k');
    await c.waitFor((s) => s.greyText(s.row).startsWith(' value [NX|XX]'));
    expect(c.cursorLine.startsWith(`${prompt}set k value [NX|XX] [GET] [EX seconds|`)).toBe(true);
    // The cursor stays after what was typed, not after the hint.
    expect(c.screen.col).toBe(prompt.length + 'set k'.length);
    c.type(' v ');
    await c.waitFor((s) => s.greyText(s.row).startsWith('[NX|XX] [GET]'));
    // Hints are cut at the edge of the terminal.
    expect(c.cursorLine.length).toBeLessThanOrEqual(80);
    c.type('\x15lpush');
    await c.waitFor((s) => s.greyText(s.row) === ' key element [element ...]');
    c.type('\x15config get');
    await c.waitFor((s) => s.greyText(s.row) === ' parameter [parameter ...]');
    c.type('\x15nosuchcommand');
    await c.waitFor((s) => s.greyText(s.row) === '' && s.line(s.row) === `${prompt}nosuchcommand`);
    c.type('\r');
    await c.waitForLine(/^\(error\) ERR unknown command 'nosuchcommand'/);
    expect(c.raw).toContain('\x1b[0;90;49m value [NX|XX]');
  });

  it('completes command and subcommand names with Tab, cycling through the matches', async () => {
    const c = cli();
    const prompt = `127.0.0.1:${kv.port}> `;
    await c.waitForLine(prompt.trimEnd());
    c.type('hel\t');
    await c.waitFor((s) => s.line(s.row).startsWith(`${prompt}HELLO`));
    c.type('\t');
    // Past the last match: back to what was typed, with a bell.
    await c.waitFor((s) => s.line(s.row) === `${prompt}hel` && s.bells === 1);
    c.type('\t\r');
    await c.waitForLine(/^ 1\) "server"$/);
    c.type('config ge\t');
    await c.waitFor((s) => s.line(s.row).startsWith(`${prompt}CONFIG GET`));
    c.type(' maxmemory\r');
    await c.waitForLine('1) "maxmemory"');
    c.type('help @str\t');
    await c.waitFor((s) => s.line(s.row) === `${prompt}help @string`);
    c.type('\x15zzz\t');
    await c.waitFor((s) => s.bells === 2);
  });

  it('keeps the history across sessions, without AUTH lines', async () => {
    rmSync(histfile, { force: true });
    const first = cli();
    await first.waitForLine(`127.0.0.1:${kv.port}>`);
    first.type('set hist:k one\r');
    await first.waitForLine('OK');
    first.type('auth secret\r');
    await first.waitForLine(/^\(error\) ERR/);
    first.type('get hist:k\r');
    await first.waitForLine('"one"');
    first.type('\x04');
    expect(await first.exited).toBe(0);
    expect(readFileSync(histfile, 'utf8')).toBe('set hist:k one\nget hist:k\n');

    const second = cli();
    const prompt = `127.0.0.1:${kv.port}> `;
    await second.waitForLine(prompt.trimEnd());
    second.type('\x1b[A');
    await second.waitFor((s) => s.typed(s.row) === `${prompt}get hist:k`);
    second.type('\x1b[A');
    await second.waitFor((s) => s.typed(s.row) === `${prompt}set hist:k one`);
    second.type('\x1b[B\x1b[B');
    await second.waitFor((s) => s.typed(s.row) === prompt.trimEnd());
    second.type('\x1b[A\x1b[A\x01\x1b[C\x1b[C\x1b[C\x0b\r');
    await second.waitForLine(/^\(error\) ERR wrong number of arguments for 'set' command$/);
  });

  it('Ctrl-C drops a half-typed line; on an empty line it exits, as does Ctrl-D', async () => {
    const c = cli();
    const prompt = `127.0.0.1:${kv.port}> `;
    await c.waitForLine(prompt.trimEnd());
    c.type('get something');
    await c.waitFor((s) => s.line(s.row).startsWith(`${prompt}get something`));
    c.type('\x03');
    await c.waitFor((s) => s.line(s.row) === prompt.trimEnd() && s.lines().some((l) => l.endsWith('get something^C')));
    c.type('ping\r');
    await c.waitForLine('PONG');
    c.type('\x03');
    expect(await c.exited).toBe(0);
    const d = cli();
    await d.waitForLine(prompt.trimEnd());
    d.type('\x04');
    expect(await d.exited).toBe(0);
    // Ctrl-D while a command runs (the terminal is not raw then, so it ends the input): the reply, then exit.
    const e = cli();
    await e.waitForLine(prompt.trimEnd());
    e.type('blpop tty:nolist 0.5\r');
    await e.waitFor((s) => s.lines().some((l) => l === `${prompt}blpop tty:nolist 0.5`));
    e.type('\x04');
    expect(await e.exited).toBe(0);
    expect(e.screen.lines()).toContain('(nil)');
  });

  it('HELP in colour on a terminal', async () => {
    const c = cli();
    await c.waitForLine(`127.0.0.1:${kv.port}>`);
    c.type('help get\r');
    await c.waitForLine('  summary: Get the value of a key');
    expect(c.raw).toContain('\x1b[1mGET\x1b[0m \x1b[90mkey\x1b[0m');
    expect(c.screen.lines()).toContain('  group: string');
  });

  it('SUBSCRIBE prints messages until Ctrl-C, then the prompt is back', async () => {
    const c = cli();
    const prompt = `127.0.0.1:${kv.port}>`;
    await c.waitForLine(prompt);
    c.type('subscribe news\r');
    await c.waitForLine('Reading messages... (press Ctrl-C to quit)');
    await c.waitForLine('3) (integer) 1');
    await runKvCli(['-p', String(kv.port), 'PUBLISH', 'news', 'hello there']);
    await c.waitForLine('3) "hello there"');
    c.type('\x03');
    await c.waitFor((s) => s.line(s.row) === prompt);
    c.type('ping\r');
    await c.waitForLine('PONG');
  });

  it('a slow command shows its time; Ctrl-C during it gives the prompt back', async () => {
    const c = cli();
    const prompt = `127.0.0.1:${kv.port}>`;
    await c.waitForLine(prompt);
    c.type('blpop nolist 0.6\r');
    await c.waitForLine(/^\(\d\.\d\ds\)$/, 4000);
    c.type('blpop nolist 0\r');
    await new Promise((r) => setTimeout(r, 300));
    c.type('\x03');
    await c.waitFor((s) => s.line(s.row) === prompt);
    c.type('echo "still here"\r');
    await c.waitForLine('"still here"');
  });

  it('reconnects: "not connected>" while the server is down, back on the next command after a restart', async () => {
    const own = await startKv();
    const port = own.port;
    const c = new PtyCli(['-p', String(port)], { KVCLI_HISTFILE: histfile, KVCLI_RCFILE: '/dev/null' });
    open.push(c);
    const prompt = `127.0.0.1:${port}>`;
    await c.waitForLine(prompt);
    c.type('set r 1\r');
    await c.waitForLine('OK');
    await own.stop();
    // Give kv-cli the moment to see the server's FIN, as a person typing would.
    await new Promise((r) => setTimeout(r, 300));
    c.type('get r\r');
    await c.waitForLine(`Could not connect to Redis at 127.0.0.1:${port}: Connection refused`);
    await c.waitFor((s) => s.line(s.row) === 'not connected>');
    const again = await startKv({}, port);
    try {
      c.type('ping\r');
      await c.waitForLine('PONG');
      await c.waitFor((s) => s.line(s.row) === prompt);
    } finally {
      await again.stop();
    }
  });

  it('a password given with AUTH is used again after a reconnection, and the database is selected again', async () => {
    const own = await startKv({ requirepass: 'pw1' });
    const port = own.port;
    const c = new PtyCli(['-p', String(port)], { KVCLI_HISTFILE: histfile, KVCLI_RCFILE: '/dev/null' });
    open.push(c);
    await c.waitForLine(`127.0.0.1:${port}>`);
    c.type('auth pw1\r');
    await c.waitForLine('OK');
    c.type('select 3\r');
    await c.waitForLine(`127.0.0.1:${port}[3]>`);
    await own.stop();
    await new Promise((r) => setTimeout(r, 300));
    const again = await startKv({ requirepass: 'pw1' }, port);
    try {
      c.type('client info\r');
      await c.waitForLine(/ db=3 /);
      expect(c.screen.text()).not.toContain('NOAUTH');
      await c.waitFor((s) => s.line(s.row) === `127.0.0.1:${port}[3]>`);
    } finally {
      await again.stop();
    }
  });

  it('starts "not connected" when the server is down, and connects when it is up', async () => {
    const own = await startKv();
    const port = own.port;
    await own.stop();
    const c = new PtyCli(['-p', String(port)], { KVCLI_HISTFILE: histfile, KVCLI_RCFILE: '/dev/null' });
    open.push(c);
    await c.waitForLine(`Could not connect to Redis at 127.0.0.1:${port}: Connection refused`);
    await c.waitFor((s) => s.line(s.row) === 'not connected>');
    const up = await startKv({}, port);
    try {
      c.type('echo hi\r');
      await c.waitForLine('"hi"');
      // The hints came with the connection.
      c.type('get');
      await c.waitFor((s) => s.greyText(s.row) === ' key');
    } finally {
      await up.stop();
    }
  });
});

describe.skipIf(!haveRedis)('interactive kv-cli against a real Redis', () => {
  let redis: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => redis?.stop());

  it('CONNECT switches servers, and hints follow the new server', async () => {
    const c = cli();
    await c.waitForLine(`127.0.0.1:${kv.port}>`);
    c.type(`connect 127.0.0.1 ${redis.port}\r`);
    await c.waitForLine(`127.0.0.1:${redis.port}>`);
    // ACL is a Redis command: its subcommands' hints come from this server's COMMAND DOCS.
    c.type('acl setuser');
    await c.waitFor((s) => s.greyText(s.row) === ' username [rule [rule ...]]');
    c.type('\x15info server\r');
    await c.waitFor(() => /\nredis_version:7\.0\.\d+\r/.test(c.raw));
  });

  it('MONITOR streams until Ctrl-C', async () => {
    const c = new PtyCli(['-p', String(redis.port)], { KVCLI_HISTFILE: histfile, KVCLI_RCFILE: '/dev/null' });
    open.push(c);
    const prompt = `127.0.0.1:${redis.port}>`;
    await c.waitForLine(prompt);
    c.type('monitor\r');
    await c.waitForLine('OK');
    await runKvCli(['-p', String(redis.port), 'SET', 'watched', 'value']);
    await c.waitForLine(/^\d+\.\d+ \[0 127\.0\.0\.1:\d+\] "SET" "watched" "value"$/);
    c.type('\x03');
    await c.waitFor((s) => s.line(s.row) === prompt);
    c.type('get watched\r');
    await c.waitForLine('"value"');
  });
});

describe('pushes at the prompt', () => {
  it('client-tracking invalidations wait for the next command instead of breaking into the line being typed', async () => {
    const c = cli(['-3']);
    const prompt = `127.0.0.1:${kv.port}>`;
    await c.waitForLine(prompt);
    c.type('client tracking on\r');
    await c.waitForLine('OK');
    c.type('get tracked\r');
    await c.waitForLine('(nil)');
    c.type('echo typed');
    await c.waitFor((s) => s.typed(s.row) === `${prompt} echo typed`);
    await runKvCli(['-p', String(kv.port), 'SET', 'tracked', 'now']);
    await new Promise((r) => setTimeout(r, 300));
    expect(c.screen.typed(c.screen.row)).toBe(`${prompt} echo typed`);
    c.type('\r');
    await c.waitForLine('"typed"');
    const lines = c.screen.lines();
    expect(lines.slice(-3)).toEqual(["-> invalidate: 'tracked'", '"typed"', prompt]);
  });
});
