import { Deque } from '@kv/structures';
import type { Collection } from '../value.js';

/**
 * A list value: its elements (latin1 strings) in a ring-buffer deque.
 *
 * Redis 7.0 stores every list as a quicklist (listpack nodes) and OBJECT
 * ENCODING always says `quicklist`: the small-list `listpack` encoding
 * arrived in 7.2. list-max-listpack-size only shapes the nodes inside, which
 * no command of 7.0 shows, so kv keeps one representation.
 */
export class ListValue implements Collection {
  readonly type = 'list' as const;

  constructor(readonly items: Deque<string> = new Deque<string>()) {}

  static of(elements: Iterable<string>): ListValue {
    return new ListValue(Deque.from(elements));
  }

  get length(): number {
    return this.items.length;
  }

  encoding(): string {
    return 'quicklist';
  }

  clone(): ListValue {
    return new ListValue(this.items.clone());
  }
}
