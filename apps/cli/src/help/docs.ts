import { replyItems, replyText, type Reply } from '../net/reply.js';

// COMMAND DOCS, read into plain objects. RESP2 sends maps as flat arrays and
// RESP3 as maps; both have the same flat items here.

export interface DocArg {
  name: string;
  type: string;
  token?: string;
  optional: boolean;
  multiple: boolean;
  multipleToken: boolean;
  /** Redis 7.2+ shows this instead of the name. */
  displayText?: string;
  args: DocArg[];
}

export interface CommandDoc {
  /** As COMMAND DOCS names it: "get", "config|get". */
  name: string;
  summary: string;
  since: string;
  group: string;
  args: DocArg[];
  subcommands: CommandDoc[];
}

/** A flat key/value reply (map or RESP2 array) as a Map of latin1 keys. */
function fields(r: Reply | undefined): Map<string, Reply> {
  const out = new Map<string, Reply>();
  const items = r ? replyItems(r) : undefined;
  if (!items) return out;
  for (let i = 0; i + 1 < items.length; i += 2) {
    const k = replyText(items[i]!);
    if (k !== undefined) out.set(k, items[i + 1]!);
  }
  return out;
}

const text = (r: Reply | undefined): string => (r ? replyText(r) ?? '' : '');

function parseArg(r: Reply): DocArg {
  const f = fields(r);
  const flags = new Set((replyItems(f.get('flags') ?? { type: 'nil' }) ?? []).map((x) => text(x)));
  const arg: DocArg = {
    name: text(f.get('name')),
    type: text(f.get('type')),
    optional: flags.has('optional'),
    multiple: flags.has('multiple'),
    multipleToken: flags.has('multiple_token'),
    args: (replyItems(f.get('arguments') ?? { type: 'nil' }) ?? []).map(parseArg),
  };
  if (f.has('token')) arg.token = text(f.get('token'));
  if (f.has('display_text')) arg.displayText = text(f.get('display_text'));
  return arg;
}

function parseDoc(name: string, r: Reply): CommandDoc {
  const f = fields(r);
  const subs = fields(f.get('subcommands'));
  return {
    name,
    summary: text(f.get('summary')),
    since: text(f.get('since')),
    group: text(f.get('group')),
    args: (replyItems(f.get('arguments') ?? { type: 'nil' }) ?? []).map(parseArg),
    subcommands: [...subs].map(([n, d]) => parseDoc(n, d)),
  };
}

/** The docs in a COMMAND DOCS reply; undefined when the reply is not one (an error, an old server). */
export function parseCommandDocs(r: Reply): CommandDoc[] | undefined {
  if (r.type !== 'array' && r.type !== 'map') return undefined;
  return [...fields(r)].map(([n, d]) => parseDoc(n, d));
}
