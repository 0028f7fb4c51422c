import type { History } from './history.js';
import { decodeKeys, type Key } from './keys.js';

// A small line editor in the manner of linenoise, which redis-cli uses: one
// logical line that wraps over terminal rows, Emacs keys, history on the
// arrows, Tab cycling through completions (Escape goes back to what was
// typed), and a grey hint drawn after the text without moving the cursor.

export interface EditorOptions {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  history: History;
  hint?: (line: string) => string | undefined;
  complete?: (line: string) => string[];
  /** Draw hints in grey; without colour they are not drawn at all (they would read as typed text). */
  color: boolean;
}

interface Completing {
  list: string[];
  index: number;
  original: string[];
  originalPos: number;
}

interface Reading {
  prompt: string;
  buf: string[];
  pos: number;
  oldPos: number;
  maxRows: number;
  /** Index into history while browsing it; entries.length is the line being typed. */
  histIndex: number;
  /** The line being typed, kept while browsing history. */
  draft: string[];
  completing: Completing | undefined;
  resolve: (line: string | null) => void;
}

export class LineEditor {
  private readonly queue: Key[] = [];
  private reading: Reading | undefined;
  /** The input ended: Ctrl-D typed while a command ran (the terminal is not raw then), or a closed stdin. */
  private ended = false;
  /** `:set nohints` turns them off. */
  hintsEnabled = true;

  constructor(private readonly o: EditorOptions) {
    o.input.on('data', (chunk: Buffer | string) => {
      this.queue.push(...decodeKeys(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
      this.drain();
    });
    o.input.on('end', () => {
      this.ended = true;
      this.drain();
    });
  }

  /** Reads one line; null when the user leaves (Ctrl-D or Ctrl-C on an empty line, or end of input). */
  readLine(prompt: string): Promise<string | null> {
    return new Promise((resolve) => {
      this.setRaw(true);
      this.reading = {
        prompt, buf: [], pos: 0, oldPos: 0, maxRows: 0, histIndex: this.o.history.entries.length, draft: [],
        completing: undefined, resolve,
      };
      this.o.output.write(prompt);
      this.o.input.resume();
      this.drain();
    });
  }

  /** Stops reading keys (the program is about to exit). */
  close(): void {
    this.setRaw(false);
    this.o.input.pause();
  }

  private setRaw(on: boolean): void {
    if (this.o.input.isTTY) this.o.input.setRawMode(on);
  }

  private drain(): void {
    while (this.reading && this.queue.length > 0) this.handle(this.reading, this.queue.shift()!);
    // Keys typed before the end are handled first; then the session is over, as Ctrl-D on an empty line.
    if (this.reading && this.ended) {
      this.o.output.write('\n');
      this.finish(this.reading, null);
    }
  }

  private finish(r: Reading, line: string | null): void {
    this.reading = undefined;
    this.setRaw(false);
    r.resolve(line);
  }

  private handle(r: Reading, key: Key): void {
    if (r.completing) {
      const c = r.completing;
      if (key.kind === 'tab') {
        c.index = (c.index + 1) % (c.list.length + 1);
        if (c.index === c.list.length) this.beep();
        this.showCompletion(r);
        return;
      }
      r.completing = undefined;
      if (key.kind === 'escape' || key.kind === 'up' || key.kind === 'down' || key.kind === 'left' || key.kind === 'right' ||
        key.kind === 'home' || key.kind === 'end' || key.kind === 'delete') {
        // As linenoise: an escape sequence goes back to what was typed, then acts.
        r.buf = c.original;
        r.pos = c.originalPos;
        this.refresh(r);
        if (key.kind === 'escape') return;
      } else if (c.index < c.list.length) {
        r.buf = Array.from(c.list[c.index]!);
        r.pos = r.buf.length;
      }
    }
    switch (key.kind) {
      case 'text': {
        const chars = Array.from(key.text);
        r.buf.splice(r.pos, 0, ...chars);
        r.pos += chars.length;
        this.refresh(r);
        return;
      }
      case 'enter': {
        r.pos = r.buf.length;
        this.refresh(r, false);
        this.o.output.write('\n');
        this.finish(r, r.buf.join(''));
        return;
      }
      case 'ctrl-c':
        if (r.buf.length === 0) {
          this.o.output.write('\n');
          this.finish(r, null);
        } else {
          // A half-typed line is dropped, not the session.
          r.pos = r.buf.length;
          this.refresh(r, false);
          this.o.output.write('^C\n' + r.prompt);
          r.buf = [];
          r.pos = 0;
          r.oldPos = 0;
          r.maxRows = 0;
          r.histIndex = this.o.history.entries.length;
        }
        return;
      case 'ctrl-d':
        if (r.buf.length === 0) {
          this.o.output.write('\n');
          this.finish(r, null);
        } else if (r.pos < r.buf.length) {
          r.buf.splice(r.pos, 1);
          this.refresh(r);
        }
        return;
      case 'backspace':
        if (r.pos > 0) {
          r.buf.splice(--r.pos, 1);
          this.refresh(r);
        }
        return;
      case 'delete':
        if (r.pos < r.buf.length) {
          r.buf.splice(r.pos, 1);
          this.refresh(r);
        }
        return;
      case 'left':
        if (r.pos > 0) r.pos--;
        this.refresh(r);
        return;
      case 'right':
        if (r.pos < r.buf.length) r.pos++;
        this.refresh(r);
        return;
      case 'home':
        r.pos = 0;
        this.refresh(r);
        return;
      case 'end':
        r.pos = r.buf.length;
        this.refresh(r);
        return;
      case 'ctrl-k':
        r.buf.length = r.pos;
        this.refresh(r);
        return;
      case 'ctrl-u':
        r.buf = [];
        r.pos = 0;
        this.refresh(r);
        return;
      case 'ctrl-w': {
        let p = r.pos;
        while (p > 0 && r.buf[p - 1] === ' ') p--;
        while (p > 0 && r.buf[p - 1] !== ' ') p--;
        r.buf.splice(p, r.pos - p);
        r.pos = p;
        this.refresh(r);
        return;
      }
      case 'ctrl-t':
        if (r.pos > 0 && r.pos < r.buf.length) {
          [r.buf[r.pos - 1], r.buf[r.pos]] = [r.buf[r.pos]!, r.buf[r.pos - 1]!];
          if (r.pos < r.buf.length - 1) r.pos++;
          this.refresh(r);
        }
        return;
      case 'ctrl-l':
        this.o.output.write('\x1b[H\x1b[2J');
        r.maxRows = 0;
        r.oldPos = 0;
        this.o.output.write(r.prompt);
        this.refresh(r);
        return;
      case 'up':
      case 'down':
        this.browse(r, key.kind === 'up' ? -1 : 1);
        return;
      case 'tab':
        this.startCompletion(r);
        return;
      case 'escape':
      case 'ignore':
        return;
    }
  }

  private browse(r: Reading, step: number): void {
    const entries = this.o.history.entries;
    const next = r.histIndex + step;
    if (next < 0 || next > entries.length) return;
    if (r.histIndex === entries.length) r.draft = r.buf;
    r.histIndex = next;
    r.buf = next === entries.length ? r.draft : Array.from(entries[next]!);
    r.pos = r.buf.length;
    this.refresh(r);
  }

  private startCompletion(r: Reading): void {
    const list = this.o.complete?.(r.buf.join('')) ?? [];
    if (list.length === 0) {
      this.beep();
      return;
    }
    r.completing = { list, index: 0, original: r.buf, originalPos: r.pos };
    this.showCompletion(r);
  }

  private showCompletion(r: Reading): void {
    const c = r.completing!;
    if (c.index < c.list.length) {
      const shown = Array.from(c.list[c.index]!);
      const saved = [r.buf, r.pos] as const;
      r.buf = shown;
      r.pos = shown.length;
      this.refresh(r);
      [r.buf, r.pos] = saved;
    } else {
      r.buf = c.original;
      r.pos = c.originalPos;
      this.refresh(r);
    }
  }

  private beep(): void {
    this.o.output.write('\x07');
  }

  /** linenoise's refreshMultiLine: redraws every row the line takes, then puts the cursor back. */
  private refresh(r: Reading, withHint = true): void {
    const cols = this.o.output.columns || 80;
    const plen = Array.from(r.prompt).length;
    const len = r.buf.length;
    let rows = Math.floor((plen + len + cols - 1) / cols);
    const rpos = Math.floor((plen + r.oldPos + cols) / cols);
    const oldRows = r.maxRows;
    if (rows > r.maxRows) r.maxRows = rows;
    let out = '';
    if (oldRows - rpos > 0) out += `\x1b[${oldRows - rpos}B`;
    for (let j = 0; j < oldRows - 1; j++) out += '\r\x1b[0K\x1b[1A';
    out += '\r\x1b[0K' + r.prompt + r.buf.join('');
    if (withHint) out += this.hintText(r, plen, cols);
    if (r.pos > 0 && r.pos === len && (r.pos + plen) % cols === 0) {
      out += '\n\r';
      rows++;
      if (rows > r.maxRows) r.maxRows = rows;
    }
    const rpos2 = Math.floor((plen + r.pos + cols) / cols);
    if (rows - rpos2 > 0) out += `\x1b[${rows - rpos2}A`;
    const col = (plen + r.pos) % cols;
    out += col ? `\r\x1b[${col}C` : '\r';
    r.oldPos = r.pos;
    this.o.output.write(out);
  }

  private hintText(r: Reading, plen: number, cols: number): string {
    if (!this.o.hint || !this.o.color || !this.hintsEnabled || plen + r.buf.length >= cols) return '';
    const hint = this.o.hint(r.buf.join(''));
    if (!hint) return '';
    const room = cols - (plen + r.buf.length);
    return `\x1b[0;90;49m${Array.from(hint).slice(0, room).join('')}\x1b[0m`;
  }
}
