import { latin1String } from '@kv/resp';

// Node's Buffer has latin1Slice/latin1Write bindings that skip the encoding
// dispatch of toString/write; decoding calls them for every key and value.
interface Latin1Buffer {
  latin1Slice(start: number, end: number): string;
  latin1Write(text: string, offset: number, length: number): number;
}

/** A Buffer view of the same memory (no copy) when `u8` is a plain Uint8Array. */
export function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/**
 * The bytes [start, end) of a Buffer as a latin1 string (one char per byte):
 * @kv/resp's, which builds short ones in JS, a third cheaper than the
 * binding for the keys and small values that fill most files.
 */
export function latin1Slice(buf: Buffer, start: number, end: number): string {
  return latin1String(buf, start, end);
}

/** Writes all of `text` at `offset` (the caller made room); returns the bytes written. */
export function latin1Write(buf: Buffer, text: string, offset: number): number {
  return (buf as unknown as Latin1Buffer).latin1Write(text, offset, text.length);
}
