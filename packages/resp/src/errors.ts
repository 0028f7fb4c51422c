/** A violation of the protocol; `message` is the exact error Redis replies before closing. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}
