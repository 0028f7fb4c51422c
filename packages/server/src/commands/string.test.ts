import { MapReply } from '@kv/resp';
import { RespConnection } from '@kv/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerHandle } from '../index.js';
import type { Collection } from '../keyspace/value.js';
import { show, split } from '../../test/reply-table.js';

// The string commands against an in-process server. The tables below were
// produced by sending the same commands to a real Redis 7.0.15 and recording
// its replies, so every row is Redis's own answer.

/** A stand-in list, until the list commands exist: all the string commands need is a value of another type. */
const FAKE_LIST: Collection = { type: 'list', encoding: () => 'listpack', clone: () => FAKE_LIST };

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

async function run(...args: string[]): Promise<string> {
  return show(await c.call(...args));
}

/** Runs rows of [command line, Redis's reply]; `@list key` stores a value of another type; `~N:prefix` stands for a long reply. */
async function runTable(rows: readonly (readonly [string, string])[]): Promise<void> {
  for (const [line, want] of rows) {
    const args = split(line);
    if (args[0] === '@list') {
      h.server.keyspace.databases[0]!.set(args[1]!, FAKE_LIST);
      continue;
    }
    const got = await run(...args);
    if (want.startsWith('~')) {
      const [len, prefix] = [Number(want.slice(1, want.indexOf(':'))), want.slice(want.indexOf(':') + 1)];
      expect({ line, len: got.length, prefix: got.slice(0, prefix.length) }).toEqual({ line, len, prefix });
    } else {
      expect({ line, reply: got }).toEqual({ line, reply: want });
    }
  }
}

/** SET and its options, SETNX/SETEX/PSETEX, GETSET, GETDEL, GETEX, MGET/MSET/MSETNX. */
const SET_CASES: readonly (readonly [string, string])[] = [
  ["FLUSHALL", "+OK"],
  ["SET k v", "+OK"],
  ["GET k", "\"v\""],
  ["SET k v NX", "nil"],
  ["SET k v2 XX", "+OK"],
  ["GET k", "\"v2\""],
  ["SET k v NX XX", "-ERR syntax error"],
  ["SET k v XX NX", "-ERR syntax error"],
  ["SET k v NX NX", "nil"],
  ["SET k v XX XX", "+OK"],
  ["SET k v GET GET", "\"v\""],
  ["SET k v EX 100 PX 100", "-ERR syntax error"],
  ["SET k v EX 100 EX 100", "+OK"],
  ["SET k v PX 100 PX 100", "+OK"],
  ["SET k v EXAT 100 EXAT 100", "+OK"],
  ["SET k v KEEPTTL KEEPTTL", "+OK"],
  ["SET k v KEEPTTL EX 10", "-ERR syntax error"],
  ["SET k v EX 10 KEEPTTL", "-ERR syntax error"],
  ["SET k v PERSIST", "-ERR syntax error"],
  ["SET k v EX", "-ERR syntax error"],
  ["SET k v PX", "-ERR syntax error"],
  ["SET k v EX 0", "-ERR invalid expire time in 'set' command"],
  ["SET k v EX -1", "-ERR invalid expire time in 'set' command"],
  ["SET k v PX 0", "-ERR invalid expire time in 'set' command"],
  ["SET k v PX -1", "-ERR invalid expire time in 'set' command"],
  ["SET k v EXAT 0", "-ERR invalid expire time in 'set' command"],
  ["SET k v PXAT 0", "-ERR invalid expire time in 'set' command"],
  ["SET k v EXAT -1", "-ERR invalid expire time in 'set' command"],
  ["SET k v PX 9223372036854775807", "-ERR invalid expire time in 'set' command"],
  ["SET k v PX 9223372036854775806", "-ERR invalid expire time in 'set' command"],
  ["SET k v PXAT 9223372036854775807", "+OK"],
  ["PEXPIRETIME k", ":9223372036854775807"],
  ["SET k v PXAT 9223372036854775806", "+OK"],
  ["SET k v EX 9223372036854775", "-ERR invalid expire time in 'set' command"],
  ["SET k v EX 9223372036854776", "-ERR invalid expire time in 'set' command"],
  ["SET k v EXAT 9223372036854775", "+OK"],
  ["EXPIRETIME k", ":9223372036854775"],
  ["SET k v EXAT 9223372036854776", "-ERR invalid expire time in 'set' command"],
  ["SET k v EX 9223372036854775807", "-ERR invalid expire time in 'set' command"],
  ["SET k v EX 9223372036854775808", "-ERR value is not an integer or out of range"],
  ["SET k v EX abc", "-ERR value is not an integer or out of range"],
  ["SET k v EX 1.5", "-ERR value is not an integer or out of range"],
  ["SET k v EX \" 1\"", "-ERR value is not an integer or out of range"],
  ["SET k v EX +1", "-ERR value is not an integer or out of range"],
  ["SET k v EX 01", "-ERR value is not an integer or out of range"],
  ["SET k v FOO", "-ERR syntax error"],
  ["SET k v FOO EX abc", "-ERR syntax error"],
  ["SET k v EX abc FOO", "-ERR syntax error"],
  ["SET k v NX XX EX abc", "-ERR syntax error"],
  ["SET k v EX abc NX XX", "-ERR syntax error"],
  ["SET k v ex 1000", "+OK"],
  ["TTL k", ":1000"],
  ["SET k v2 KEEPTTL", "+OK"],
  ["TTL k", ":1000"],
  ["SET k v3", "+OK"],
  ["TTL k", ":-1"],
  ["SET k v GET", "\"v3\""],
  ["SET nokey v GET", "nil"],
  ["SET k v NX GET", "\"v\""],
  ["SET k v XX GET EX 100", "\"v\""],
  ["TTL k", ":100"],
  ["SET newkey v XX GET", "nil"],
  ["EXISTS newkey", ":0"],
  ["SET k2 v NX GET", "nil"],
  ["GET k2", "\"v\""],
  ["SET k v EXAT 1", "+OK"],
  ["GET k", "nil"],
  ["EXISTS k", ":0"],
  ["SET k v PXAT 1 GET", "nil"],
  ["SET k v PXAT 99999999999999", "+OK"],
  ["PEXPIRETIME k", ":99999999999999"],
  ["@list list", "(injected)"],
  ["SET list v GET", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SET list v NX GET", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SET list v XX GET", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SET list v GET EX abc", "-ERR value is not an integer or out of range"],
  ["SET list v EX abc GET", "-ERR value is not an integer or out of range"],
  ["SET list v", "+OK"],
  ["TYPE list", "+string"],
  ["@list list2", "(injected)"],
  ["SET list2 v NX", "nil"],
  ["SET list2 v XX", "+OK"],
  ["TYPE list2", "+string"],
  ["SETNX k x", ":0"],
  ["SETNX fresh x", ":1"],
  ["SETNX list2 x", ":0"],
  ["SETEX k 100 v", "+OK"],
  ["TTL k", ":100"],
  ["SETEX k 0 v", "-ERR invalid expire time in 'setex' command"],
  ["SETEX k -5 v", "-ERR invalid expire time in 'setex' command"],
  ["SETEX k abc v", "-ERR value is not an integer or out of range"],
  ["SETEX k 9223372036854775 v", "-ERR invalid expire time in 'setex' command"],
  ["SETEX k 9223372036854776 v", "-ERR invalid expire time in 'setex' command"],
  ["PSETEX k 100000 v", "+OK"],
  ["TTL k", ":100"],
  ["PSETEX k 0 v", "-ERR invalid expire time in 'psetex' command"],
  ["PSETEX k -1 v", "-ERR invalid expire time in 'psetex' command"],
  ["PSETEX k 9223372036854775807 v", "-ERR invalid expire time in 'psetex' command"],
  ["GETSET k new", "\"v\""],
  ["GETSET nothere new", "nil"],
  ["GETSET list2 x", "\"v\""],
  ["SET kttl v EX 100", "+OK"],
  ["GETSET kttl w", "\"v\""],
  ["TTL kttl", ":-1"],
  ["SET k v", "+OK"],
  ["GETDEL k", "\"v\""],
  ["GETDEL k", "nil"],
  ["EXISTS k", ":0"],
  ["GETDEL list2", "\"x\""],
  ["SET k v EX 100", "+OK"],
  ["GETEX k", "\"v\""],
  ["TTL k", ":100"],
  ["GETEX k PERSIST", "\"v\""],
  ["TTL k", ":-1"],
  ["GETEX k EX 50", "\"v\""],
  ["TTL k", ":50"],
  ["GETEX k PX 50000", "\"v\""],
  ["TTL k", ":50"],
  ["GETEX k EXAT 99999999999", "\"v\""],
  ["EXPIRETIME k", ":99999999999"],
  ["GETEX k PXAT 99999999999000", "\"v\""],
  ["EXPIRETIME k", ":99999999999"],
  ["GETEX k EX 0", "-ERR invalid expire time in 'getex' command"],
  ["GETEX k EX -1", "-ERR invalid expire time in 'getex' command"],
  ["GETEX k PX 0", "-ERR invalid expire time in 'getex' command"],
  ["GETEX k EXAT 0", "-ERR invalid expire time in 'getex' command"],
  ["GETEX k EX abc", "-ERR value is not an integer or out of range"],
  ["GETEX k FOO", "-ERR syntax error"],
  ["GETEX k NX", "-ERR syntax error"],
  ["GETEX k KEEPTTL", "-ERR syntax error"],
  ["GETEX k GET", "-ERR syntax error"],
  ["GETEX k EX 10 PX 10", "-ERR syntax error"],
  ["GETEX k PERSIST EX 10", "-ERR syntax error"],
  ["GETEX k EX 10 PERSIST", "-ERR syntax error"],
  ["GETEX k PERSIST PERSIST", "\"v\""],
  ["GETEX k EX", "-ERR syntax error"],
  ["GETEX k EX 9223372036854775807", "-ERR invalid expire time in 'getex' command"],
  ["GETEX k PX 9223372036854775807", "-ERR invalid expire time in 'getex' command"],
  ["GETEX nokey EX 10", "\"v\""],
  ["GETEX nokey EX abc", "-ERR value is not an integer or out of range"],
  ["GETEX nokey FOO", "-ERR syntax error"],
  ["GETEX list2 EX 10", "nil"],
  ["GETEX list2 EX abc", "nil"],
  ["GETEX list2 FOO", "-ERR syntax error"],
  ["GETEX k EXAT 1", "\"v\""],
  ["EXISTS k", ":0"],
  ["SET k v", "+OK"],
  ["GETEX k PXAT 1", "\"v\""],
  ["EXISTS k", ":0"],
  ["GET list2", "nil"],
  ["GET nokey", "\"v\""],
  ["SET k v", "+OK"],
  ["MGET k nokey list2 k", "[\"v\", \"v\", nil, \"v\"]"],
  ["MSET a 1 b 2 c 3", "+OK"],
  ["MGET a b c", "[\"1\", \"2\", \"3\"]"],
  ["MSET a 1 b", "-ERR wrong number of arguments for 'mset' command"],
  ["MSET a", "-ERR wrong number of arguments for 'mset' command"],
  ["MSETNX a 1 b", "-ERR wrong number of arguments for 'msetnx' command"],
  ["MSETNX a 1 x 2", ":0"],
  ["GET x", "nil"],
  ["MSETNX x 1 y 2", ":1"],
  ["MGET x y", "[\"1\", \"2\"]"],
  ["MSETNX x 1 list2 2", ":0"],
  ["MSET list2 v", "+OK"],
  ["TYPE list2", "+string"],
  ["MSET dup 1 dup 2", "+OK"],
  ["GET dup", "\"2\""],
  ["MSETNX dupn 1 dupn 2", ":1"],
  ["GET dupn", "\"2\""],
  ["SET e \"\"", "+OK"],
  ["GET e", "\"\""],
  ["STRLEN e", ":0"],
];

/** APPEND, STRLEN, SETRANGE, GETRANGE/SUBSTR, INCR/DECR/INCRBY/DECRBY, with OBJECT ENCODING and TTL effects. */
const IN_PLACE_AND_COUNTER_CASES: readonly (readonly [string, string])[] = [
  ["FLUSHALL", "+OK"],
  ["APPEND a hello", ":5"],
  ["APPEND a \" world\"", ":11"],
  ["GET a", "\"hello world\""],
  ["OBJECT ENCODING a", "\"raw\""],
  ["APPEND n 12", ":2"],
  ["OBJECT ENCODING n", "\"int\""],
  ["APPEND n 3", ":3"],
  ["OBJECT ENCODING n", "\"raw\""],
  ["GET n", "\"123\""],
  ["SET t v EX 100", "+OK"],
  ["APPEND t x", ":2"],
  ["TTL t", ":100"],
  ["APPEND e \"\"", ":0"],
  ["EXISTS e", ":1"],
  ["GET e", "\"\""],
  ["STRLEN e", ":0"],
  ["STRLEN a", ":11"],
  ["STRLEN nokey", ":0"],
  ["SET i 12345", "+OK"],
  ["STRLEN i", ":5"],
  ["OBJECT ENCODING i", "\"int\""],
  ["SETRANGE sr 5 abc", ":8"],
  ["GET sr", "\"\\u0000\\u0000\\u0000\\u0000\\u0000abc\""],
  ["OBJECT ENCODING sr", "\"raw\""],
  ["SETRANGE sr 0 X", ":8"],
  ["GET sr", "\"X\\u0000\\u0000\\u0000\\u0000abc\""],
  ["SETRANGE sr 1 \"\"", ":8"],
  ["SETRANGE sr 100 \"\"", ":8"],
  ["STRLEN sr", ":8"],
  ["SETRANGE sr2 10 \"\"", ":0"],
  ["EXISTS sr2", ":0"],
  ["SETRANGE sr -1 x", "-ERR offset is out of range"],
  ["SETRANGE sr2 -1 \"\"", "-ERR offset is out of range"],
  ["SETRANGE sr abc x", "-ERR value is not an integer or out of range"],
  ["SETRANGE sr 1.5 x", "-ERR value is not an integer or out of range"],
  ["SETRANGE sr 536870912 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)"],
  ["SETRANGE sr 536870911 xx", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)"],
  ["SETRANGE sr 9223372036854775807 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)"],
  ["SETRANGE sr2 536870912 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)"],
  ["SETRANGE sr2 536870912 \"\"", ":0"],
  ["SET i 12345", "+OK"],
  ["SETRANGE i 2 9", ":5"],
  ["GET i", "\"12945\""],
  ["OBJECT ENCODING i", "\"raw\""],
  ["SET t2 hello EX 100", "+OK"],
  ["SETRANGE t2 0 J", ":5"],
  ["TTL t2", ":100"],
  ["SET s \"Hello World\"", "+OK"],
  ["GETRANGE s 0 4", "\"Hello\""],
  ["GETRANGE s -5 -1", "\"World\""],
  ["GETRANGE s 0 -1", "\"Hello World\""],
  ["GETRANGE s 0 100", "\"Hello World\""],
  ["GETRANGE s -100 100", "\"Hello World\""],
  ["GETRANGE s -100 -50", "\"H\""],
  ["GETRANGE s -1 -5", "\"\""],
  ["GETRANGE s 5 3", "\"\""],
  ["GETRANGE s 100 200", "\"\""],
  ["GETRANGE s 11 11", "\"\""],
  ["GETRANGE s 10 10", "\"d\""],
  ["GETRANGE s -1 0", "\"\""],
  ["GETRANGE s 0 -100", "\"H\""],
  ["GETRANGE s 9223372036854775807 9223372036854775807", "\"\""],
  ["GETRANGE s -9223372036854775808 9223372036854775807", "\"Hello World\""],
  ["GETRANGE s -9223372036854775808 -9223372036854775808", "\"H\""],
  ["GETRANGE s abc 1", "-ERR value is not an integer or out of range"],
  ["GETRANGE s 1 abc", "-ERR value is not an integer or out of range"],
  ["GETRANGE nokey 0 -1", "\"\""],
  ["GETRANGE nokey abc 1", "-ERR value is not an integer or out of range"],
  ["GETRANGE e 0 -1", "\"\""],
  ["SET e \"\"", "+OK"],
  ["GETRANGE e 0 -1", "\"\""],
  ["GETRANGE e -1 -1", "\"\""],
  ["SUBSTR s 0 4", "\"Hello\""],
  ["SUBSTR s -3 -1", "\"rld\""],
  ["SET num 1234567", "+OK"],
  ["GETRANGE num 0 2", "\"123\""],
  ["GETRANGE num -2 -1", "\"67\""],
  ["INCR c", ":1"],
  ["INCR c", ":2"],
  ["DECR c", ":1"],
  ["INCRBY c 10", ":11"],
  ["DECRBY c 5", ":6"],
  ["INCRBY c -100", ":-94"],
  ["DECRBY c -100", ":6"],
  ["GET c", "\"6\""],
  ["OBJECT ENCODING c", "\"int\""],
  ["SET big 9223372036854775806", "+OK"],
  ["INCR big", ":9223372036854775807"],
  ["INCR big", "-ERR increment or decrement would overflow"],
  ["GET big", "\"9223372036854775807\""],
  ["DECRBY big -1", "-ERR increment or decrement would overflow"],
  ["INCRBY big 0", ":9223372036854775807"],
  ["SET small -9223372036854775807", "+OK"],
  ["DECR small", ":-9223372036854775808"],
  ["DECR small", "-ERR increment or decrement would overflow"],
  ["DECRBY small 1", "-ERR increment or decrement would overflow"],
  ["INCRBY small -1", "-ERR increment or decrement would overflow"],
  ["SET s0 0", "+OK"],
  ["DECRBY s0 -9223372036854775808", "-ERR decrement would overflow"],
  ["DECRBY s0 -9223372036854775807", ":9223372036854775807"],
  ["DECRBY s0 9223372036854775807", ":0"],
  ["INCRBY s0 -9223372036854775808", ":-9223372036854775808"],
  ["INCRBY s0 9223372036854775807", ":-1"],
  ["SET s0 0", "+OK"],
  ["INCRBY s0 -9223372036854775808", ":-9223372036854775808"],
  ["SET s0 10", "+OK"],
  ["DECRBY s0 9223372036854775808", "-ERR value is not an integer or out of range"],
  ["INCRBY s0 9223372036854775808", "-ERR value is not an integer or out of range"],
  ["INCRBY s0 abc", "-ERR value is not an integer or out of range"],
  ["INCRBY s0 1.5", "-ERR value is not an integer or out of range"],
  ["INCRBY s0 \" 1\"", "-ERR value is not an integer or out of range"],
  ["INCRBY s0 +1", "-ERR value is not an integer or out of range"],
  ["INCRBY s0 01", "-ERR value is not an integer or out of range"],
  ["INCRBY s0 -0", "-ERR value is not an integer or out of range"],
  ["INCRBY s0 \"\"", "-ERR value is not an integer or out of range"],
  ["SET f 1.5", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET f \" 1\"", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET f \"1 \"", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET f +1", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET f 01", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET f -0", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET f \"\"", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET f 9223372036854775808", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET f 12345678901234567890", "+OK"],
  ["INCR f", "-ERR value is not an integer or out of range"],
  ["SET t3 5 EX 100", "+OK"],
  ["INCR t3", ":6"],
  ["TTL t3", ":100"],
  ["INCRBY nokey2 abc", "-ERR value is not an integer or out of range"],
  ["EXISTS nokey2", ":0"],
  ["SET big2 9007199254740993", "+OK"],
  ["INCR big2", ":9007199254740994"],
  ["INCRBY big2 9007199254740993", ":18014398509481987"],
  ["DECRBY big2 36028797018963970", ":-18014398509481983"],
];

/** INCRBYFLOAT, including strtold syntax, overflow, underflow and long results (~length:prefix). */
const INCRBYFLOAT_CASES: readonly (readonly [string, string])[] = [
  ["FLUSHALL", "+OK"],
  ["INCRBYFLOAT f 10.5", "\"10.5\""],
  ["INCRBYFLOAT f 0.1", "\"10.6\""],
  ["OBJECT ENCODING f", "\"embstr\""],
  ["INCRBYFLOAT f -10.6", "\"0\""],
  ["OBJECT ENCODING f", "\"embstr\""],
  ["GET f", "\"0\""],
  ["INCRBYFLOAT f 5", "\"5\""],
  ["OBJECT ENCODING f", "\"embstr\""],
  ["INCRBYFLOAT f abc", "-ERR value is not a valid float"],
  ["INCRBYFLOAT f \"\"", "-ERR value is not a valid float"],
  ["INCRBYFLOAT f \" 1\"", "-ERR value is not a valid float"],
  ["INCRBYFLOAT f \"1 \"", "-ERR value is not a valid float"],
  ["INCRBYFLOAT f nan", "-ERR value is not a valid float"],
  ["INCRBYFLOAT f NaN", "-ERR value is not a valid float"],
  ["INCRBYFLOAT f inf", "-ERR increment would produce NaN or Infinity"],
  ["INCRBYFLOAT f -inf", "-ERR increment would produce NaN or Infinity"],
  ["INCRBYFLOAT f infinity", "-ERR increment would produce NaN or Infinity"],
  ["INCRBYFLOAT f 1e5000", "-ERR value is not a valid float"],
  ["INCRBYFLOAT f 1e-5000", "-ERR value is not a valid float"],
  ["INCRBYFLOAT f 0x10", "\"21\""],
  ["INCRBYFLOAT f 0x1.8p3", "\"33\""],
  ["INCRBYFLOAT f 0X1P-2", "\"33.25\""],
  ["INCRBYFLOAT f 1e4932", "~4935:\"10000000000000000000060189493879638913238377742545331147737"],
  ["INCRBYFLOAT f 1.18e4932", "-ERR increment would produce NaN or Infinity"],
  ["GET f", "~4935:\"10000000000000000000060189493879638913238377742545331147737"],
  ["INCRBYFLOAT f 1.18e4932", "-ERR increment would produce NaN or Infinity"],
  ["SET g 1.18e4932", "+OK"],
  ["INCRBYFLOAT g 0", "~4935:\"11800000000000000000006528129180936992026904371401604717298"],
  ["SET g inf", "+OK"],
  ["INCRBYFLOAT g 0", "-ERR increment would produce NaN or Infinity"],
  ["SET g abc", "+OK"],
  ["INCRBYFLOAT g 1", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g abc", "-ERR value is not a valid float"],
  ["SET g 1", "+OK"],
  ["INCRBYFLOAT g 1e30", "\"1000000000000000000024696061952\""],
  ["INCRBYFLOAT g 1e-30", "\"1000000000000000000024696061952\""],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g 1e100", "\"9999999999999999999669353532207342619498699019828496079271391541752018669482644324418977840117055488\""],
  ["STRLEN g", ":100"],
  ["INCRBYFLOAT g 1e1000", "~1002:\"99999999999999999997310731766956235342823485759455259492589"],
  ["STRLEN g", ":1000"],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g 1e4900", "~4903:\"10000000000000000000270831223069034983322405250407883434650"],
  ["STRLEN g", ":4901"],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g 1e5100", "-ERR value is not a valid float"],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g 1e4000", "~4002:\"99999999999999999999654638730996237849324925835069576313015"],
  ["STRLEN g", ":4000"],
  ["GETRANGE g 0 40", "\"99999999999999999999654638730996237849324\""],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g 1e5000", "-ERR value is not a valid float"],
  ["SET g 1", "+OK"],
  ["INCRBYFLOAT g 1e5110", "-ERR value is not a valid float"],
  ["SET g 5.0e3", "+OK"],
  ["INCRBYFLOAT g 2.0e2", "\"5200\""],
  ["SET g 1", "+OK"],
  ["INCRBYFLOAT g \"1\\x002\"", "-ERR value is not a valid float"],
  ["SET g \"3\\x004\"", "+OK"],
  ["INCRBYFLOAT g 1", "-ERR value is not a valid float"],
  ["SET g 3.5 EX 100", "+OK"],
  ["INCRBYFLOAT g 1", "\"4.5\""],
  ["TTL g", ":100"],
  ["INCRBYFLOAT g -0", "\"4.5\""],
  ["INCRBYFLOAT g +1", "\"5.5\""],
  ["INCRBYFLOAT g .5", "\"6\""],
  ["INCRBYFLOAT g 5.", "\"11\""],
  ["INCRBYFLOAT g .", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g -.", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 1e", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 1e+", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 0x", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 0xg", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 0x.p1", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 0x.8p1", "\"12\""],
  ["INCRBYFLOAT g 0x1p", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 1.5e-4950", "\"12\""],
  ["INCRBYFLOAT g 4e-4951", "\"12\""],
  ["INCRBYFLOAT g 3e-4951", "\"12\""],
  ["INCRBYFLOAT g 2e-4951", "\"12\""],
  ["INCRBYFLOAT g 1e-4951", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 1.18973149535723176502e4932", "~4935:\"11897314953572317650212638530309702051690633222946242004403"],
  ["INCRBYFLOAT g 1.18973149535723176508e4932", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 1.18973149535723176509e4932", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 1.1897314953572317651e4932", "-ERR value is not a valid float"],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g 1e-17", "\"0.00000000000000001\""],
  ["INCRBYFLOAT g 5e-18", "\"0.00000000000000002\""],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g 5e-18", "\"0\""],
  ["INCRBYFLOAT g 1.5e-17", "\"0.00000000000000002\""],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g 2.5e-17", "\"0.00000000000000002\""],
  ["INCRBYFLOAT g -2.5e-17", "\"0\""],
  ["INCRBYFLOAT g -5e-18", "\"0\""],
  ["SET g 0", "+OK"],
  ["INCRBYFLOAT g -5e-18", "\"0\""],
  ["INCRBYFLOAT g -1e-20", "\"0\""],
  ["SET g 123456789012345678901234567890", "+OK"],
  ["INCRBYFLOAT g 1", "\"123456789012345678899921813504\""],
  ["SET g 0.1", "+OK"],
  ["INCRBYFLOAT g 0.2", "\"0.3\""],
  ["SET g 99999999999999999999.5", "+OK"],
  ["INCRBYFLOAT g 0", "\"100000000000000000000\""],
  ["INCRBYFLOAT g 00000001", "\"100000000000000000000\""],
  ["INCRBYFLOAT g 1E2", "\"100000000000000000096\""],
  ["INCRBYFLOAT g INF", "-ERR increment would produce NaN or Infinity"],
  ["INCRBYFLOAT g -INFINITY", "-ERR increment would produce NaN or Infinity"],
  ["INCRBYFLOAT g infinit", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g infx", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g -nan", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g nan(123)", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 0x1.fffffffffffffffep16383", "~4935:\"11897314953572317650212638530309702051690633222946242004403"],
  ["INCRBYFLOAT g 0x1.ffffffffffffffffp16383", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 0x1p16384", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 0x1p-16445", "~4935:\"11897314953572317650212638530309702051690633222946242004403"],
  ["INCRBYFLOAT g 0x1p-16446", "-ERR value is not a valid float"],
  ["INCRBYFLOAT g 0x1.8p-16446", "~4935:\"11897314953572317650212638530309702051690633222946242004403"],
  ["INCRBYFLOAT g 0x1p-16500", "-ERR value is not a valid float"],
];

/** LCS in RESP2 with every option. */
const LCS_CASES: readonly (readonly [string, string])[] = [
  ["FLUSHALL", "+OK"],
  ["MSET key1 ohmytext key2 mynewtext", "+OK"],
  ["LCS key1 key2", "\"mytext\""],
  ["LCS key1 key2 LEN", ":6"],
  ["LCS key1 key2 IDX", "[\"matches\", [[[:4, :7], [:5, :8]], [[:2, :3], [:0, :1]]], \"len\", :6]"],
  ["LCS key1 key2 IDX MINMATCHLEN 4", "[\"matches\", [[[:4, :7], [:5, :8]]], \"len\", :6]"],
  ["LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN", "[\"matches\", [[[:4, :7], [:5, :8], :4]], \"len\", :6]"],
  ["LCS key1 key2 IDX WITHMATCHLEN", "[\"matches\", [[[:4, :7], [:5, :8], :4], [[:2, :3], [:0, :1], :2]], \"len\", :6]"],
  ["LCS key1 key2 WITHMATCHLEN", "\"mytext\""],
  ["LCS key1 key2 MINMATCHLEN 4", "\"mytext\""],
  ["LCS key1 key2 LEN IDX", "-ERR If you want both the length and indexes, please just use IDX."],
  ["LCS key1 key2 IDX LEN", "-ERR If you want both the length and indexes, please just use IDX."],
  ["LCS key1 key2 LEN LEN", ":6"],
  ["LCS key1 key2 idx minmatchlen -5 withmatchlen", "[\"matches\", [[[:4, :7], [:5, :8], :4], [[:2, :3], [:0, :1], :2]], \"len\", :6]"],
  ["LCS key1 key2 IDX MINMATCHLEN abc", "-ERR value is not an integer or out of range"],
  ["LCS key1 key2 IDX MINMATCHLEN", "-ERR syntax error"],
  ["LCS key1 key2 FOO", "-ERR syntax error"],
  ["LCS key1 key2 FOO LEN IDX", "-ERR syntax error"],
  ["LCS key1 key2 LEN IDX FOO", "-ERR syntax error"],
  ["LCS key1 key2 MINMATCHLEN abc LEN IDX", "-ERR value is not an integer or out of range"],
  ["LCS key1 key2 MINMATCHLEN 9223372036854775807 IDX", "[\"matches\", [], \"len\", :6]"],
  ["LCS key1 key2 MINMATCHLEN 9223372036854775808 IDX", "-ERR value is not an integer or out of range"],
  ["LCS key1 nokey", "\"\""],
  ["LCS nokey nokey2", "\"\""],
  ["LCS nokey nokey2 IDX", "[\"matches\", [], \"len\", :0]"],
  ["LCS nokey nokey2 LEN", ":0"],
  ["LCS key1 nokey IDX WITHMATCHLEN", "[\"matches\", [], \"len\", :0]"],
  ["SET a abcdefghij", "+OK"],
  ["SET b abcdefghij", "+OK"],
  ["LCS a b IDX WITHMATCHLEN", "[\"matches\", [[[:0, :9], [:0, :9], :10]], \"len\", :10]"],
  ["SET a xabcyabcz", "+OK"],
  ["SET b abcabc", "+OK"],
  ["LCS a b IDX WITHMATCHLEN", "[\"matches\", [[[:5, :7], [:3, :5], :3], [[:1, :3], [:0, :2], :3]], \"len\", :6]"],
  ["LCS a b", "\"abcabc\""],
  ["LCS b a IDX WITHMATCHLEN", "[\"matches\", [[[:3, :5], [:5, :7], :3], [[:0, :2], [:1, :3], :3]], \"len\", :6]"],
  ["SET n1 12345", "+OK"],
  ["SET n2 2345", "+OK"],
  ["LCS n1 n2 IDX", "[\"matches\", [[[:1, :4], [:0, :3]]], \"len\", :4]"],
  ["SET a \"a\\x00b\\xffc\"", "+OK"],
  ["SET b \"\\x00\\xff\"", "+OK"],
  ["LCS a b", "\"\\u0000ÿ\""],
  ["LCS a b IDX", "[\"matches\", [[[:3, :3], [:1, :1]], [[:1, :1], [:0, :0]]], \"len\", :2]"],
  ["SET a GTCGTTCGGAATGCCGTTGCTCTGTAAA", "+OK"],
  ["SET b ACCGGTCGAGTGCGCGGAAGCCGGCCGAA", "+OK"],
  ["LCS a b", "\"GTCGTCGGAAGCCGGCCGAA\""],
  ["LCS a b IDX WITHMATCHLEN", "~258:[\"matches\", [[[:26, :27], [:27, :28], :2], [[:23, :23], [:26"],
  ["LCS a b IDX MINMATCHLEN 2 WITHMATCHLEN", "[\"matches\", [[[:26, :27], [:27, :28], :2], [[:18, :19], [:23, :24], :2], [[:12, :15], [:19, :22], :4], [[:6, :10], [:14, :18], :5], [[:0, :3], [:4, :7], :4]], \"len\", :20]"],
  ["LCS key1 key2 IDX", "[\"matches\", [[[:4, :7], [:5, :8]], [[:2, :3], [:0, :1]]], \"len\", :6]"],
  ["LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN", "[\"matches\", [[[:4, :7], [:5, :8], :4]], \"len\", :6]"],
  ["LCS key1 key2 LEN", ":6"],
  ["LCS nokey nokey2 IDX", "[\"matches\", [], \"len\", :0]"],
  ["GET nokey", "nil"],
  ["INCRBYFLOAT f 1.5", "\"1.5\""],
  ["MGET key1 nokey", "[\"ohmytext\", nil]"],
  ["GETEX nokey", "nil"],
];

/** Every string command against a key of another type: which errors come first. */
const WRONGTYPE_CASES: readonly (readonly [string, string])[] = [
  ["FLUSHALL", "+OK"],
  ["SET s hello", "+OK"],
  ["@list L", "(injected)"],
  ["GET L", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GETDEL L", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GETEX L", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GETEX L PERSIST", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GETEX L EX abc", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GETEX L FOO", "-ERR syntax error"],
  ["GETSET L v", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["APPEND L x", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SETRANGE L 0 x", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SETRANGE L 0 \"\"", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SETRANGE L -1 x", "-ERR offset is out of range"],
  ["SETRANGE L abc x", "-ERR value is not an integer or out of range"],
  ["GETRANGE L 0 -1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GETRANGE L a 1", "-ERR value is not an integer or out of range"],
  ["STRLEN L", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["INCR L", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["DECR L", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["INCRBY L 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["INCRBY L x", "-ERR value is not an integer or out of range"],
  ["DECRBY L 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["DECRBY L -9223372036854775808", "-ERR decrement would overflow"],
  ["INCRBYFLOAT L 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["INCRBYFLOAT L x", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LCS L s", "-ERR The specified keys must contain string values"],
  ["LCS s L", "-ERR The specified keys must contain string values"],
  ["LCS L s FOO", "-ERR The specified keys must contain string values"],
  ["LCS L s LEN IDX", "-ERR The specified keys must contain string values"],
  ["LCS nokey L", "-ERR The specified keys must contain string values"],
  ["MGET L s nokey", "[nil, \"hello\", nil]"],
  ["SUBSTR L 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SETNX L v", ":0"],
  ["SET L v NX", "nil"],
  ["SET L v NX GET", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SET L v GET EX abc", "-ERR value is not an integer or out of range"],
  ["SET L v EX abc GET", "-ERR value is not an integer or out of range"],
  ["SET L v FOO GET", "-ERR syntax error"],
  ["MSETNX L v z 1", ":0"],
  ["EXISTS z", ":0"],
  ["TYPE L", "+list"],
  ["SET L v XX GET", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["@list L", "(injected)"],
  ["SET L v XX", "+OK"],
  ["TYPE L", "+string"],
  ["GET L", "\"v\""],
  ["@list L", "(injected)"],
  ["SETEX L 10 v", "+OK"],
  ["TTL L", ":10"],
  ["@list L", "(injected)"],
  ["MSET L v", "+OK"],
  ["GET L", "\"v\""],
  ["@list L", "(injected)"],
  ["GETDEL L", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["TYPE L", "+list"],
];

describe('string commands reply as Redis 7.0.15', () => {
  it('SET, its options and the GET/SET family', async () => runTable(SET_CASES));
  it('APPEND, SETRANGE, GETRANGE, STRLEN and the integer counters', async () => runTable(IN_PLACE_AND_COUNTER_CASES));
  it('INCRBYFLOAT', async () => runTable(INCRBYFLOAT_CASES));
  it('LCS', async () => runTable(LCS_CASES));
  it('keys of another type', async () => runTable(WRONGTYPE_CASES));
});

describe('RESP3 replies', () => {
  it('gives LCS IDX as a map and misses as RESP3 nulls', async () => {
    const c3 = await RespConnection.connect({ port: h.port });
    try {
      await c3.call('HELLO', '3');
      await c3.call('MSET', 'r3a', 'ohmytext', 'r3b', 'mynewtext');
      const idx = await c3.call('LCS', 'r3a', 'r3b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN');
      expect(idx).toBeInstanceOf(MapReply);
      expect(show(idx)).toBe('{"matches", [[[:4, :7], [:5, :8], :4]], "len", :6}');
      expect(await c3.call('LCS', 'r3a', 'r3b', 'LEN')).toBe(6);
      expect(await c3.call('GET', 'r3-missing')).toBeNull();
      expect(await c3.call('SET', 'r3a', 'x', 'NX')).toBeNull();
      expect(show(await c3.call('MGET', 'r3a', 'r3-missing'))).toBe('["ohmytext", nil]');
      expect(await c3.call('INCRBYFLOAT', 'r3f', '1.5')).toBe('1.5');
    } finally {
      c3.close();
    }
  });
});

describe('expiry times', () => {
  const db = () => h.server.keyspace.databases[0]!;

  it('stores relative times as absolute milliseconds from the command time', async () => {
    const before = Date.now();
    await run('SET', 'e1', 'v', 'PX', '100000');
    await run('SETEX', 'e2', '100', 'v');
    await run('PSETEX', 'e3', '100000', 'v');
    await run('SET', 'e4', 'v');
    await run('GETEX', 'e4', 'EX', '100');
    const after = Date.now();
    for (const key of ['e1', 'e2', 'e3', 'e4']) {
      const at = Number(db().getExpire(key));
      expect(at - 100000, key).toBeGreaterThanOrEqual(before);
      expect(at - 100000, key).toBeLessThanOrEqual(after);
    }
  });

  it('stores absolute times as given, up to LLONG_MAX', async () => {
    await run('SET', 'e5', 'v', 'PXAT', '9223372036854775806');
    expect(BigInt(db().getExpire('e5')!)).toBe(9223372036854775806n);
    await run('SET', 'e6', 'v', 'EXAT', '9223372036854775');
    expect(BigInt(db().getExpire('e6')!)).toBe(9223372036854775000n);
    await run('GETEX', 'e6', 'PXAT', '99999999999999');
    expect(Number(db().getExpire('e6'))).toBe(99999999999999);
  });

  it('keeps the TTL through APPEND, SETRANGE, INCR*, SET KEEPTTL and drops it on SET, GETSET, MSET', async () => {
    await run('SET', 'k1', '1', 'EX', '100');
    for (const cmd of [['APPEND', 'k1', '2'], ['SETRANGE', 'k1', '0', '3'], ['INCR', 'k1'], ['INCRBY', 'k1', '5'],
      ['DECR', 'k1'], ['DECRBY', 'k1', '2'], ['INCRBYFLOAT', 'k1', '0.5'], ['SET', 'k1', 'x', 'KEEPTTL']]) {
      await run(...cmd);
      expect(await run('TTL', 'k1'), cmd.join(' ')).toBe(':100');
    }
    for (const cmd of [['SET', 'k1', 'x'], ['GETSET', 'k1', 'y'], ['MSET', 'k1', 'z']]) {
      await run('EXPIRE', 'k1', '100');
      await run(...cmd);
      expect(await run('TTL', 'k1'), cmd.join(' ')).toBe(':-1');
    }
  });
});

describe('proto-max-bulk-len', () => {
  it('limits APPEND, SETRANGE and the LCS table as Redis does', async () => {
    const mb = 1024 * 1024;
    expect(await run('CONFIG', 'SET', 'proto-max-bulk-len', String(mb))).toBe('+OK');
    try {
      const tooLong = '-ERR string exceeds maximum allowed size (proto-max-bulk-len)';
      expect(await run('SET', 'big', 'a'.repeat(mb))).toBe('+OK');
      expect(await run('APPEND', 'big', 'x')).toBe(tooLong);
      expect(await run('SETRANGE', 'big', String(mb - 1), 'y')).toBe(`:${mb}`);
      expect(await run('SETRANGE', 'big', String(mb), 'y')).toBe(tooLong);
      expect(await run('SETRANGE', 'big', String(mb), '')).toBe(`:${mb}`);
      expect(await run('SETRANGE', 'fresh', String(mb), 'y')).toBe(tooLong);
      expect(await run('SETRANGE', 'fresh', String(mb - 1), 'y')).toBe(`:${mb}`);
      expect(await run('SET', 'small', 'b')).toBe('+OK');
      expect(await run('APPEND', 'small', 'a'.repeat(mb))).toBe(tooLong);
      expect(await run('SET', 'small', '')).toBe('+OK');
      expect(await run('APPEND', 'small', 'a'.repeat(mb))).toBe(`:${mb}`);
      expect(await run('SET', 'one', '1')).toBe('+OK');
      expect(await run('LCS', 'one', 'big', 'LEN'))
        .toBe('-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
      expect(await run('SETRANGE', 'huge', '9223372036854775807', 'y')).toBe(tooLong);
    } finally {
      await run('CONFIG', 'SET', 'proto-max-bulk-len', '536870912');
      await run('DEL', 'big', 'fresh', 'small', 'one');
    }
  });

  it('refuses strings longer than V8 can hold instead of crashing', async () => {
    // Redis would build this 512 MB string; V8 strings stop at 2^29-24 characters.
    expect(await run('SETRANGE', 'v8', '536870900', 'y')).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)');
    expect(await run('PING')).toBe('+PONG');
  });
});

const LLONG_MAX = 2n ** 63n - 1n;
const LLONG_MIN = -(2n ** 63n);

describe('properties', () => {
  it('INCRBY and DECRBY are exact 64-bit arithmetic with overflow errors', async () => {
    const int64 = fc.oneof(
      fc.bigInt({ min: LLONG_MIN, max: LLONG_MAX }),
      fc.bigInt({ min: -1000n, max: 1000n }),
      fc.constantFrom(LLONG_MAX, LLONG_MIN, 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n),
    );
    await fc.assert(fc.asyncProperty(int64, fc.array(fc.tuple(fc.boolean(), int64), { maxLength: 8 }), async (start, steps) => {
      await run('SET', 'ctr', String(start));
      let value = start;
      for (const [decr, by] of steps) {
        const got = await run(decr ? 'DECRBY' : 'INCRBY', 'ctr', String(by));
        if (decr && by === LLONG_MIN) {
          expect(got).toBe('-ERR decrement would overflow');
          continue;
        }
        const next = value + (decr ? -by : by);
        if (next > LLONG_MAX || next < LLONG_MIN) expect(got).toBe('-ERR increment or decrement would overflow');
        else {
          expect(got).toBe(`:${next}`);
          value = next;
        }
      }
      expect(await run('GET', 'ctr')).toBe(JSON.stringify(String(value)));
    }), { numRuns: 100 });
  });

  it('APPEND, SETRANGE and GETRANGE act on bytes like a buffer model', async () => {
    const bytes = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((n) => String.fromCharCode(n)), maxLength: 12 });
    const op = fc.oneof(
      fc.tuple(fc.constant('APPEND' as const), bytes),
      fc.tuple(fc.constant('SETRANGE' as const), fc.integer({ min: 0, max: 40 }), bytes),
      fc.tuple(fc.constant('GETRANGE' as const), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })),
    );
    await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 10 }), async (ops) => {
      await run('DEL', 'model');
      let model: string | undefined;
      for (const o of ops) {
        if (o[0] === 'APPEND') {
          model = (model ?? '') + o[1];
          expect(await run('APPEND', 'model', o[1])).toBe(`:${model.length}`);
        } else if (o[0] === 'SETRANGE') {
          const [, offset, value] = o;
          if (value.length > 0) {
            const base = (model ?? '').padEnd(offset, '\0');
            model = base.slice(0, offset) + value + base.slice(offset + value.length);
          }
          expect(await run('SETRANGE', 'model', String(offset), value)).toBe(`:${(model ?? '').length}`);
        } else {
          const s = model ?? '';
          const n = s.length;
          let [, start, end] = o;
          let want = '';
          if (!(start < 0 && end < 0 && start > end)) {
            start = Math.max(start < 0 ? n + start : start, 0);
            end = Math.min(Math.max(end < 0 ? n + end : end, 0), n - 1);
            if (start <= end) want = s.slice(start, end + 1);
          }
          expect(await run('GETRANGE', 'model', String(o[1]), String(o[2]))).toBe(JSON.stringify(want));
        }
      }
      expect(await run('GET', 'model')).toBe(model === undefined ? 'nil' : JSON.stringify(model));
    }), { numRuns: 100 });
  });
});
