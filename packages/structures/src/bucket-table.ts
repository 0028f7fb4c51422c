// The bucket array of a ScanTable, kept in fixed-size chunks that are
// allocated on first write. One flat array of 8M buckets costs ~100 ms to
// allocate on Node 20, which would stall the event loop at the moment a big
// keyspace starts to grow; chunks spread that cost over the rehash steps.

/** One key, a chain of colliding keys, or nothing. */
export type Bucket = string | string[] | undefined;

const CHUNK_BITS = 12;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

export class BucketTable {
  /** Buckets per chunk, below CHUNK_SIZE only for tables smaller than one chunk. */
  private readonly chunkSize: number;
  private readonly chunks: (Bucket[] | undefined)[];

  /** `size` is a power of two. */
  constructor(readonly size: number) {
    this.chunkSize = Math.min(size, CHUNK_SIZE);
    this.chunks = new Array<Bucket[] | undefined>(Math.ceil(size / CHUNK_SIZE)).fill(undefined);
  }

  get mask(): number {
    return this.size - 1;
  }

  get(i: number): Bucket {
    const c = this.chunks[i >>> CHUNK_BITS];
    return c === undefined ? undefined : c[i & CHUNK_MASK];
  }

  set(i: number, b: Bucket): void {
    let c = this.chunks[i >>> CHUNK_BITS];
    if (c === undefined) {
      if (b === undefined) return;
      // Holey on purpose: allocating is then nearly free, and a hole reads as undefined.
      c = this.chunks[i >>> CHUNK_BITS] = new Array<Bucket>(this.chunkSize);
    }
    c[i & CHUNK_MASK] = b;
  }

  /** Frees the chunk holding bucket `i`; the caller knows all its buckets are empty. */
  dropChunkOf(i: number): void {
    this.chunks[i >>> CHUNK_BITS] = undefined;
  }

  /** Whether bucket `i` is the last of its chunk. */
  static endsChunk(i: number): boolean {
    return (i & CHUNK_MASK) === CHUNK_MASK;
  }

  /** The non-empty buckets, in index order. */
  *buckets(): IterableIterator<string | string[]> {
    for (const c of this.chunks) {
      if (c === undefined) continue;
      for (const b of c) if (b !== undefined) yield b;
    }
  }
}
