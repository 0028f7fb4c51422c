export { RdbError, type RdbErrorCode } from './errors.js';
export type {
  RdbItem, RdbKey, RdbKeyInput, RdbKeyHeader, RdbCollectionType, RdbValue, RdbValueType, DecodedValue, ObjectEncoding,
  RdbHeader, RdbAux, RdbSelectDb, RdbVisitor, RdbCollectionSink, RdbCollectionStart, RdbResizeDb, RdbFunction, RdbModuleAux, RdbEnd,
  StreamValue, StreamEntry, StreamGroup, StreamConsumer, StreamPendingEntry, StreamId, ModuleValue,
} from './model.js';
export { readRdb, decodeRdb, iterateRdb, type RdbReadOptions } from './rdb-reader.js';
export { readRdbInto, visitRdb, RdbStream } from './rdb-stream.js';
export {
  createRdbWriter, encodeRdb, RdbEncoder, defaultAuxFields, type RdbWriter, type RdbWriteOptions,
} from './rdb-writer.js';
export { dumpPayload, parseDumpPayload, verifyDumpPayload, type DumpOptions, type RestoreOptions } from './dump-payload.js';
export { DEFAULT_ENCODING_LIMITS, chooseEncoding, type EncodingLimits } from './encoding-limits.js';
export { RDB_VERSION, RDB_TYPE, RDB_TYPE_NAMES, RDB_OPCODE } from './constants.js';
export { Crc64, crc64 } from './crc64.js';
export { lzfCompress, lzfDecompress } from './lzf.js';
export { readListpack, encodeListpack, ListpackBuilder, ListpackEncoder } from './listpack.js';
export { QuicklistSplitter, buildQuicklist, isPlainElement, type QuicklistNode } from './quicklist.js';
export { readZiplist } from './ziplist.js';
export { readIntset, encodeIntset } from './intset.js';
export { readZipmap } from './zipmap.js';
export { packedToString, type PackedValue } from './packed-value.js';
export { moduleTypeName, moduleTypeId } from './module-value.js';
export { d2string } from './doubles.js';
