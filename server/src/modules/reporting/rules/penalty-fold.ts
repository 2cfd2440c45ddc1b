import type { PenaltyMeasures } from './penalties.ts';

/** The contact events the penalty measures read (the contact-centre's, structurally). */
export type FoldEvent =
  | { type: 'call.arrived'; at: number; callId: string; line: string }
  | { type: 'call.answered'; at: number; callId: string; waitMs: number; transferred: boolean }
  | {
      type: 'call.outcome';
      at: number;
      callId: string;
      callbackId: string | null;
      resolvedFirstContact: boolean;
    }
  | { type: 'call.ended'; at: number; callId: string; outcome: string; durationMs: number }
  | { type: 'callback.requested'; callbackId: string; callId: string; line: string }
  | { type: 'callback.restored'; callbackId: string; line: string }
  | { type: 'callback.answered'; at: number; callbackId: string }
  | { type: 'callback.failed'; callbackId: string; final: boolean }
  | { type: 'callback.expired' | 'callback.cancelled'; callbackId: string };

/** The event types the fold reads (what a reader of stored events selects). */
export const FOLD_EVENT_TYPES: readonly FoldEvent['type'][] = [
  'call.arrived',
  'call.answered',
  'call.outcome',
  'call.ended',
  'callback.requested',
  'callback.restored',
  'callback.answered',
  'callback.failed',
  'callback.expired',
  'callback.cancelled',
];

interface Open {
  arrivedAt: number;
  answeredAt: number;
  waitMs: number;
  measures: PenaltyMeasures;
}

/**
 * MR-5: contact events into the penalty measures, one definition for the planning what-if (simulated
 * events) and the month's evaluation (stored events): the wait counts from the call's start to its first
 * answer, a resolution's time from the call's start to its outcome (callbacks: outcome only). `measuresFor`
 * picks the measures of a call's line (its service's rules), or null to leave the call out. A caller who
 * took a callback is measured to the callback's answer (the honest reading of "wait to an operator"):
 * the call counts when the callback is answered or given up, and `settle` counts those still pending
 * as never answered.
 */
export class PenaltyFold {
  private readonly calls = new Map<string, Open>();
  /** Callbacks by id, to the measures of the line they were asked on (their conversations' outcomes). */
  private readonly callbacks = new Map<string, PenaltyMeasures>();
  /** The callback each inbound call asked for. */
  private readonly callbackOf = new Map<string, string>();
  /** Calls ended by taking a callback, waiting for its answer to be measured. */
  private readonly pending = new Map<
    string,
    { measures: PenaltyMeasures; arrivedAt: number; durationMs: number }
  >();

  constructor(private readonly measuresFor: (line: string) => PenaltyMeasures | null) {}

  /** Calls arrived and not yet ended. */
  get open(): number {
    return this.calls.size;
  }

  add(e: FoldEvent): void {
    switch (e.type) {
      case 'call.arrived': {
        const measures = this.measuresFor(e.line);
        if (measures) this.calls.set(e.callId, { arrivedAt: e.at, answeredAt: -1, waitMs: -1, measures });
        return;
      }
      case 'call.answered': {
        const c = this.calls.get(e.callId);
        if (!c || e.transferred || c.answeredAt >= 0) return;
        c.answeredAt = e.at;
        c.waitMs = e.waitMs;
        return;
      }
      case 'call.outcome': {
        if (e.callbackId !== null) {
          // A callback's conversation: resolution counted, its time not (the call it answers is over).
          this.callbacks.get(e.callbackId)?.outcome({
            resolvedFirstContact: e.resolvedFirstContact,
            sinceArrivalMs: null,
          });
          return;
        }
        const c = this.calls.get(e.callId);
        c?.measures.outcome({
          resolvedFirstContact: e.resolvedFirstContact,
          sinceArrivalMs: e.at - c.arrivedAt,
        });
        return;
      }
      case 'callback.requested':
      case 'callback.restored': {
        const measures = this.measuresFor(e.line);
        if (measures) this.callbacks.set(e.callbackId, measures);
        if (e.type === 'callback.requested') this.callbackOf.set(e.callId, e.callbackId);
        return;
      }
      case 'callback.answered':
        this.settleCallback(e.callbackId, e.at);
        return;
      case 'callback.failed':
        if (e.final) this.settleCallback(e.callbackId, null);
        return;
      case 'callback.expired':
      case 'callback.cancelled':
        this.settleCallback(e.callbackId, null);
        return;
      case 'call.ended': {
        const c = this.calls.get(e.callId);
        if (!c) return;
        this.calls.delete(e.callId);
        const callbackId = this.callbackOf.get(e.callId);
        this.callbackOf.delete(e.callId);
        if (e.outcome === 'callback' && callbackId !== undefined) {
          this.pending.set(callbackId, {
            measures: c.measures,
            arrivedAt: c.arrivedAt,
            durationMs: e.durationMs,
          });
          return;
        }
        c.measures.callEnded({
          outcome: e.outcome,
          durationMs: e.durationMs,
          sinceArrivalMs: c.answeredAt >= 0 ? c.answeredAt - c.arrivedAt : null,
          queueWaitMs: c.waitMs >= 0 ? c.waitMs : null,
        });
        return;
      }
    }
  }

  /** Calls whose callback was neither answered nor given up by the end of the events: never answered. */
  settle(): void {
    for (const id of [...this.pending.keys()]) this.settleCallback(id, null);
  }

  private settleCallback(callbackId: string, answeredAt: number | null): void {
    const p = this.pending.get(callbackId);
    if (!p) return;
    this.pending.delete(callbackId);
    p.measures.callEnded({
      outcome: 'callback',
      durationMs: p.durationMs,
      sinceArrivalMs: answeredAt === null ? null : answeredAt - p.arrivedAt,
      queueWaitMs: null,
    });
  }
}
