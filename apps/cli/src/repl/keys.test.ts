import { describe, expect, it } from 'vitest';
import { decodeKeys } from './keys.js';

describe('decodeKeys', () => {
  it('text, control keys and escape sequences', () => {
    expect(decodeKeys('ab\x1b[A\x1b[B\x1b[C\x1b[D\x1bOH\x1b[F\x1b[3~\x1b[1~\x1b[4~\t\x7f\x03\x04\r')).toEqual([
      { kind: 'text', text: 'ab' }, { kind: 'up' }, { kind: 'down' }, { kind: 'right' }, { kind: 'left' }, { kind: 'home' }, { kind: 'end' },
      { kind: 'delete' }, { kind: 'home' }, { kind: 'end' }, { kind: 'tab' }, { kind: 'backspace' }, { kind: 'ctrl-c' }, { kind: 'ctrl-d' }, { kind: 'enter' },
    ]);
  });

  it('a pasted CRLF is one Enter; unknown sequences are ignored; a lone ESC is Escape', () => {
    expect(decodeKeys('ping\r\nget k\n')).toEqual([{ kind: 'text', text: 'ping' }, { kind: 'enter' }, { kind: 'text', text: 'get k' }, { kind: 'enter' }]);
    expect(decodeKeys('\x1b[1;5C\x1b')).toEqual([{ kind: 'right' }, { kind: 'escape' }]);
    expect(decodeKeys('\x1b[200~x\x1b[201~')).toEqual([{ kind: 'ignore' }, { kind: 'text', text: 'x' }, { kind: 'ignore' }]);
    expect(decodeKeys('é€')).toEqual([{ kind: 'text', text: 'é€' }]);
  });
});
