// Turns what a terminal sends in raw mode into key presses: printable text,
// control keys and the escape sequences of arrows, Home/End and Delete.

export type KeyName =
  | 'enter' | 'tab' | 'backspace' | 'delete' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end'
  | 'ctrl-c' | 'ctrl-d' | 'ctrl-k' | 'ctrl-u' | 'ctrl-w' | 'ctrl-l' | 'ctrl-t' | 'escape' | 'ignore';

export type Key = { kind: 'text'; text: string } | { kind: KeyName };

const CONTROL: Record<number, KeyName> = {
  1: 'home', 2: 'left', 3: 'ctrl-c', 4: 'ctrl-d', 5: 'end', 6: 'right', 8: 'backspace', 9: 'tab', 10: 'enter',
  11: 'ctrl-k', 12: 'ctrl-l', 13: 'enter', 14: 'down', 16: 'up', 20: 'ctrl-t', 21: 'ctrl-u', 23: 'ctrl-w', 127: 'backspace',
};

const CSI_FINAL: Record<string, KeyName> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
const CSI_TILDE: Record<string, KeyName> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete' };

/** Splits decoded terminal input into keys. A lone ESC at the end is an Escape key. */
export function decodeKeys(input: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 27) {
      flush();
      const next = input[i + 1];
      if (next === '[' || next === 'O') {
        // CSI / SS3: parameters, then a final byte.
        let j = i + 2;
        while (j < input.length && /[0-9;]/.test(input[j]!)) j++;
        const params = input.slice(i + 2, j);
        const final = input[j];
        if (final === undefined) {
          keys.push({ kind: 'escape' });
          i = j - 1;
          continue;
        }
        if (final === '~') keys.push({ kind: CSI_TILDE[params.split(';')[0]!] ?? 'ignore' });
        else keys.push({ kind: CSI_FINAL[final] ?? 'ignore' });
        i = j;
      } else {
        keys.push({ kind: 'escape' });
      }
      continue;
    }
    const control = CONTROL[c];
    if (control !== undefined) {
      flush();
      // \r\n from a paste is one Enter.
      if (c === 13 && input.charCodeAt(i + 1) === 10) i++;
      keys.push({ kind: control });
    } else if (c < 32) {
      flush();
      keys.push({ kind: 'ignore' });
    } else text += input[i];
  }
  flush();
  return keys;
}
