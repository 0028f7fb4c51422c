import { RespConnection } from '@kv/client';
import { AttributeReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, PushReply, SetReply, SimpleString, VerbatimReply } from '@kv/resp';
import { describe, expect, it } from 'vitest';
import { connectTo, useTestServer } from './fixture.js';

// Operations commands on kv alone: what the side-by-side tests with Redis
// cannot pin down (timing, active expiry, connection state).

const ctx = useTestServer({ 'enable-debug-command': 'yes', hz: '100' });

describe('DEBUG', () => {
  it('SET-ACTIVE-EXPIRE 0 leaves expired keys to be found lazily; 1 turns the cycle back on', async () => {
    const c = ctx.conn;
    expect(await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toEqual(new SimpleString('OK'));
    await c.pipeline(Array.from({ length: 50 }, (_, i) => ['SET', `k${i}`, 'v', 'PX', '5']));
    await new Promise((r) => setTimeout(r, 150));
    // DBSIZE does not expire keys: with the cycle off they are all still counted.
    expect(await c.call('DBSIZE')).toBe(50);
    expect(await c.call('GET', 'k0')).toBe(null);
    expect(await c.call('DBSIZE')).toBe(49);
    await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    for (let i = 0; i < 50 && (await c.call('DBSIZE')) !== 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await c.call('DBSIZE')).toBe(0);
  });

  it('POPULATE creates missing keys only, without counting them as changes', async () => {
    const c = ctx.conn;
    await c.call('SET', 'key:1', 'mine');
    const dirty = String(await c.call('INFO', 'persistence'));
    expect(await c.call('DEBUG', 'POPULATE', '3')).toEqual(new SimpleString('OK'));
    expect(await c.pipeline([['GET', 'key:0'], ['GET', 'key:1'], ['GET', 'key:2'], ['DBSIZE']])).toEqual(['value:0', 'mine', 'value:2', 3]);
    const after = String(await c.call('INFO', 'persistence'));
    const changes = (v: string) => /rdb_changes_since_last_save:(\d+)/.exec(v)![1];
    expect(changes(after)).toBe(changes(dirty));
    await c.call('DEBUG', 'POPULATE', '2', 'p', '10');
    expect(await c.call('GET', 'p:1')).toBe('value:1\0\0\0');
    await c.call('DEBUG', 'POPULATE', '1', 'q', '3');
    expect(await c.call('GET', 'q:0')).toBe('val');
    expect(await c.call('DEBUG', 'POPULATE', '-1')).toEqual(new ErrorReply('ERR value is out of range, must be positive'));
  });

  it('PROTOCOL answers each RESP3 type', async () => {
    const c = await connectTo(ctx.server);
    await c.call('HELLO', '3');
    const pushes: unknown[] = [];
    c.onUnsolicited = (v) => pushes.push(v);
    const replies = await c.pipeline(['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'true', 'false', 'verbatim', 'push', 'nope'].map((t) => ['DEBUG', 'PROTOCOL', t]));
    expect(replies.slice(0, 12)).toEqual([
      'Hello World', 12345, new DoubleReply(3.141), new BigNumberReply(1234567999999999999999999999999999999n), null, [0, 1, 2],
      new SetReply([0, 1, 2]), new MapReply([0, new BooleanReply(false), 1, new BooleanReply(true), 2, new BooleanReply(false)]),
      expect.anything(), new BooleanReply(true), new BooleanReply(false), new VerbatimReply('txt', 'This is a verbatim\nstring'),
    ]);
    expect(replies[8] instanceof AttributeReply || replies[8] === 'Some real reply following the attribute').toBe(true);
    expect(replies[12]).toBe('Some real reply following the push reply');
    expect(pushes).toEqual([new PushReply(['server-cpu-usage', 42])]);
    expect(replies[13]).toBeInstanceOf(ErrorReply);
    c.close();
  });
});

describe('MONITOR', () => {
  it('streams other clients\' commands, ignores a second MONITOR, is refused inside EXEC, stops on RESET', async () => {
    const mon = await connectTo(ctx.server);
    const lines: string[] = [];
    mon.onUnsolicited = (v) => lines.push((v as SimpleString).value);
    expect(await mon.call('MONITOR')).toEqual(new SimpleString('OK'));
    expect(ctx.server.server.monitors.size).toBe(1);
    const other = await connectTo(ctx.server);
    await other.call('SET', 'a', '1');
    await other.pipeline([['MULTI'], ['MONITOR'], ['EXEC']]).then((r) => expect(r[2]).toEqual([new ErrorReply("ERR MONITOR isn't allowed for DENY BLOCKING client")]));
    await new Promise((r) => setTimeout(r, 20));
    expect(lines.map((l) => l.replace(/^\S+ \[0 [^\]]+\] /, ''))).toEqual(['"SET" "a" "1"', '"MULTI"', '"EXEC"']);
    // A second MONITOR gets no reply at all: the next reply is the PING's.
    mon.writeRaw('*1\r\n$7\r\nMONITOR\r\n');
    expect(await mon.call('PING')).toEqual(new SimpleString('PONG'));
    mon.close();
    await mon.closed();
    // A closed monitor is dropped at the next command fed once the server has seen the connection go.
    for (let i = 0; i < 100 && ctx.server.server.monitors.size !== 0; i++) {
      await other.call('SET', 'b', '2');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(ctx.server.server.monitors.size).toBe(0);
    other.close();
  });

  it('costs nothing per command while nobody monitors', async () => {
    expect(ctx.server.server.monitors.size).toBe(0);
    const c = ctx.conn;
    const start = performance.now();
    await c.pipeline(Array.from({ length: 2000 }, (_, i) => ['SET', `x${i}`, 'v']));
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('SLOWLOG and LATENCY on kv', () => {
  it('logs a slow DEBUG SLEEP with its duration, and LATENCY records it as a command event', async () => {
    const c = ctx.conn;
    await c.pipeline([['SLOWLOG', 'RESET'], ['LATENCY', 'RESET'], ['CONFIG', 'SET', 'latency-monitor-threshold', '10']]);
    await c.call('DEBUG', 'SLEEP', '0.03');
    const [entry] = (await c.call('SLOWLOG', 'GET', '1')) as [number, number, number, string[], string, string][];
    expect(entry![3]).toEqual(['DEBUG', 'SLEEP', '0.03']);
    expect(entry![2]).toBeGreaterThanOrEqual(30000);
    const latest = (await c.call('LATENCY', 'LATEST')) as [string, number, number, number][];
    expect(latest.map((e) => e[0])).toEqual(['command']);
    expect(latest[0]![2]).toBeGreaterThanOrEqual(30);
    expect(String(await c.call('LATENCY', 'DOCTOR'))).toContain('1. command: 1 latency spikes');
    expect(await c.call('LATENCY', 'RESET', 'COMMAND')).toBe(1);
    await c.call('CONFIG', 'SET', 'latency-monitor-threshold', '0');
  });

  it('INFO commandstats and latencystats drop with CONFIG RESETSTAT; the slow log stays', async () => {
    const c = ctx.conn;
    await c.pipeline([['CONFIG', 'SET', 'slowlog-log-slower-than', '0'], ['GET', 'x']]);
    await c.call('CONFIG', 'RESETSTAT');
    const info = String(await c.call('INFO', 'commandstats', 'latencystats'));
    expect(info).not.toContain('cmdstat_get');
    expect(info).not.toContain('latency_percentiles_usec_get');
    expect(await c.call('SLOWLOG', 'LEN')).toBeGreaterThan(0);
    await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
  });

  it('turning latency-tracking off stops new histograms', async () => {
    const c: RespConnection = ctx.conn;
    await c.pipeline([['CONFIG', 'SET', 'latency-tracking', 'no'], ['CONFIG', 'RESETSTAT'], ['GET', 'y']]);
    expect(String(await c.call('INFO', 'latencystats'))).toBe('# Latencystats\r\n');
    await c.call('CONFIG', 'SET', 'latency-tracking', 'yes');
  });
});
