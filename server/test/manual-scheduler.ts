// Test support only (imported by *.test.ts): the live centre on a manual clock.

import type { Scheduler } from '../src/modules/telephony/index.ts';
import type { ManualClock } from '../src/platform/clock.ts';

interface Pending {
  at: number;
  seq: number;
  action: () => void;
}

/**
 * A scheduler on a ManualClock: nothing runs until the test moves time with `advance`, and then every
 * action due runs at its own time, in (time, order) — the wall clock is never read.
 */
export class ManualScheduler implements Scheduler {
  private pending: Pending[] = [];
  private seq = 0;

  constructor(readonly clock: ManualClock) {}

  now(): number {
    return this.clock.now().getTime();
  }

  at(time: number, action: () => void): void {
    this.pending.push({ at: Math.max(time, this.now()), seq: this.seq++, action });
  }

  /** Moves time forward by `ms`, running every action due on the way. */
  advance(ms: number): void {
    const target = this.now() + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending) {
        if (p.at <= target && (!next || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      }
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      if (next.at > this.now()) this.clock.set(new Date(next.at));
      next.action();
    }
    this.clock.set(new Date(target));
  }

  /**
   * Like `advance`, but lets `settle()` finish after every action: the writes the engine waits on (a
   * callback request, a dial attempt) are answered at the time they would be, not after the whole move.
   */
  async advanceSettling(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.now() + ms;
    for (;;) {
      await settle();
      let next: Pending | undefined;
      for (const p of this.pending) {
        if (p.at <= target && (!next || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      }
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      if (next.at > this.now()) this.clock.set(new Date(next.at));
      next.action();
    }
    this.clock.set(new Date(target));
  }

  /** Actions waiting (for tests that check nothing is left behind). */
  get size(): number {
    return this.pending.length;
  }
}
