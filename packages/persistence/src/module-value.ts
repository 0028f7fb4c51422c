/**
 * Module data in RDB: a 64-bit module type ID (9 name characters and a
 * 10-bit encoding version), then, for RDB_TYPE_MODULE_2 and MODULE_AUX,
 * self-describing opcodes up to an EOF opcode, which lets a reader skip the
 * data without the module (as redis-check-rdb does).
 */
import type { ByteReader } from './byte-reader.js';
import { MODULE_OPCODE } from './constants.js';
import { latin1Slice } from './latin1.js';

const NAME_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** moduleTypeNameByID: the 9-character type name held in a module ID. */
export function moduleTypeName(moduleId: bigint): string {
  let id = moduleId >> 10n;
  const chars: string[] = new Array(9);
  for (let j = 8; j >= 0; j--) {
    chars[j] = NAME_CHARSET[Number(id & 63n)]!;
    id >>= 6n;
  }
  return chars.join('');
}

/** The 10-bit encoding version held in a module ID. */
export function moduleEncodingVersion(moduleId: bigint): number {
  return Number(moduleId & 1023n);
}

/** The module ID for a 9-character type name and an encoding version (moduleTypeEncodeId). */
export function moduleTypeId(name: string, encodingVersion: number): bigint {
  if (name.length !== 9) throw new RangeError('module type names have 9 characters');
  let id = 0n;
  for (const ch of name) {
    const v = NAME_CHARSET.indexOf(ch);
    if (v < 0) throw new RangeError(`invalid module type name character ${JSON.stringify(ch)}`);
    id = (id << 6n) | BigInt(v);
  }
  return (id << 10n) | BigInt(encodingVersion & 1023);
}

/** Walks the opcodes of a module value up to and including EOF; returns their raw bytes as latin1. */
export function skipModuleOpcodes(r: ByteReader, moduleName: string): string {
  const start = r.pos;
  for (;;) {
    const at = r.offset();
    const opcode = r.readLen();
    if (opcode === MODULE_OPCODE.EOF) break;
    switch (opcode) {
      case MODULE_OPCODE.SINT:
      case MODULE_OPCODE.UINT:
        r.readLenBig();
        break;
      case MODULE_OPCODE.STRING:
        r.readStringBytes();
        break;
      case MODULE_OPCODE.FLOAT:
        r.float32LE();
        break;
      case MODULE_OPCODE.DOUBLE:
        r.float64LE();
        break;
      default:
        throw r.corrupt(`Unknown opcode ${opcode} in module ${moduleName} value`, at);
    }
  }
  return latin1Slice(r.buf, start, r.pos);
}
