import { describe, expect, it } from 'vitest';
import { ConfigFileError, optionsToConfigText, parseConfigText } from './config-file.js';
import { loadDirectives } from './load.js';

const parse = (text: string) => parseConfigText(text);

describe('redis.conf parsing', () => {
  it('reads directives, quotes and comments', () => {
    const d = parse('# comment\n\nport 7000\nrequirepass "a b\\"c"\n  save 900 1  \n');
    expect(d.map((x) => [x.name, x.args])).toEqual([
      ['port', ['7000']],
      ['requirepass', ['a b"c']],
      ['save', ['900', '1']],
    ]);
  });

  it('turns flags into directives the way Redis does', () => {
    expect(optionsToConfigText(['--port', '7000', '--save', '', '--bind', '127.0.0.1', '::1'])).toBe('port "7000"\nsave ""\nbind "127.0.0.1" "::1"');
    const d = parse(optionsToConfigText(['--requirepass', 'we ird"pass']));
    expect(d[0]!.args).toEqual(['we ird"pass']);
  });

  it('stops on an unknown directive or bad value, naming the line', () => {
    expect(() => loadDirectives(parse('port 1\nfoo bar\n'))).toThrowError(ConfigFileError);
    try {
      loadDirectives(parse('port 1\nport abc\n'));
    } catch (err) {
      expect((err as ConfigFileError).line).toBe(2);
      expect((err as Error).message).toContain("argument couldn't be parsed into an integer");
    }
  });

  it('ignores, with a note, what Redis has but kv does not honour yet', () => {
    const { params, ignored } = loadDirectives(parse('port 1\nactiverehashing yes\n'));
    expect(params).toEqual({ port: ['1'] });
    expect(ignored).toEqual(['activerehashing (line 2)']);
  });

  it('adds up save lines after the first', () => {
    const { params } = loadDirectives(parse('save 900 1\nsave 300 10\n'));
    expect(params.save).toEqual(['900', '1', '300', '10']);
  });
});
