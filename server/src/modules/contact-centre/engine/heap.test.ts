import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryHeap, TimeHeap } from './heap.ts';

interface Item {
  at: number;
  seq: number;
}

// A push (a time from a few values, so that ties are common) or a pop, in any order.
const operations = fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant('pop' as const)), {
  maxLength: 300,
});

describe('TimeHeap', () => {
  it('pops by time, then by insertion order, whatever the interleaving of pushes and pops', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const heap = new TimeHeap<Item>();
        // The reference: every item still in, sorted by (at, seq) on each pop.
        const pending: Item[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op === 'pop') {
            pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const expected = pending.shift();
            expect(heap.pop()).toBe(expected);
          } else {
            const item = { at: op, seq: seq++ };
            heap.push(item);
            pending.push(item);
          }
          expect(heap.size).toBe(pending.length);
        }
      }),
    );
  });

  it('comes out in the same order as the generic heap with the (time, order) comparator it replaces', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const fast = new TimeHeap<Item>();
        const generic = new BinaryHeap<Item>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
        let seq = 0;
        for (const op of ops) {
          if (op === 'pop') expect(fast.pop()).toBe(generic.pop());
          else {
            const item = { at: op, seq: seq++ };
            fast.push(item);
            generic.push(item);
          }
          expect(fast.peek()).toBe(generic.peek());
        }
      }),
    );
  });

  it('is empty at first and after its last item', () => {
    const heap = new TimeHeap<Item>();
    expect(heap.pop()).toBeUndefined();
    expect(heap.peek()).toBeUndefined();
    heap.push({ at: 5, seq: 0 });
    expect(heap.pop()).toEqual({ at: 5, seq: 0 });
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });
});
