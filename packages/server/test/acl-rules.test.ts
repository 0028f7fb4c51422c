import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveRedis } from './real-redis.js';
import { Pair, normalizeGetUser, normalizeRules, startBoth, type Servers } from './acl-pair.js';

// Random ACL SETUSER rule sequences sent to kv and to a real Redis 7.0.15:
// each SETUSER reply (OK or the exact error), then GETUSER and the ACL LIST
// line (how the bitmap is described back), then ACL DRYRUN of commands that
// touch keys and channels with read/write permissions, must all agree.

const CATEGORIES = ['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting', 'all'];
const COMMANDS = ['get', 'set', 'del', 'config', 'config|get', 'config|set', 'client', 'client|id', 'client|kill', 'select',
  'eval', 'xadd', 'flushall', 'acl', 'acl|whoami', 'publish', 'subscribe', 'psubscribe', 'hset', 'zadd', 'debug', 'info', 'object|encoding'];
const HASH = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8';

const simpleRule = fc.oneof(
  fc.constantFrom('on', 'off', 'nopass', 'resetpass', 'skip-sanitize-payload', 'sanitize-payload', 'allkeys', 'resetkeys',
    'allchannels', 'resetchannels', 'allcommands', 'nocommands', 'reset', 'clearselectors', 'bogus', '~*', '&*', '%~x', '%R'),
  fc.constantFrom('>p1', '>p2', '<p1', '<p2', `#${HASH}`, `!${HASH}`, '#abc', '!ABC'),
  fc.tuple(fc.constantFrom('~', '%R~', '%W~', '%RW~', '%WR~', '&'), fc.constantFrom('a*', 'k1', 'r*', 'w*', 'ch*', 'news', '*x')).map(([p, s]) => p + s),
  fc.tuple(fc.constantFrom('+@', '-@'), fc.constantFrom(...CATEGORIES, 'nosuch')).map(([p, c]) => p + c),
  fc.tuple(fc.constantFrom('+', '-'), fc.constantFrom(...COMMANDS, 'nosuch', 'config|nosuch')).map(([p, c]) => p + c),
  fc.constantFrom('+select|0', '+select|1', '+debug|object', '+config|get|x', '+get|x'),
);
/** A selector `(…)` of a few simple rules (no user-level ones inside, which Redis refuses there too). */
const selectorRule = fc.array(simpleRule.filter((r) => !['reset', 'clearselectors', 'on', 'off', 'nopass', 'resetpass'].includes(r) && !/^[<>#!]/.test(r)), { minLength: 0, maxLength: 4 })
  .map((rules) => `(${rules.join(' ')})`);
const rule = fc.oneof({ weight: 6, arbitrary: simpleRule }, { weight: 1, arbitrary: selectorRule });
const setuser = fc.array(rule, { minLength: 1, maxLength: 6 });

const PROBES: readonly string[][] = [
  ['get', 'a1'], ['get', 'r1'], ['get', 'w1'], ['set', 'w1', 'v'], ['set', 'k1', 'v'], ['set', 'a1', 'v', 'GET'],
  ['del', 'r1'], ['copy', 'r1', 'w1'], ['hset', 'a1', 'f', 'v'], ['config', 'get', 'maxmemory'], ['config', 'set', 'hz', '10'],
  ['client', 'id'], ['select', '0'], ['select', '1'], ['flushall'], ['acl', 'whoami'], ['object', 'encoding', 'a1'],
  ['publish', 'news', 'm'], ['publish', 'ch1', 'm'], ['subscribe', 'news', 'ch9'], ['psubscribe', 'ch*'], ['psubscribe', 'news'],
];

describe.runIf(haveRedis)('random ACL rules against a real Redis 7.0', () => {
  let s: Servers;
  let p: Pair;
  beforeAll(async () => {
    s = await startBoth();
    p = await Pair.open(s);
  });
  afterAll(async () => {
    p?.close();
    await s?.stop();
  });

  it('gives the same replies, descriptions and permission checks', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(setuser, { minLength: 1, maxLength: 4 }), async (calls) => {
        await p.both('ACL', 'DELUSER', 'fuzz');
        for (const rules of calls) {
          const [r, k] = await p.both('ACL', 'SETUSER', 'fuzz', ...rules);
          expect({ rules, reply: k }).toEqual({ rules, reply: r });
          if (String((r as { value?: string }).value) === 'OK') accepted++;
        }
        const [rg, kg] = await p.both('ACL', 'GETUSER', 'fuzz');
        expect({ calls, user: normalizeGetUser(kg) }).toEqual({ calls, user: normalizeGetUser(rg) });
        const [rl, kl] = await p.both('ACL', 'LIST');
        const line = (v: unknown) => (v as string[]).map(String).filter((l) => l.startsWith('user fuzz ')).map(normalizeRules);
        expect({ calls, list: line(kl) }).toEqual({ calls, list: line(rl) });
        for (const probe of PROBES) {
          const [rd, kd] = await p.both('ACL', 'DRYRUN', 'fuzz', ...probe);
          expect({ calls, probe, reply: kd }).toEqual({ calls, probe, reply: rd });
        }
      }),
      { numRuns: 250 },
    );
    // The generator reaches accepted rule sets, not only errors.
    expect(accepted).toBeGreaterThan(100);
  }, 120_000);

  it('describes any command bitmap the way Redis does', async () => {
    const commandRule = fc.oneof(
      fc.tuple(fc.constantFrom('+@', '-@'), fc.constantFrom(...CATEGORIES)).map(([p, c]) => p + c),
      fc.tuple(fc.constantFrom('+', '-'), fc.constantFrom(...COMMANDS)).map(([p, c]) => p + c),
      fc.constantFrom('+select|0', '+select|5'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(commandRule, { minLength: 1, maxLength: 14 }), async (rules) => {
        await p.both('ACL', 'DELUSER', 'bits');
        const [r, k] = await p.both('ACL', 'SETUSER', 'bits', ...rules);
        expect(k).toEqual(r);
        const [rg, kg] = await p.both('ACL', 'GETUSER', 'bits');
        expect({ rules, user: normalizeGetUser(kg) }).toEqual({ rules, user: normalizeGetUser(rg) });
      }),
      { numRuns: 1500 },
    );
  }, 120_000);
});
