import { convert, decodeDouble, decodeDoubles, decodeMap, decodeScan, type Decoder } from './decode.js';

/** The reply decoders the generated command table names. */
export const DECODERS = {
  convert,
  map: decodeMap,
  double: decodeDouble,
  doubles: decodeDoubles,
  scan: decodeScan,
} satisfies Record<string, Decoder>;

export type DecoderName = keyof typeof DECODERS;
