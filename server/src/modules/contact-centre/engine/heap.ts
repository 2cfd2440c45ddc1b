/** A binary min-heap ordered by `before(a, b)` (true when a must come out first). */
export class BinaryHeap<T> {
  protected readonly items: T[] = [];

  constructor(protected readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.placed(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      this.placed(last, 0);
      this.down(0);
    }
    this.removed(top);
    return top;
  }

  /** Every item, in no particular order. */
  values(): readonly T[] {
    return this.items;
  }

  /** Hook for IndexedHeap: where an item now sits. */
  protected placed(_item: T, _index: number): void {}
  protected removed(_item: T): void {}

  protected up(i: number): void {
    const items = this.items;
    const item = items[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!this.before(item, p)) break;
      items[i] = p;
      this.placed(p, i);
      i = parent;
    }
    items[i] = item;
    this.placed(item, i);
  }

  protected down(i: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[i]!;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.before(items[right]!, items[left]!) ? right : left;
      const c = items[child]!;
      if (!this.before(c, item)) break;
      items[i] = c;
      this.placed(c, i);
      i = child;
    }
    items[i] = item;
    this.placed(item, i);
  }
}

/** Where an item sits in one IndexedHeap; −1 when it is not there. */
export interface HeapSlot<T> {
  get(item: T): number;
  set(item: T, index: number): void;
}

/**
 * A heap that knows where each item is, so any item can be removed or re-sorted in O(log n): a caller
 * hanging up leaves the middle of a queue, an agent going on a call leaves every idle pool it was in.
 */
export class IndexedHeap<T> extends BinaryHeap<T> {
  constructor(
    before: (a: T, b: T) => boolean,
    private readonly slot: HeapSlot<T>,
  ) {
    super(before);
  }

  has(item: T): boolean {
    const i = this.slot.get(item);
    return i >= 0 && this.items[i] === item;
  }

  remove(item: T): boolean {
    if (!this.has(item)) return false;
    const i = this.slot.get(item);
    const last = this.items.pop()!;
    if (i < this.items.length) {
      this.items[i] = last;
      this.placed(last, i);
      this.up(i);
      this.down(this.slot.get(last));
    }
    this.slot.set(item, -1);
    return true;
  }

  protected override placed(item: T, index: number): void {
    this.slot.set(item, index);
  }

  protected override removed(item: T): void {
    this.slot.set(item, -1);
  }
}

/** An item of a TimeHeap: comes out by time, then by `seq` (its order of insertion). */
export interface TimeOrdered {
  readonly at: number;
  readonly seq: number;
}

/**
 * A binary min-heap by (at, seq), with the comparison written inline: the discrete-event list and the
 * engine's timers push and pop several times per call, and a comparator passed in (BinaryHeap's, shared
 * with the queues' and pools' orders) costs a call that V8 cannot inline there. Same order as
 * `new BinaryHeap((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq))`.
 */
export class TimeHeap<T extends TimeOrdered> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    const { at, seq } = item;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (p.at < at || (p.at === at && p.seq < seq)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    const n = items.length;
    if (n === 0) return top;
    const { at, seq } = last;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let c = items[child]!;
      const right = child + 1;
      if (right < n) {
        const r = items[right]!;
        if (r.at < c.at || (r.at === c.at && r.seq < c.seq)) {
          child = right;
          c = r;
        }
      }
      if (at < c.at || (at === c.at && seq < c.seq)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
