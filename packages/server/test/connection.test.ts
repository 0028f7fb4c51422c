import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ErrorReply, MapReply, SimpleString } from '@kv/resp';
import { connectTo, startTestServer, useTestServer } from './fixture.js';

const t = useTestServer({}, { flushEachTest: false });



describe('connection commands', () => {
  it('PING and ECHO', async () => {
    expect(await t.conn.call('PING')).toEqual(new SimpleString('PONG'));
    expect(await t.conn.call('ping', 'hi there')).toBe('hi there');
    expect(await t.conn.call('ECHO', 'a\x00b')).toBe('a\x00b');
  });

  it('unknown commands and wrong arity get Redis texts', async () => {
    expect(await t.conn.call('fooo', 'a', 'b')).toEqual(new ErrorReply("ERR unknown command 'fooo', with args beginning with: 'a' 'b' "));
    expect(await t.conn.call('GET')).toEqual(new ErrorReply("ERR wrong number of arguments for 'get' command"));
    expect(await t.conn.call('CLIENT')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client' command"));
    expect(await t.conn.call('CLIENT', 'KILL')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client|kill' command"));
    expect(await t.conn.call('client', 'foo')).toEqual(new ErrorReply("ERR unknown subcommand 'foo'. Try CLIENT HELP."));
  });

  it('inline commands work as telnet sends them', async () => {
    expect(await t.conn.callRaw('PING\r\n')).toEqual(new SimpleString('PONG'));
    expect(await t.conn.callRaw('ECHO "hello world"\n')).toBe('hello world');
  });

  it('SELECT switches databases and checks the index', async () => {
    await t.conn.call('SELECT', '3');
    await t.conn.call('SET', 'k', 'in3');
    await t.conn.call('SELECT', '0');
    expect(await t.conn.call('GET', 'k')).toBeNull();
    expect(await t.conn.call('SELECT', '16')).toEqual(new ErrorReply('ERR DB index is out of range'));
    expect(await t.conn.call('SELECT', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
  });

  it('HELLO 3 switches to RESP3 and replies with a map', async () => {
    const c = await connectTo(t.server);
    const reply = await c.call('HELLO', '3', 'SETNAME', 'me');
    expect(reply).toBeInstanceOf(MapReply);
    const m = (reply as MapReply).entries;
    expect(m.slice(0, 6)).toEqual(['server', 'redis', 'version', '7.0.15', 'proto', 3]);
    expect(await c.call('CLIENT', 'GETNAME')).toBe('me');
    expect(await c.call('HELLO', '4')).toEqual(new ErrorReply('NOPROTO unsupported protocol version'));
    expect(await c.call('HELLO', 'x')).toEqual(new ErrorReply('ERR Protocol version is not an integer or out of range'));
    expect(await c.call('RESET')).toEqual(new SimpleString('RESET'));
    expect(await c.call('CLIENT', 'GETNAME')).toBeNull();
    c.close();
  });

  it('a protocol error is answered, then the connection closes', async () => {
    const c = await connectTo(t.server);
    const reply = c.callRaw('*abc\r\n');
    expect(await reply).toEqual(new ErrorReply('ERR Protocol error: invalid multibulk length'));
    await c.closed();
  });

  it('QUIT replies OK and closes', async () => {
    const c = await connectTo(t.server);
    expect(await c.call('QUIT')).toEqual(new SimpleString('OK'));
    await c.closed();
  });

  it('pipelined commands all get their replies in order', async () => {
    const cmds = Array.from({ length: 500 }, (_, i) => ['SET', `p${i}`, String(i)]);
    const replies = await t.conn.pipeline([...cmds, ['MGET', 'p0', 'p499']]);
    expect(replies.length).toBe(501);
    expect(replies[500]).toEqual(['0', '499']);
  });

  it('a client that sends its commands and at once stops sending still gets every reply, then the close', async () => {
    // As `printf 'SET …' | nc` does: the commands and the FIN arrive together.
    const commands = Array.from({ length: 200 }, (_, i) => `SET hc:${i} ${i}\r\nGET hc:${i}\r\n`).join('');
    const expected = Array.from({ length: 200 }, (_, i) => `+OK\r\n$${String(i).length}\r\n${i}\r\n`).join('');
    for (let round = 0; round < 5; round++) {
      const received = await new Promise<string>((resolve, reject) => {
        const socket = connect(t.server.port, '127.0.0.1');
        let out = '';
        socket.on('connect', () => socket.end(commands));
        socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
        socket.on('error', reject);
        socket.on('close', () => resolve(out));
      });
      expect(received).toBe(expected);
    }
  });

  it('requirepass: NOAUTH until AUTH, WRONGPASS on a bad password', async () => {
    const s = await startTestServer({ requirepass: 'secret' });
    const c = await connectTo(s);
    expect(await c.call('GET', 'x')).toEqual(new ErrorReply('NOAUTH Authentication required.'));
    expect(await c.call('AUTH', 'nope')).toEqual(new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(await c.call('AUTH', 'secret')).toEqual(new SimpleString('OK'));
    expect(await c.call('GET', 'x')).toBeNull();
    c.close();
    await s.close();
  });

  it('AUTH without requirepass says so', async () => {
    expect(await t.conn.call('AUTH', 'x')).toEqual(
      new ErrorReply('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?'),
    );
    expect(await t.conn.call('AUTH', 'default', 'anything')).toEqual(new SimpleString('OK'));
  });

  it('CLIENT ID, SETNAME, LIST and KILL', async () => {
    const c = await connectTo(t.server);
    const id = (await c.call('CLIENT', 'ID')) as number;
    expect(await c.call('CLIENT', 'SETNAME', 'a b')).toEqual(new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.'));
    expect(await c.call('CLIENT', 'SETNAME', 'worker')).toEqual(new SimpleString('OK'));
    const list = String(await t.conn.call('CLIENT', 'LIST'));
    expect(list).toMatch(new RegExp(`^id=${id} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:${t.server.port} fd=\\d+ name=worker age=\\d+ idle=\\d+ flags=N db=0 `, 'm'));
    expect(await t.conn.call('CLIENT', 'KILL', 'ID', String(id))).toBe(1);
    await c.closed();
    expect(await t.conn.call('CLIENT', 'KILL', '1.2.3.4:5')).toEqual(new ErrorReply('ERR No such client'));
  });
});
