import { RespConnection } from '@kv/client';
import { NULL_ARRAY } from '@kv/resp';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTo, startTestServer } from '../../test/fixture.js';
import { replay, type ReplyTable } from '../../test/reply-table.js';
import type { ServerHandle } from '../index.js';
import type { Database } from '../keyspace/database.js';
import { ListValue } from '../keyspace/types/list-value.js';

// The list commands against an in-process server. The tables were recorded
// by sending the same lines (tools/compat/cases/list.txt) to a real Redis
// 7.0.15, so every reply is Redis's own; they run in order on one connection.

/** LPUSH / RPUSH / LPUSHX / RPUSHX */
const LPUSH_RPUSH_LPUSHX_RPUSHX: ReplyTable = [
  ["RPUSH l a b c", ":3"],
  ["LPUSH l x y", ":5"],
  ["LRANGE l 0 -1", "[\"y\", \"x\", \"a\", \"b\", \"c\"]"],
  ["LPUSHX nokey a", ":0"],
  ["RPUSHX nokey a", ":0"],
  ["EXISTS nokey", ":0"],
  ["LPUSHX l p q", ":7"],
  ["RPUSHX l r s", ":9"],
  ["LRANGE l 0 -1", "[\"q\", \"p\", \"y\", \"x\", \"a\", \"b\", \"c\", \"r\", \"s\"]"],
  ["LLEN l", ":9"],
  ["LLEN nokey", ":0"],
  ["OBJECT ENCODING l", "\"quicklist\""],
  ["TYPE l", "+list"],
  ["RPUSH l", "-ERR wrong number of arguments for 'rpush' command"],
  ["LPUSH l", "-ERR wrong number of arguments for 'lpush' command"],
  ["RPUSH l \"\" \"\\x00\\xff\" \"with space\"", ":12"],
  ["LRANGE l -3 -1", "[\"\", \"\\u0000ÿ\", \"with space\"]"],
  ["SET str v", "+OK"],
  ["LPUSH str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["RPUSH str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LPUSHX str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["RPUSHX str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LLEN str", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LRANGE str 0 -1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LINDEX str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
];

/** LPOP / RPOP with and without count */
const LPOP_RPOP_WITH_AND_WITHOUT_COUNT: ReplyTable = [
  ["DEL l", ":1"],
  ["RPUSH l 1 2 3 4 5 6", ":6"],
  ["LPOP l", "\"1\""],
  ["RPOP l", "\"6\""],
  ["LPOP l 2", "[\"2\", \"3\"]"],
  ["RPOP l 2", "[\"5\", \"4\"]"],
  ["LPOP l 0", "nil-array"],
  ["RPOP l 0", "nil-array"],
  ["LPOP l -1", "-ERR value is out of range, must be positive"],
  ["LPOP l abc", "-ERR value is out of range, must be positive"],
  ["LPOP l 1.5", "-ERR value is out of range, must be positive"],
  ["LPOP l 9223372036854775808", "-ERR value is out of range, must be positive"],
  ["LPOP l 1 2", "-ERR wrong number of arguments for 'lpop' command"],
  ["RPOP l 1 2", "-ERR wrong number of arguments for 'rpop' command"],
  ["LPOP nokey", "nil"],
  ["LPOP nokey 1", "nil-array"],
  ["LPOP nokey 0", "nil-array"],
  ["RPOP nokey 0", "nil-array"],
  ["LPOP nokey -1", "-ERR value is out of range, must be positive"],
  ["LPOP str", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LPOP str 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LPOP str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LPOP str -1", "-ERR value is out of range, must be positive"],
  ["RPUSH l a b c", ":3"],
  ["RPOP l 100", "[\"c\", \"b\", \"a\"]"],
  ["EXISTS l", ":0"],
  ["RPUSH l a", ":1"],
  ["LPOP l", "\"a\""],
  ["EXISTS l", ":0"],
  ["RPUSH l a b", ":2"],
  ["LPOP l 9223372036854775807", "[\"a\", \"b\"]"],
  ["EXISTS l", ":0"],
];

/** LINDEX / LSET */
const LINDEX_LSET: ReplyTable = [
  ["RPUSH l a b c", ":3"],
  ["LINDEX l 0", "\"a\""],
  ["LINDEX l -1", "\"c\""],
  ["LINDEX l -3", "\"a\""],
  ["LINDEX l -4", "nil"],
  ["LINDEX l 3", "nil"],
  ["LINDEX l 9223372036854775807", "nil"],
  ["LINDEX l -9223372036854775808", "nil"],
  ["LINDEX l abc", "-ERR value is not an integer or out of range"],
  ["LINDEX nokey abc", "nil"],
  ["LINDEX nokey 0", "nil"],
  ["LSET l 0 A", "+OK"],
  ["LSET l -1 C", "+OK"],
  ["LSET l 3 x", "-ERR index out of range"],
  ["LSET l -4 x", "-ERR index out of range"],
  ["LSET l abc x", "-ERR value is not an integer or out of range"],
  ["LSET nokey 0 x", "-ERR no such key"],
  ["LSET nokey abc x", "-ERR no such key"],
  ["LSET str 0 x", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LRANGE l 0 -1", "[\"A\", \"b\", \"C\"]"],
];

/** LRANGE */
const LRANGE: ReplyTable = [
  ["DEL l", ":1"],
  ["RPUSH l 0 1 2 3 4 5 6 7 8 9", ":10"],
  ["LRANGE l 0 0", "[\"0\"]"],
  ["LRANGE l 0 -1", "[\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]"],
  ["LRANGE l -1 -1", "[\"9\"]"],
  ["LRANGE l -100 100", "[\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]"],
  ["LRANGE l 5 2", "[]"],
  ["LRANGE l 10 20", "[]"],
  ["LRANGE l -3 -5", "[]"],
  ["LRANGE l 2 -3", "[\"2\", \"3\", \"4\", \"5\", \"6\", \"7\"]"],
  ["LRANGE l -9223372036854775808 9223372036854775807", "[\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]"],
  ["LRANGE l a 1", "-ERR value is not an integer or out of range"],
  ["LRANGE l 1 b", "-ERR value is not an integer or out of range"],
  ["LRANGE nokey 0 -1", "[]"],
  ["LRANGE nokey a b", "-ERR value is not an integer or out of range"],
  ["LRANGE str 0 -1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LRANGE str a 0", "-ERR value is not an integer or out of range"],
];

/** LTRIM */
const LTRIM: ReplyTable = [
  ["LTRIM l 1 -2", "+OK"],
  ["LRANGE l 0 -1", "[\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\"]"],
  ["LTRIM l 0 100", "+OK"],
  ["LRANGE l 0 -1", "[\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\"]"],
  ["LTRIM l -3 -1", "+OK"],
  ["LRANGE l 0 -1", "[\"6\", \"7\", \"8\"]"],
  ["LTRIM l 2 1", "+OK"],
  ["EXISTS l", ":0"],
  ["LTRIM nokey 0 1", "+OK"],
  ["LTRIM nokey a b", "-ERR value is not an integer or out of range"],
  ["LTRIM str 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LTRIM str a 0", "-ERR value is not an integer or out of range"],
  ["RPUSH l a b c", ":3"],
  ["LTRIM l a 1", "-ERR value is not an integer or out of range"],
  ["LTRIM l 5 10", "+OK"],
  ["EXISTS l", ":0"],
  ["RPUSH l a b c", ":3"],
  ["LTRIM l -100 -3", "+OK"],
  ["LRANGE l 0 -1", "[\"a\"]"],
];

/** LINSERT */
const LINSERT: ReplyTable = [
  ["DEL l", ":1"],
  ["RPUSH l a b c b", ":4"],
  ["LINSERT l BEFORE b x", ":5"],
  ["LINSERT l AFTER b y", ":6"],
  ["LINSERT l after c z", ":7"],
  ["LINSERT l before a w", ":8"],
  ["LRANGE l 0 -1", "[\"w\", \"a\", \"x\", \"b\", \"y\", \"c\", \"z\", \"b\"]"],
  ["LINSERT l BEFORE nothere q", ":-1"],
  ["LINSERT l MIDDLE a q", "-ERR syntax error"],
  ["LINSERT nokey BEFORE a q", ":0"],
  ["LINSERT nokey MIDDLE a q", "-ERR syntax error"],
  ["LINSERT str BEFORE a q", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LINSERT str MIDDLE a q", "-ERR syntax error"],
  ["EXISTS nokey", ":0"],
];

/** LREM */
const LREM: ReplyTable = [
  ["DEL l", ":1"],
  ["RPUSH l a b a c a b a", ":7"],
  ["LREM l 2 a", ":2"],
  ["LRANGE l 0 -1", "[\"b\", \"c\", \"a\", \"b\", \"a\"]"],
  ["LREM l -1 a", ":1"],
  ["LRANGE l 0 -1", "[\"b\", \"c\", \"a\", \"b\"]"],
  ["LREM l 0 b", ":2"],
  ["LRANGE l 0 -1", "[\"c\", \"a\"]"],
  ["LREM l 0 nothere", ":0"],
  ["LREM l abc a", "-ERR value is not an integer or out of range"],
  ["LREM nokey 1 a", ":0"],
  ["LREM nokey abc a", "-ERR value is not an integer or out of range"],
  ["LREM str 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LREM l 9223372036854775807 a", ":1"],
  ["LREM l -9223372036854775808 c", ":1"],
  ["EXISTS l", ":0"],
  ["RPUSH l x y x", ":3"],
  ["LREM l -9223372036854775808 x", ":2"],
  ["LRANGE l 0 -1", "[\"y\"]"],
];

/** LPOS */
const LPOS: ReplyTable = [
  ["DEL l", ":1"],
  ["RPUSH l a b c 1 2 3 c c", ":8"],
  ["LPOS l c", ":2"],
  ["LPOS l c RANK 2", ":6"],
  ["LPOS l c RANK -1", ":7"],
  ["LPOS l c RANK -2", ":6"],
  ["LPOS l c RANK 4", "nil"],
  ["LPOS l c RANK -4", "nil"],
  ["LPOS l c COUNT 0", "[:2, :6, :7]"],
  ["LPOS l c COUNT 2", "[:2, :6]"],
  ["LPOS l c COUNT 2 RANK 2", "[:6, :7]"],
  ["LPOS l c COUNT 0 RANK -1", "[:7, :6, :2]"],
  ["LPOS l c COUNT 1 RANK -2", "[:6]"],
  ["LPOS l c MAXLEN 3", ":2"],
  ["LPOS l c MAXLEN 3 COUNT 0", "[:2]"],
  ["LPOS l c MAXLEN 7 COUNT 0", "[:2, :6]"],
  ["LPOS l c MAXLEN 1 RANK -1", ":7"],
  ["LPOS l c MAXLEN 0 COUNT 0", "[:2, :6, :7]"],
  ["LPOS l x", "nil"],
  ["LPOS l x COUNT 0", "[]"],
  ["LPOS l x COUNT 5", "[]"],
  ["LPOS l c RANK 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"],
  ["LPOS l c RANK abc", "-ERR value is not an integer or out of range"],
  ["LPOS l c RANK", "-ERR syntax error"],
  ["LPOS l c COUNT -1", "-ERR COUNT can't be negative"],
  ["LPOS l c COUNT abc", "-ERR COUNT can't be negative"],
  ["LPOS l c MAXLEN -1", "-ERR MAXLEN can't be negative"],
  ["LPOS l c MAXLEN abc", "-ERR MAXLEN can't be negative"],
  ["LPOS l c FOO 1", "-ERR syntax error"],
  ["LPOS l c RANK 1 COUNT", "-ERR syntax error"],
  ["LPOS l c rank 1 count 1 maxlen 1", "[]"],
  ["LPOS l c RANK -9223372036854775808", ":7"],
  ["LPOS l c RANK -9223372036854775808 COUNT 1", "[:7, :6, :2]"],
  ["LPOS l c RANK 9223372036854775807", "nil"],
  ["LPOS l c RANK 9223372036854775807 COUNT 0", "[]"],
  ["LPOS l c RANK 1 RANK 2", ":6"],
  ["LPOS l c COUNT 9223372036854775807", "[:2, :6, :7]"],
  ["LPOS nokey c", "nil"],
  ["LPOS nokey c COUNT 1", "[]"],
  ["LPOS nokey c RANK 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"],
  ["LPOS nokey c COUNT -1", "-ERR COUNT can't be negative"],
  ["LPOS str c", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LPOS str c COUNT 1", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LPOS str c RANK 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"],
];

/** LMOVE / RPOPLPUSH */
const LMOVE_RPOPLPUSH: ReplyTable = [
  ["DEL l m", ":1"],
  ["RPUSH l a b c", ":3"],
  ["LMOVE l m LEFT RIGHT", "\"a\""],
  ["LMOVE l m RIGHT LEFT", "\"c\""],
  ["LRANGE l 0 -1", "[\"b\"]"],
  ["LRANGE m 0 -1", "[\"c\", \"a\"]"],
  ["LMOVE l m left left", "\"b\""],
  ["EXISTS l", ":0"],
  ["LMOVE l m LEFT LEFT", "nil"],
  ["LRANGE m 0 -1", "[\"b\", \"c\", \"a\"]"],
  ["LMOVE m m LEFT RIGHT", "\"b\""],
  ["LRANGE m 0 -1", "[\"c\", \"a\", \"b\"]"],
  ["LMOVE m m RIGHT LEFT", "\"b\""],
  ["LRANGE m 0 -1", "[\"b\", \"c\", \"a\"]"],
  ["LMOVE m m UP LEFT", "-ERR syntax error"],
  ["LMOVE m m LEFT DOWN", "-ERR syntax error"],
  ["LMOVE nokey m UP LEFT", "-ERR syntax error"],
  ["LMOVE m str LEFT LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LMOVE str m LEFT LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LMOVE nokey str LEFT LEFT", "nil"],
  ["LRANGE m 0 -1", "[\"b\", \"c\", \"a\"]"],
  ["RPOPLPUSH m n", "\"a\""],
  ["RPOPLPUSH m n", "\"c\""],
  ["RPOPLPUSH m n", "\"b\""],
  ["RPOPLPUSH m n", "nil"],
  ["LRANGE n 0 -1", "[\"b\", \"c\", \"a\"]"],
  ["EXISTS m", ":0"],
  ["RPOPLPUSH n n", "\"a\""],
  ["LRANGE n 0 -1", "[\"a\", \"b\", \"c\"]"],
  ["RPOPLPUSH str n", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["RPOPLPUSH n str", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["RPOPLPUSH nokey n", "nil"],
  ["DEL n", ":1"],
  ["RPUSH n only", ":1"],
  ["RPOPLPUSH n n", "\"only\""],
  ["LRANGE n 0 -1", "[\"only\"]"],
];

/** LMPOP */
const LMPOP: ReplyTable = [
  ["DEL a b c", ":0"],
  ["RPUSH b 1 2 3 4", ":4"],
  ["RPUSH c x y", ":2"],
  ["LMPOP 3 a b c LEFT", "[\"b\", [\"1\"]]"],
  ["LMPOP 3 a b c RIGHT COUNT 2", "[\"b\", [\"4\", \"3\"]]"],
  ["LMPOP 3 a b c left count 10", "[\"b\", [\"2\"]]"],
  ["LMPOP 3 a b c LEFT", "[\"c\", [\"x\"]]"],
  ["LMPOP 3 a b c RIGHT COUNT 5", "[\"c\", [\"y\"]]"],
  ["LMPOP 3 a b c LEFT", "nil-array"],
  ["EXISTS b c", ":0"],
  ["RPUSH c x", ":1"],
  ["LMPOP 1 c LEFT COUNT 1", "[\"c\", [\"x\"]]"],
  ["LMPOP 0 a LEFT", "-ERR numkeys should be greater than 0"],
  ["LMPOP -1 a LEFT", "-ERR numkeys should be greater than 0"],
  ["LMPOP abc a LEFT", "-ERR numkeys should be greater than 0"],
  ["LMPOP 2 a LEFT", "-ERR syntax error"],
  ["LMPOP 1 a MIDDLE", "-ERR syntax error"],
  ["LMPOP 1 a LEFT COUNT", "-ERR syntax error"],
  ["LMPOP 1 a LEFT COUNT 0", "-ERR count should be greater than 0"],
  ["LMPOP 1 a LEFT COUNT -1", "-ERR count should be greater than 0"],
  ["LMPOP 1 a LEFT COUNT abc", "-ERR count should be greater than 0"],
  ["LMPOP 1 a LEFT COUNT 1 COUNT 1", "-ERR syntax error"],
  ["LMPOP 1 a LEFT FOO", "-ERR syntax error"],
  ["LMPOP 9223372036854775807 a LEFT", "-ERR syntax error"],
  ["LMPOP 9223372036854775808 a LEFT", "-ERR numkeys should be greater than 0"],
  ["LMPOP 2 str a LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LMPOP 2 a str LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["RPUSH a 1", ":1"],
  ["LMPOP 2 a str LEFT", "[\"a\", [\"1\"]]"],
  ["LMPOP 2 str a LEFT", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["LMPOP 1 a LEFT COUNT 9223372036854775807", "nil-array"],
];

/** RESP3 null shapes */
const RESP3_NULL_SHAPES: ReplyTable = [
  ["@resp3", ''],
  ["LPOP nokey", "nil"],
  ["LPOP nokey 1", "nil"],
  ["RPOP nokey 0", "nil"],
  ["LINDEX nokey 0", "nil"],
  ["LPOS nokey x", "nil"],
  ["LPOS nokey x COUNT 0", "[]"],
  ["LMOVE nokey x LEFT LEFT", "nil"],
  ["LMPOP 1 nokey LEFT", "nil"],
  ["RPUSH r a b", ":2"],
  ["LPOP r 0", "[]"],
  ["LPOP r 1", "[\"a\"]"],
  ["LMPOP 1 r LEFT COUNT 5", "[\"r\", [\"b\"]]"],
  ["@resp2", ''],
];

/** big lists and binary elements */
const BIG_LISTS_AND_BINARY_ELEMENTS: ReplyTable = [
  ['FLUSHALL', '+OK'],
  ["RPUSH big 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39", ":40"],
  ["LPUSH big a b c d e f g h i j k l m n o p q r s t u v w x y z", ":66"],
  ["LINSERT big AFTER 20 mid", ":67"],
  ["LINSERT big BEFORE a first", ":68"],
  ["LRANGE big 0 -1", "[\"z\", \"y\", \"x\", \"w\", \"v\", \"u\", \"t\", \"s\", \"r\", \"q\", \"p\", \"o\", \"n\", \"m\", \"l\", \"k\", \"j\", \"i\", \"h\", \"g\", \"f\", \"e\", \"d\", \"c\", \"b\", \"first\", \"a\", \"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\", \"10\", \"11\", \"12\", \"13\", \"14\", \"15\", \"16\", \"17\", \"18\", \"19\", \"20\", \"mid\", \"21\", \"22\", \"23\", \"24\", \"25\", \"26\", \"27\", \"28\", \"29\", \"30\", \"31\", \"32\", \"33\", \"34\", \"35\", \"36\", \"37\", \"38\", \"39\"]"],
  ["LREM big 1 mid", ":1"],
  ["LTRIM big 10 50", "+OK"],
  ["LRANGE big 0 -1", "[\"p\", \"o\", \"n\", \"m\", \"l\", \"k\", \"j\", \"i\", \"h\", \"g\", \"f\", \"e\", \"d\", \"c\", \"b\", \"first\", \"a\", \"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\", \"10\", \"11\", \"12\", \"13\", \"14\", \"15\", \"16\", \"17\", \"18\", \"19\", \"20\", \"21\", \"22\", \"23\"]"],
  ["LINDEX big 20", "\"3\""],
  ["LPOS big 30", "nil"],
  ["OBJECT ENCODING big", "\"quicklist\""],
  ["LPUSH bin \"\\x00\" \"\\r\\n\" \"\\xff\\xfe\"", ":3"],
  ["LRANGE bin 0 -1", "[\"ÿþ\", \"\\r\\n\", \"\\u0000\"]"],
  ["LPOS bin \"\\r\\n\"", ":1"],
  ["LREM bin 0 \"\\x00\"", ":1"],
  ["LRANGE bin 0 -1", "[\"ÿþ\", \"\\r\\n\"]"],
];

/** list configuration */
const LIST_CONFIGURATION: ReplyTable = [
  ["CONFIG GET list-max-listpack-size", "[\"list-max-listpack-size\", \"-2\"]"],
  ["CONFIG GET list-compress-depth", "[\"list-compress-depth\", \"0\"]"],
  ["CONFIG SET list-max-listpack-size 5", "+OK"],
  ["CONFIG GET list-max-listpack-size", "[\"list-max-listpack-size\", \"5\"]"],
  ["RPUSH cfg 1 2 3 4 5 6 7 8 9 10", ":10"],
  ["OBJECT ENCODING cfg", "\"quicklist\""],
  ["CONFIG SET list-max-listpack-size abc", "-ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument couldn't be parsed into an integer"],
  ["CONFIG SET list-max-listpack-size 2147483648", "-ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument must be between -2147483648 and 2147483647 inclusive"],
  ["CONFIG SET list-max-listpack-size -2147483649", "-ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument must be between -2147483648 and 2147483647 inclusive"],
  ["CONFIG SET list-compress-depth -1", "-ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - argument must be between 0 and 2147483647 inclusive"],
  ["CONFIG SET list-compress-depth 1", "+OK"],
  ["CONFIG GET list-compress-depth", "[\"list-compress-depth\", \"1\"]"],
  ["CONFIG SET list-max-listpack-size -2 list-compress-depth 0", "+OK"],
  ["CONFIG GET list-max-listpack-size", "[\"list-max-listpack-size\", \"-2\"]"],
  ["CONFIG GET list-compress-depth", "[\"list-compress-depth\", \"0\"]"],
  ["CONFIG GET list-max-ziplist-size", "[\"list-max-ziplist-size\", \"-2\"]"],
  ["CONFIG SET list-max-ziplist-size 7", "+OK"],
  ["CONFIG GET list-max-listpack-size", "[\"list-max-listpack-size\", \"7\"]"],
  ["CONFIG GET list-max-*", "[\"list-max-listpack-size\", \"7\", \"list-max-ziplist-size\", \"7\"]"],
  ["CONFIG SET list-max-listpack-size -2", "+OK"],
  ["CONFIG GET list-max-ziplist-size", "[\"list-max-ziplist-size\", \"-2\"]"],
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

describe('list commands reply as Redis 7.0.15', () => {
  it('LPUSH, RPUSH, LPUSHX, RPUSHX', () => check(LPUSH_RPUSH_LPUSHX_RPUSHX));
  it('LPOP and RPOP, with and without a count', () => check(LPOP_RPOP_WITH_AND_WITHOUT_COUNT));
  it('LINDEX and LSET', () => check(LINDEX_LSET));
  it('LRANGE', () => check(LRANGE));
  it('LTRIM', () => check(LTRIM));
  it('LINSERT', () => check(LINSERT));
  it('LREM', () => check(LREM));
  it('LPOS with RANK, COUNT and MAXLEN', () => check(LPOS));
  it('LMOVE and RPOPLPUSH', () => check(LMOVE_RPOPLPUSH));
  it('LMPOP', () => check(LMPOP));
  it('null replies in RESP3', () => check(RESP3_NULL_SHAPES));
  it('longer lists and binary elements', () => check(BIG_LISTS_AND_BINARY_ELEMENTS));
  it('the list configuration parameters', () => check(LIST_CONFIGURATION));
});

describe('the one door', () => {
  it('announces every change, stores new lists with set and deletes emptied ones', async () => {
    const db: Database = h.server.keyspace.databases[0]!;
    const seen: string[] = [];
    const stop = h.server.keyspace.addListener({ keyModified: (_db, key) => seen.push(key) });
    try {
      await c.call('DEL', 'door', 'door2');
      seen.length = 0;
      await c.call('RPUSH', 'door', 'a', 'b');
      expect(db.peek('door')).toBeInstanceOf(ListValue);
      await c.call('LPUSH', 'door', 'c');
      await c.call('LMOVE', 'door', 'door2', 'LEFT', 'RIGHT');
      await c.call('LPOP', 'door', '5');
      await c.call('LPUSHX', 'door', 'x');
      await c.call('LRANGE', 'door2', '0', '-1');
      expect(seen).toEqual(['door', 'door', 'door2', 'door', 'door']);
      expect(db.peek('door')).toBeUndefined();
    } finally {
      stop();
    }
  });

  it('keeps the TTL of a list changed in place', async () => {
    await c.call('DEL', 'ttl');
    await c.call('RPUSH', 'ttl', 'a', 'b', 'c');
    await c.call('EXPIRE', 'ttl', '1000');
    for (const cmd of [['RPUSH', 'ttl', 'd'], ['LPOP', 'ttl'], ['LSET', 'ttl', '0', 'x'], ['LTRIM', 'ttl', '0', '5'], ['LINSERT', 'ttl', 'BEFORE', 'x', 'y'], ['LREM', 'ttl', '1', 'y']]) {
      await c.call(...cmd);
      expect(await c.call('TTL', 'ttl')).toBe(1000);
    }
  });

  it('counts changes per element as Redis does (rdb_changes_since_last_save)', async () => {
    // [command, the change count Redis 7.0.15 adds for it]
    const rows: [string[], number][] = [
      [['RPUSH', 'dq', 'a', 'b', 'c', 'd'], 4], [['LPOP', 'dq', '2'], 2], [['LPOP', 'dq'], 1], [['RPUSH', 'dq', 'x', 'y', 'z'], 3],
      [['LREM', 'dq', '0', 'y'], 1], [['LTRIM', 'dq', '0', '0'], 2], [['LTRIM', 'dq', '0', '5'], 0], [['LSET', 'dq', '0', 'v'], 1],
      [['LINSERT', 'dq', 'BEFORE', 'v', 'w'], 1], [['LINSERT', 'dq', 'BEFORE', 'nothere', 'w'], 0], [['LMOVE', 'dq', 'dq2', 'LEFT', 'LEFT'], 1],
      [['LMOVE', 'dq', 'dq', 'LEFT', 'RIGHT'], 1], [['LPUSHX', 'dqabsent', 'a'], 0], [['LPOP', 'dqabsent'], 0], [['RPUSH', 'dq', '1', '2', '3'], 3],
      [['LMPOP', '1', 'dq', 'LEFT', 'COUNT', '2'], 2], [['LREM', 'dq', '0', 'nothere'], 0], [['LTRIM', 'dq', '5', '1'], 2],
      [['RPOPLPUSH', 'dq2', 'dq'], 1],
    ];
    await c.call('DEL', 'dq', 'dq2');
    const dirty = async (): Promise<number> => Number(/rdb_changes_since_last_save:(\d+)/.exec(String(await c.call('INFO', 'persistence')))![1]);
    for (const [cmd, want] of rows) {
      const before = await dirty();
      await c.call(...cmd);
      expect({ cmd, changes: (await dirty()) - before }).toEqual({ cmd, changes: want });
    }
  });

  it('gives COPY an independent list', async () => {
    await c.call('DEL', 'orig', 'copy');
    await c.call('RPUSH', 'orig', 'a', 'b');
    await c.call('COPY', 'orig', 'copy');
    await c.call('RPUSH', 'copy', 'c');
    expect(await c.call('LRANGE', 'orig', '0', '-1')).toEqual(['a', 'b']);
    expect(await c.call('LRANGE', 'copy', '0', '-1')).toEqual(['a', 'b', 'c']);
  });
});

/** A command on a list and what a plain array answers to it. */
type Step = { args: string[]; model: (a: string[]) => unknown };

const elem = fc.constantFrom('a', 'b', 'c', '1', '');
const idx = fc.integer({ min: -8, max: 8 });

/** Redis's range rule on a model array: negative indexes from the end, clamped. */
function range(a: string[], s0: number, e0: number): [number, number] | null {
  let s = s0 < 0 ? a.length + s0 : s0;
  let e = e0 < 0 ? a.length + e0 : e0;
  if (s < 0) s = 0;
  if (s > e || s >= a.length) return null;
  if (e >= a.length) e = a.length - 1;
  return [s, e];
}

function removeModel(a: string[], count: number, v: string): number {
  const order = [...a.keys()];
  if (count < 0) order.reverse();
  const gone = new Set<number>();
  for (const i of order) if (a[i] === v && (count === 0 || gone.size < Math.abs(count))) gone.add(i);
  const kept = a.filter((_, i) => !gone.has(i));
  a.splice(0, a.length, ...kept);
  return gone.size;
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.array(elem, { minLength: 1, maxLength: 4 }).map((vs) => ({ args: ['RPUSH', 'p', ...vs], model: (a: string[]) => (a.push(...vs), a.length) })),
  fc.array(elem, { minLength: 1, maxLength: 4 }).map((vs) => ({ args: ['LPUSH', 'p', ...vs], model: (a: string[]) => (vs.forEach((v) => a.unshift(v)), a.length) })),
  fc.constant<Step>({ args: ['LPOP', 'p'], model: (a: string[]) => a.shift() ?? null }),
  fc.integer({ min: 1, max: 5 }).map((n) => ({ args: ['RPOP', 'p', String(n)], model: (a: string[]) => (a.length === 0 ? NULL_ARRAY : a.splice(Math.max(a.length - n, 0)).reverse()) })),
  fc.tuple(idx, elem).map(([i, v]) => ({
    args: ['LSET', 'p', String(i), v],
    model: (a: string[]) => {
      if (a.length === 0) return 'ERR no such key';
      const j = i < 0 ? a.length + i : i;
      if (j < 0 || j >= a.length) return 'ERR index out of range';
      a[j] = v;
      return 'OK';
    },
  })),
  fc.tuple(fc.boolean(), elem, elem).map(([after, pivot, v]) => ({
    args: ['LINSERT', 'p', after ? 'AFTER' : 'BEFORE', pivot, v],
    model: (a: string[]) => {
      if (a.length === 0) return 0;
      const i = a.indexOf(pivot);
      if (i === -1) return -1;
      a.splice(after ? i + 1 : i, 0, v);
      return a.length;
    },
  })),
  fc.tuple(fc.integer({ min: -3, max: 3 }), elem).map(([n, v]) => ({ args: ['LREM', 'p', String(n), v], model: (a: string[]) => removeModel(a, n, v) })),
  fc.tuple(idx, idx).map(([s, e]) => ({
    args: ['LTRIM', 'p', String(s), String(e)],
    model: (a: string[]) => {
      const r = range(a, s, e);
      a.splice(0, a.length, ...(r === null ? [] : a.slice(r[0], r[1] + 1)));
      return 'OK';
    },
  })),
  fc.tuple(idx, idx).map(([s, e]) => ({
    args: ['LRANGE', 'p', String(s), String(e)],
    model: (a: string[]) => {
      const r = range(a, s, e);
      return r === null ? [] : a.slice(r[0], r[1] + 1);
    },
  })),
  idx.map((i) => ({ args: ['LINDEX', 'p', String(i)], model: (a: string[]) => a[i < 0 ? a.length + i : i] ?? null })),
  elem.map((v) => ({ args: ['LPOS', 'p', v, 'COUNT', '0'], model: (a: string[]) => [...a.keys()].filter((i) => a[i] === v) })),
  fc.constant<Step>({ args: ['LLEN', 'p'], model: (a: string[]) => a.length }),
);

/** A reply in the form the model gives: errors and simple strings as their text. */
function plain(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && 'message' in v) return (v as { message: string }).message;
  if (v !== null && typeof v === 'object' && 'value' in v) return (v as { value: unknown }).value;
  return v;
}

describe('properties', () => {
  it('list commands act on a list like array operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 40 }), async (steps) => {
        await c.call('DEL', 'p');
        const model: string[] = [];
        for (const step of steps) {
          const want = step.model(model);
          expect({ args: step.args, reply: plain(await c.call(...step.args)) }).toEqual({ args: step.args, reply: want });
        }
        expect(await c.call('LRANGE', 'p', '0', '-1')).toEqual(model);
        expect(await c.call('EXISTS', 'p')).toBe(model.length > 0 ? 1 : 0);
      }),
      { numRuns: 150 },
    );
  });
});
