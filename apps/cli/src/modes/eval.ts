import { readFileSync } from 'node:fs';

// --eval file.lua key1 key2 , arg1 arg2: an EVAL of the file's text, the words
// before the first lone comma being the keys.

export function evalArgs(file: string, words: readonly string[]): string[] | { error: string } {
  let script: string;
  try {
    script = readFileSync(file).toString('latin1');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'No such file or directory' : e.code === 'EACCES' ? 'Permission denied' : e.message;
    return { error: `Can't open file '${file}': ${why}` };
  }
  const comma = words.indexOf(',');
  const keys = comma < 0 ? words : words.slice(0, comma);
  const args = comma < 0 ? [] : words.slice(comma + 1);
  return ['EVAL', script, String(keys.length), ...keys, ...args];
}
