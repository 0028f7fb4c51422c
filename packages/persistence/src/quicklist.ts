/**
 * How Redis 7.0 splits a list into quicklist nodes when elements are pushed
 * at the tail (quicklistPushTail, _quicklistNodeAllowInsert): a node takes
 * another element while its listpack stays within list-max-listpack-size
 * (negative: 4kb..64kb, estimated with 8 bytes of overhead per element;
 * positive: a count, with an 8kb safety limit). Elements of 1GB or more get
 * a node of their own (a "plain" node).
 */
import { QUICKLIST_NODE_CONTAINER } from './constants.js';
import { encodeListpackRange, ListpackBuilder } from './listpack.js';

const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
const SIZE_SAFETY_LIMIT = 8192;
const SIZE_ESTIMATE_OVERHEAD = 8;
const PACKED_THRESHOLD = 1 << 30;
const FILL_MAX = 1 << 15;

export interface QuicklistNode {
  container: number;
  /** A listpack (PACKED) or the element itself (PLAIN). */
  data: Buffer | string;
}

function clampFill(fill: number): number {
  if (fill > FILL_MAX) return FILL_MAX;
  if (fill < -5) return -5;
  return fill;
}

function allowInsert(bytes: number, count: number, fill: number, sz: number): boolean {
  const newSz = bytes + sz + SIZE_ESTIMATE_OVERHEAD;
  if (fill < 0) {
    const level = OPTIMIZATION_LEVEL[-fill - 1];
    if (level !== undefined && newSz <= level) return true;
  }
  if (newSz > SIZE_SAFETY_LIMIT) return false;
  return count < fill;
}

/** Whether an element gets a quicklist node of its own, stored as it is (a PLAIN node). */
export function isPlainElement(element: string): boolean {
  return element.length >= PACKED_THRESHOLD;
}

/**
 * The node boundaries of buildQuicklist, one element at a time and without
 * building anything: a snapshot writing a big list in slices first counts
 * its nodes (the RDB gives the count before the nodes), then writes them.
 */
export class QuicklistSplitter {
  /** Nodes started so far. */
  nodes = 0;
  private readonly fill: number;
  private open = false;
  private bytes = 0;
  private count = 0;

  constructor(listMaxListpackSize: number) {
    this.fill = clampFill(listMaxListpackSize);
  }

  /** Takes the next element; true when it starts a new node. */
  push(element: string): boolean {
    if (element.length >= PACKED_THRESHOLD) {
      this.nodes++;
      this.open = false;
      return true;
    }
    const size = ListpackBuilder.entrySize(element);
    if (this.open && allowInsert(this.bytes, this.count, this.fill, element.length)) {
      this.bytes += size;
      this.count++;
      return false;
    }
    this.nodes++;
    this.open = true;
    this.bytes = ListpackBuilder.EMPTY_SIZE + size;
    this.count = 1;
    return true;
  }
}

/** The quicklist nodes Redis 7.0 builds for `elements` pushed in order. */
export function buildQuicklist(elements: readonly string[], listMaxListpackSize: number): QuicklistNode[] {
  const splitter = new QuicklistSplitter(listMaxListpackSize);
  const nodes: QuicklistNode[] = [];
  let start = 0;
  const close = (end: number): void => {
    if (end === start) return;
    const first = elements[start]!;
    if (end - start === 1 && isPlainElement(first)) nodes.push({ container: QUICKLIST_NODE_CONTAINER.PLAIN, data: first });
    else nodes.push({ container: QUICKLIST_NODE_CONTAINER.PACKED, data: encodeListpackRange(elements, start, end) });
    start = end;
  };
  for (let i = 0; i < elements.length; i++) if (splitter.push(elements[i]!)) close(i);
  close(elements.length);
  return nodes;
}
