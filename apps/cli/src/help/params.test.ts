import { describe, expect, it } from 'vitest';
import type { DocArg } from './docs.js';
import { renderParams } from './params.js';

const arg = (name: string, type: string, extra: Partial<DocArg> = {}): DocArg => ({ name, type, optional: false, multiple: false, multipleToken: false, args: [], ...extra });

describe('renderParams (help.h style)', () => {
  it('SET', () => {
    const args = [
      arg('key', 'key'),
      arg('value', 'string'),
      arg('condition', 'oneof', { optional: true, args: [arg('nx', 'pure-token', { token: 'NX' }), arg('xx', 'pure-token', { token: 'XX' })] }),
      arg('get', 'pure-token', { token: 'GET', optional: true }),
      arg('expiration', 'oneof', { optional: true, args: [arg('seconds', 'integer', { token: 'EX' }), arg('keepttl', 'pure-token', { token: 'KEEPTTL' })] }),
    ];
    expect(renderParams(args)).toBe('key value [NX|XX] [GET] [EX seconds|KEEPTTL]');
  });

  it('repeated arguments, with and without a repeated token', () => {
    expect(renderParams([arg('key', 'key', { multiple: true })])).toBe('key [key ...]');
    expect(renderParams([arg('element', 'string', { multiple: true, optional: true })])).toBe('[element [element ...]]');
    expect(renderParams([arg('pattern', 'pattern', { token: 'GET', multiple: true, multipleToken: true, optional: true })])).toBe('[GET pattern [GET pattern ...]]');
    expect(renderParams([arg('weight', 'integer', { token: 'WEIGHTS', multiple: true, optional: true })])).toBe('[WEIGHTS weight [weight ...]]');
    expect(renderParams([arg('data', 'block', { multiple: true, args: [arg('score', 'double'), arg('member', 'string')] })])).toBe('score member [score member ...]');
  });

  it('display_text (Redis 7.2) wins over the name; an empty token shows as ""', () => {
    expect(renderParams([arg('unix-time', 'unix-time', { displayText: 'unix-time-seconds', token: 'EXAT' })])).toBe('EXAT unix-time-seconds');
    expect(renderParams([arg('empty_string', 'pure-token', { token: '' })])).toBe('""');
  });
});
