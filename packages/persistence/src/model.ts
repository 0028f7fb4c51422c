/**
 * The plain values @kv/persistence reads from and writes to RDB. Byte
 * strings (keys, members, fields, values) are latin1 JS strings: one char
 * per byte, so any binary content survives.
 */

/** A stream entry ID as Redis prints it: "<ms>-<seq>", both unsigned 64-bit decimals. */
export type StreamId = string;

export interface StreamEntry {
  id: StreamId;
  /** Field/value pairs in the order they were added (a stream entry may repeat a field). */
  fields: [string, string][];
}

export interface StreamPendingEntry {
  id: StreamId;
  /** Unix time in ms of the last delivery. */
  deliveryTime: number;
  deliveryCount: number;
}

export interface StreamConsumer {
  name: string;
  /** Unix time in ms the consumer was last seen. */
  seenTime: number;
  /** IDs of the pending entries this consumer owns; each is in the group's `pending`. */
  pending: StreamId[];
}

export interface StreamGroup {
  name: string;
  lastId: StreamId;
  /** The group's logical read counter; -1 when unknown (XINFO shows nil). */
  entriesRead: number;
  /** The group's pending entries list (PEL), ascending by ID. */
  pending: StreamPendingEntry[];
  consumers: StreamConsumer[];
}

/** A stream as RDB_TYPE_STREAM_LISTPACKS_2 (RDB 10) holds it. */
export interface StreamValue {
  /** Live entries, ascending by ID (deleted entries are not included). */
  entries: StreamEntry[];
  lastId: StreamId;
  /** ID of the first live entry ("0-0" when the stream is empty and Redis saved it so). */
  firstId: StreamId;
  maxDeletedId: StreamId;
  /** How many entries were ever added (XINFO STREAM entries-added). */
  entriesAdded: number;
  groups: StreamGroup[];
}

/** A module value kept as opaque bytes (see the `modules` reader option). */
export interface ModuleValue {
  /** The 64-bit module type ID: 9 name characters (6 bits each) and a 10-bit encoding version. */
  moduleId: bigint;
  /** The 9-character module type name encoded in the ID. */
  moduleName: string;
  encodingVersion: number;
  /** The module's serialized opcodes up to and including its EOF marker, as latin1. */
  payload: string;
}

/** A value of each Redis type. */
export type RdbValue =
  | { type: 'string'; value: string }
  | { type: 'list'; value: string[] }
  | { type: 'set'; value: Set<string> }
  | { type: 'hash'; value: Map<string, string> }
  /** Member -> score. Decoded in file order; written in rank order whatever the order here. */
  | { type: 'zset'; value: Map<string, number> }
  | { type: 'stream'; value: StreamValue }
  | { type: 'module'; value: ModuleValue };

export type RdbValueType = RdbValue['type'];

/** OBJECT ENCODING names. */
export type ObjectEncoding =
  | 'raw' | 'int' | 'embstr' | 'quicklist' | 'listpack' | 'intset' | 'hashtable' | 'skiplist' | 'stream';

/** A decoded value with how it was stored. */
export type DecodedValue = RdbValue & {
  /** The RDB object type byte the value was read from (see RDB_TYPE, RDB_TYPE_NAMES). */
  rdbType: number;
  /** What OBJECT ENCODING reports once Redis 7.0 has loaded this value with the given thresholds. */
  encoding: ObjectEncoding;
};

interface KeyFields {
  db: number;
  key: string;
  /** Absolute Unix time in ms when the key expires, or -1. */
  expireAt: number;
  /** LRU idle time in seconds (RDB IDLE opcode), when the file has one. */
  lruIdle?: number;
  /** LFU logarithmic access counter 0-255 (RDB FREQ opcode), when the file has one. */
  lfuFreq?: number;
}

/** A key as read from an RDB file. */
export type RdbKey = { kind: 'key' } & KeyFields & DecodedValue;

/** What comes before a key's value in the file: its database, name, expiry and eviction hints. */
export interface RdbKeyHeader {
  db?: number;
  key: string;
  /** Absolute Unix time in ms, or -1 (the default) for none. */
  expireAt?: number;
  lruIdle?: number;
  lfuFreq?: number;
}

/** A key to write: the same fields, where `encoding`, `rdbType` and `expireAt` are optional. */
export type RdbKeyInput = RdbKeyHeader & {
  /** The value's encoding in memory, where known: a hashtable that shrank is still written as one. */
  encoding?: ObjectEncoding;
} & RdbValue;

/** The collections a writer can take element by element (RdbEncoder.beginCollection). */
export type RdbCollectionType = 'list' | 'set' | 'hash' | 'zset';

export interface RdbHeader { kind: 'header'; version: number }
export interface RdbAux { kind: 'aux'; key: string; value: string }
export interface RdbSelectDb { kind: 'select-db'; db: number }
export interface RdbResizeDb { kind: 'resize-db'; db: number; dbSize: number; expiresSize: number }
/** A function library; `code` starts with its "#!<engine> name=<lib>" line, as FUNCTION LOAD takes it. */
export interface RdbFunction { kind: 'function'; code: string }
/** Module data not tied to a key (MODULE_AUX), kept only when the reader is told to keep module data. */
export interface RdbModuleAux { kind: 'module-aux'; moduleId: bigint; moduleName: string; when: number; payload: string }
export interface RdbEnd {
  kind: 'eof';
  /** The checksum stored in the file (0n when the writer disabled checksums, null before RDB 5). */
  checksum: bigint | null;
  /** Whether the checksum was verified against the data. */
  checksumVerified: boolean;
  /** Bytes of the file consumed, including the checksum: where an AOF tail would start. */
  offset: number;
  /** Keys skipped because they were empty collections (Redis skips them too). */
  emptyKeysSkipped: number;
}

/** A collection whose elements come in pieces (RdbVisitor.collection): the key, and what the file announces. */
export interface RdbCollectionStart {
  db: number;
  key: string;
  /** Absolute Unix time in ms when the key expires, or -1. */
  expireAt: number;
  lruIdle?: number;
  lfuFreq?: number;
  type: RdbCollectionType;
  /** The RDB object type byte (LIST, LIST_QUICKLIST(_2), SET, HASH, ZSET, ZSET_2). */
  rdbType: number;
  /** The count the file gives: elements, or quicklist nodes for a quicklist. */
  count: number;
}

/** Where a collection's elements go as they are read. */
export interface RdbCollectionSink {
  begin(start: RdbCollectionStart): void;
  /**
   * The next elements in file order: list items, set members, hash fields
   * and values alternating, sorted set members (with `scores` beside them).
   * Nothing is checked for duplicates here: the sink's own structure is. The
   * arrays are reused after the call returns.
   */
  elements(values: readonly string[], scores: readonly number[] | undefined): void;
  /** The collection is complete (it may have had no elements at all: Redis skips such keys). */
  end(): void;
}

/**
 * What readRdbInto and visitRdb report, record by record, with no promise or
 * intermediate value per record. With `collection`, keys stored element by
 * element (hashtable hashes and sets, skiplist sorted sets, lists) come
 * through it in pieces instead of as one key item: memory then holds a few
 * hundred elements at a time, and the caller builds its own structure once.
 */
export interface RdbVisitor {
  item(item: RdbItem): void;
  collection?: RdbCollectionSink;
  /**
   * Optional: string keys (without LRU or LFU data) come here instead of as
   * key items, with no object built per key. `expireAt` is absolute ms, or -1.
   */
  stringKey?(db: number, key: string, value: string, expireAt: number): void;
}

/** Everything a reader yields, in file order. */
export type RdbItem = RdbHeader | RdbAux | RdbSelectDb | RdbResizeDb | RdbFunction | RdbModuleAux | RdbKey | RdbEnd;
