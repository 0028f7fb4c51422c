import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapReply, OK, type RespValue } from '@kv/resp';
import { haveRedis } from './real-redis.js';
import { Pair, normalizeGetUser, normalizeLog, normalizeRules, startBoth, type Servers } from './acl-pair.js';

// ACL against a real Redis 7.0.15: the same command sequences, on the same
// number of connections, to both; every reply must agree (rule lists up to
// the order of single commands, which Redis itself varies between runs; ACL
// LOG up to times and connection details).

function normalize(args: readonly string[], v: RespValue | string): unknown {
  const sub = (args[1] ?? '').toLowerCase();
  const name = args[0]!.toLowerCase();
  // HELLO tells the connection id, which differs.
  if (name === 'hello') {
    const flat = v instanceof MapReply ? v.entries : Array.isArray(v) ? v : undefined;
    if (flat !== undefined) return flat.map((x, i) => (flat[i - 1] === 'id' ? 'ID' : x));
  }
  // CONFIG GET pairs come in Redis's hash-table order.
  if (name === 'config' && sub === 'get' && Array.isArray(v)) {
    const pairs: string[] = [];
    for (let i = 0; i + 1 < v.length; i += 2) pairs.push(`${String(v[i])}=${String(v[i + 1])}`);
    return pairs.sort();
  }
  if (args[0]!.toLowerCase() !== 'acl') return v;
  if (sub === 'list' && Array.isArray(v)) return v.map((l) => normalizeRules(String(l)));
  if (sub === 'getuser') return normalizeGetUser(v);
  if (sub === 'log') return normalizeLog(v);
  if (sub === 'cat' && Array.isArray(v)) return [...v].map(String).sort();
  return v;
}

/**
 * Runs steps on named connection pairs (opened on first use): `name: CMD args…`,
 * arguments split on spaces. Fails on the first reply that differs.
 */
async function script(s: Servers, steps: readonly string[]): Promise<void> {
  const conns = new Map<string, Pair>();
  try {
    for (const step of steps) {
      const colon = step.indexOf(': ');
      const name = step.slice(0, colon);
      // `""` stands for an empty argument.
      const args = step.slice(colon + 2).split(' ').map((a) => (a === '""' ? '' : a));
      let pair = conns.get(name);
      if (pair === undefined) conns.set(name, (pair = await Pair.open(s)));
      const [r, k] = await pair.both(...args);
      // ACL_TRACE=1 prints every step with both replies.
      if (process.env.ACL_TRACE) console.log(step, JSON.stringify(r), JSON.stringify(k));
      expect({ step, reply: normalize(args, k) }).toEqual({ step, reply: normalize(args, r) });
    }
  } finally {
    for (const p of conns.values()) p.close();
  }
}

describe.runIf(haveRedis)('ACL against a real Redis 7.0', () => {
  let s: Servers;
  beforeAll(async () => {
    s = await startBoth();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('SETUSER rules, GETUSER and LIST output, and rule errors', async () => {
    await script(s, [
      'a: ACL SETUSER alice',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER alice on >p1 >p2 #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~a* %R~r* %W~w* %RW~rw* &ch* +@read -get +set +config|get +select|0',
      'a: ACL GETUSER alice',
      'a: ACL LIST',
      'a: ACL SETUSER alice <p1 !5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 resetkeys allchannels -@all +@hash -hdel',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER alice <nope',
      'a: ACL SETUSER alice !abc',
      'a: ACL SETUSER alice #ABCDEF',
      'a: ACL SETUSER alice allkeys ~x',
      'a: ACL SETUSER alice resetkeys ~x %R~x %W~y %W~x',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER alice &*',
      'a: ACL SETUSER alice &x',
      'a: ACL SETUSER alice resetchannels &x &x &y',
      'a: ACL SETUSER alice +nosuch',
      'a: ACL SETUSER alice +@nosuch',
      'a: ACL SETUSER alice -@',
      'a: ACL SETUSER alice +',
      'a: ACL SETUSER alice bogus',
      'a: ACL SETUSER alice %~x',
      'a: ACL SETUSER alice %X~x',
      'a: ACL SETUSER alice %RR~x',
      'a: ACL SETUSER alice %R',
      'a: ACL SETUSER alice +config|get|x',
      'a: ACL SETUSER alice +config|',
      'a: ACL SETUSER alice +select|',
      'a: ACL SETUSER alice +config|nosuch',
      'a: ACL SETUSER alice -select|0',
      'a: ACL SETUSER alice +select|0|1',
      'a: ACL SETUSER alice +SELECT|1 +select|1 +Select|2',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER alice -select',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER alice nopass skip-sanitize-payload',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER alice resetpass sanitize-payload off',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER alice reset',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER alice on ON Off allcommands nocommands +@ALL -@Dangerous',
      'a: ACL GETUSER alice',
      'a: ACL SETUSER "a b"',
      'a: ACL USERS',
      'a: ACL DELUSER alice nobody',
      'a: ACL DELUSER alice',
      'a: ACL DELUSER default',
      'a: ACL USERS',
    ]);
  });

  it('describes command bitmaps as Redis does: +@all/-@all, best-fit categories, then single commands', async () => {
    await script(s, [
      'a: ACL SETUSER d1 -@all +@read',
      'a: ACL GETUSER d1',
      'a: ACL SETUSER d2 +@all -@write -@admin +config|get',
      'a: ACL GETUSER d2',
      'a: ACL SETUSER d3 -@all +@write -@string +get +set',
      'a: ACL GETUSER d3',
      'a: ACL SETUSER d4 -@all +config -config|set',
      'a: ACL GETUSER d4',
      'a: ACL SETUSER d5 -@all +@keyspace +@read +@write +@fast -@slow',
      'a: ACL GETUSER d5',
      'a: ACL SETUSER d6 +@all -@all +client|id +client|list',
      'a: ACL GETUSER d6',
      'a: ACL SETUSER d7 -@all +@pubsub +@connection +@transaction +@scripting +@blocking +@stream +@geo',
      'a: ACL GETUSER d7',
      'a: ACL SETUSER d8 +@all -@pubsub -@connection -@transaction -@scripting -@blocking -@stream -@geo -@hyperloglog',
      'a: ACL GETUSER d8',
      'a: ACL LIST',
      'a: ACL DELUSER d1 d2 d3 d4 d5 d6 d7 d8',
    ]);
  });

  it('selectors: (…) rules, merged arguments, clearselectors, and checks against any selector', async () => {
    await script(s, [
      'a: ACL SETUSER sel on nopass -@all +get ~a* (+set ~b*) (+@hash %R~h*',
      'a: ACL SETUSER sel on nopass -@all +get ~a* (+set ~b*) (+@hash %R~h* %W~hw*)',
      'a: ACL GETUSER sel',
      'a: ACL LIST',
      'a: ACL DRYRUN sel get a1',
      'a: ACL DRYRUN sel get b1',
      'a: ACL DRYRUN sel set b1 v',
      'a: ACL DRYRUN sel set a1 v',
      'a: ACL DRYRUN sel hget h1 f',
      'a: ACL DRYRUN sel hset h1 f v',
      'a: ACL DRYRUN sel hset hw1 f v',
      'a: ACL DRYRUN sel hget hw1 f',
      'a: ACL DRYRUN sel copy b1 a1',
      'a: ACL DRYRUN sel lpush x 1',
      'a: ACL SETUSER sel (nosuch)',
      'a: ACL SETUSER sel (+nosuch)',
      'a: ACL SETUSER sel (~x allkeys ~y)',
      'a: ACL SETUSER sel ()',
      'a: ACL GETUSER sel',
      'a: ACL SETUSER sel clearselectors',
      'a: ACL GETUSER sel',
      'a: ACL SETUSER sel2 on nopass (+get ~x) reset',
      'a: ACL GETUSER sel2',
      'a: ACL DELUSER sel sel2',
    ]);
  });

  it('DRYRUN: keys with read/write permissions, channels, first-args, errors', async () => {
    await script(s, [
      'a: ACL SETUSER dry on nopass -@all +@string +@keyspace +publish +subscribe +psubscribe +select|1 +config|get %R~r* %W~w* ~rw* resetchannels &news.* &exact',
      'a: ACL DRYRUN dry get r1',
      'a: ACL DRYRUN dry get w1',
      'a: ACL DRYRUN dry set w1 v',
      'a: ACL DRYRUN dry set r1 v',
      'a: ACL DRYRUN dry set rw1 v',
      'a: ACL DRYRUN dry set w1 v GET',
      'a: ACL DRYRUN dry getdel w1',
      'a: ACL DRYRUN dry getdel rw1',
      'a: ACL DRYRUN dry append w1 x',
      'a: ACL DRYRUN dry del w1 r1',
      'a: ACL DRYRUN dry exists r1 w1',
      'a: ACL DRYRUN dry type w1',
      'a: ACL DRYRUN dry rename r1 w1',
      'a: ACL DRYRUN dry rename rw1 w1',
      'a: ACL DRYRUN dry copy r1 w1',
      'a: ACL DRYRUN dry mset w1 a r1 b',
      'a: ACL DRYRUN dry mget r1 rw1 x',
      'a: ACL DRYRUN dry publish news.1 m',
      'a: ACL DRYRUN dry publish other m',
      'a: ACL DRYRUN dry subscribe news.1 exact other',
      'a: ACL DRYRUN dry subscribe news.1 exact',
      'a: ACL DRYRUN dry psubscribe news.*',
      'a: ACL DRYRUN dry psubscribe news.1',
      'a: ACL DRYRUN dry psubscribe exact',
      'a: ACL DRYRUN dry spublish news.1 m',
      'a: ACL DRYRUN dry select 1',
      'a: ACL DRYRUN dry select 2',
      'a: ACL DRYRUN dry config get maxmemory',
      'a: ACL DRYRUN dry config set maxmemory 1',
      'a: ACL DRYRUN dry auth x',
      'a: ACL DRYRUN dry hello',
      'a: ACL DRYRUN dry get',
      'a: ACL DRYRUN dry nosuch',
      'a: ACL DRYRUN dry config nosuch',
      'a: ACL DRYRUN nobody get x',
      'a: ACL DRYRUN default flushall',
      'a: ACL DELUSER dry',
    ]);
  });

  it('enforces permissions with NOPERM errors and logs them in ACL LOG', async () => {
    await script(s, [
      'admin: ACL LOG RESET',
      'admin: ACL SETUSER worker on >pw -@all +@read +@write +select +acl|whoami ~job:* resetchannels &jobs',
      'w: AUTH worker pw',
      'w: ACL WHOAMI',
      'w: SET job:1 x',
      'w: GET job:1',
      'w: GET other',
      'w: SET other x',
      'w: MSET job:2 a other b',
      'w: FLUSHALL',
      'w: ACL LIST',
      'w: CONFIG GET maxmemory',
      'w: PUBLISH jobs hi',
      'w: PUBLISH other hi',
      'w: SELECT 1',
      'w: GET other',
      'w: GET other',
      'admin: ACL LOG',
      'admin: ACL LOG 2',
      'admin: ACL LOG 0',
      'admin: ACL LOG -5',
      'admin: ACL LOG x',
      'admin: ACL LOG 1 2',
      'admin: ACL LOG RESET',
      'admin: ACL LOG',
      'admin: ACL DELUSER worker',
    ]);
  });

  it('AUTH and HELLO AUTH with users, WRONGPASS, disabled users, failures logged', async () => {
    await script(s, [
      'admin: ACL LOG RESET',
      'admin: ACL SETUSER bob on >secret +@all ~*',
      'a: AUTH',
      'a: AUTH x',
      'a: AUTH bob wrong',
      'a: AUTH nobody x',
      'a: AUTH bob secret',
      'a: ACL WHOAMI',
      'a: AUTH a b c',
      'b: HELLO 2 AUTH bob wrong',
      'b: HELLO 2 AUTH bob secret SETNAME b1',
      'b: ACL WHOAMI',
      'admin: ACL SETUSER bob off',
      'b: PING',
      'c: AUTH bob secret',
      'admin: ACL LOG',
      'admin: ACL SETUSER bob on nopass',
      'c: AUTH bob anything',
      'c: ACL WHOAMI',
      'c: RESET',
      'c: ACL WHOAMI',
      'd: AUTH bob x',
      'admin: CLIENT KILL USER nobody',
      'admin: CLIENT KILL USER bob',
      'd: PING',
      'admin: ACL LOG RESET',
      'admin: ACL DELUSER bob',
    ]);
  });

  it('requirepass is the default user password; CONFIG SET changes it; NOAUTH until AUTH', async () => {
    await script(s, [
      'admin: CONFIG SET requirepass s3cret',
      'admin: ACL GETUSER default',
      'admin: PING',
      'n: PING',
      'n: ACL WHOAMI',
      'n: AUTH wrong',
      'n: AUTH s3cret',
      'n: PING',
      'n: HELLO 2 AUTH default nope',
      'admin: ACL SETUSER default >second',
      'm: AUTH second',
      'm: ACL GETUSER default',
      'admin: CONFIG SET requirepass ""',
      'admin: ACL GETUSER default',
      'admin: AUTH x',
      'o: PING',
      'admin: ACL SETUSER default off',
      'p: PING',
      'p: AUTH default x',
      'admin: ACL SETUSER default on',
      'p: PING',
      'admin: ACL LOG RESET',
    ]);
  });

  it('denied commands inside MULTI abort the transaction and are logged with context multi', async () => {
    await script(s, [
      'admin: ACL LOG RESET',
      'admin: ACL SETUSER tx on nopass -@all +multi +exec +discard +get ~k*',
      't: AUTH tx x',
      't: MULTI',
      't: GET k1',
      't: SET k1 v',
      't: GET other',
      't: EXEC',
      'admin: ACL LOG',
      'admin: ACL LOG RESET',
      // Rules changed between queueing and EXEC: each command is checked again.
      'admin: ACL SETUSER tx +set +publish ~* &*',
      't: MULTI',
      't: GET k1',
      't: SET k2 v',
      't: PUBLISH c m',
      't: GET other',
      'admin: ACL SETUSER tx -set resetchannels resetkeys ~k1',
      't: EXEC',
      'admin: ACL LOG',
      'admin: ACL LOG RESET',
      // EXEC itself refused.
      'admin: ACL SETUSER tx -exec',
      't: MULTI',
      't: GET k1',
      't: EXEC',
      't: EXEC',
      'admin: ACL LOG RESET',
      'admin: ACL DELUSER tx',
    ]);
  });

  it('ACL DELUSER disconnects the clients of that user', async () => {
    const p = await Pair.open(s);
    const admin = await Pair.open(s);
    try {
      const [rs, ks] = await admin.both('ACL', 'SETUSER', 'gone', 'on', 'nopass', '+@all', '~*');
      expect(ks).toEqual(rs);
      expect(ks).toEqual(OK);
      const [ra, ka] = await p.both('AUTH', 'gone', 'x');
      expect(ka).toEqual(ra);
      const [rd, kd] = await admin.both('ACL', 'DELUSER', 'gone');
      expect(kd).toEqual(rd);
      await Promise.all([p.redis.closed(), p.kv.closed()]);
      const [rp, kp] = await p.both('PING');
      expect([rp, kp]).toEqual(['<closed>', '<closed>']);
      // A client deleting its own user gets the reply, then is closed.
      await admin.both('ACL', 'SETUSER', 'self', 'on', 'nopass', '+@all', '~*');
      const q = await Pair.open(s);
      await q.both('AUTH', 'self', 'x');
      const [r1, k1] = await q.both('ACL', 'DELUSER', 'self');
      expect(k1).toEqual(r1);
      expect(k1).toBe(1);
      await Promise.all([q.redis.closed(), q.kv.closed()]);
    } finally {
      p.close();
      admin.close();
    }
  });

  it('revoking channels disconnects subscribers no longer allowed; keeping them does not', async () => {
    const admin = await Pair.open(s);
    const sub = await Pair.open(s);
    const other = await Pair.open(s);
    try {
      await admin.both('ACL', 'SETUSER', 'listener', 'on', 'nopass', '+@all', '~*', 'resetchannels', '&news', '&sport', '&chat.*');
      for (const p of [sub, other]) await p.both('AUTH', 'listener', 'x');
      expect(await sub.both('SUBSCRIBE', 'news')).toEqual([['subscribe', 'news', 1], ['subscribe', 'news', 1]]);
      expect(await other.both('PSUBSCRIBE', 'chat.*')).toEqual([['psubscribe', 'chat.*', 1], ['psubscribe', 'chat.*', 1]]);
      const [rd, kd] = await sub.both('SUBSCRIBE', 'weather');
      expect(kd).toEqual(rd);
      // Adding a channel keeps everyone; dropping 'sport' (unused) kills whoever it no longer covers: nobody.
      await admin.both('ACL', 'SETUSER', 'listener', '&more');
      await admin.both('ACL', 'SETUSER', 'listener', 'resetchannels', '&news', '&chat.*');
      expect(await other.both('PING')).toEqual([['pong', ''], ['pong', '']]);
      // Now the pattern subscriber loses its pattern.
      await admin.both('ACL', 'SETUSER', 'listener', 'resetchannels', '&news', '&chat.1');
      await Promise.all([other.redis.closed(), other.kv.closed()]);
      expect(await sub.both('PING')).toEqual([['pong', ''], ['pong', '']]);
      await admin.both('ACL', 'DELUSER', 'listener');

      // From &* to a list: the subscriber loses what it had.
      await admin.both('ACL', 'SETUSER', 'wide', 'on', 'nopass', '+@all', '~*', '&*');
      const wide = await Pair.open(s);
      await wide.both('AUTH', 'wide', 'x');
      await wide.both('SUBSCRIBE', 'anything');
      await admin.both('ACL', 'SETUSER', 'wide', 'resetchannels', '&news');
      await Promise.all([wide.redis.closed(), wide.kv.closed()]);
      wide.close();
      await admin.both('ACL', 'DELUSER', 'wide');
    } finally {
      admin.close();
      sub.close();
      other.close();
    }
  });

  it('ACL CAT, GENPASS, WHOAMI, HELP and subcommand errors', async () => {
    await script(s, [
      'a: ACL CAT',
      'a: ACL CAT geo',
      'a: ACL CAT Dangerous',
      'a: ACL CAT nosuch',
      'a: ACL CAT a b',
      'a: ACL GENPASS 0',
      'a: ACL GENPASS 4097',
      'a: ACL GENPASS x',
      'a: ACL GENPASS 1 2',
      'a: ACL WHOAMI',
      'a: ACL WHOAMI x',
      'a: ACL HELP',
      'a: ACL',
      'a: ACL NOSUCH',
      'a: ACL GETUSER',
      'a: ACL GETUSER nobody',
      'a: ACL LIST x',
      'a: ACL SAVE',
      'a: ACL LOAD',
      'a: ACL SETUSER',
      'a: CONFIG GET acl*',
      'a: CONFIG SET acllog-max-len 2',
      'a: CONFIG SET acllog-max-len -1',
      'a: CONFIG SET aclfile x',
      'a: CONFIG SET acl-pubsub-default allchannels',
      'a: ACL SETUSER pub1',
      'a: ACL GETUSER pub1',
      'a: ACL SETUSER pub1 reset',
      'a: ACL GETUSER pub1',
      'a: CONFIG SET acl-pubsub-default resetchannels',
      'a: ACL SETUSER pub1 reset',
      'a: ACL GETUSER pub1',
      'a: ACL DELUSER pub1',
      'a: CONFIG SET acllog-max-len 128',
    ]);
    const p = await Pair.open(s);
    try {
      for (const bits of ['1', '4', '5', '256', '4096']) {
        const [r, k] = await p.both('ACL', 'GENPASS', bits);
        expect(String(k)).toMatch(/^[0-9a-f]+$/);
        expect(String(k).length).toBe(String(r).length);
      }
      const [r, k] = await p.both('ACL', 'GENPASS');
      expect(String(k).length).toBe(String(r).length);
    } finally {
      p.close();
    }
  });

  it('ACL LOG groups repeats, keeps acllog-max-len entries, and shows RESP3 maps with doubles', async () => {
    await script(s, [
      'admin: ACL LOG RESET',
      'admin: CONFIG SET acllog-max-len 3',
      'admin: ACL SETUSER lg on nopass -@all +get ~a',
      'u: AUTH lg x',
      'u: GET b',
      'u: GET b',
      'u: GET c',
      'u: SET a 1',
      'u: GET b',
      'u: GET d',
      'u: GET e',
      'admin: ACL LOG',
      'admin: HELLO 3',
      'admin: ACL LOG 1',
      'admin: ACL GETUSER lg',
      'admin: HELLO 2',
      'admin: ACL LOG RESET',
      'admin: CONFIG SET acllog-max-len 128',
      'admin: ACL DELUSER lg',
    ]);
  });
});
