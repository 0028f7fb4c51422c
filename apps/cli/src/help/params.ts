import type { DocArg } from './docs.js';

// A command's arguments as one line, the way Redis's help.h shows them (and
// redis-cli prints them as hints): `key value [NX|XX] [GET] [EX seconds|…]`.

function render(a: DocArg): string {
  let s: string;
  if (a.type === 'block') s = a.args.map(render).join(' ');
  else if (a.type === 'oneof') s = a.args.map(render).join('|');
  // MIGRATE's empty-string key is the token "", which help.h shows quoted.
  else if (a.type === 'pure-token') s = a.token === '' ? '""' : a.token ?? a.name;
  else s = a.displayText ?? a.name;
  if (a.token !== undefined && a.type !== 'pure-token') {
    if (a.multiple && a.multipleToken) s = `${a.token} ${s} [${a.token} ${s} ...]`;
    else if (a.multiple) s = `${a.token} ${s} [${s} ...]`;
    else s = `${a.token} ${s}`;
  } else if (a.multiple) s = `${s} [${s} ...]`;
  return a.optional ? `[${s}]` : s;
}

export function renderParams(args: readonly DocArg[]): string {
  return args.map(render).join(' ');
}
