import { createServer, type Server } from 'node:net';
import { RequestParser } from '@kv/resp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyCli } from './pty.js';
import { runKvCli } from './run.js';

// Servers without COMMAND DOCS (Redis before 7.0, proxies): hints fall back
// to what COMMAND tells (arity and first key, as redis-cli 7.0 does for the
// commands its help.h lacks), and without COMMAND there are no hints, no
// completion and HELP knows no command, but everything else works.

function fakeServer(withCommand: boolean): Promise<Server> {
  const server = createServer((socket) => {
    const parser = new RequestParser();
    socket.on('data', (chunk) => {
      parser.push(chunk);
      for (let args = parser.next(); args !== undefined; args = parser.next()) {
        const cmd = args.map((a) => a.toLowerCase()).join(' ');
        if (cmd === 'command docs') socket.write("-ERR unknown subcommand 'DOCS'. Try COMMAND HELP.\r\n");
        else if (cmd === 'command' && withCommand) {
          socket.write('*3\r\n*6\r\n$3\r\nget\r\n:2\r\n*0\r\n:1\r\n:1\r\n:1\r\n*6\r\n$4\r\nmset\r\n:-3\r\n*0\r\n:1\r\n:-1\r\n:2\r\n*6\r\n$4\r\nping\r\n:-1\r\n*0\r\n:0\r\n:0\r\n:0\r\n');
        } else if (args[0]!.toLowerCase() === 'ping') socket.write('+PONG\r\n');
        else socket.write(`-ERR unknown command '${args[0]}'\r\n`);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const portOf = (s: Server) => (s.address() as { port: number }).port;
let withCommand: Server;
let bare: Server;
const open: PtyCli[] = [];

beforeAll(async () => {
  withCommand = await fakeServer(true);
  bare = await fakeServer(false);
});
afterEach(() => {
  for (const c of open.splice(0)) c.kill();
});
afterAll(async () => {
  await new Promise((r) => withCommand.close(r));
  await new Promise((r) => bare.close(r));
});

function cli(server: Server): PtyCli {
  const c = new PtyCli(['-p', String(portOf(server))], { KVCLI_HISTFILE: '/dev/null', KVCLI_RCFILE: '/dev/null' });
  open.push(c);
  return c;
}

describe('without COMMAND DOCS', () => {
  it('hints come from COMMAND: key, arg, ...options...', async () => {
    const c = cli(withCommand);
    const prompt = `127.0.0.1:${portOf(withCommand)}>`;
    await c.waitForLine(prompt);
    c.type('mset');
    await c.waitFor((s) => s.greyText(s.row) === ' key arg ...options...');
    // redis-cli builds these with a trailing blank ("key "), and so shows them.
    c.type('\x15get');
    await c.waitFor((s) => s.greyText(s.row) === ' key ');
    c.type('\x15pi\t');
    await c.waitFor((s) => s.typed(s.row) === `${prompt} PING`);
    c.type('\r');
    await c.waitForLine('PONG');
    const help = await runKvCli(['-p', String(portOf(withCommand))], { stdin: 'help mset\n' });
    expect(help.out).toBe('\r\n  MSET key arg ...options...\r\n  summary: Help not available\r\n  since: not known\r\n  group: generic\r\n\r\n');
  });

  it('and without COMMAND: no hints, Tab only beeps, commands still run', async () => {
    const c = cli(bare);
    const prompt = `127.0.0.1:${portOf(bare)}>`;
    await c.waitForLine(prompt);
    c.type('ping\t');
    await c.waitFor((s) => s.bells === 1 && s.typed(s.row) === `${prompt} ping`);
    expect(c.screen.greyText(c.screen.row)).toBe('');
    c.type('\r');
    await c.waitForLine('PONG');
    c.type('help ping\r');
    await c.waitFor((s) => s.line(s.row) === prompt && s.lines().length >= 5);
  });
});
