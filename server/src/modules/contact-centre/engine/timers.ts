import { TimeHeap } from './heap.ts';

/** A deadline inside the engine (menu timeout, offer timeout, wrap-up end, callback retry…). */
export interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
  cancelled: boolean;
}

/**
 * The engine's own deadlines. The engine never reads a clock here: whoever drives it asks `nextAt()` and
 * delivers a tick at (or after) that time; due timers then fire in (time, creation) order.
 */
export class TimerQueue {
  private readonly heap = new TimeHeap<Timer>();
  private seq = 0;

  set(at: number, fire: () => void): Timer {
    const timer: Timer = { at, seq: this.seq++, fire, cancelled: false };
    this.heap.push(timer);
    return timer;
  }

  nextAt(): number | null {
    let top = this.heap.peek();
    while (top?.cancelled) {
      this.heap.pop();
      top = this.heap.peek();
    }
    return top ? top.at : null;
  }

  /** Fires every timer due at `now`, including those that firing ones set for no later than now. */
  runDue(now: number): void {
    for (;;) {
      const top = this.heap.peek();
      if (!top || top.at > now) return;
      this.heap.pop();
      if (!top.cancelled) {
        top.cancelled = true;
        top.fire();
      }
    }
  }

  get pending(): number {
    return this.heap.size;
  }
}

export const cancel = (timer: Timer | null | undefined) => {
  if (timer) timer.cancelled = true;
};
