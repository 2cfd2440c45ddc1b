import type { ContactEvent } from '../../contact-centre/index.ts';
import { addCounters, type Counters, newCounters } from '../indicators/indicators.ts';
import { type CollectedCounters, StatsCollector } from '../indicators/stats.ts';

// Issue 12 §1: the wallboard counts with the statistics' own fold (StatsCollector), not a copy of its
// rules in SQL. A call counts in the piece of time it arrived in, with everything that happens to it
// afterwards; the wallboard's windows and hours are sums of such pieces, so pieces are additive counters.

/** Calls that arrived in a piece of time: every call's counters, and per queue those that entered it. */
export interface PieceCounts {
  total: Counters;
  queues: Map<string, Counters>;
  /** Per queue, calls still waiting short of the target at the fold's end (decided later). */
  waitingUnderTarget: Map<string, number>;
  /** The service each queue serves, as its calls said when they entered it. */
  services: Map<string, string>;
}

export const emptyPiece = (): PieceCounts => ({
  total: newCounters(),
  queues: new Map(),
  waitingUnderTarget: new Map(),
  services: new Map(),
});

export function addPiece(into: PieceCounts, p: PieceCounts): void {
  addCounters(into.total, p.total);
  for (const [id, c] of p.queues) {
    let q = into.queues.get(id);
    if (!q) {
      q = newCounters();
      into.queues.set(id, q);
    }
    addCounters(q, c);
  }
  for (const [id, n] of p.waitingUnderTarget)
    into.waitingUnderTarget.set(id, (into.waitingUnderTarget.get(id) ?? 0) + n);
  for (const [id, service] of p.services) into.services.set(id, service);
}

/**
 * Folds events into per-piece counts. `bounds` (ascending instants) cut time into pieces
 * [bounds[i], bounds[i+1]); a call belongs to the piece it arrived in and is followed, whatever the time
 * of its later events, by that piece's collector. A callback answer counts where it happened, as the
 * statistics count it. Agents' time is not counted here (the wallboard measures it by state).
 */
export class ArrivalCounts {
  private readonly collectors: StatsCollector[];
  private readonly callPiece = new Map<string, number>();
  private readonly services = new Map<string, string>();

  constructor(
    private readonly bounds: readonly number[],
    targetSeconds: number,
  ) {
    this.collectors = bounds.slice(1).map((_, i) => new StatsCollector({ from: bounds[i], targetSeconds }));
  }

  private pieceAt(at: number): number {
    const b = this.bounds;
    if (at < b[0]! || at >= b[b.length - 1]!) return -1;
    let lo = 0;
    let hi = b.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (at >= b[mid]!) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  add(e: ContactEvent): void {
    if (e.type === 'agent.state') return;
    if (e.type === 'call.arrived') {
      const i = this.pieceAt(e.at);
      if (i < 0) return;
      this.callPiece.set(e.callId, i);
      this.collectors[i]!.emit(e);
      return;
    }
    if (e.type === 'callback.answered') {
      const i = this.pieceAt(e.at);
      if (i >= 0) this.collectors[i]!.emit(e);
      return;
    }
    const callId = (e as { callId?: unknown }).callId;
    if (typeof callId !== 'string') return;
    const i = this.callPiece.get(callId);
    if (i === undefined) return;
    if (e.type === 'call.queued') this.services.set(e.queueId, e.service);
    this.collectors[i]!.emit(e);
    if (e.type === 'call.ended') this.callPiece.delete(callId);
  }

  /** Piece i's counts; `at`: the instant the still-waiting calls are judged at. */
  piece(i: number, at: number): PieceCounts {
    const c = this.collectors[i]!;
    const { total, queues }: CollectedCounters = c.collected();
    const services = new Map<string, string>();
    for (const id of queues.keys()) {
      const service = this.services.get(id);
      if (service !== undefined) services.set(id, service);
    }
    return { total, queues: new Map(queues), waitingUnderTarget: c.waitingUnderTarget(at), services };
  }

  get pieces(): number {
    return this.collectors.length;
  }
}
