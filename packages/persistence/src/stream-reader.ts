/**
 * Reads a stream value (RDB_TYPE_STREAM_LISTPACKS and _2) the way rdbLoadObject
 * does: listpack nodes keyed by their master ID, then the metadata, then the
 * consumer groups with their pending entries and consumers.
 *
 * A node listpack holds a master entry, then delta-encoded entries:
 *   master: count, deleted, num-fields, field..., 0
 *   entry:  flags, ms-diff, seq-diff, [num-fields, field, value ... | value ... (SAMEFIELDS)], lp-count
 */
import type { ByteReader } from './byte-reader.js';
import { RDB_TYPE, STREAM_ITEM_FLAG } from './constants.js';
import { parseStrictInt } from './integers.js';
import { readListpack } from './listpack.js';
import type { StreamConsumer, StreamEntry, StreamGroup, StreamPendingEntry, StreamValue } from './model.js';
import { packedToString, type PackedValue } from './packed-value.js';
import { compareStreamIds, formatStreamId, type StreamIdParts } from './stream-id.js';

const MASK64 = 0xffffffffffffffffn;
const MAX_ID: StreamIdParts = { ms: MASK64, seq: MASK64 };

export function readStream(r: ByteReader, rdbType: number): StreamValue {
  const entries: StreamEntry[] = [];
  const nodeKeys = new Set<string>();
  const listpacks = r.readLen();
  for (let n = 0; n < listpacks; n++) {
    const keyAt = r.offset();
    const nodeKey = r.readStringBytes();
    if (nodeKey.length !== 16) throw r.corrupt('Stream node key entry is not the size of a stream ID', keyAt);
    const master: StreamIdParts = { ms: nodeKey.readBigUInt64BE(0), seq: nodeKey.readBigUInt64BE(8) };
    const keyText = formatStreamId(master);
    const lpAt = r.offset();
    const lp = r.readStringBytes();
    const values = readListpack(lp);
    if (values === undefined) throw r.corrupt('Stream listpack integrity check failed.', lpAt);
    if (values.length === 0) throw r.corrupt('Empty listpack inside stream', lpAt);
    if (!readNode(values, master, entries)) throw r.corrupt('Stream listpack integrity check failed.', lpAt);
    if (nodeKeys.has(keyText)) throw r.corrupt('Listpack re-added with existing key', keyAt);
    nodeKeys.add(keyText);
  }
  const lengthAt = r.offset();
  const length = r.readLen();
  const lastId = readId(r);
  let firstId: StreamIdParts;
  let maxDeletedId: StreamIdParts;
  let entriesAdded: number;
  const v2 = rdbType === RDB_TYPE.STREAM_LISTPACKS_2;
  if (v2) {
    firstId = readId(r);
    maxDeletedId = readId(r);
    entriesAdded = Number(r.readLenBig());
  } else {
    // As Redis migrates an RDB 9 stream: no tombstones known, every entry counted once.
    maxDeletedId = { ms: 0n, seq: 0n };
    entriesAdded = length;
    firstId = entries.length > 0 ? parseParts(entries[0]!.id) : MAX_ID;
  }
  if (length !== entries.length) {
    throw r.corrupt(`Stream length ${length} does not match its ${entries.length} entries`, lengthAt);
  }
  const meta = { length, lastId, firstId, maxDeletedId, entriesAdded };

  const groups: StreamGroup[] = [];
  const groupNames = new Set<string>();
  const groupCount = r.readLen();
  for (let g = 0; g < groupCount; g++) {
    const nameAt = r.offset();
    const name = r.readString();
    const groupLastId = readId(r);
    const entriesRead = v2 ? r.readSignedLen() : estimateEntriesRead(meta, groupLastId);
    if (groupNames.has(name)) throw r.corrupt(`Duplicated consumer group name ${name}`, nameAt);
    groupNames.add(name);

    const pending: StreamPendingEntry[] = [];
    const pel = new Set<string>();
    const pelSize = r.readLen();
    for (let i = 0; i < pelSize; i++) {
      const at = r.offset();
      const id = formatStreamId(readRawId(r));
      const deliveryTime = r.int64LE();
      const deliveryCount = Number(r.readLenBig());
      if (pel.has(id)) throw r.corrupt('Duplicated global PEL entry loading stream consumer group', at);
      pel.add(id);
      pending.push({ id, deliveryTime, deliveryCount });
    }

    const consumers: StreamConsumer[] = [];
    const consumerNames = new Set<string>();
    const consumerCount = r.readLen();
    for (let c = 0; c < consumerCount; c++) {
      const cnameAt = r.offset();
      const cname = r.readString();
      if (consumerNames.has(cname)) throw r.corrupt('Duplicate stream consumer detected.', cnameAt);
      consumerNames.add(cname);
      const seenTime = r.int64LE();
      const owned: string[] = [];
      const ownedSet = new Set<string>();
      const n = r.readLen();
      for (let i = 0; i < n; i++) {
        const at = r.offset();
        const id = formatStreamId(readRawId(r));
        if (!pel.has(id)) throw r.corrupt('Consumer entry not found in group global PEL', at);
        if (ownedSet.has(id)) throw r.corrupt('Duplicated consumer PEL entry  loading a stream consumer group', at);
        ownedSet.add(id);
        owned.push(id);
      }
      consumers.push({ name: cname, seenTime, pending: owned });
    }
    groups.push({ name, lastId: formatStreamId(groupLastId), entriesRead, pending, consumers });
  }

  return {
    entries,
    lastId: formatStreamId(lastId),
    firstId: formatStreamId(firstId),
    maxDeletedId: formatStreamId(maxDeletedId),
    entriesAdded,
    groups,
  };
}

function readId(r: ByteReader): StreamIdParts {
  const ms = r.readLenBig();
  const seq = r.readLenBig();
  return { ms, seq };
}

function readRawId(r: ByteReader): StreamIdParts {
  const raw = r.bytes(16);
  return { ms: raw.readBigUInt64BE(0), seq: raw.readBigUInt64BE(8) };
}

function parseParts(id: string): StreamIdParts {
  const dash = id.indexOf('-');
  return { ms: BigInt(id.slice(0, dash)), seq: BigInt(id.slice(dash + 1)) };
}

function asInt(v: PackedValue | undefined): number | bigint | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return parseStrictInt(v);
  return v;
}

/** Appends the live entries of one node; false when the node is malformed. */
function readNode(values: PackedValue[], master: StreamIdParts, out: StreamEntry[]): boolean {
  let i = 0;
  const count = asInt(values[i++]);
  const deleted = asInt(values[i++]);
  const numFields = asInt(values[i++]);
  if (count === undefined || deleted === undefined || typeof numFields !== 'number' || numFields < 0) return false;
  if (i + numFields + 1 > values.length) return false;
  const masterFields: string[] = new Array(numFields);
  for (let f = 0; f < numFields; f++) masterFields[f] = packedToString(values[i++]!);
  if (asInt(values[i++]) !== 0) return false; // master entry terminator

  const msSafe = master.ms <= BigInt(Number.MAX_SAFE_INTEGER);
  const seqSafe = master.seq <= BigInt(Number.MAX_SAFE_INTEGER);
  const masterMs = Number(master.ms);
  const masterSeq = Number(master.seq);
  let live = 0;
  let dead = 0;
  while (i < values.length) {
    const flags = asInt(values[i++]);
    const msDiff = asInt(values[i++]);
    const seqDiff = asInt(values[i++]);
    if (typeof flags !== 'number' || msDiff === undefined || seqDiff === undefined) return false;
    let fields: [string, string][];
    let lpCount: number;
    if (flags & STREAM_ITEM_FLAG.SAMEFIELDS) {
      if (i + numFields + 1 > values.length) return false;
      fields = new Array(numFields);
      for (let f = 0; f < numFields; f++) fields[f] = [masterFields[f]!, packedToString(values[i++]!)];
      lpCount = numFields + 3;
    } else {
      const nf = asInt(values[i++]);
      if (typeof nf !== 'number' || nf < 0 || i + nf * 2 + 1 > values.length) return false;
      fields = new Array(nf);
      for (let f = 0; f < nf; f++) {
        const field = packedToString(values[i++]!);
        fields[f] = [field, packedToString(values[i++]!)];
      }
      lpCount = nf * 2 + 4;
    }
    if (asInt(values[i++]) !== lpCount) return false;
    if (flags & STREAM_ITEM_FLAG.DELETED) {
      dead++;
      continue;
    }
    live++;
    let id: string;
    if (msSafe && seqSafe && typeof msDiff === 'number' && typeof seqDiff === 'number' &&
        msDiff >= 0 && seqDiff >= 0 && masterMs + msDiff <= Number.MAX_SAFE_INTEGER &&
        masterSeq + seqDiff <= Number.MAX_SAFE_INTEGER) {
      id = `${masterMs + msDiff}-${masterSeq + seqDiff}`;
    } else {
      // The deltas were stored as int64 casts of unsigned differences: add back modulo 2^64.
      id = formatStreamId({
        ms: (master.ms + BigInt(msDiff)) & MASK64,
        seq: (master.seq + BigInt(seqDiff)) & MASK64,
      });
    }
    out.push({ id, fields });
  }
  return BigInt(live) === BigInt(count) && BigInt(dead) === BigInt(deleted);
}

interface StreamMeta {
  length: number;
  lastId: StreamIdParts;
  firstId: StreamIdParts;
  maxDeletedId: StreamIdParts;
  entriesAdded: number;
}

/** streamEstimateDistanceFromFirstEverEntry (Redis 7.0), for groups saved before RDB 10. */
function estimateEntriesRead(s: StreamMeta, id: StreamIdParts): number {
  if (!s.entriesAdded) return 0;
  if (!s.length && compareStreamIds(id, s.lastId) < 1) return s.entriesAdded;
  const cmpLast = compareStreamIds(id, s.lastId);
  if (cmpLast === 0) return s.entriesAdded;
  if (cmpLast > 0) return -1;
  const cmpFirst = compareStreamIds(id, s.firstId);
  const noTombstones = (s.maxDeletedId.ms === 0n && s.maxDeletedId.seq === 0n) ||
    compareStreamIds(s.maxDeletedId, s.firstId) < 0;
  if (noTombstones) {
    if (cmpFirst < 0) return s.entriesAdded - s.length;
    if (cmpFirst === 0) return s.entriesAdded - s.length + 1;
  }
  return -1;
}
