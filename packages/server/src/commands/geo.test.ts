import { connect } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestServer } from '../../test/fixture.js';
import { show, split } from '../../test/reply-table.js';

// The GEO commands against replies recorded from a real Redis 7.0.15.

const t = useTestServer();

beforeEach(async () => {
  await t.conn.call('HELLO', '2');
});

/** Runs rows of [command line split on spaces, Redis's reply]; '@resp3' switches the connection to RESP3. */
async function runTable(rows: readonly (readonly [string, string])[]): Promise<void> {
  for (const [line, want] of rows) {
    if (line === '@resp3') {
      await t.conn.call('HELLO', '3');
      continue;
    }
    const got = show(await t.conn.call(...line.split(' ')));
    expect({ line, reply: got }).toEqual({ line, reply: want });
  }
}

/** The raw bytes of one reply, for what the parsed value hides (a RESP3 double's digits). */
async function rawReply(port: number, commands: string[][]): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  const payload = commands.map((args) => `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`).join('');
  socket.write(payload);
  let text = '';
  for await (const chunk of socket) {
    text += (chunk as Buffer).toString('latin1');
    if (text.endsWith('\r\n') && text.includes('GEOEND')) break;
  }
  socket.destroy();
  return text;
}

// Every row was recorded by sending the same commands, in order, to a real Redis 7.0.15.
const GEO_CASES: readonly (readonly [string, string])[] = [
  ["GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", ":2"],
  ["GEOADD Sicily 13.583333 37.316667 Agrigento", ":1"],
  ["GEOADD Sicily NX 13 38 Palermo 12.5 37.8 Marsala", ":1"],
  ["GEOADD Sicily XX CH 13.4 38.1 Palermo 1 1 Nowhere", ":1"],
  ["GEOADD Sicily NX XX 1 1 a", "-ERR syntax error"],
  ["GEOADD Sicily 1 1", "-ERR wrong number of arguments for 'geoadd' command"],
  ["GEOADD Sicily CH CH CH", "-ERR syntax error"],
  ["GEOADD Sicily GT 1 1 a", "-ERR syntax error"],
  ["GEOADD Sicily 181 1 a", "-ERR invalid longitude,latitude pair 181.000000,1.000000"],
  ["GEOADD Sicily 1 85.06 a", "-ERR invalid longitude,latitude pair 1.000000,85.060000"],
  ["GEOADD Sicily 1 1 ok 1 abc bad", "-ERR value is not a valid float"],
  ["GEOADD Sicily XX 13.361389 38.115556 Palermo", ":0"],
  ["ZSCORE Sicily Palermo", "\"3479099956230698\""],
  ["GEOPOS Sicily Palermo missing", "[[\"13.36138933897018433\", \"38.11555639549629859\"], nil-array]"],
  ["GEOPOS nokey a", "[nil-array]"],
  ["GEOHASH Sicily Palermo Catania missing", "[\"sqc8b49rny0\", \"sqdtr74hyu0\", nil]"],
  ["GEODIST Sicily Palermo Catania", "\"166274.1516\""],
  ["GEODIST Sicily Palermo Catania km", "\"166.2742\""],
  ["GEODIST Sicily Palermo Catania MI", "\"103.3182\""],
  ["GEODIST Sicily Palermo Catania ft", "\"545518.8700\""],
  ["GEODIST Sicily Palermo Catania furlong", "-ERR unsupported unit provided. please use M, KM, FT, MI"],
  ["GEODIST Sicily Palermo Catania km extra", "-ERR syntax error"],
  ["GEODIST Sicily Palermo missing", "nil"],
  ["GEODIST nokey a b", "nil"],
  ["GEORADIUS Sicily 15 37 200 km", "[\"Agrigento\", \"Palermo\", \"Catania\"]"],
  ["GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH ASC", "[[\"Catania\", \"56.4413\", :3479447370796909, [\"15.08726745843887329\", \"37.50266842333162032\"]], [\"Agrigento\", \"130.4235\", :3479030013248308, [\"13.5833314061164856\", \"37.31666804993816555\"]], [\"Palermo\", \"190.4424\", :3479099956230698, [\"13.36138933897018433\", \"38.11555639549629859\"]]]"],
  ["GEORADIUS Sicily 15 37 200 km DESC COUNT 2", "[\"Palermo\", \"Agrigento\"]"],
  ["GEORADIUS Sicily 15 37 200 km COUNT 1 ANY", "[\"Agrigento\"]"],
  ["GEORADIUS Sicily 15 37 200 km ANY", "-ERR the ANY argument requires COUNT argument"],
  ["GEORADIUS Sicily 15 37 200 km COUNT 0", "-ERR COUNT must be > 0"],
  ["GEORADIUS Sicily 15 37 200 km COUNT abc", "-ERR value is not an integer or out of range"],
  ["GEORADIUS Sicily 15 37 -1 km", "-ERR radius cannot be negative"],
  ["GEORADIUS Sicily 15 37 abc km", "-ERR need numeric radius"],
  ["GEORADIUS Sicily 15 37 200 parsec", "-ERR unsupported unit provided. please use M, KM, FT, MI"],
  ["GEORADIUS Sicily 15 37 200 km STORE dst WITHDIST", "-ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"],
  ["GEORADIUS Sicily 15 37 200 km BOGUS", "-ERR syntax error"],
  ["GEORADIUS nokey 15 37 200 km", "[]"],
  ["GEORADIUS nokey 15 37 200 km STORE dst", ":0"],
  ["GEORADIUS_RO Sicily 15 37 200 km STORE dst", "-ERR syntax error"],
  ["GEORADIUSBYMEMBER Sicily Agrigento 100 km WITHDIST", "[[\"Agrigento\", \"0.0000\"], [\"Palermo\", \"90.9778\"]]"],
  ["GEORADIUSBYMEMBER Sicily missing 100 km", "-ERR could not decode requested zset member"],
  ["GEORADIUSBYMEMBER nokey missing -1 parsec", "[]"],
  ["GEORADIUSBYMEMBER_RO Sicily Agrigento 200 km ASC", "[\"Agrigento\", \"Palermo\", \"Marsala\", \"Catania\"]"],
  ["GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km ASC WITHDIST", "[[\"Catania\", \"56.4413\"], [\"Agrigento\", \"130.4235\"], [\"Palermo\", \"190.4424\"]]"],
  ["GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX 400 400 km ASC WITHCOORD", "[[\"Catania\", [\"15.08726745843887329\", \"37.50266842333162032\"]], [\"Agrigento\", [\"13.5833314061164856\", \"37.31666804993816555\"]], [\"Palermo\", [\"13.36138933897018433\", \"38.11555639549629859\"]]]"],
  ["GEOSEARCH Sicily FROMMEMBER Palermo BYBOX 400 200 km DESC", "[\"Catania\", \"Agrigento\", \"Marsala\", \"Palermo\"]"],
  ["GEOSEARCH Sicily FROMMEMBER Palermo FROMLONLAT 1 1 BYRADIUS 200 km", "-ERR syntax error"],
  ["GEOSEARCH Sicily FROMLONLAT 15 37", "-ERR wrong number of arguments for 'geosearch' command"],
  ["GeoSearch Sicily BYRADIUS 200 km", "-ERR wrong number of arguments for 'geosearch' command"],
  ["GEOSEARCH Sicily FROMLONLAT 15 37 BYBOX -1 1 km", "-ERR height or width cannot be negative"],
  ["GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 200 km STORE dst", "-ERR syntax error"],
  ["GEOSEARCH Sicily FROMMEMBER missing BYRADIUS 200 km", "-ERR could not decode requested zset member"],
  ["GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km", ":3"],
  ["ZRANGE dst 0 -1 WITHSCORES", "[\"Agrigento\", \"3479030013248308\", \"Palermo\", \"3479099956230698\", \"Catania\", \"3479447370796909\"]"],
  ["OBJECT ENCODING dst", "\"listpack\""],
  ["GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km STOREDIST ASC COUNT 2", ":2"],
  ["ZRANGE dst 0 -1 WITHSCORES", "[\"Catania\", \"56.441257870158204\", \"Agrigento\", \"130.42348706714702\"]"],
  ["GEOSEARCHSTORE dst Sicily FROMLONLAT 15 37 BYRADIUS 200 km WITHDIST", "-ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"],
  ["GEOSEARCHSTORE dst Sicily FROMLONLAT 0 0 BYRADIUS 1 km", ":0"],
  ["EXISTS dst", ":0"],
  ["GEOADD edge 180 85.05112878 ne -180 -85.05112878 sw 179.9999 0 east -179.9999 0 west", ":4"],
  ["GEOPOS edge ne sw", "[[\"180\", \"85.0511287799999991\"], [\"-179.99999731779098511\", \"-85.05112751263942528\"]]"],
  ["GEOHASH edge ne sw east west", "[\"bp05b5048p0\", \"00bh0hbj200\", \"xbpbpbpbj80\", \"80000000420\"]"],
  ["GEOSEARCH edge FROMLONLAT 180 0 BYRADIUS 100 km WITHDIST ASC", "[[\"east\", \"0.0110\"]]"],
  ["GEOADD ring 1 0 e 0 1 n -1 0 w 0 -1 s", ":4"],
  ["GEOSEARCH ring FROMLONLAT 0 0 BYRADIUS 200 km ASC", "[\"n\", \"s\", \"e\", \"w\"]"],
  ["GEOSEARCH ring FROMLONLAT 0 0 BYRADIUS 200 km COUNT 3 DESC", "[\"e\", \"w\", \"n\"]"],
  ["SET str v", "+OK"],
  ["GEOADD str 1 1 a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GEOPOS str a", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GEOSEARCH str FROMLONLAT 1 1 BYRADIUS 1 km", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ["GEORADIUS str 1 1 -1 km", "-WRONGTYPE Operation against a key holding the wrong kind of value"],
  ['@resp3', ''],
  ["GEOPOS Sicily Agrigento missing", "[[,13.583331406116486, ,37.316668049938166], nil]"],
  ["GEODIST Sicily Agrigento Catania", "\"134469.7347\""],
  ["GEODIST Sicily Agrigento missing", "nil"],
  ["GEOHASH Sicily Agrigento missing", "[\"sq9sm1716e0\", nil]"],
  ["GEORADIUS Sicily 15 37 200 km WITHDIST WITHCOORD WITHHASH ASC", "[[\"Catania\", \"56.4413\", :3479447370796909, [,15.087267458438873, ,37.50266842333162]], [\"Agrigento\", \"130.4235\", :3479030013248308, [,13.583331406116486, ,37.316668049938166]], [\"Palermo\", \"190.4424\", :3479099956230698, [,13.361389338970184, ,38.1155563954963]]]"],
  ["GEOSEARCH nokey FROMLONLAT 15 37 BYBOX 400 400 km ASC", "[]"],
];

describe('GEO commands', () => {
  it('answer as Redis 7.0.15 does', async () => {
    await runTable(GEO_CASES);
  });

  it('send coordinates as RESP3 doubles with Redis\'s digits, distances as bulk strings', async () => {
    const raw = await rawReply(t.server.port, [
      ['HELLO', '3'],
      ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
      ['GEOPOS', 'Sicily', 'Palermo'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'],
      ['ECHO', 'GEOEND'],
    ]);
    expect(raw).toContain('*1\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n');
    expect(raw).toContain('$8\r\n166.2742\r\n');
  });

  it('stops COUNT … ANY inside a crowded cell where Redis stops: at the first members in score order', async () => {
    const args = ['GEOADD', 'crowd'];
    for (let i = 0; i < 5000; i++) args.push(String(10 + (i % 100) * 1e-6), String(10 + Math.floor(i / 100) * 1e-6), `p${i}`);
    expect(await t.conn.call(...args)).toBe(5000);
    const first = (await t.conn.call('ZRANGE', 'crowd', '0', '2')) as string[];
    expect(await t.conn.call('GEOSEARCH', 'crowd', 'FROMLONLAT', '10', '10', 'BYRADIUS', '1', 'km', 'COUNT', '3', 'ANY')).toEqual(first);
    const all = (await t.conn.call('GEOSEARCH', 'crowd', 'FROMLONLAT', '10', '10', 'BYRADIUS', '1', 'km')) as string[];
    expect(all.length).toBe(5000);
  });

  it('stores a skiplist result as a listpack when it is small enough', async () => {
    await t.conn.call('GEOADD', 'g', '1', '1', 'a', '1.001', '1', 'b', '1.002', '1', 'c');
    await t.conn.call('CONFIG', 'SET', 'zset-max-listpack-entries', '2');
    try {
      expect(await t.conn.call('GEOSEARCHSTORE', 'big', 'g', 'FROMLONLAT', '1', '1', 'BYRADIUS', '10', 'km')).toBe(3);
      expect(await t.conn.call('OBJECT', 'ENCODING', 'big')).toBe('skiplist');
      expect(await t.conn.call('GEOSEARCHSTORE', 'small', 'g', 'FROMLONLAT', '1', '1', 'BYRADIUS', '10', 'km', 'COUNT', '2', 'STOREDIST')).toBe(2);
      expect(await t.conn.call('OBJECT', 'ENCODING', 'small')).toBe('listpack');
    } finally {
      await t.conn.call('CONFIG', 'SET', 'zset-max-listpack-entries', '128');
    }
  });
});
