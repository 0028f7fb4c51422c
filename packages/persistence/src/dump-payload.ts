/**
 * DUMP and RESTORE payloads (createDumpPayload / verifyDumpPayload in
 * src/cluster.c): the value as rdbSaveObjectType + rdbSaveObject write it,
 * then the RDB version (2 bytes, little-endian) and a CRC64 of everything
 * before it (8 bytes, little-endian).
 */
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { RDB_VERSION } from './constants.js';
import { crc64, Crc64 } from './crc64.js';
import { resolveLimits, type EncodingLimits } from './encoding-limits.js';
import { RdbError } from './errors.js';
import { asBuffer } from './latin1.js';
import type { DecodedValue, ObjectEncoding, RdbValue } from './model.js';
import { isObjectType, readValue } from './value-reader.js';
import { rdbTypeOf, writeValue } from './value-writer.js';

export interface DumpOptions {
  /** rdbcompression (default true). */
  compression?: boolean;
  limits?: Partial<EncodingLimits>;
  /** The encoding the value has in memory, where it is known (else chosen from `limits`). */
  encoding?: ObjectEncoding;
}

/** The DUMP payload of `value`. */
export function dumpPayload(value: RdbValue, options: DumpOptions = {}): Buffer {
  const limits = resolveLimits(options.limits);
  const w = new ByteWriter(options.compression ?? true, 256);
  const rdbType = rdbTypeOf(value, limits, options.encoding);
  w.u8(rdbType);
  writeValue(w, value, rdbType, limits);
  w.u16LE(RDB_VERSION);
  const body = w.take();
  return Buffer.concat([body, new Crc64().update(body).digestBytes()]);
}

export interface RestoreOptions {
  /** Thresholds used to report the value's OBJECT ENCODING. */
  limits?: Partial<EncodingLimits>;
  /** Skip the checksum, as Redis does after DEBUG SET-SKIP-CHECKSUM-VALIDATION 1. */
  skipChecksum?: boolean;
  /** Module values: refused ('error', default) or kept as opaque bytes. */
  modules?: 'error' | 'keep';
}

/**
 * The value held by a DUMP payload. Throws RdbError with code 'dump-payload'
 * and message "DUMP payload version or checksum are wrong", or code
 * 'bad-data-format' and message "Bad data format": RESTORE's two replies.
 */
export function parseDumpPayload(payload: Uint8Array, options: RestoreOptions = {}): DecodedValue {
  const buf = asBuffer(payload);
  if (!verifyDumpPayload(buf, options.skipChecksum ?? false)) {
    throw new RdbError('dump-payload', 'DUMP payload version or checksum are wrong');
  }
  const r = new ByteReader(buf, 0, buf.length - 10);
  try {
    const type = r.u8();
    if (!isObjectType(type)) throw new RdbError('bad-data-format', 'Bad data format');
    const value = readValue(r, type, { limits: resolveLimits(options.limits), modules: options.modules ?? 'error' });
    if (value === undefined) throw new RdbError('bad-data-format', 'Bad data format');
    return value;
  } catch (e) {
    if (e instanceof RdbError && e.code === 'bad-data-format') throw e;
    throw new RdbError('bad-data-format', 'Bad data format', undefined, { cause: e });
  }
}

/** verifyDumpPayload: at least 10 bytes, an RDB version Redis 7.0 knows, a matching CRC64. */
export function verifyDumpPayload(payload: Uint8Array, skipChecksum = false): boolean {
  const len = payload.length;
  if (len < 10) return false;
  const version = payload[len - 10]! | (payload[len - 9]! << 8);
  if (version > RDB_VERSION) return false;
  if (skipChecksum) return true;
  const stored = asBuffer(payload).readBigUInt64LE(len - 8);
  return crc64(payload, 0, len - 8) === stored;
}
