const EMPTY = Buffer.alloc(0);
/** Smallest buffer allocated to hold a partial message together with the next chunk. */
const MIN_OWNED = 16 * 1024;

/**
 * The bytes a parser has received and not consumed, shared by both parsers.
 * Chunks are taken by reference when nothing is pending, copied together
 * into a buffer of our own (grown by doubling, compacted in place) when a
 * message spans chunks, and a big bulk that is still arriving is gathered as
 * a list of pieces and joined once. So neither a long pipeline nor a bulk
 * that trickles in costs more than linear time or holds consumed bytes.
 *
 * Pushed chunks may be kept by reference until consumed: do not change a
 * chunk after pushing it.
 */
export abstract class ChunkBuffer {
  /** The unconsumed bytes are buf[pos, end). */
  protected buf: Buffer = EMPTY;
  protected pos = 0;
  protected end = 0;
  /** buf is a copy of our own with room after `end`, rather than a pushed chunk. */
  private owned = false;
  /** The pieces of a big bulk, CRLF included, while it arrives. */
  private bigPieces: Buffer[] | undefined;
  private bigLength = 0;
  private bigMissing = 0;

  push(chunk: Buffer): void {
    if (this.bigPieces !== undefined && this.bigMissing > 0) {
      const take = Math.min(chunk.length, this.bigMissing);
      this.bigPieces.push(take === chunk.length ? chunk : chunk.subarray(0, take));
      this.bigMissing -= take;
      chunk = chunk.subarray(take);
    }
    if (chunk.length === 0) return;
    const left = this.end - this.pos;
    if (left === 0) {
      this.buf = chunk;
      this.pos = 0;
      this.end = chunk.length;
      this.owned = false;
      return;
    }
    if (this.owned && this.end + chunk.length <= this.buf.length) {
      chunk.copy(this.buf, this.end);
      this.end += chunk.length;
      return;
    }
    const need = left + chunk.length;
    if (this.owned && need <= this.buf.length) {
      this.buf.copyWithin(0, this.pos, this.end);
    } else {
      const next = Buffer.allocUnsafe(Math.max(need * 2, MIN_OWNED));
      this.buf.copy(next, 0, this.pos, this.end);
      this.buf = next;
      this.owned = true;
    }
    chunk.copy(this.buf, left);
    this.pos = 0;
    this.end = need;
  }

  /** Bytes held and not consumed, a big bulk's gathered pieces included. */
  protected get heldBytes(): number {
    return this.end - this.pos + (this.bigPieces === undefined ? 0 : this.bigLength - this.bigMissing);
  }

  /** Whether a big bulk is being gathered (complete or not). */
  protected get gathering(): boolean {
    return this.bigPieces !== undefined;
  }

  /** Gathers the next `total` bytes (all those pending at pos, and more to come) as a big bulk. */
  protected gatherBig(total: number): void {
    const available = this.end - this.pos;
    // The pending bytes stay valid: once dropped, an owned buffer is never written again.
    this.bigPieces = available > 0 ? [this.buf.subarray(this.pos, this.end)] : [];
    this.bigLength = total;
    this.bigMissing = total - available;
    this.buf = EMPTY;
    this.pos = this.end = 0;
    this.owned = false;
  }

  /** The whole big bulk once all its bytes are in (then it is done with), else undefined. */
  protected takeBig(): Buffer | undefined {
    const pieces = this.bigPieces;
    if (pieces === undefined || this.bigMissing > 0) return undefined;
    this.bigPieces = undefined;
    return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, this.bigLength);
  }

  /** Lets go of the buffer when everything is consumed, so that an idle connection holds none. */
  protected releaseIfConsumed(): void {
    if (this.pos === this.end && this.end !== 0) {
      this.buf = EMPTY;
      this.pos = this.end = 0;
      this.owned = false;
    }
  }
}
