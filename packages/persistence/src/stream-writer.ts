/**
 * Writes a stream as RDB_TYPE_STREAM_LISTPACKS_2, building its listpack nodes
 * as streamAppendItem does when the entries are added in order: a node takes
 * entries until it reaches stream-node-max-bytes or stream-node-max-entries;
 * its master entry holds the fields of its first entry, and later entries
 * with the same fields store only their values (SAMEFIELDS).
 */
import type { ByteWriter } from './byte-writer.js';
import { STREAM_ITEM_FLAG } from './constants.js';
import type { EncodingLimits } from './encoding-limits.js';
import { RdbError } from './errors.js';
import { encodeListpack, ListpackBuilder } from './listpack.js';
import type { StreamEntry, StreamValue } from './model.js';
import type { PackedValue } from './packed-value.js';
import { compareStreamIds, parseStreamId, type StreamIdParts } from './stream-id.js';

const LISTPACK_MAX_SIZE = 1 << 30;
const MASK64 = 0xffffffffffffffffn;
const TWO_63 = 1n << 63n;

interface Node {
  master: StreamIdParts;
  masterFields: string[];
  count: number;
  /** Elements after the master entry's count: deleted, num-fields, fields, 0, entries. */
  rest: PackedValue[];
  restBytes: number;
}

/** int64 cast of an unsigned 64-bit difference, as lpAppendInteger((int64_t)(a - b)). */
function delta(a: bigint, b: bigint): number | bigint {
  let d = (a - b) & MASK64;
  if (d >= TWO_63) d -= 1n << 64n;
  return Number.isSafeInteger(Number(d)) ? Number(d) : d;
}

function sameFields(entry: StreamEntry, masterFields: string[]): boolean {
  if (entry.fields.length !== masterFields.length) return false;
  for (let i = 0; i < masterFields.length; i++) if (entry.fields[i]![0] !== masterFields[i]) return false;
  return true;
}

function buildNodes(entries: readonly StreamEntry[], limits: EncodingLimits): Node[] {
  let maxBytes = limits.streamNodeMaxBytes;
  if (maxBytes === 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
  const nodes: Node[] = [];
  let node: Node | undefined;
  let prev: StreamIdParts | undefined;
  for (const entry of entries) {
    const id = parseStreamId(entry.id);
    if (prev && compareStreamIds(id, prev) <= 0) {
      throw new RdbError('invalid-value', `Stream entry IDs must ascend: ${entry.id} follows ${prev.ms}-${prev.seq}`);
    }
    prev = id;
    let totelelen = 0;
    for (const [f, v] of entry.fields) totelelen += f.length + v.length;
    if (node) {
      const lpBytes = node.restBytes + ListpackBuilder.entrySize(node.count);
      if (lpBytes + totelelen >= maxBytes) node = undefined;
      else if (limits.streamNodeMaxEntries && node.count >= limits.streamNodeMaxEntries) node = undefined;
    }
    if (!node) {
      const masterFields = entry.fields.map(([f]) => f);
      node = { master: id, masterFields, count: 0, rest: [], restBytes: ListpackBuilder.EMPTY_SIZE };
      nodes.push(node);
      push(node, 0, masterFields.length, ...masterFields, 0);
    }
    const flags = sameFields(entry, node.masterFields) ? STREAM_ITEM_FLAG.SAMEFIELDS : STREAM_ITEM_FLAG.NONE;
    push(node, flags, delta(id.ms, node.master.ms), delta(id.seq, node.master.seq));
    if (flags === STREAM_ITEM_FLAG.SAMEFIELDS) {
      for (const [, v] of entry.fields) push(node, v);
      push(node, entry.fields.length + 3);
    } else {
      push(node, entry.fields.length);
      for (const [f, v] of entry.fields) push(node, f, v);
      push(node, entry.fields.length * 2 + 4);
    }
    node.count++;
  }
  return nodes;
}

function push(node: Node, ...values: PackedValue[]): void {
  for (const v of values) {
    node.rest.push(v);
    node.restBytes += ListpackBuilder.entrySize(v);
  }
}

function nodeKey(id: StreamIdParts): Buffer {
  const key = Buffer.allocUnsafe(16);
  key.writeBigUInt64BE(id.ms, 0);
  key.writeBigUInt64BE(id.seq, 8);
  return key;
}

function writeId(w: ByteWriter, text: string): void {
  const id = parseStreamId(text);
  w.len(id.ms);
  w.len(id.seq);
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function writeStream(w: ByteWriter, s: StreamValue, limits: EncodingLimits): void {
  const nodes = buildNodes(s.entries, limits);
  w.len(nodes.length);
  for (const node of nodes) {
    w.blob(nodeKey(node.master));
    w.blob(encodeListpack([node.count, ...node.rest]));
  }
  w.len(s.entries.length);
  writeId(w, s.lastId);
  writeId(w, s.firstId);
  writeId(w, s.maxDeletedId);
  w.len(s.entriesAdded);
  // Groups, consumers and PELs are radix trees in Redis: saved in byte order of name or ID.
  const groups = [...s.groups].sort((a, b) => byteOrder(a.name, b.name));
  w.len(groups.length);
  for (const g of groups) {
    w.string(g.name);
    writeId(w, g.lastId);
    w.len(g.entriesRead < 0 ? MASK64 : g.entriesRead);
    const pel = g.pending.map((p) => ({ p, id: parseStreamId(p.id) })).sort((a, b) => compareStreamIds(a.id, b.id));
    w.len(pel.length);
    for (const { p, id } of pel) {
      w.bytes(nodeKey(id));
      w.millis(p.deliveryTime);
      w.len(p.deliveryCount);
    }
    const consumers = [...g.consumers].sort((a, b) => byteOrder(a.name, b.name));
    w.len(consumers.length);
    for (const c of consumers) {
      w.string(c.name);
      w.millis(c.seenTime);
      const ids = c.pending.map(parseStreamId).sort(compareStreamIds);
      w.len(ids.length);
      for (const id of ids) w.bytes(nodeKey(id));
    }
  }
}
