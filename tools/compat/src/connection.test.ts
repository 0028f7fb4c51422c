import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Failure, TesterConnection, type Reply } from './connection.js';

/** A reply as one write, as pieces written 20 ms apart, nothing, or 'CLOSE'. */
type Answer = string | string[] | undefined;

/** A fake server that answers each received chunk with what `answer` returns. */
async function fake(answer: (request: string) => Answer): Promise<{ server: Server; port: number }> {
  const server = createServer((socket: Socket) => {
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      const out = answer(d.toString('latin1'));
      if (out === 'CLOSE') socket.end();
      else if (Array.isArray(out)) out.forEach((piece, i) => setTimeout(() => socket.write(Buffer.from(piece, 'latin1')), i * 20));
      else if (out !== undefined) socket.write(Buffer.from(out, 'latin1'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

let servers: Server[] = [];
afterEach(() => {
  for (const s of servers) s.close();
  servers = [];
});

async function connectTo(answer: (request: string) => Answer): Promise<TesterConnection> {
  const { server, port } = await fake(answer);
  servers.push(server);
  return TesterConnection.connect(port);
}

describe('TesterConnection', () => {
  it('returns the exact bytes and the parsed value of each reply, even split across writes', async () => {
    const c = await connectTo((req) => (req.includes('PING') ? '+PONG\r\n' : ['*2\r\n$5\r\nhel', 'lo\r\n', ':7\r', '\n']));
    const r = (await c.call(['PING'])) as Reply;
    expect(r.raw.toString('latin1')).toBe('+PONG\r\n');
    const s = (await c.call(['GET', 'x'])) as Reply;
    expect(s.raw.toString('latin1')).toBe('*2\r\n$5\r\nhello\r\n:7\r\n');
    expect(s.value).toEqual(['hello', 7]);
    c.close();
  });

  it('reads several replies for a raw pipeline', async () => {
    const c = await connectTo(() => ':1\r\n:2\r\n');
    const r = (await c.callRaw(Buffer.from('INCR a\r\nINCR a\r\n'), 1000, 2)) as Reply;
    expect(r.value).toEqual([1, 2]);
    expect(r.raw.toString('latin1')).toBe(':1\r\n:2\r\n');
    c.close();
  });

  it('reports a malformed reply as a failure, not a crash', async () => {
    const c = await connectTo(() => '?what\r\n');
    const r = await c.call(['PING']);
    expect(r).toBeInstanceOf(Failure);
    expect((r as Failure).reason).toMatch(/malformed reply/);
    expect(c.usable).toBe(false);
  });

  it('reports bytes left over from an earlier reply on the next command', async () => {
    const c = await connectTo(() => '-ERR a\r\nb\r\n');
    expect(((await c.call(['X'])) as Reply).raw.toString('latin1')).toBe('-ERR a\r\n');
    await new Promise((r) => setTimeout(r, 20));
    const r = await c.call(['PING']);
    expect((r as Failure).reason).toMatch(/bytes after the previous reply/);
  });

  it('times out on a silent server', async () => {
    const c = await connectTo(() => undefined);
    const r = await c.call(['PING'], 100);
    expect(r).toBeInstanceOf(Failure);
    expect((r as Failure).timedOut).toBe(true);
  });

  it('reports a closed connection', async () => {
    const c = await connectTo(() => 'CLOSE');
    const r = await c.call(['QUIT']);
    expect((r as Failure).reason).toBe('connection closed');
    expect(((await c.call(['PING'])) as Failure).reason).toBe('connection closed');
  });
});
