// Node's Buffer has latin1Slice/latin1Write bindings that skip the encoding
// dispatch of toString/write; the parsers and the encoder call them on every
// argument and every reply.
interface Latin1Buffer {
  latin1Slice(start: number, end: number): string;
  latin1Write(text: string, offset: number, length: number): number;
}

export function latin1Slice(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as Latin1Buffer).latin1Slice(start, end);
}

/** Writes all of `text` (the caller made room) and returns the bytes written. */
export function latin1Write(buf: Buffer, text: string, offset: number): number {
  return (buf as unknown as Latin1Buffer).latin1Write(text, offset, text.length);
}

/**
 * latin1Slice with a fast path for the shortest strings (command names,
 * small values), where building the string in JS beats calling the binding
 * several times over.
 */
export function latin1String(buf: Buffer, start: number, end: number): string {
  switch (end - start) {
    case 0: return '';
    case 1: return String.fromCharCode(buf[start]!);
    case 2: return String.fromCharCode(buf[start]!, buf[start + 1]!);
    case 3: return String.fromCharCode(buf[start]!, buf[start + 1]!, buf[start + 2]!);
    case 4: return String.fromCharCode(buf[start]!, buf[start + 1]!, buf[start + 2]!, buf[start + 3]!);
    default: return (buf as unknown as Latin1Buffer).latin1Slice(start, end);
  }
}
