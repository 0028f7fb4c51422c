/**
 * The reference RDB files written by Redis 7.0.15 and the JSON of what they
 * hold (see <repo>/../shared/reference/README.md), and a comparison of
 * decoded keys against that JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RdbKey, StreamValue } from '../src/model.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const REFERENCE_DIR = path.join(repoRoot(), '..', 'shared', 'reference', 'rdb');
export const REFERENCE_NAMES = ['small', 'medium', 'nocompress'] as const;

export interface ReferenceKey {
  type: string;
  encoding: string;
  pexpireat: number;
  value: unknown;
}
export type ReferenceJson = Record<string, Record<string, ReferenceKey>>;

export function referenceRdb(name: string): Buffer {
  return readFileSync(path.join(REFERENCE_DIR, `${name}.rdb`));
}

export function referenceJson(name: string): ReferenceJson {
  return JSON.parse(readFileSync(path.join(REFERENCE_DIR, `${name}.json`), 'utf8')) as ReferenceJson;
}

export const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The zset as [member, score] in rank order (score, then member bytes). */
export function zsetRanked(z: Map<string, number>): [string, number][] {
  return [...z].sort((a, b) => (a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : byteOrder(a[0], b[0])));
}

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** streamEstimateDistanceFromFirstEverEntry and the XINFO GROUPS lag, for checking stream metadata. */
function groupLag(s: StreamValue, g: StreamValue['groups'][number]): number | null {
  if (!s.entriesAdded) return 0;
  const length = s.entries.length;
  const tombstonesAfter = (id: string): boolean =>
    s.maxDeletedId !== '0-0' && compareIds(s.maxDeletedId, id) >= 0 && compareIds(s.maxDeletedId, s.firstId) >= 0;
  if (g.entriesRead !== -1 && !tombstonesAfter(g.lastId)) return s.entriesAdded - g.entriesRead;
  let read: number;
  const cmpLast = compareIds(g.lastId, s.lastId);
  if (!length && cmpLast < 1) read = s.entriesAdded;
  else if (cmpLast === 0) read = s.entriesAdded;
  else if (cmpLast > 0) return null;
  else {
    const cmpFirst = compareIds(g.lastId, s.firstId);
    const clean = s.maxDeletedId === '0-0' || compareIds(s.maxDeletedId, s.firstId) < 0;
    if (clean && cmpFirst < 0) read = s.entriesAdded - length;
    else if (clean && cmpFirst === 0) read = s.entriesAdded - length + 1;
    else return null;
  }
  return s.entriesAdded - read;
}

/** The decoded key in the reference JSON's layout. */
export function toReferenceValue(k: RdbKey): unknown {
  switch (k.type) {
    case 'string': return hex(k.value);
    case 'list': return k.value.map(hex);
    case 'set': return [...k.value].map(hex).sort();
    case 'hash': return Object.fromEntries([...k.value].map(([f, v]) => [hex(f), hex(v)]));
    case 'zset': return zsetRanked(k.value).map(([m, s]) => [hex(m), s]);
    case 'stream': {
      const s = k.value;
      return {
        entries: s.entries.map((e) => [e.id, Object.fromEntries(e.fields.map(([f, v]) => [hex(f), hex(v)]))]),
        groups: s.groups.map((g) => ({
          consumers: g.consumers.length,
          'entries-read': g.entriesRead === -1 ? null : g.entriesRead,
          lag: groupLag(s, g),
          'last-delivered-id': g.lastId,
          name: g.name,
          pending: g.pending.length,
        })),
      };
    }
    case 'module': return k.value;
  }
}

/** The reference value with zset scores as numbers (Python repr -> number) and sets sorted. */
export function normalizeReference(ref: ReferenceKey): unknown {
  if (ref.type === 'zset') {
    return (ref.value as [string, string][]).map(([m, s]) => [m, pythonFloat(s)]);
  }
  if (ref.type === 'set') return [...(ref.value as string[])].sort();
  return ref.value;
}

function pythonFloat(s: string): number {
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}
