import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { History } from './history.js';
import { LineEditor } from './line-editor.js';

// The editor on plain streams (the PTY tests drive it in a real terminal).

function editor(hint?: (l: string) => string | undefined, complete?: (l: string) => string[], history = new History(undefined)) {
  const input = new PassThrough() as unknown as NodeJS.ReadStream;
  let written = '';
  const output = { columns: 40, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
  const ed = new LineEditor({ input, output, history, hint, complete, color: true });
  const stream = input as unknown as PassThrough;
  return { ed, type: (s: string) => stream.write(s), end: () => stream.end(), out: () => written };
}

describe('LineEditor', () => {
  it('ends the session when the input ends (Ctrl-D typed while a command ran), after the keys before it', async () => {
    const e = editor();
    const first = e.ed.readLine('> ');
    e.type('ping\r');
    e.end();
    expect(await first).toBe('ping');
    expect(await e.ed.readLine('> ')).toBeNull();
    expect(e.out().endsWith('> \n')).toBe(true);
  });

  it('edits with the arrow and Emacs keys', async () => {
    const e = editor();
    const line = e.ed.readLine('> ');
    e.type('wrld\x1b[D\x1b[D\x1b[Do\x01hello \x05!\x08\x08d\r');
    expect(await line).toBe('hello world');
  });

  it('Ctrl-W deletes a word, Ctrl-U the line, Ctrl-K to the end, Ctrl-T swaps', async () => {
    const e = editor();
    const line = e.ed.readLine('> ');
    e.type('one two\x17three\x01\x1b[C\x0b\x1b[Dba\x14\x05 x\x15last\r');
    expect(await line).toBe('last');
  });

  it('draws the hint in grey after the text and puts the cursor back', async () => {
    const e = editor((l) => (l === 'get' ? ' key' : undefined));
    const line = e.ed.readLine('> ');
    e.type('get');
    await new Promise((r) => setImmediate(r));
    expect(e.out().endsWith('\r\x1b[0K> get\x1b[0;90;49m key\x1b[0m\r\x1b[5C')).toBe(true);
    e.type('\r');
    expect(await line).toBe('get');
    // The line is drawn once more without its hint before Enter moves on.
    expect(e.out().endsWith('\r\x1b[0K> get\r\x1b[5C\n')).toBe(true);
  });

  it('Tab cycles through completions and back to what was typed; Escape keeps the typed text', async () => {
    const e = editor(undefined, (l) => (l.startsWith('g') ? ['GET', 'GETDEL'] : []));
    let line = e.ed.readLine('> ');
    e.type('g\t\t\r');
    expect(await line).toBe('GETDEL');
    line = e.ed.readLine('> ');
    e.type('g\t\t\t\r');
    expect(await line).toBe('g');
    line = e.ed.readLine('> ');
    e.type('g\t\x1b[Dx\r');
    expect(await line).toBe('xg');
    line = e.ed.readLine('> ');
    e.type('zz\t\r');
    expect(await line).toBe('zz');
    expect(e.out()).toContain('\x07');
  });

  it('walks the history with up and down, keeping the line being typed', async () => {
    const h = new History(undefined);
    h.add('first');
    h.add('second');
    const e = editor(undefined, undefined, h);
    let line = e.ed.readLine('> ');
    e.type('draft\x1b[A\x1b[A\x1b[A\r');
    expect(await line).toBe('first');
    line = e.ed.readLine('> ');
    e.type('draft\x1b[A\x1b[B\r');
    expect(await line).toBe('draft');
  });

  it('Ctrl-D and Ctrl-C on an empty line end input; Ctrl-C on text starts over', async () => {
    const e = editor();
    let line = e.ed.readLine('> ');
    e.type('abc\x03def\r');
    expect(await line).toBe('def');
    line = e.ed.readLine('> ');
    e.type('\x03');
    expect(await line).toBeNull();
    line = e.ed.readLine('> ');
    e.type('ab\x01\x04\x04\x04\x04');
    expect(await line).toBeNull();
  });

  it('keys typed while no line is read wait for the next prompt', async () => {
    const e = editor();
    e.type('early\r');
    await new Promise((r) => setImmediate(r));
    expect(await e.ed.readLine('> ')).toBe('early');
  });

  it('a line longer than the terminal wraps over rows', async () => {
    const e = editor();
    const line = e.ed.readLine('> ');
    const long = 'x'.repeat(90);
    e.type(long);
    await new Promise((r) => setImmediate(r));
    // 2 + 90 chars on 40 columns: three rows; the cursor goes up none (it is on the last row) and to column 12.
    expect(e.out().endsWith(`> ${long}\r\x1b[12C`)).toBe(true);
    e.type('\x01');
    await new Promise((r) => setImmediate(r));
    expect(e.out().endsWith('\x1b[2A\r\x1b[2C')).toBe(true);
    e.type('\r');
    expect(await line).toBe(long);
  });
});
