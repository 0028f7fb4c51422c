/** Numbers from Redis 7.0's src/rdb.h. */

/** The RDB version Redis 7.0 writes, and the newest it loads. */
export const RDB_VERSION = 10;

export const RDB_TYPE = {
  STRING: 0,
  LIST: 1,
  SET: 2,
  ZSET: 3,
  HASH: 4,
  ZSET_2: 5,
  MODULE: 6,
  MODULE_2: 7,
  HASH_ZIPMAP: 9,
  LIST_ZIPLIST: 10,
  SET_INTSET: 11,
  ZSET_ZIPLIST: 12,
  HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14,
  STREAM_LISTPACKS: 15,
  HASH_LISTPACK: 16,
  ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18,
  STREAM_LISTPACKS_2: 19,
  /** Redis 7.2's listpack-encoded set; read for convenience, never written. */
  SET_LISTPACK: 20,
} as const;

/** The names Redis's own tools (redis-check-rdb) give the RDB object types. */
export const RDB_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'string', 1: 'list-linked', 2: 'set-hashtable', 3: 'zset-v1', 4: 'hash-hashtable', 5: 'zset-v2',
  6: 'module-pre-release', 7: 'module-value', 9: 'hash-zipmap', 10: 'list-ziplist', 11: 'set-intset',
  12: 'zset-ziplist', 13: 'hash-ziplist', 14: 'quicklist', 15: 'stream', 16: 'hash-listpack',
  17: 'zset-listpack', 18: 'quicklist-v2', 19: 'stream-v2', 20: 'set-listpack',
};

export const RDB_OPCODE = {
  FUNCTION2: 245,
  FUNCTION: 246,
  MODULE_AUX: 247,
  IDLE: 248,
  FREQ: 249,
  AUX: 250,
  RESIZEDB: 251,
  EXPIRETIME_MS: 252,
  EXPIRETIME: 253,
  SELECTDB: 254,
  EOF: 255,
} as const;

export const RDB_LEN = {
  BITS6: 0,
  BITS14: 1,
  BITS32: 0x80,
  BITS64: 0x81,
  ENCVAL: 3,
} as const;

export const RDB_ENC = { INT8: 0, INT16: 1, INT32: 2, LZF: 3 } as const;

export const MODULE_OPCODE = { EOF: 0, SINT: 1, UINT: 2, FLOAT: 3, DOUBLE: 4, STRING: 5 } as const;

export const QUICKLIST_NODE_CONTAINER = { PLAIN: 1, PACKED: 2 } as const;

export const STREAM_ITEM_FLAG = { NONE: 0, DELETED: 1, SAMEFIELDS: 2 } as const;
