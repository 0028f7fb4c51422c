import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cstr } from '../util/c-string.js';
import { aclErrorMessage, hasSpaces } from './errors.js';
import { User, mergeSelectorArgs } from './user.js';

// The ACL file (aclfile): one `user <name> <rules…>` line per user, read
// by ACL LOAD and at start-up, written by ACL SAVE (acl.c ACLLoadFromFile,
// ACLSaveToFile). A relative path is relative to `dir`, Redis's working
// directory.

/** strerror() for the errors opening a file can give. */
function strerror(err: unknown): string {
  const code = (err as { code?: string }).code;
  const texts: Record<string, string> = {
    ENOENT: 'No such file or directory',
    EACCES: 'Permission denied',
    ENOTDIR: 'Not a directory',
    ELOOP: 'Too many levels of symbolic links',
    ENAMETOOLONG: 'File name too long',
    EROFS: 'Read-only file system',
    ENOSPC: 'No space left on device',
    EISDIR: 'Is a directory',
  };
  return (code !== undefined ? texts[code] : undefined) ?? (err instanceof Error ? err.message : String(err));
}

/** sdstrim: drops the given characters from both ends. */
function trim(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a]!)) a++;
  while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/**
 * Reads and checks the whole file: the users it defines, or the errors found
 * (all lines are checked; any error means nothing is loaded).
 */
export function loadAclFile(file: string, dir: string, allChannelsByDefault: boolean): Map<string, User> | string {
  let text: string;
  try {
    text = readFileSync(path.resolve(dir, file), 'latin1');
  } catch (err) {
    // fopen() of a directory succeeds on Linux and reading it gives nothing.
    if ((err as { code?: string }).code === 'EISDIR') text = '';
    else return `Error loading ACLs, opening file '${file}': ${strerror(err)}`;
  }
  const users = new Map<string, User>();
  let errors = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = trim(lines[i]!, ' \t\r\n');
    const linenum = i + 1;
    if (line === '') continue;
    // Split on single spaces (sdssplitlen): no quoting, and doubled spaces give empty words.
    const argv = line.split(' ');
    if (argv[0] !== 'user' || argv.length < 2) {
      errors += `${file}:${linenum} should start with user keyword followed by the username. `;
      continue;
    }
    const name = argv[1]!;
    if (hasSpaces(name)) {
      errors += `'${file}:${linenum}: username '${cstr(name)}' contains invalid characters. `;
      continue;
    }
    if (users.has(name)) {
      errors += `WARNING: Duplicate user '${cstr(name)}' found on line ${linenum}. `;
      continue;
    }
    const user = new User(name, allChannelsByDefault);
    users.set(name, user);
    const rules = mergeSelectorArgs(argv.slice(2));
    if (!Array.isArray(rules)) {
      // Redis 7.0.15 crashes here; kv reports the line, as later versions do.
      errors += `${file}:${linenum}: Unmatched parenthesis in selector definition.`;
      continue;
    }
    let reported = false;
    for (const raw of rules) {
      const rule = trim(raw, '\t\r\n');
      const err = user.apply(rule, allChannelsByDefault);
      if (err === undefined) continue;
      if (err === 'ENOENT') {
        // An unknown command is safe to echo; other errors only once a line, since they may hold secrets.
        errors += `${file}:${linenum}: Error in applying operation '${cstr(rule)}': ${aclErrorMessage(err)}. `;
      } else if (!reported) {
        errors += `${file}:${linenum}: ${aclErrorMessage(err)}. `;
        reported = true;
      }
    }
  }
  if (errors !== '') return `${errors}WARNING: ACL errors detected, no change to the previously active ACL rules was performed`;
  return users;
}

/** Writes the users through a temporary file and a rename; returns the log line of a failure. */
export function saveAclFile(file: string, dir: string, users: readonly User[]): string | undefined {
  const text = users.map((u) => `user ${u.name} ${u.describe()}\n`).join('');
  const target = path.resolve(dir, file);
  const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(temp, Buffer.from(text, 'latin1'), { mode: 0o644 });
  } catch (err) {
    return `Opening temp ACL file for ACL SAVE: ${strerror(err)}`;
  }
  try {
    renameSync(temp, target);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing more to clean.
    }
    return `Renaming ACL file for ACL SAVE: ${strerror(err)}`;
  }
  return undefined;
}
