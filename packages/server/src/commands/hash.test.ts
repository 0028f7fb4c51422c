import { MapReply, type RespValue } from '@kv/resp';
import { RespConnection } from '@kv/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type ServerHandle } from '../index.js';
import { show, split } from '../../test/reply-table.js';

let h: ServerHandle;
let c: RespConnection;

beforeAll(async () => {
  h = await startServer({ config: { port: '0', save: '' }, log: () => {} });
  c = await RespConnection.connect({ port: h.port });
});

afterAll(async () => {
  c?.close();
  await h?.close();
});

beforeEach(async () => {
  await c.call('HELLO', '2');
  await c.call('FLUSHALL');
  // A failed table may leave lowered thresholds behind.
  await c.call('CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'hash-max-listpack-value', '64', 'set-max-intset-entries', '512');
});

async function run(...args: string[]): Promise<RespValue> {
  return c.call(...args);
}

/** Runs rows of [command line, Redis 7.0.15's reply]; `@resp3` switches the connection to RESP3. */
async function runTable(rows: readonly (readonly [string, string])[]): Promise<void> {
  for (const [line, want] of rows) {
    if (line === '@resp3') {
      await run('HELLO', '3');
      continue;
    }
    const got = show(await run(...split(line)));
    expect({ line, reply: got }).toEqual({ line, reply: want });
  }
}

// Every row below was produced by sending the same command to a real Redis
// 7.0.15 (started without a config file, so hash-max-listpack-entries is its
// built-in 512) and recording its reply.
const HASH_CASES: readonly (readonly [string, string])[] = [
  ["HSET h", "-ERR wrong number of arguments for 'hset' command"],
  ["HSET h f", "-ERR wrong number of arguments for 'hset' command"],
  ["HSET h f v x", "-ERR wrong number of arguments for 'hset' command"],
  ["HSET h f v", ":1"],
  ["HSET h f v2 g w", ":1"],
  ["HGET h f", "\"v2\""],
  ["HGET h nofield", "nil"],
  ["HGET nokey f", "nil"],
  ["HGET h", "-ERR wrong number of arguments for 'hget' command"],
  ["HMSET h a 1 b 2", "+OK"],
  ["HMSET h a", "-ERR wrong number of arguments for 'hmset' command"],
  ["HMSET h a 1 b", "-ERR wrong number of arguments for 'hmset' command"],
  ["HMGET h a b nofield", "[\"1\", \"2\", nil]"],
  ["HMGET nokey a b", "[nil, nil]"],
  ["HMGET h", "-ERR wrong number of arguments for 'hmget' command"],
  ["HLEN h", ":4"],
  ["HLEN nokey", ":0"],
  ["HSTRLEN h f", ":2"],
  ["HSTRLEN h nofield", ":0"],
  ["HSTRLEN nokey f", ":0"],
  ["HEXISTS h f", ":1"],
  ["HEXISTS h nofield", ":0"],
  ["HEXISTS nokey f", ":0"],
  ["HSETNX h f x", ":0"],
  ["HSETNX h new x", ":1"],
  ["HSETNX nokey2 f x", ":1"],
  ["HGET nokey2 f", "\"x\""],
  ["DEL nokey2", ":1"],
  ["HGETALL h", "[\"f\", \"v2\", \"g\", \"w\", \"a\", \"1\", \"b\", \"2\", \"new\", \"x\"]"],
  ["HKEYS nokey", "[]"],
  ["HVALS nokey", "[]"],
  ["HGETALL nokey", "[]"],
  ["OBJECT ENCODING h", "\"listpack\""],
  ["HDEL h a nofield a b", ":2"],
  ["HDEL h", "-ERR wrong number of arguments for 'hdel' command"],
  ["HDEL nokey a", ":0"],
  ["HDEL h f g new", ":3"],
  ["EXISTS h", ":0"],
  ["HDEL h f", ":0"],
  ["SET str v", "+OK"],
  ["HSET str a 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HSETNX str a 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HGET str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HMGET str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HMSET str a 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HLEN str", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HSTRLEN str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HEXISTS str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HDEL str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HKEYS str", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HVALS str", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HGETALL str", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HINCRBY str a 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HINCRBYFLOAT str a 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HRANDFIELD str", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HRANDFIELD str 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HRANDFIELD str 1 WITHVALUES", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HSCAN str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HSCAN str x", "-ERR invalid cursor"],
  ["HSCAN str 0 FOO", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["HINCRBY n a 1", ":1"],
  ["HINCRBY n a -5", ":-4"],
  ["HINCRBY n a x", "-ERR value is not an integer or out of range"],
  ["HINCRBY n a 1.5", "-ERR value is not an integer or out of range"],
  ["HINCRBY n a \"\"", "-ERR value is not an integer or out of range"],
  ["HINCRBY n a 9223372036854775807", ":9223372036854775803"],
  ["HINCRBY n a 9223372036854775808", "-ERR value is not an integer or out of range"],
  ["HINCRBY n b 9223372036854775807", ":9223372036854775807"],
  ["HINCRBY n b 1", "-ERR increment or decrement would overflow"],
  ["HINCRBY n b 0", ":9223372036854775807"],
  ["HINCRBY n c -9223372036854775808", ":-9223372036854775808"],
  ["HINCRBY n c -1", "-ERR increment or decrement would overflow"],
  ["HSET n s abc", ":1"],
  ["HINCRBY n s 1", "-ERR hash value is not an integer"],
  ["HSET n s \" 1\"", ":0"],
  ["HINCRBY n s 1", "-ERR hash value is not an integer"],
  ["HSET n s 01", ":0"],
  ["HINCRBY n s 1", "-ERR hash value is not an integer"],
  ["HSET n s -0", ":0"],
  ["HINCRBY n s 1", "-ERR hash value is not an integer"],
  ["HSET n s \"\"", ":0"],
  ["HINCRBY n s 1", "-ERR hash value is not an integer"],
  ["HINCRBY nokey3 a 5", ":5"],
  ["HGET nokey3 a", "\"5\""],
  ["DEL nokey3", ":1"],
  ["HINCRBY n a", "-ERR wrong number of arguments for 'hincrby' command"],
  ["HINCRBY n a 1 2", "-ERR wrong number of arguments for 'hincrby' command"],
  ["HINCRBYFLOAT n f 1.5", "\"1.5\""],
  ["HINCRBYFLOAT n f 0.1", "\"1.6\""],
  ["HINCRBYFLOAT n f -1.6", "\"0\""],
  ["HINCRBYFLOAT n f 1e10", "\"10000000000\""],
  ["HINCRBYFLOAT n f 5.0e3", "\"10000005000\""],
  ["HINCRBYFLOAT n f abc", "-ERR value is not a valid float"],
  ["HINCRBYFLOAT n f \"\"", "-ERR value is not a valid float"],
  ["HINCRBYFLOAT n f inf", "-ERR value is NaN or Infinity"],
  ["HINCRBYFLOAT n f -inf", "-ERR value is NaN or Infinity"],
  ["HINCRBYFLOAT n f nan", "-ERR value is not a valid float"],
  ["HINCRBYFLOAT n f 1e400", "\"10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880\""],
  ["HINCRBYFLOAT n f2 1e308", "\"99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126921888539320446747225054013223152134749593960583597420814430196418767959100019603190778663109604507106667939153395788938914560543563061268364901618630217086589253444881623791300855757318142424510452728255046343928578048\""],
  ["HINCRBYFLOAT n f2 1e308", "\"199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510092687857156096\""],
  ["HINCRBYFLOAT n f3 0x10", "\"16\""],
  ["HINCRBYFLOAT n f3 \" 1\"", "-ERR value is not a valid float"],
  ["HSET n s abc", ":0"],
  ["HINCRBYFLOAT n s 1", "-ERR hash value is not a float"],
  ["HSET n s inf", ":0"],
  ["HINCRBYFLOAT n s 1", "-ERR increment would produce NaN or Infinity"],
  ["HSET n s \" 1\"", ":0"],
  ["HINCRBYFLOAT n s 1", "-ERR hash value is not a float"],
  ["HSET n s \"1 \"", ":0"],
  ["HINCRBYFLOAT n s 1", "-ERR hash value is not a float"],
  ["HSET n s 5.0e3", ":0"],
  ["HINCRBYFLOAT n s 0", "\"5000\""],
  ["HSET n s 0x10", ":0"],
  ["HINCRBYFLOAT n s 1", "\"17\""],
  ["HSET n s 10", ":0"],
  ["HINCRBYFLOAT n s 1.5", "\"11.5\""],
  ["HINCRBYFLOAT n b 1", "\"9223372036854775808\""],
  ["HGET n b", "\"9223372036854775808\""],
  ["HINCRBY n f 1", "-ERR hash value is not an integer"],
  ["HGET n f", "\"10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880\""],
  ["HSTRLEN n f", ":401"],
  ["OBJECT ENCODING n", "\"hashtable\""],
  ["HSET e1 a gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg", ":1"],
  ["OBJECT ENCODING e1", "\"listpack\""],
  ["HSET e1 b fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", ":1"],
  ["OBJECT ENCODING e1", "\"hashtable\""],
  ["HDEL e1 b", ":1"],
  ["OBJECT ENCODING e1", "\"hashtable\""],
  ["HSET e2 fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff 1", ":1"],
  ["OBJECT ENCODING e2", "\"hashtable\""],
  ["HSET e3 a 1", ":1"],
  ["HSETNX e3 a fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", ":0"],
  ["OBJECT ENCODING e3", "\"listpack\""],
  ["HSETNX e3 b fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", ":1"],
  ["OBJECT ENCODING e3", "\"hashtable\""],
  ["HSET e4 a 1", ":1"],
  ["HINCRBY e4 fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff 1", ":1"],
  ["OBJECT ENCODING e4", "\"hashtable\""],
  ["HSET e5 a 1", ":1"],
  ["HINCRBYFLOAT e5 fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff 1.5", "\"1.5\""],
  ["OBJECT ENCODING e5", "\"hashtable\""],
  ["HSET e6 a 1", ":1"],
  ["HMSET e6 b 1 c fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "+OK"],
  ["OBJECT ENCODING e6", "\"hashtable\""],
  ["CONFIG SET hash-max-listpack-entries 3", "+OK"],
  ["CONFIG GET hash-max-listpack-entries", "[\"hash-max-listpack-entries\", \"3\"]"],
  ["HSET e7 a 1 b 2 c 3", ":3"],
  ["OBJECT ENCODING e7", "\"listpack\""],
  ["HSET e7 d 4", ":1"],
  ["OBJECT ENCODING e7", "\"hashtable\""],
  ["HDEL e7 a b c", ":3"],
  ["OBJECT ENCODING e7", "\"hashtable\""],
  ["HSET e8 a 1 b 2 c 3 d 4", ":4"],
  ["OBJECT ENCODING e8", "\"hashtable\""],
  ["HINCRBY e9 a 1", ":1"],
  ["HINCRBY e9 b 1", ":1"],
  ["HINCRBY e9 c 1", ":1"],
  ["HINCRBY e9 d 1", ":1"],
  ["OBJECT ENCODING e9", "\"hashtable\""],
  ["CONFIG SET hash-max-listpack-entries 0", "+OK"],
  ["HSET e10 a 1", ":1"],
  ["OBJECT ENCODING e10", "\"hashtable\""],
  ["CONFIG SET hash-max-listpack-entries 512", "+OK"],
  ["CONFIG SET hash-max-listpack-value 2", "+OK"],
  ["CONFIG GET hash-max-listpack-value", "[\"hash-max-listpack-value\", \"2\"]"],
  ["HSET e11 ab cd", ":1"],
  ["OBJECT ENCODING e11", "\"listpack\""],
  ["HSET e12 abc d", ":1"],
  ["OBJECT ENCODING e12", "\"hashtable\""],
  ["CONFIG SET hash-max-listpack-value 0", "+OK"],
  ["HSET e13 \"\" \"\"", ":1"],
  ["OBJECT ENCODING e13", "\"listpack\""],
  ["HSET e13 a \"\"", ":1"],
  ["OBJECT ENCODING e13", "\"hashtable\""],
  ["CONFIG SET hash-max-listpack-value 1k", "+OK"],
  ["CONFIG GET hash-max-listpack-value", "[\"hash-max-listpack-value\", \"1000\"]"],
  ["CONFIG SET hash-max-listpack-value abc", "-ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument must be a memory value"],
  ["CONFIG SET hash-max-listpack-value -1", "-ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument must be a memory value"],
  ["CONFIG SET hash-max-listpack-entries -1", "-ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive"],
  ["CONFIG SET hash-max-listpack-entries 1k", "-ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument couldn't be parsed into an integer"],
  ["CONFIG SET hash-max-listpack-value 64", "+OK"],
  ["COPY e1 e1copy", ":1"],
  ["OBJECT ENCODING e1copy", "\"hashtable\""],
  ["HGETALL e1copy", "[\"a\", \"gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg\"]"],
  ["COPY e7 e7copy", ":1"],
  ["OBJECT ENCODING e7copy", "\"hashtable\""],
  ["HGETALL e7copy", "[\"d\", \"4\"]"],
  ["HRANDFIELD nokey", "nil"],
  ["HRANDFIELD nokey 5", "[]"],
  ["HRANDFIELD nokey -5 WITHVALUES", "[]"],
  ["HRANDFIELD nokey 0", "[]"],
  ["HRANDFIELD nokey x", "-ERR value is not an integer or out of range"],
  ["HSET r a 1", ":1"],
  ["HRANDFIELD r", "\"a\""],
  ["HRANDFIELD r 1", "[\"a\"]"],
  ["HRANDFIELD r -1", "[\"a\"]"],
  ["HRANDFIELD r 5", "[\"a\"]"],
  ["HRANDFIELD r -3", "[\"a\", \"a\", \"a\"]"],
  ["HRANDFIELD r 1 WITHVALUES", "[\"a\", \"1\"]"],
  ["HRANDFIELD r -3 WITHVALUES", "[\"a\", \"1\", \"a\", \"1\", \"a\", \"1\"]"],
  ["HRANDFIELD r 5 withvalues", "[\"a\", \"1\"]"],
  ["HRANDFIELD r 0", "[]"],
  ["HRANDFIELD r 0 WITHVALUES", "[]"],
  ["HRANDFIELD r x", "-ERR value is not an integer or out of range"],
  ["HRANDFIELD r 1.5", "-ERR value is not an integer or out of range"],
  ["HRANDFIELD r 1 WITHVALUE", "-ERR syntax error"],
  ["HRANDFIELD r 1 WITHVALUES x", "-ERR syntax error"],
  ["HRANDFIELD r x WITHVALUES", "-ERR value is not an integer or out of range"],
  ["HRANDFIELD r -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"],
  ["HRANDFIELD r -9223372036854775807 WITHVALUES", "-ERR value is out of range"],
  ["HRANDFIELD r 9223372036854775807 WITHVALUES", "-ERR value is out of range"],
  ["HRANDFIELD r 4611686018427387904 WITHVALUES", "-ERR value is out of range"],
  ["HRANDFIELD r -4611686018427387904 WITHVALUES", "-ERR value is out of range"],
  ["HRANDFIELD r 9223372036854775807", "[\"a\"]"],
  ["HRANDFIELD r 9223372036854775808", "-ERR value is not an integer or out of range"],
  ["HSET r2 a 1 b 2 c 3", ":3"],
  ["HSCAN nokey 0", "[\"0\", []]"],
  ["HSCAN nokey x", "-ERR invalid cursor"],
  ["HSCAN nokey 0 FOO", "[\"0\", []]"],
  ["HSET sc a 1 b 2 c 3 xa 4", ":4"],
  ["HSCAN sc 0", "[\"0\", [\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"xa\", \"4\"]]"],
  ["HSCAN sc 0 COUNT 1", "[\"0\", [\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"xa\", \"4\"]]"],
  ["HSCAN sc 0 MATCH x*", "[\"0\", [\"xa\", \"4\"]]"],
  ["HSCAN sc 0 MATCH * COUNT 100", "[\"0\", [\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"xa\", \"4\"]]"],
  ["HSCAN sc 0 MATCH nothing", "[\"0\", []]"],
  ["HSCAN sc 0 COUNT 0", "-ERR syntax error"],
  ["HSCAN sc 0 COUNT -1", "-ERR syntax error"],
  ["HSCAN sc 0 COUNT x", "-ERR value is not an integer or out of range"],
  ["HSCAN sc 0 COUNT", "-ERR syntax error"],
  ["HSCAN sc 0 MATCH", "-ERR syntax error"],
  ["HSCAN sc 0 TYPE string", "-ERR syntax error"],
  ["HSCAN sc 0 FOO bar", "-ERR syntax error"],
  ["HSCAN sc x", "-ERR invalid cursor"],
  ["HSCAN sc -1", "[\"0\", [\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"xa\", \"4\"]]"],
  ["HSCAN sc 18446744073709551616", "-ERR invalid cursor"],
  ["HSCAN sc \"\"", "[\"0\", [\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"xa\", \"4\"]]"],
  ["HSCAN sc 1", "[\"0\", [\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"xa\", \"4\"]]"],
  ["HSCAN sc", "-ERR wrong number of arguments for 'hscan' command"],
  ["HGET h", "-ERR wrong number of arguments for 'hget' command"],
  ["HLEN", "-ERR wrong number of arguments for 'hlen' command"],
  ["HKEYS", "-ERR wrong number of arguments for 'hkeys' command"],
  ["HSTRLEN h", "-ERR wrong number of arguments for 'hstrlen' command"],
  ["HRANDFIELD", "-ERR wrong number of arguments for 'hrandfield' command"],
  ["HSCAN h", "-ERR wrong number of arguments for 'hscan' command"],
  ["HSETNX h a", "-ERR wrong number of arguments for 'hsetnx' command"],
  ["HINCRBYFLOAT h a", "-ERR wrong number of arguments for 'hincrbyfloat' command"],
  ["@resp3", ""],
  ["HGETALL h", "{}"],
  ["HGETALL sc", "{\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"xa\", \"4\"}"],
  ["HGETALL nokey", "{}"],
  ["HKEYS sc", "[\"a\", \"b\", \"c\", \"xa\"]"],
  ["HMGET sc a nofield", "[\"1\", nil]"],
  ["HRANDFIELD nokey", "nil"],
  ["HRANDFIELD nokey 3", "[]"],
  ["HRANDFIELD r 1 WITHVALUES", "[[\"a\", \"1\"]]"],
  ["HRANDFIELD r -2 WITHVALUES", "[[\"a\", \"1\"], [\"a\", \"1\"]]"],
  ["HRANDFIELD r 5 WITHVALUES", "[[\"a\", \"1\"]]"],
  ["HRANDFIELD r 0 WITHVALUES", "[]"],
  ["HSCAN sc 0", "[\"0\", [\"a\", \"1\", \"b\", \"2\", \"c\", \"3\", \"xa\", \"4\"]]"],
  ["HSCAN nokey 0", "[\"0\", []]"],
  ["HINCRBYFLOAT n f 1", "\"10000000000000000000281880683947586514586453433629052038625910693539685534008629862039363994848324160522094053927317616200295822777259255734023828976593340661017797447434546173917862448116674971723778943824391593338047470675026246684401359237513603830343735485505244955964979021825038280091068414947402456898653040951017512658092615827588920183472511643316591362664138176309734806343732497430221946880\""],
  ["HGET sc nofield", "nil"],
];

async function fill(key: string, n: number): Promise<void> {
  const args = ['HSET', key];
  for (let i = 0; i < n; i++) args.push(`f${i}`, `v${i}`);
  await run(...args);
}

/** Iterates HSCAN to the end; `between` runs after each call. Returns field -> value. */
async function hscanAll(key: string, extra: string[], between?: () => Promise<void>): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  let cursor = '0';
  let calls = 0;
  do {
    const [next, items] = (await run('HSCAN', key, cursor, ...extra)) as [string, string[]];
    for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
    cursor = next;
    calls++;
    if (between !== undefined) await between();
  } while (cursor !== '0' && calls < 100000);
  return seen;
}

describe('hash commands', () => {
  it('reply as Redis 7.0.15 does', async () => {
    await runTable(HASH_CASES);
  });

  it('a listpack hash becomes a hashtable past hash-max-listpack-entries, and never converts back', async () => {
    await fill('h', 512);
    expect(await run('OBJECT', 'ENCODING', 'h')).toBe('listpack');
    await run('HSET', 'h', 'one-more', 'x');
    expect(await run('OBJECT', 'ENCODING', 'h')).toBe('hashtable');
    const del = ['HDEL', 'h'];
    for (let i = 0; i < 510; i++) del.push(`f${i}`);
    expect(await run(...del)).toBe(510);
    expect(await run('HLEN', 'h')).toBe(3);
    expect(await run('OBJECT', 'ENCODING', 'h')).toBe('hashtable');
    const all = (await run('HGETALL', 'h')) as string[];
    const pairs: string[] = [];
    for (let i = 0; i < all.length; i += 2) pairs.push(`${all[i]}=${all[i + 1]}`);
    expect(pairs.sort()).toEqual(['f510=v510', 'f511=v511', 'one-more=x']);
  });

  it('honours the thresholds under their 6.2 names too', async () => {
    await run('CONFIG', 'SET', 'hash-max-ziplist-entries', '2');
    expect(await run('CONFIG', 'GET', 'hash-max-listpack-entries')).toEqual(['hash-max-listpack-entries', '2']);
    await run('HSET', 'h', 'a', '1', 'b', '2');
    expect(await run('OBJECT', 'ENCODING', 'h')).toBe('listpack');
    await run('HSET', 'h', 'c', '3');
    expect(await run('OBJECT', 'ENCODING', 'h')).toBe('hashtable');
  });

  it('keeps the TTL when a hash changes in place', async () => {
    await run('HSET', 'h', 'a', '1');
    await run('EXPIRE', 'h', '100');
    await run('HSET', 'h', 'b', '2');
    await run('HINCRBY', 'h', 'c', '1');
    await run('HINCRBYFLOAT', 'h', 'c', '1.5');
    await run('HDEL', 'h', 'a');
    await run('HSETNX', 'h', 'd', '1');
    expect(await run('TTL', 'h')).toBe(100);
  });

  it('HINCRBYFLOAT computes in long double as Redis does', async () => {
    expect(await run('HINCRBYFLOAT', 'h', 'f', '10.5')).toBe('10.5');
    expect(await run('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('10.6');
    expect(await run('HINCRBYFLOAT', 'h', 'f', '-10.6')).toBe('0');
  });

  it('HSCAN of a hashtable returns every field exactly once when nothing changes, whatever COUNT', async () => {
    await fill('h', 1000);
    for (const count of ['1', '10', '77', '5000']) {
      const seen = await hscanAll('h', ['COUNT', count]);
      expect(seen.size).toBe(1000);
      for (let i = 0; i < 1000; i++) expect(seen.get(`f${i}`)).toBe(`v${i}`);
    }
    const matched = await hscanAll('h', ['MATCH', 'f1*', 'COUNT', '20']);
    expect([...matched.keys()].sort()).toEqual(Array.from({ length: 1000 }, (_, i) => `f${i}`).filter((f) => f.startsWith('f1')).sort());
  });

  it('HSCAN returns every field present for the whole iteration while others come and go (and the table resizes)', async () => {
    await fill('h', 600);
    let round = 0;
    const seen = await hscanAll('h', ['COUNT', '7'], async () => {
      round++;
      // Fields f0..f299 stay; the others are deleted and added in bulk, growing and shrinking the table.
      if (round % 3 === 0) {
        const args = ['HSET', 'h'];
        for (let i = 0; i < 200; i++) args.push(`new${round}-${i}`, 'x');
        await run(...args);
      } else {
        const args = ['HDEL', 'h'];
        for (let i = 300 + (round % 300); i < 600; i += 2) args.push(`f${i}`);
        for (let i = 0; i < 200; i++) args.push(`new${round - 1}-${i}`);
        await run(...args);
      }
    });
    for (let i = 0; i < 300; i++) expect(seen.has(`f${i}`)).toBe(true);
  });

  it('HRANDFIELD follows Redis count rules: distinct for positive counts, repeats for negative ones', async () => {
    for (const n of [5, 600]) {
      await run('DEL', 'h');
      await fill('h', n);
      for (const count of [1, 2, n - 1, n, n + 10]) {
        const r = (await run('HRANDFIELD', 'h', String(count))) as string[];
        expect(r.length).toBe(Math.min(count, n));
        expect(new Set(r).size).toBe(r.length);
        for (const f of r) expect(f).toMatch(/^f\d+$/);
      }
      const rep = (await run('HRANDFIELD', 'h', '-50', 'WITHVALUES')) as string[];
      expect(rep.length).toBe(100);
      for (let i = 0; i < rep.length; i += 2) expect(rep[i + 1]).toBe(`v${rep[i]!.slice(1)}`);
      const uniq = (await run('HRANDFIELD', 'h', '3', 'WITHVALUES')) as string[];
      expect(uniq.length).toBe(6);
      await run('HELLO', '3');
      const nested = (await run('HRANDFIELD', 'h', '-4', 'WITHVALUES')) as string[][];
      expect(nested.length).toBe(4);
      for (const [f, v] of nested) expect(v).toBe(`v${f!.slice(1)}`);
      await run('HELLO', '2');
    }
  });

  it('HRANDFIELD draws uniformly', async () => {
    for (const n of [4, 600]) {
      await run('DEL', 'h');
      await fill('h', n);
      const counts = new Map<string, number>();
      const draws = (await run('HRANDFIELD', 'h', String(-400 * Math.min(n, 4)))) as string[];
      // Group fields into 4 buckets so that each has an expected 400 hits.
      for (const f of draws) {
        const b = String(Number(f.slice(1)) % 4);
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      for (const b of ['0', '1', '2', '3']) {
        expect(counts.get(b)).toBeGreaterThan(300);
        expect(counts.get(b)).toBeLessThan(500);
      }
    }
  });

  it('HRANDFIELD with a count of at least the size replies the whole hash in listpack order', async () => {
    await run('HSET', 'h', 'z', '1', 'a', '2', 'm', '3');
    expect(await run('HRANDFIELD', 'h', '3', 'WITHVALUES')).toEqual(['z', '1', 'a', '2', 'm', '3']);
  });

  it('HGETALL and HSCAN agree on a hashtable; HGETALL is a map in RESP3', async () => {
    await fill('h', 700);
    const all = (await run('HGETALL', 'h')) as string[];
    expect(all.length).toBe(1400);
    await run('HELLO', '3');
    const m = await run('HGETALL', 'h');
    expect(m).toBeInstanceOf(MapReply);
    expect((m as MapReply).entries.length).toBe(1400);
  });
});
