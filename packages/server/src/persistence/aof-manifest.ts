// The multi-part AOF manifest of Redis 7.0 (aof.c): one line per file,
//   file appendonly.aof.1.base.rdb seq 1 type b
//   file appendonly.aof.1.incr.aof seq 1 type i
// with `h` for history files waiting to be deleted.

export interface AofFileInfo {
  readonly name: string;
  readonly seq: number;
  readonly type: 'b' | 'h' | 'i';
}

export interface AofManifest {
  base: AofFileInfo | undefined;
  incrs: AofFileInfo[];
  history: AofFileInfo[];
}

export class ManifestError extends Error {}

export function emptyManifest(): AofManifest {
  return { base: undefined, incrs: [], history: [] };
}

/** Parses a manifest the way aofLoadManifestFromFile does; throws ManifestError with Redis's complaint. */
export function parseManifest(text: string): AofManifest {
  const m = emptyManifest();
  const lines = text.split('\n');
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < parts.length; i += 2) fields.set(parts[i]!, parts[i + 1]!);
    const name = fields.get('file');
    const seq = Number(fields.get('seq'));
    const type = fields.get('type');
    if (name === undefined || !Number.isInteger(seq) || (type !== 'b' && type !== 'h' && type !== 'i')) {
      throw new ManifestError(`Invalid AOF manifest file format: ${line}`);
    }
    const info = { name, seq, type } as const;
    if (type === 'b') {
      if (m.base !== undefined) throw new ManifestError('Found duplicate base file information');
      m.base = info;
    } else if (type === 'i') m.incrs.push(info);
    else m.history.push(info);
  }
  return m;
}

export function formatManifest(m: AofManifest): string {
  const line = (f: AofFileInfo) => `file ${f.name} seq ${f.seq} type ${f.type}\n`;
  return (m.base === undefined ? '' : line(m.base)) + m.history.map(line).join('') + m.incrs.map(line).join('');
}
