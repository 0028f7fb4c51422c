import { RespConnection } from '@kv/client';
import { ErrorReply } from '@kv/resp';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTo, startTestServer } from '../../test/fixture.js';
import { replay, type ReplyTable } from '../../test/reply-table.js';
import type { ServerHandle } from '../index.js';

// The bitmap commands against an in-process server. The tables were recorded
// by sending the same lines (tools/compat/cases/bitmap.txt) to a real Redis
// 7.0.15, so every reply is Redis's own; they run in order on one connection.

/** SETBIT / GETBIT */
const SETBIT_GETBIT: ReplyTable = [
  ["SETBIT b 7 1", ":0"],
  ["GET b", "\"\\u0001\""],
  ["OBJECT ENCODING b", "\"raw\""],
  ["SETBIT b 7 1", ":1"],
  ["SETBIT b 7 0", ":1"],
  ["SETBIT b 100 1", ":0"],
  ["STRLEN b", ":13"],
  ["GETBIT b 100", ":1"],
  ["GETBIT b 101", ":0"],
  ["GETBIT b 1000000", ":0"],
  ["GETBIT nokey 5", ":0"],
  ["GETBIT nokey -1", "-ERR bit offset is not an integer or out of range"],
  ["GETBIT nokey abc", "-ERR bit offset is not an integer or out of range"],
  ["SETBIT b -1 1", "-ERR bit offset is not an integer or out of range"],
  ["SETBIT b abc 1", "-ERR bit offset is not an integer or out of range"],
  ["SETBIT b 1.5 1", "-ERR bit offset is not an integer or out of range"],
  ["SETBIT b 1 2", "-ERR bit is not an integer or out of range"],
  ["SETBIT b 1 -1", "-ERR bit is not an integer or out of range"],
  ["SETBIT b 1 abc", "-ERR bit is not an integer or out of range"],
  ["SETBIT b 1 \"\"", "-ERR bit is not an integer or out of range"],
  ["SETBIT b 4294967296 1", "-ERR bit offset is not an integer or out of range"],
  ["SETBIT b 9223372036854775807 1", "-ERR bit offset is not an integer or out of range"],
  ["SETBIT b 9223372036854775808 1", "-ERR bit offset is not an integer or out of range"],
  ["GETBIT b 4294967296", "-ERR bit offset is not an integer or out of range"],
  ["SETBIT b \"1\\x002\" 1", "-ERR bit offset is not an integer or out of range"],
  ["SETBIT b 0 \"1\\x00\"", "-ERR bit is not an integer or out of range"],
  ["SET s 1", "+OK"],
  ["SETBIT s 0 0", ":0"],
  ["OBJECT ENCODING s", "\"raw\""],
  ["GET s", "\"1\""],
  ["SET s abc", "+OK"],
  ["SETBIT s 1 1", ":1"],
  ["OBJECT ENCODING s", "\"raw\""],
  ["SET n 12", "+OK"],
  ["GETBIT n 2", ":1"],
  ["GETBIT n 7", ":1"],
  ["SETBIT n 7 1", ":1"],
  ["GET n", "\"12\""],
  ["SET t v EX 1000", "+OK"],
  ["SETBIT t 0 1", ":0"],
  ["TTL t", ":1000"],
  ["RPUSH l a", ":1"],
  ["SETBIT l 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GETBIT l 0", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
];

/** BITCOUNT */
const BITCOUNT: ReplyTable = [
  ["SET s foobar", "+OK"],
  ["BITCOUNT s", ":26"],
  ["BITCOUNT s 0 0", ":4"],
  ["BITCOUNT s 1 1", ":6"],
  ["BITCOUNT s 1 -1", ":22"],
  ["BITCOUNT s -2 -1", ":7"],
  ["BITCOUNT s -1 -2", ":0"],
  ["BITCOUNT s 5 100", ":4"],
  ["BITCOUNT s 100 200", ":0"],
  ["BITCOUNT s -100 -50", ":4"],
  ["BITCOUNT s -100 100", ":26"],
  ["BITCOUNT s 0 -1 BYTE", ":26"],
  ["BITCOUNT s 0 -1 BIT", ":26"],
  ["BITCOUNT s 5 30 BIT", ":17"],
  ["BITCOUNT s 1 1 BIT", ":1"],
  ["BITCOUNT s -5 -1 bit", ":2"],
  ["BITCOUNT s -1 -5 bit", ":0"],
  ["BITCOUNT s 7 8 bit", ":0"],
  ["BITCOUNT s 40 47 BIT", ":4"],
  ["BITCOUNT s 0 1000 BIT", ":26"],
  ["BITCOUNT s 0 -1 FOO", "-ERR syntax error"],
  ["BITCOUNT s 0 -1 BIT x", "-ERR syntax error"],
  ["BITCOUNT s 1", "-ERR syntax error"],
  ["BITCOUNT s a b", "-ERR value is not an integer or out of range"],
  ["BITCOUNT s 0 b", "-ERR value is not an integer or out of range"],
  ["BITCOUNT s -9223372036854775808 9223372036854775807", ":26"],
  ["BITCOUNT s -9223372036854775808 9223372036854775807 BIT", ":26"],
  ["BITCOUNT s -9223372036854775807 -9223372036854775808", ":0"],
  ["BITCOUNT s -9223372036854775808 -9223372036854775807", ":4"],
  ["BITCOUNT s -9007199254740993 -9007199254740994", ":0"],
  ["BITCOUNT s -9007199254740994 -9007199254740993 BIT", ":0"],
  ["BITCOUNT s 9223372036854775807 9223372036854775806", ":0"],
  ["BITCOUNT s -9223372036854775808 -1", ":26"],
  ["BITCOUNT s -1 -2 FOO", ":0"],
  ["BITCOUNT s -2 -1 FOO", "-ERR syntax error"],
  ["BITCOUNT s -1 -9223372036854775808 \" 1\"", ":0"],
  ["BITCOUNT nokey", ":0"],
  ["BITCOUNT nokey 1", ":0"],
  ["BITCOUNT nokey a b", ":0"],
  ["BITCOUNT nokey 0 -1 FOO", ":0"],
  ["BITCOUNT l", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["BITCOUNT l 0 -1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["SET e \"\"", "+OK"],
  ["BITCOUNT e", ":0"],
  ["BITCOUNT e 0 -1", ":0"],
  ["BITCOUNT e 0 -1 BIT", ":0"],
  ["BITCOUNT s 0 -1 \"bit\\x00\"", ":26"],
];

/** BITPOS */
const BITPOS: ReplyTable = [
  ["SET z \"\\x00\\x00\\x00\"", "+OK"],
  ["SET f \"\\xff\\xf0\\x00\"", "+OK"],
  ["SET o \"\\xff\\xff\\xff\"", "+OK"],
  ["BITPOS z 1", ":-1"],
  ["BITPOS z 0", ":0"],
  ["BITPOS f 0", ":12"],
  ["BITPOS f 1", ":0"],
  ["BITPOS f 1 2", ":-1"],
  ["BITPOS f 0 1", ":12"],
  ["BITPOS f 0 1 1", ":12"],
  ["BITPOS f 0 0 0", ":-1"],
  ["BITPOS f 1 2 -1", ":-1"],
  ["BITPOS o 0", ":24"],
  ["BITPOS o 0 0", ":24"],
  ["BITPOS o 0 1", ":24"],
  ["BITPOS o 0 0 -1", ":-1"],
  ["BITPOS o 0 0 2", ":-1"],
  ["BITPOS o 0 0 -1 BYTE", ":-1"],
  ["BITPOS o 0 0 -1 BIT", ":-1"],
  ["BITPOS o 0 3 BIT", "-ERR value is not an integer or out of range"],
  ["BITPOS o 0 3 10 BIT", ":-1"],
  ["BITPOS o 1 3 10 BIT", ":3"],
  ["BITPOS o 0 5 BYTE", "-ERR value is not an integer or out of range"],
  ["BITPOS o 1 5", ":-1"],
  ["BITPOS o 1 -1", ":16"],
  ["BITPOS o 1 -100", ":0"],
  ["BITPOS o 0 -100 -50", ":-1"],
  ["BITPOS f 0 3 BIT", "-ERR value is not an integer or out of range"],
  ["BITPOS f 0 8 11 BIT", ":-1"],
  ["BITPOS f 0 8 12 BIT", ":12"],
  ["BITPOS f 0 12 11 BIT", ":-1"],
  ["BITPOS f 1 12 BIT", "-ERR value is not an integer or out of range"],
  ["BITPOS f 1 -12 -1 BIT", ":-1"],
  ["BITPOS f 0 -12 -1 BIT", ":12"],
  ["BITPOS f 1 -1 -2", ":-1"],
  ["BITPOS f 1 -2 -1", ":8"],
  ["BITPOS f 0 1 14 BIT", ":12"],
  ["BITPOS o 0 1 14 BIT", ":-1"],
  ["BITPOS o 0 1 22 BIT", ":-1"],
  ["BITPOS o 0 1 BIT", "-ERR value is not an integer or out of range"],
  ["BITPOS o 1 7 7 BIT", ":7"],
  ["BITPOS o 0 7 7 BIT", ":-1"],
  ["BITPOS z 1 0 -1 BIT", ":-1"],
  ["BITPOS z 0 23 BIT", "-ERR value is not an integer or out of range"],
  ["BITPOS z 0 24 BIT", "-ERR value is not an integer or out of range"],
  ["BITPOS e 0", ":-1"],
  ["BITPOS e 1", ":-1"],
  ["BITPOS e 0 0 -1", ":-1"],
  ["BITPOS nokey 0", ":0"],
  ["BITPOS nokey 1", ":-1"],
  ["BITPOS nokey 0 5 10 BIT", ":0"],
  ["BITPOS nokey 1 a", ":-1"],
  ["BITPOS nokey 2", "-ERR The bit argument must be 1 or 0."],
  ["BITPOS nokey a", "-ERR value is not an integer or out of range"],
  ["BITPOS f 2", "-ERR The bit argument must be 1 or 0."],
  ["BITPOS f -1", "-ERR The bit argument must be 1 or 0."],
  ["BITPOS f a", "-ERR value is not an integer or out of range"],
  ["BITPOS f 0 a", "-ERR value is not an integer or out of range"],
  ["BITPOS f 0 0 a", "-ERR value is not an integer or out of range"],
  ["BITPOS f 0 0 1 FOO", "-ERR syntax error"],
  ["BITPOS f 0 a 1 FOO", "-ERR value is not an integer or out of range"],
  ["BITPOS f 0 0 a FOO", "-ERR syntax error"],
  ["BITPOS f 0 0 a BIT", "-ERR value is not an integer or out of range"],
  ["BITPOS f 0 a b FOO", "-ERR value is not an integer or out of range"],
  ["BITPOS f 0 0 1 BIT x", "-ERR syntax error"],
  ["BITPOS f 0 -9223372036854775808 9223372036854775807", ":12"],
  ["BITPOS f 1 -9223372036854775808 9223372036854775807 BIT", ":0"],
  ["BITPOS f 1 -9223372036854775807 -9223372036854775808", ":0"],
  ["BITPOS f 0 -9223372036854775808 -9223372036854775807 BIT", ":-1"],
  ["BITPOS f 0 9223372036854775807", ":-1"],
  ["BITPOS f 0 -9223372036854775808", ":12"],
  ["BITPOS l 0", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["BITPOS l 2", "-ERR The bit argument must be 1 or 0."],
];

/** BITOP */
const BITOP: ReplyTable = [
  ["SET a \"\\x0f\\xf0\"", "+OK"],
  ["SET b2 \"\\xff\"", "+OK"],
  ["BITOP AND d a b2", ":2"],
  ["GET d", "\"\\u000f\\u0000\""],
  ["BITOP OR d a b2", ":2"],
  ["GET d", "\"ÿð\""],
  ["BITOP XOR d a b2", ":2"],
  ["GET d", "\"ðð\""],
  ["BITOP NOT d a", ":2"],
  ["GET d", "\"ð\\u000f\""],
  ["OBJECT ENCODING d", "\"raw\""],
  ["BITOP and d a nokey", ":2"],
  ["GET d", "\"\\u0000\\u0000\""],
  ["BITOP or d nokey a", ":2"],
  ["GET d", "\"\\u000fð\""],
  ["BITOP NOT d b2 a", "-ERR BITOP NOT must be called with a single source key."],
  ["BITOP NOT d", "-ERR wrong number of arguments for 'bitop' command"],
  ["BITOP FOO d a", "-ERR syntax error"],
  ["BITOP \"and\\x00\" d a", ":2"],
  ["BITOP AND d a l", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["BITOP AND d nokey nokey2", ":0"],
  ["EXISTS d", ":0"],
  ["SET d x EX 1000", "+OK"],
  ["BITOP OR d a", ":2"],
  ["TTL d", ":-1"],
  ["BITOP AND d e", ":0"],
  ["EXISTS d", ":0"],
  ["BITOP AND d a", ":2"],
  ["BITOP AND l a", ":2"],
  ["TYPE l", "+string"],
  ["BITOP AND d a a a a", ":2"],
  ["GET d", "\"\\u000fð\""],
  ["SET n 255", "+OK"],
  ["BITOP NOT d n", ":3"],
  ["GET d", "\"ÍÊÊ\""],
];

/** BITFIELD */
const BITFIELD: ReplyTable = [
  ["DEL bf", ":0"],
  ["BITFIELD bf SET u8 0 255", "[:0]"],
  ["BITFIELD bf GET u8 0", "[:255]"],
  ["BITFIELD bf GET i8 0", "[:-1]"],
  ["BITFIELD bf GET u4 0 GET u4 4 GET i4 2", "[:15, :15, :-1]"],
  ["BITFIELD bf INCRBY u8 0 1", "[:0]"],
  ["BITFIELD bf INCRBY u8 0 -1", "[:255]"],
  ["BITFIELD bf OVERFLOW SAT INCRBY u8 0 -10", "[:245]"],
  ["BITFIELD bf OVERFLOW SAT INCRBY u8 0 1000", "[:255]"],
  ["BITFIELD bf OVERFLOW FAIL INCRBY u8 0 1", "[nil]"],
  ["BITFIELD bf OVERFLOW FAIL INCRBY u8 0 -256", "[nil]"],
  ["BITFIELD bf OVERFLOW WRAP INCRBY i8 0 100", "[:99]"],
  ["BITFIELD bf SET i8 #1 -128 GET i8 #1 INCRBY i8 #1 -1 OVERFLOW SAT INCRBY i8 #1 -1", "[:0, :-128, :127, :126]"],
  ["BITFIELD bf SET i64 0 -9223372036854775808", "[:7169167656820408320]"],
  ["BITFIELD bf INCRBY i64 0 -1", "[:9223372036854775807]"],
  ["BITFIELD bf OVERFLOW SAT INCRBY i64 0 -1", "[:9223372036854775806]"],
  ["BITFIELD bf OVERFLOW SAT INCRBY i64 0 9223372036854775807", "[:9223372036854775807]"],
  ["BITFIELD bf OVERFLOW SAT INCRBY i64 0 9223372036854775807", "[:9223372036854775807]"],
  ["BITFIELD bf OVERFLOW FAIL INCRBY i64 0 1", "[nil]"],
  ["BITFIELD bf GET i64 0 GET u63 0 GET u63 1 GET i64 1", "[:9223372036854775807, :4611686018427387903, :9223372036854775807, :-2]"],
  ["BITFIELD bf SET u63 0 9223372036854775807", "[:4611686018427387903]"],
  ["BITFIELD bf INCRBY u63 0 1", "[:0]"],
  ["BITFIELD bf OVERFLOW SAT SET u8 0 -1", "[:0]"],
  ["BITFIELD bf OVERFLOW FAIL SET u8 0 -1", "[nil]"],
  ["BITFIELD bf OVERFLOW FAIL SET u8 0 256", "[nil]"],
  ["BITFIELD bf SET u8 0 256", "[:255]"],
  ["BITFIELD bf OVERFLOW SAT SET i8 0 -9223372036854775808", "[:0]"],
  ["BITFIELD bf OVERFLOW SAT SET i8 0 -200", "[:127]"],
  ["BITFIELD bf OVERFLOW SAT SET i8 0 200", "[:-128]"],
  ["BITFIELD bf OVERFLOW WRAP SET i8 0 200", "[:127]"],
  ["BITFIELD bf OVERFLOW SAT SET u1 0 5 GET u1 0", "[:1, :1]"],
  ["BITFIELD bf SET i1 3 -1 GET i1 3 SET i1 3 1 GET u1 3", "[:0, :-1, :-1, :1]"],
  ["BITFIELD bf SET u5 13 31 GET u5 13 GET u16 8", "[:0, :31, :1984]"],
  ["BITFIELD bf SET i33 7 -4294967296 GET i33 7 GET u32 8", "[:130023424, :-4294967296, :0]"],
  ["GET bf", "\"Ù\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0001\""],
  ["STRLEN bf", ":8"],
  ["BITFIELD bf SET u8 #100 1", "[:0]"],
  ["STRLEN bf", ":101"],
  ["BITFIELD bf GET u8 #100 GET u8 #101 GET u16 #1000", "[:1, :0, :0]"],
  ["BITFIELD bf GET i64 #1000000", "[:0]"],
  ["BITFIELD bf", "[]"],
  ["BITFIELD bf OVERFLOW SAT", "[]"],
  ["BITFIELD nokey GET u8 0", "[:0]"],
  ["EXISTS nokey", ":0"],
  ["BITFIELD nokey OVERFLOW FAIL SET u8 0 1000", "[nil]"],
  ["EXISTS nokey", ":1"],
  ["GET nokey", "\"\\u0000\""],
  ["BITFIELD nokey2 INCRBY u2 100 1", "[:1]"],
  ["GET nokey2", "\"\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0004\""],
  ["BITFIELD bf GET u64 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET i65 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET i0 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET u0 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET x8 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET U8 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET \"u8\\x00x\" 0", "[:217]"],
  ["BITFIELD bf GET u08 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET u+8 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET \"\" 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD bf GET u8 -1", "-ERR bit offset is not an integer or out of range"],
  ["BITFIELD bf GET u8 #-1", "-ERR bit offset is not an integer or out of range"],
  ["BITFIELD bf GET u8 #", "-ERR bit offset is not an integer or out of range"],
  ["BITFIELD bf GET u8 ##1", "-ERR bit offset is not an integer or out of range"],
  ["BITFIELD bf GET u8 \"#1\\x00\"", "-ERR bit offset is not an integer or out of range"],
  ["BITFIELD bf GET u8 abc", "-ERR bit offset is not an integer or out of range"],
  ["BITFIELD bf GET u8 #536870912", "-ERR bit offset is not an integer or out of range"],
  ["BITFIELD bf GET u8 #536870911", "[:0]"],
  ["BITFIELD bf GET u8 #2305843009213693952", "[:217]"],
  ["BITFIELD bf GET u8 4294967296", "-ERR bit offset is not an integer or out of range"],
  ["BITFIELD bf GET u8 4294967295", "[:0]"],
  ["BITFIELD bf SET u8 0", "-ERR syntax error"],
  ["BITFIELD bf SET u8 0 abc", "-ERR value is not an integer or out of range"],
  ["BITFIELD bf SET u8 0 9223372036854775808", "-ERR value is not an integer or out of range"],
  ["BITFIELD bf INCRBY u8 0 1.5", "-ERR value is not an integer or out of range"],
  ["BITFIELD bf OVERFLOW FOO GET u8 0", "-ERR Invalid OVERFLOW type specified"],
  ["BITFIELD bf OVERFLOW", "-ERR syntax error"],
  ["BITFIELD bf GET u8", "-ERR syntax error"],
  ["BITFIELD bf FOO", "-ERR syntax error"],
  ["BITFIELD bf get u8 0 set u8 0 1 incrby u8 0 1 overflow sat", "[:217, :217, :2]"],
  ["BITFIELD bf GET u8 0 FOO", "-ERR syntax error"],
  ["BITFIELD bf OVERFLOW \"sat\\x00\" INCRBY u8 0 1000", "[:255]"],
  ["BITFIELD l GET u8 0", "[:15]"],
  ["BITFIELD l SET u8 0 1", "[:15]"],
  ["BITFIELD l", "[]"],
  ["SET t v EX 1000", "+OK"],
  ["BITFIELD t SET u8 0 65", "[:118]"],
  ["TTL t", ":1000"],
  ["GET t", "\"A\""],
  ["OBJECT ENCODING t", "\"raw\""],
];

/** BITFIELD_RO */
const BITFIELD_RO: ReplyTable = [
  ["BITFIELD_RO bf GET u8 0 GET i8 0", "[:255, :-1]"],
  ["BITFIELD_RO bf", "[]"],
  ["BITFIELD_RO bf SET u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand"],
  ["BITFIELD_RO bf GET u8 0 INCRBY u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand"],
  ["BITFIELD_RO bf OVERFLOW SAT GET u8 0", "[:255]"],
  ["BITFIELD_RO bf GET u64 0", "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."],
  ["BITFIELD_RO nokey GET u8 0", "[:0]"],
  ["BITFIELD_RO l GET u8 0", "[:1]"],
  ["BITFIELD_RO l SET u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand"],
  ["BITFIELD_RO bf FOO", "-ERR syntax error"],
  ["@resp3", ''],
  ["BITFIELD bf OVERFLOW FAIL INCRBY u8 0 1000 GET u8 0", "[nil, :255]"],
  ["BITFIELD_RO bf GET i64 0", "[:-72057594037927935]"],
  ["@resp2", ''],
];

let h: ServerHandle;
let c: RespConnection;

beforeAll(async () => {
  h = await startTestServer();
  c = await connectTo(h);
  await c.call('FLUSHALL');
});

afterAll(async () => {
  c?.close();
  await h?.close();
});

async function check(table: ReplyTable): Promise<void> {
  const { got, want } = await replay(c, table);
  expect(got).toEqual(want);
}

describe('bitmap commands reply as Redis 7.0.15', () => {
  it('SETBIT and GETBIT', () => check(SETBIT_GETBIT));
  it('BITCOUNT', () => check(BITCOUNT));
  it('BITPOS', () => check(BITPOS));
  it('BITOP', () => check(BITOP));
  it('BITFIELD', () => check(BITFIELD));
  it('BITFIELD_RO', () => check(BITFIELD_RO));
});

describe('change counting', () => {
  it('counts changes as Redis does (rdb_changes_since_last_save)', async () => {
    // [command, the change count Redis 7.0.15 adds for it]
    const rows: [string[], number][] = [
      [['SETBIT', 'dm', '3', '1'], 1], [['SETBIT', 'dm', '3', '1'], 0], [['BITFIELD', 'dm', 'SET', 'u8', '0', '1', 'SET', 'u8', '8', '2'], 2],
      [['BITFIELD', 'dm', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000'], 0], [['BITFIELD', 'dm', 'GET', 'u8', '0'], 0],
      [['BITFIELD', 'dm', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000', 'SET', 'u8', '8', '1'], 1],
      [['BITFIELD', 'dm2', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000'], 0], [['BITOP', 'OR', 'dm3', 'dm', 'dm'], 1],
      [['BITOP', 'OR', 'dm3', 'dmabsent'], 1], [['BITOP', 'OR', 'dm3', 'dmabsent'], 0],
      // Writes that leave a field as it was count only when the string was created or grew.
      [['BITFIELD', 'dm4', 'SET', 'u8', '0', '1'], 1], [['BITFIELD', 'dm4', 'INCRBY', 'u1', '0', '0'], 0],
      [['BITFIELD', 'dm4', 'SET', 'u8', '0', '5', 'SET', 'u8', '8', '5'], 2], [['BITFIELD', 'dm4', 'SET', 'u8', '0', '5', 'SET', 'u8', '8', '5'], 0],
      [['BITFIELD', 'dm4', 'SET', 'u8', '0', '6', 'SET', 'u8', '8', '5'], 1], [['BITFIELD', 'dm4', 'SET', 'u8', '100', '0'], 1],
      [['BITFIELD', 'dm4', 'SET', 'u8', '200', '0', 'SET', 'u8', '0', '7'], 2], [['BITFIELD', 'dm4', 'SET', 'u8', '0', '8', 'SET', 'u8', '0', '8'], 1],
      [['BITFIELD', 'dm4', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000', 'SET', 'u8', '300', '0'], 1],
      [['SETBIT', 'dm2', '0', '0'], 0], [['SETBIT', 'dm2', '100', '0'], 1],
    ];
    await c.call('DEL', 'dm', 'dm2', 'dm3', 'dm4', 'dmabsent');
    const dirty = async (): Promise<number> => Number(/rdb_changes_since_last_save:(\d+)/.exec(String(await c.call('INFO', 'persistence')))![1]);
    for (const [cmd, want] of rows) {
      const before = await dirty();
      await c.call(...cmd);
      expect({ cmd, changes: (await dirty()) - before }).toEqual({ cmd, changes: want });
    }
    expect(await c.call('EXISTS', 'dm2')).toBe(1);
  });
});

describe('limits', () => {
  it('bounds offsets by proto-max-bulk-len, and writes by the longest string V8 holds', async () => {
    await c.call('DEL', 'lim');
    // Redis would allocate 512 MB here; a V8 string stops 24 bytes short of it.
    expect(await c.call('SETBIT', 'lim', '4294967295', '1')).toEqual(new ErrorReply('ERR bit offset is not an integer or out of range'));
    expect(await c.call('BITFIELD', 'lim', 'SET', 'u8', '#536870911', '1')).toEqual(new ErrorReply('ERR bit offset is not an integer or out of range'));
    expect(await c.call('EXISTS', 'lim')).toBe(0);
    expect(await c.call('GETBIT', 'lim', '4294967295')).toBe(0);
    await c.call('CONFIG', 'SET', 'proto-max-bulk-len', '1048576');
    try {
      expect(await c.call('SETBIT', 'lim', '8388608', '1')).toEqual(new ErrorReply('ERR bit offset is not an integer or out of range'));
      expect(await c.call('SETBIT', 'lim', '8388607', '1')).toBe(0);
      expect(await c.call('STRLEN', 'lim')).toBe(1048576);
    } finally {
      await c.call('CONFIG', 'SET', 'proto-max-bulk-len', '536870912');
    }
  });
});

/** The bits of a string, most significant bit of byte 0 first. */
function bitsOf(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) for (let b = 7; b >= 0; b--) out.push((s.charCodeAt(i) >> b) & 1);
  return out;
}

describe('properties', () => {
  it('SETBIT, GETBIT, BITCOUNT and BITPOS agree with a bit array', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 95 }), fc.constantFrom(0, 1)), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: -100, max: 100 }), fc.integer({ min: -100, max: 100 }), fc.constantFrom(0, 1),
        async (writes, start, end, bit) => {
          await c.call('DEL', 'pb');
          const model: number[] = [];
          for (const [off, v] of writes) {
            while (model.length < (Math.floor(off / 8) + 1) * 8) model.push(0);
            expect(await c.call('SETBIT', 'pb', String(off), String(v))).toBe(model[off]);
            model[off] = v;
          }
          const stored = await c.call('GET', 'pb');
          expect(bitsOf(stored as string)).toEqual(model);
          for (let i = 0; i < model.length + 8; i += 7) expect(await c.call('GETBIT', 'pb', String(i))).toBe(model[i] ?? 0);
          // The BIT-unit range as Redis resolves it: negative from the end, clamped to the string.
          let s = start < 0 ? model.length + start : start, e = end < 0 ? model.length + end : end;
          if (s < 0) s = 0;
          if (e < 0) e = 0;
          if (e >= model.length) e = model.length - 1;
          const inRange = s > e ? [] : model.slice(s, e + 1);
          const count = start < 0 && end < 0 && start > end ? 0 : inRange.filter((x) => x === 1).length;
          expect(await c.call('BITCOUNT', 'pb', String(start), String(end), 'BIT')).toBe(count);
          const i = inRange.indexOf(bit);
          expect(await c.call('BITPOS', 'pb', String(bit), String(start), String(end), 'BIT')).toBe(s > e || i === -1 ? -1 : s + i);
          const j = model.indexOf(bit);
          expect(await c.call('BITPOS', 'pb', String(bit))).toBe(j !== -1 ? j : bit === 0 ? model.length : -1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('BITFIELD INCRBY wraps, saturates or fails at the limits of the field', async () => {
    const type = fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 64 })).filter(([signed, bits]) => signed || bits < 64);
    await fc.assert(
      fc.asyncProperty(
        type, fc.integer({ min: 0, max: 40 }), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), fc.constantFrom('WRAP', 'SAT', 'FAIL'),
        async ([signed, bits], offset, start, incr, mode) => {
          await c.call('DEL', 'pf');
          const t = `${signed ? 'i' : 'u'}${bits}`;
          const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
          const min = signed ? -max - 1n : 0n;
          const initial = signed ? BigInt.asIntN(bits, start) : BigInt.asUintN(bits, start);
          await c.call('BITFIELD', 'pf', 'SET', t, String(offset), String(initial));
          const sum = initial + incr;
          const inRange = sum >= min && sum <= max;
          const wrapped = signed ? BigInt.asIntN(bits, sum) : BigInt.asUintN(bits, sum);
          const want = inRange ? sum : mode === 'WRAP' ? wrapped : mode === 'SAT' ? (sum > max ? max : min) : null;
          const reply = await c.call('BITFIELD', 'pf', 'OVERFLOW', mode, 'INCRBY', t, String(offset), String(incr), 'GET', t, String(offset));
          const norm = (v: bigint | null): unknown => (v === null ? null : Number.isSafeInteger(Number(v)) ? Number(v) : v);
          expect(reply).toEqual([norm(want), norm(want ?? initial)]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
