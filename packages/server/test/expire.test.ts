import { describe, expect, it } from 'vitest';
import { ErrorReply } from '@kv/resp';
import { useTestServer } from './fixture.js';

const t = useTestServer({ hz: '100' });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


describe('expiry', () => {
  it('TTL and PTTL: -2 without key, -1 without TTL, rounded seconds', async () => {
    expect(await t.conn.call('TTL', 'k')).toBe(-2);
    await t.conn.call('SET', 'k', 'v');
    expect(await t.conn.call('TTL', 'k')).toBe(-1);
    expect(await t.conn.call('PEXPIRE', 'k', '10400')).toBe(1);
    expect(await t.conn.call('TTL', 'k')).toBe(10);
    const pttl = (await t.conn.call('PTTL', 'k')) as number;
    expect(pttl).toBeGreaterThan(10000);
    expect(pttl).toBeLessThanOrEqual(10400);
  });

  it('keys expire with millisecond precision, lazily on access', async () => {
    // One pipeline is one batch, read under one clock: the key is still there however slow the machine.
    const [, before] = await t.conn.pipeline([['SET', 'k', 'v', 'PX', '30'], ['GET', 'k']]);
    expect(before).toBe('v');
    await sleep(40);
    expect(await t.conn.call('GET', 'k')).toBeNull();
    expect(await t.conn.call('EXISTS', 'k')).toBe(0);
  });

  it('the active cycle removes expired keys nobody reads', async () => {
    const n = 2000;
    await t.conn.pipeline(Array.from({ length: n }, (_, i) => ['SET', `e${i}`, 'v', 'PX', '300']));
    await t.conn.call('SET', 'keep', 'v');
    // Nothing reads the keys, so only the active cycle can remove them (however slow the machine is).
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && ((await t.conn.call('DBSIZE')) as number) > 1) await sleep(50);
    expect(await t.conn.call('DBSIZE')).toBe(1);
    const info = String(await t.conn.call('INFO', 'stats'));
    expect(Number(/expired_keys:(\d+)\r\n/.exec(info)![1])).toBeGreaterThanOrEqual(n);
  });

  it('EXPIRE NX/XX/GT/LT as Redis 7.0', async () => {
    await t.conn.call('SET', 'k', 'v');
    expect(await t.conn.call('EXPIRE', 'k', '100', 'XX')).toBe(0);
    expect(await t.conn.call('EXPIRE', 'k', '100', 'GT')).toBe(0);
    expect(await t.conn.call('EXPIRE', 'k', '100', 'NX')).toBe(1);
    expect(await t.conn.call('EXPIRE', 'k', '200', 'NX')).toBe(0);
    expect(await t.conn.call('EXPIRE', 'k', '50', 'GT')).toBe(0);
    expect(await t.conn.call('EXPIRE', 'k', '200', 'GT')).toBe(1);
    expect(await t.conn.call('EXPIRE', 'k', '300', 'LT')).toBe(0);
    expect(await t.conn.call('EXPIRE', 'k', '10', 'LT')).toBe(1);
    expect(await t.conn.call('EXPIRE', 'k', '10', 'NX', 'XX')).toEqual(new ErrorReply('ERR NX and XX, GT or LT options at the same time are not compatible'));
    expect(await t.conn.call('EXPIRE', 'k', '10', 'GT', 'LT')).toEqual(new ErrorReply('ERR GT and LT options at the same time are not compatible'));
    expect(await t.conn.call('EXPIRE', 'k', '10', 'FOO')).toEqual(new ErrorReply('ERR Unsupported option FOO'));
  });

  it('overflowing expire times are refused; past times delete', async () => {
    await t.conn.call('SET', 'k', 'v');
    expect(await t.conn.call('EXPIRE', 'k', '9223372036854775807')).toEqual(new ErrorReply("ERR invalid expire time in 'expire' command"));
    expect(await t.conn.call('PEXPIRE', 'k', '9223372036854775807')).toEqual(new ErrorReply("ERR invalid expire time in 'pexpire' command"));
    expect(await t.conn.call('EXPIRE', 'k', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(await t.conn.call('EXPIREAT', 'k', '1')).toBe(1);
    expect(await t.conn.call('EXISTS', 'k')).toBe(0);
  });

  it('EXPIRETIME, PEXPIRETIME and PERSIST', async () => {
    await t.conn.call('SET', 'k', 'v');
    expect(await t.conn.call('PERSIST', 'k')).toBe(0);
    const at = Date.now() + 100_000;
    await t.conn.call('PEXPIREAT', 'k', String(at));
    expect(await t.conn.call('PEXPIRETIME', 'k')).toBe(at);
    expect(await t.conn.call('EXPIRETIME', 'k')).toBe(Math.floor((at + 500) / 1000));
    expect(await t.conn.call('PERSIST', 'k')).toBe(1);
    expect(await t.conn.call('PEXPIRETIME', 'k')).toBe(-1);
  });
});
