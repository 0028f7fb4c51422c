/**
 * How Redis 7.0 splits a list into quicklist nodes when elements are pushed
 * at the tail (quicklistPushTail, _quicklistNodeAllowInsert): a node takes
 * another element while its listpack stays within list-max-listpack-size
 * (negative: 4kb..64kb, estimated with 8 bytes of overhead per element;
 * positive: a count, with an 8kb safety limit). Elements of 1GB or more get
 * a node of their own (a "plain" node).
 */
import { QUICKLIST_NODE_CONTAINER } from './constants.js';
import { ListpackBuilder } from './listpack.js';

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

function allowInsert(node: ListpackBuilder, fill: number, sz: number): boolean {
  const newSz = node.byteLength + sz + SIZE_ESTIMATE_OVERHEAD;
  if (fill < 0) {
    const level = OPTIMIZATION_LEVEL[-fill - 1];
    if (level !== undefined && newSz <= level) return true;
  }
  if (newSz > SIZE_SAFETY_LIMIT) return false;
  return node.length < fill;
}

/** The quicklist nodes Redis 7.0 builds for `elements` pushed in order. */
export function buildQuicklist(elements: readonly string[], listMaxListpackSize: number): QuicklistNode[] {
  const fill = clampFill(listMaxListpackSize);
  const nodes: QuicklistNode[] = [];
  let current: ListpackBuilder | undefined;
  const close = (): void => {
    if (current) nodes.push({ container: QUICKLIST_NODE_CONTAINER.PACKED, data: current.toBuffer() });
    current = undefined;
  };
  for (const e of elements) {
    if (e.length >= PACKED_THRESHOLD) {
      close();
      nodes.push({ container: QUICKLIST_NODE_CONTAINER.PLAIN, data: e });
      continue;
    }
    if (current && !allowInsert(current, fill, e.length)) close();
    current ??= new ListpackBuilder();
    current.push(e);
  }
  close();
  return nodes;
}
