/**
 * What went wrong, for callers that react differently: a server refuses to
 * start on 'corrupt' or 'checksum', retries a replica sync on 'truncated',
 * and RESTORE maps 'dump-payload' and 'bad-data-format' to its two replies.
 */
export type RdbErrorCode =
  | 'truncated'
  | 'corrupt'
  | 'checksum'
  | 'unsupported'
  | 'dump-payload'
  | 'bad-data-format'
  | 'invalid-value';

/** The one error type @kv/persistence throws for bad input. */
export class RdbError extends Error {
  override readonly name = 'RdbError';
  readonly code: RdbErrorCode;
  /** Byte offset in the file (or payload) where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(code: RdbErrorCode, message: string, offset?: number, options?: { cause?: unknown }) {
    super(offset === undefined ? message : `${message} (at byte offset ${offset})`, options);
    this.code = code;
    this.offset = offset;
  }
}
