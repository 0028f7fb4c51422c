import { ErrorReply, PushReply, RequestParser, SimpleString } from '@kv/resp';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError, RespConnection } from './connection.js';

// RespConnection against a scripted server: the server answers each command
// it parses with whatever the test's `answer` returns, in chunks the test
// chooses, so ordering, splitting and failure paths are exercised exactly.

type Answer = (args: string[], socket: Socket) => string | undefined;

let server: Server | undefined;

async function scripted(answer: Answer): Promise<number> {
  server = createServer((socket) => {
    const parser = new RequestParser();
    socket.on('data', (chunk) => {
      parser.push(chunk);
      for (let cmd = parser.next(); cmd !== undefined; cmd = parser.next()) {
        const out = answer(cmd, socket);
        if (out !== undefined) socket.write(Buffer.from(out, 'latin1'));
      }
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

describe('RespConnection', () => {
  it('resolves replies in order, error replies as values', async () => {
    const port = await scripted((args) => (args[0] === 'BAD' ? '-ERR nope\r\n' : `$${args[1]!.length}\r\n${args[1]}\r\n`));
    const conn = await RespConnection.connect({ port });
    const [a, b, c] = await Promise.all([conn.call('ECHO', 'one'), conn.call('BAD'), conn.call('ECHO', 'three')]);
    expect(a).toBe('one');
    expect(b).toBeInstanceOf(ErrorReply);
    expect((b as ErrorReply).message).toBe('ERR nope');
    expect(c).toBe('three');
    expect(await conn.pipeline([['ECHO', 'x'], ['ECHO', 'y']])).toEqual(['x', 'y']);
    conn.close();
  });

  it('puts together replies split across many writes', async () => {
    const port = await scripted((_args, socket) => {
      const bytes = '*2\r\n+OK\r\n:42\r\n';
      for (const ch of bytes) socket.write(Buffer.from(ch, 'latin1'));
      return undefined;
    });
    const conn = await RespConnection.connect({ port });
    expect(await conn.call('ANY')).toEqual([new SimpleString('OK'), 42]);
    conn.close();
  });

  it('gives RESP3 pushes nobody waits for to onUnsolicited', async () => {
    const port = await scripted(() => '>2\r\n$7\r\nmessage\r\n$2\r\nhi\r\n+OK\r\n');
    const conn = await RespConnection.connect({ port });
    const pushes: unknown[] = [];
    conn.onUnsolicited = (v) => pushes.push(v);
    // The push arrives first, but only the +OK answers the command.
    expect(await conn.call('PING')).toEqual(new SimpleString('OK'));
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toBeInstanceOf(PushReply);
    conn.close();
  });

  it('returns bulk strings as Buffers when asked', async () => {
    const port = await scripted(() => '$3\r\n\x00\xff\x01\r\n');
    const conn = await RespConnection.connect({ port, buffers: true });
    const reply = await conn.call('GET', 'k');
    expect(Buffer.isBuffer(reply)).toBe(true);
    expect([...(reply as Buffer)]).toEqual([0, 0xff, 1]);
    conn.close();
  });

  it('rejects pending and later calls with ConnectionError when the server closes', async () => {
    const port = await scripted((_args, socket) => {
      socket.destroy();
      return undefined;
    });
    const conn = await RespConnection.connect({ port });
    await expect(conn.call('PING')).rejects.toBeInstanceOf(ConnectionError);
    await conn.closed();
    await expect(conn.call('PING')).rejects.toBeInstanceOf(ConnectionError);
  });

  it('fails to connect with ConnectionError where nothing listens', async () => {
    const port = await scripted(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(RespConnection.connect({ port })).rejects.toBeInstanceOf(ConnectionError);
  });
});
