import type { PenaltyMeasures } from './penalties.ts';

// MR-5, issue 12 §7: the contract's measures read one row per inbound call and one per classified
// conversation, not the events themselves. The same fold makes those facts from simulated events (the
// planning what-if, in memory) and from stored ones (the projection kept beside contact_event), and one
// function turns facts into measures, so both read the contract alike.

/** The contact events the facts are made of (the contact-centre's, structurally). */
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
  | { type: 'callback.requested'; callbackId: string; callId: string }
  | { type: 'callback.answered'; at: number; callbackId: string };

/** The event types the fold reads (what a reader of stored events selects). */
export const FOLD_EVENT_TYPES: readonly FoldEvent['type'][] = [
  'call.arrived',
  'call.answered',
  'call.outcome',
  'call.ended',
  'callback.requested',
  'callback.answered',
];

/** An inbound call once ended. */
export interface CallFact {
  callId: string;
  line: string;
  arrivedAt: number;
  endedAt: number;
  /** call.ended's outcome: answered, abandoned, busy, callback, … */
  outcome: string;
  durationMs: number;
  /** The first answer by an operator (not after a transfer). */
  answeredAt: number | null;
  /** That answer's wait in queue. */
  queueWaitMs: number | null;
  /** The callback the caller asked for: in the queue ('callback'), or out of hours ('out-of-hours'). */
  callbackId: string | null;
}

/** A callback answered (one given up needs no fact: its call counts as never answered). */
export interface CallbackAnswered {
  callbackId: string;
  at: number;
}

/** A conversation classified by its operator: an inbound call's, or a callback's (callbackId set). */
export interface OutcomeFact {
  /** The inbound call, for an inbound conversation; null for a callback's. */
  callId: string | null;
  callbackId: string | null;
  at: number;
  resolvedFirstContact: boolean;
}

export interface FactSink {
  call(f: CallFact): void;
  callbackAnswered(a: CallbackAnswered): void;
  outcome(o: OutcomeFact): void;
}

interface OpenCall {
  line: string;
  arrivedAt: number;
  answeredAt: number | null;
  queueWaitMs: number | null;
  callbackId: string | null;
}

/** What the fold holds between events: the calls not yet ended (few at any time; serialisable). */
export type FactFoldState = [callId: string, call: OpenCall][];

/** Contact events, in order, into facts. */
export class CallFactFold {
  private readonly calls: Map<string, OpenCall>;

  constructor(
    private readonly sink: FactSink,
    state: FactFoldState = [],
  ) {
    this.calls = new Map(state.map(([id, c]) => [id, { ...c }]));
  }

  state(): FactFoldState {
    return [...this.calls.entries()].map(([id, c]) => [id, { ...c }]);
  }

  add(e: FoldEvent): void {
    switch (e.type) {
      case 'call.arrived':
        this.calls.set(e.callId, {
          line: e.line,
          arrivedAt: e.at,
          answeredAt: null,
          queueWaitMs: null,
          callbackId: null,
        });
        return;
      case 'call.answered': {
        const c = this.calls.get(e.callId);
        if (!c || e.transferred || c.answeredAt !== null) return;
        c.answeredAt = e.at;
        c.queueWaitMs = e.waitMs;
        return;
      }
      case 'callback.requested': {
        const c = this.calls.get(e.callId);
        if (c) c.callbackId = e.callbackId;
        return;
      }
      case 'call.ended': {
        const c = this.calls.get(e.callId);
        if (!c) return;
        this.calls.delete(e.callId);
        this.sink.call({
          callId: e.callId,
          line: c.line,
          arrivedAt: c.arrivedAt,
          endedAt: e.at,
          outcome: e.outcome,
          durationMs: e.durationMs,
          answeredAt: c.answeredAt,
          queueWaitMs: c.queueWaitMs,
          callbackId: c.callbackId,
        });
        return;
      }
      case 'call.outcome':
        this.sink.outcome({
          callId: e.callbackId === null ? e.callId : null,
          callbackId: e.callbackId,
          at: e.at,
          resolvedFirstContact: e.resolvedFirstContact,
        });
        return;
      // A callback given up (failed for good, expired, cancelled) needs no fact: its call stays never
      // answered. A restored one keeps its request's id, which the call that asked for it holds.
      case 'callback.answered':
        this.sink.callbackAnswered({ callbackId: e.callbackId, at: e.at });
        return;
    }
  }
}

/** A call as the measures read it: its fact and, when it took a callback, the callback's answer. */
export type MeasuredCall = Omit<CallFact, 'callId' | 'callbackId'> & {
  /** When the callback it took was answered (null: not answered, or not over yet). */
  callbackAnsweredAt: number | null;
};

/** A classified conversation with the call it belongs to (the inbound call a callback answers). */
export interface MeasuredOutcome {
  line: string;
  /** The inbound call's start. */
  arrivedAt: number;
  at: number;
  viaCallback: boolean;
  resolvedFirstContact: boolean;
}

/**
 * The one reading of facts into the contract's measures. `cutoff`: what happened from then on is not
 * known to this evaluation (a month is read to two days after its end), so a call ended later is left
 * out and a callback answered later counts as never answered. The wait counts from the call's start to
 * its first answer; a caller who took a callback is measured to the callback's answer (the honest reading
 * of "wait to an operator"), never as lost. A resolution's time runs from the call's start to its
 * classification; a callback's conversation counts for resolution, not for its time.
 */
export function measureCall(m: PenaltyMeasures, c: MeasuredCall, cutoff: number): void {
  if (c.endedAt >= cutoff) return;
  if (c.outcome === 'callback') {
    const answered = c.callbackAnsweredAt !== null && c.callbackAnsweredAt < cutoff;
    m.callEnded({
      outcome: 'callback',
      durationMs: c.durationMs,
      sinceArrivalMs: answered ? c.callbackAnsweredAt! - c.arrivedAt : null,
      queueWaitMs: null,
    });
    return;
  }
  m.callEnded({
    outcome: c.outcome,
    durationMs: c.durationMs,
    sinceArrivalMs: c.answeredAt === null ? null : c.answeredAt - c.arrivedAt,
    queueWaitMs: c.queueWaitMs,
  });
}

export function measureOutcome(m: PenaltyMeasures, o: MeasuredOutcome, cutoff: number): void {
  if (o.at >= cutoff) return;
  m.outcome({
    resolvedFirstContact: o.resolvedFirstContact,
    sinceArrivalMs: o.viaCallback ? null : o.at - o.arrivedAt,
  });
}

/** Facts into the measures of their lines (`measuresFor` null: a line left out). */
export function measureFacts(
  calls: Iterable<MeasuredCall>,
  outcomes: Iterable<MeasuredOutcome>,
  measuresFor: (line: string) => PenaltyMeasures | null,
  cutoff: number,
): void {
  for (const c of calls) {
    const m = measuresFor(c.line);
    if (m) measureCall(m, c, cutoff);
  }
  for (const o of outcomes) {
    const m = measuresFor(o.line);
    if (m) measureOutcome(m, o, cutoff);
  }
}

/** Facts held in memory, joined as the stored projection joins them (call ↔ callback ↔ outcomes). */
export class FactSet implements FactSink {
  private readonly calls = new Map<string, CallFact>();
  private readonly byCallback = new Map<string, string>();
  /** The first answer of each callback (whatever the order its call's end and its answer came in). */
  private readonly answers = new Map<string, number>();
  private readonly outcomes: OutcomeFact[] = [];

  call(f: CallFact): void {
    this.calls.set(f.callId, f);
    if (f.callbackId !== null) this.byCallback.set(f.callbackId, f.callId);
  }

  callbackAnswered(a: CallbackAnswered): void {
    if (!this.answers.has(a.callbackId)) this.answers.set(a.callbackId, a.at);
  }

  outcome(o: OutcomeFact): void {
    this.outcomes.push(o);
  }

  /** The measured calls of calls arrived in [from, to). */
  *measuredCalls(from: number, to: number): Generator<MeasuredCall> {
    for (const c of this.calls.values()) {
      if (c.arrivedAt < from || c.arrivedAt >= to) continue;
      // Written out rather than spread: one shape for every call, and no copy of the fields it drops.
      yield {
        line: c.line,
        arrivedAt: c.arrivedAt,
        endedAt: c.endedAt,
        outcome: c.outcome,
        durationMs: c.durationMs,
        answeredAt: c.answeredAt,
        queueWaitMs: c.queueWaitMs,
        callbackAnsweredAt: c.callbackId === null ? null : (this.answers.get(c.callbackId) ?? null),
      };
    }
  }

  /** The classified conversations of calls arrived in [from, to), a callback's with the call it answers. */
  *measuredOutcomes(from: number, to: number): Generator<MeasuredOutcome> {
    for (const o of this.outcomes) {
      const callId = o.callId ?? (o.callbackId === null ? undefined : this.byCallback.get(o.callbackId));
      const c = callId === undefined ? undefined : this.calls.get(callId);
      if (!c || c.arrivedAt < from || c.arrivedAt >= to) continue;
      yield {
        line: c.line,
        arrivedAt: c.arrivedAt,
        at: o.at,
        viaCallback: o.callId === null,
        resolvedFirstContact: o.resolvedFirstContact,
      };
    }
  }
}
