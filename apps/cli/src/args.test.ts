import { describe, expect, it } from 'vitest';
import { ArgsExit, atof, atoi, defaultConfig, parseArgs } from './args.js';
import { parseRedisUri } from './uri.js';

const parse = (argv: string[], tty = false) => parseArgs(argv, defaultConfig(tty), 'USAGE', 'kv-cli 9');

describe('parseArgs', () => {
  it('reads options up to the first word, the rest is the command', () => {
    const { config } = parse(['-h', 'example', '-p', '7000', '-n', '3', '--raw', 'get', '-p', 'x']);
    expect(config).toMatchObject({ host: 'example', port: 7000, db: 3, output: 'raw', args: ['get', '-p', 'x'] });
  });

  it('output mode follows the terminal unless forced', () => {
    expect(parse([], true).config.output).toBe('standard');
    expect(parse([], false).config.output).toBe('raw');
    expect(parse(['--no-raw'], false).config.output).toBe('standard');
    expect(parse(['--csv'], true).config.output).toBe('csv');
  });

  it('numbers the C way', () => {
    expect(parse(['-p', '12abc', '-r', 'x', '-i', '0.25s']).config).toMatchObject({ port: 12, repeat: 0, interval: 0.25 });
    expect(atoi('  -7x')).toBe(-7);
    expect(atof('.5e1')).toBe(5);
  });

  it('warns about a password on the command line unless told not to', () => {
    expect(parse(['-a', 'pw']).warnings).toEqual(["Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe."]);
    expect(parse(['--no-auth-warning', '-a', 'pw']).warnings).toEqual([]);
    expect(parse(['--user', 'u', '--pass', 'p']).config).toMatchObject({ user: 'u', auth: 'p' });
  });

  it('-u takes user, password, host, port and db from the URI', () => {
    expect(parse(['-u', 'redis://al%40ice:p%3Aw@h.example:6390/4']).config).toMatchObject({ user: 'al@ice', auth: 'p:w', host: 'h.example', port: 6390, db: 4 });
  });

  it('stops with usage, version or the bad option', () => {
    const stop = (argv: string[]) => {
      try {
        parse(argv);
      } catch (e) {
        return e as ArgsExit;
      }
      throw new Error('no exit');
    };
    expect(stop(['--help'])).toMatchObject({ code: 1, stderr: 'USAGE' });
    expect(stop(['-h'])).toMatchObject({ code: 1, stderr: 'USAGE' });
    expect(stop(['-v'])).toMatchObject({ code: 0, stdout: 'kv-cli 9\n' });
    expect(stop(['--wat'])).toMatchObject({ code: 1, stderr: "Unrecognized option or bad number of args for: '--wat'\n" });
    expect(stop(['-p'])).toMatchObject({ code: 1, stderr: "Unrecognized option or bad number of args for: '-p'\n" });
    expect(stop(['--cluster', 'create'])).toMatchObject({ code: 1, stderr: 'kv-cli does not support --cluster (yet).\n' });
    expect(stop(['--quoted-pattern', '"x'])).toMatchObject({ stderr: 'Invalid quoted string specified for --quoted-pattern.\n' });
  });
});

describe('parseRedisUri', () => {
  it('takes each part that is there', () => {
    expect(parseRedisUri('redis://')).toEqual({});
    expect(parseRedisUri('REDIS://host')).toEqual({ host: 'host' });
    expect(parseRedisUri('redis://:7000')).toEqual({ host: '', port: 7000 });
    expect(parseRedisUri('redis://pw@/2')).toEqual({ auth: 'pw', db: 2 });
    expect(parseRedisUri('redis://u:pw@h:1/9')).toEqual({ user: 'u', auth: 'pw', host: 'h', port: 1, db: 9 });
  });

  it('reports bad URIs as redis-cli does', () => {
    expect(parseRedisUri('http://h')).toEqual({ error: 'Invalid URI scheme' });
    expect(parseRedisUri('redis://a%zz@h')).toEqual({ error: 'Illegal character in URI encoding' });
    expect(parseRedisUri('redis://a%@h')).toEqual({ error: 'Incomplete URI encoding' });
    expect(parseRedisUri('rediss://h')).toEqual({ error: 'rediss:// is only supported when redis-cli is compiled with OpenSSL' });
  });
});
