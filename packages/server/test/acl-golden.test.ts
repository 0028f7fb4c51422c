import { describe, expect, it } from 'vitest';
import { ErrorReply, OK } from '@kv/resp';
import { useTestServer } from './fixture.js';
import { normalizeRules } from './acl-pair.js';

// ACL replies recorded from Redis 7.0.15 (redis-cli against Debian's
// redis-server), checked on kv alone so they run where redis-server is not
// installed; acl.test.ts compares the same ground live.

describe('ACL replies recorded from Redis 7.0.15', () => {
  const t = useTestServer({}, { flushEachTest: false });
  const call = (...args: string[]) => t.conn.call(...args);

  it('describes users as Redis does', async () => {
    expect(await call('ACL', 'SETUSER', 'u', 'on', 'nopass', '~a*', '+get')).toEqual(OK);
    expect(await call('ACL', 'SETUSER', 'x2', '%R')).toEqual(OK);
    expect(await call('ACL', 'SETUSER', 'x3', '%RW~foo', '%R~bar', '%W~baz', '~qux', '%R~qux')).toEqual(OK);
    expect(await call('ACL', 'SETUSER', 'bob', 'on', '(+get ~x)', '%R~r*', '&ch', '+select|0', '+select|1')).toEqual(OK);
    expect(((await call('ACL', 'LIST')) as string[]).map(normalizeRules)).toEqual([
      'user bob on %R~r* resetchannels &ch -@all +select|0 +select|1 (~x resetchannels -@all +get)',
      'user default on nopass ~* &* +@all',
      'user u on nopass ~a* resetchannels -@all +get',
      'user x2 off %R~ resetchannels -@all',
      'user x3 off ~foo %R~bar %W~baz ~qux resetchannels -@all',
    ]);
    expect(await call('ACL', 'GETUSER', 'u')).toEqual([
      'flags', ['on', 'nopass'], 'passwords', [], 'commands', '-@all +get', 'keys', '~a*', 'channels', '', 'selectors', [],
    ]);
    expect(await call('ACL', 'GETUSER', 'nouser')).toBeNull();
    expect(await call('ACL', 'DELUSER', 'u', 'x2', 'x3', 'bob')).toBe(4);
  });

  it('refuses bad rules with Redis texts', async () => {
    const refused: [string[], string][] = [
      [['%~foo'], "ERR Error in ACL SETUSER modifier '%~foo': Syntax error"],
      [['(+get'], "ERR Unmatched parenthesis in acl selector starting at '(+get'."],
      [['+config|get|foo'], "ERR Error in ACL SETUSER modifier '+config|get|foo': Allowing first-arg of a subcommand is not supported"],
      [['+select|0|1'], "ERR Error in ACL SETUSER modifier '+select|0|1': Unknown command or category name in ACL"],
      [['+config|'], "ERR Error in ACL SETUSER modifier '+config|': Syntax error"],
      [['-select|0'], "ERR Error in ACL SETUSER modifier '-select|0': Unknown command or category name in ACL"],
      [['-@'], "ERR Error in ACL SETUSER modifier '-@': Unknown command or category name in ACL"],
    ];
    for (const [rules, message] of refused) expect(await call('ACL', 'SETUSER', 'u', ...rules)).toEqual(new ErrorReply(message));
    expect(await call('ACL', 'SETUSER', 'a b')).toEqual(new ErrorReply("ERR Usernames can't contain spaces or null characters"));
    expect(await call('ACL', 'DRYRUN', 'default', 'nocmd')).toEqual(new ErrorReply("ERR Command 'nocmd' not found"));
    expect(await call('ACL', 'DRYRUN', 'nouser', 'get')).toEqual(new ErrorReply("ERR User 'nouser' not found"));
    expect(await call('ACL', 'CAT', 'nope')).toEqual(new ErrorReply("ERR Unknown category 'nope'"));
    expect(await call('ACL', 'CAT', 'a', 'b')).toEqual(new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'CAT'. Try ACL HELP."));
    expect(await call('ACL', 'GENPASS', '0')).toEqual(
      new ErrorReply('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096'),
    );
    expect(await call('ACL', 'GENPASS', '5')).toMatch(/^[0-9a-f]{2}$/);
  });

  it('denies with NOPERM and logs it', async () => {
    expect(await call('ACL', 'SETUSER', 'v', 'on', 'nopass', '-@all', '+get', '~k*', 'resetchannels', '&ch*')).toEqual(OK);
    expect(await call('ACL', 'DRYRUN', 'v', 'set', 'k1', 'v')).toBe("This user has no permissions to run the 'set' command");
    expect(await call('ACL', 'DRYRUN', 'v', 'get', 'z')).toBe("This user has no permissions to access the 'z' key");
    expect(await call('ACL', 'DRYRUN', 'v', 'get', 'k')).toEqual(OK);
    expect(await call('ACL', 'DRYRUN', 'v', 'config')).toEqual(new ErrorReply("ERR wrong number of arguments for 'config' command"));
    expect(await call('ACL', 'LOG', 'RESET')).toEqual(OK);
    expect(await call('AUTH', 'v', 'x')).toEqual(OK);
    expect(await call('GET', 'b')).toEqual(new ErrorReply('NOPERM this user has no permissions to access one of the keys used as arguments'));
    expect(await call('SET', 'k', 'v')).toEqual(new ErrorReply("NOPERM this user has no permissions to run the 'set' command"));
    expect(await call('AUTH', 'default', 'x')).toEqual(OK);
    const log = (await call('ACL', 'LOG')) as unknown[][];
    expect(log.map((e) => e.slice(0, 10))).toEqual([
      ['count', 1, 'reason', 'command', 'context', 'toplevel', 'object', 'set', 'username', 'v'],
      ['count', 1, 'reason', 'key', 'context', 'toplevel', 'object', 'b', 'username', 'v'],
    ]);
    expect(String(log[1]![13])).toMatch(/ cmd=get user=v redir=-1 resp=2$/);
    expect(await call('ACL', 'DELUSER', 'v')).toBe(1);
  });
});
