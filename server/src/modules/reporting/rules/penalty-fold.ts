import {
  type CallbackAnswered,
  type CallFact,
  CallFactFold,
  type FactSink,
  type FoldEvent,
  type MeasuredCall,
  measureCall,
  measureOutcome,
  type OutcomeFact,
} from './call-facts.ts';
import type { PenaltyMeasures } from './penalties.ts';

export { FOLD_EVENT_TYPES, type FoldEvent } from './call-facts.ts';

/** What is measured: calls arrived in [from, to), with what was known before `cutoff`. */
export interface FoldWindow {
  from?: number;
  to?: number;
  /** A callback answered from then on counts as never answered; a call ended then is left out. */
  cutoff?: number;
}

/**
 * MR-5: contact events into the penalty measures, in memory (the planning what-if's simulated events):
 * the events make facts (call-facts.ts), which are measured by the one reading (`measureCall`,
 * `measureOutcome`) joined as FactSet joins them — but each as soon as what it is joined with is known,
 * so that a month's replication does not keep every call's fact to its end (keeping them cost a quarter
 * of a replication's time, in the garbage collector mostly). `measuresFor` picks the measures of a
 * call's line (its service's rules), or null to leave the call out.
 */
export class PenaltyFold {
  private readonly sink: MeasuringSink;
  private readonly fold: CallFactFold;

  constructor(measuresFor: (line: string) => PenaltyMeasures | null, window: FoldWindow = {}) {
    this.sink = new MeasuringSink(measuresFor, window);
    this.fold = new CallFactFold(this.sink);
  }

  add(e: FoldEvent): void {
    this.fold.add(e);
  }

  /** The end of the events: a callback not answered by now counts as never answered. Call it once. */
  settle(): void {
    this.sink.settle();
  }
}

/** A call whose conversations may still be classified: what an outcome is measured against. */
interface Arrival {
  line: string;
  arrivedAt: number;
  /** Null: the call is not measured (outside the window, or a line without measures). */
  measures: PenaltyMeasures | null;
}

interface AwaitingAnswer {
  measures: PenaltyMeasures;
  call: MeasuredCall;
}

/**
 * Facts measured as they come, with what FactSet's join would give at the end. What is kept, and until
 * when, rests on two rules of the engine: a conversation is classified once (`setOutcome` refuses a
 * second), and only a call an operator answered has a conversation — an inbound call's first answer is
 * never a transfer (a call is transferred only once connected), so its fact has `answeredAt`.
 */
class MeasuringSink implements FactSink {
  private readonly from: number;
  private readonly to: number;
  private readonly cutoff: number;
  /** Ended calls an operator answered, until their conversation's outcome. */
  private readonly awaitingOutcome = new Map<string, Arrival>();
  /** Calls that asked for a callback, by callback, to the end (a restored callback may talk again). */
  private readonly byCallback = new Map<string, Arrival>();
  /** Calls that took a callback, measured at its first answer, or at the end as never answered. */
  private readonly awaitingAnswer = new Map<string, AwaitingAnswer[]>();
  /** The first answer of each callback (whatever the order its call's end and its answer came in). */
  private readonly answers = new Map<string, number>();
  /** Outcomes that came before their call's fact (classified during the conversation), by call. */
  private readonly earlyByCall = new Map<string, OutcomeFact[]>();
  /** A callback's outcomes that came before the fact of the call that asked for it, by callback. */
  private readonly earlyByCallback = new Map<string, OutcomeFact[]>();

  constructor(
    private readonly measuresFor: (line: string) => PenaltyMeasures | null,
    window: FoldWindow,
  ) {
    this.from = window.from ?? Number.NEGATIVE_INFINITY;
    this.to = window.to ?? Number.POSITIVE_INFINITY;
    this.cutoff = window.cutoff ?? Number.POSITIVE_INFINITY;
  }

  call(f: CallFact): void {
    const measures = f.arrivedAt < this.from || f.arrivedAt >= this.to ? null : this.measuresFor(f.line);
    const arrival: Arrival = { line: f.line, arrivedAt: f.arrivedAt, measures };
    if (measures) this.measureCall(measures, f);
    if (f.callbackId !== null) {
      this.byCallback.set(f.callbackId, arrival);
      this.consume(this.earlyByCallback, f.callbackId, arrival);
    }
    const early = this.consume(this.earlyByCall, f.callId, arrival);
    if (!early && f.answeredAt !== null) this.awaitingOutcome.set(f.callId, arrival);
  }

  callbackAnswered(a: CallbackAnswered): void {
    if (this.answers.has(a.callbackId)) return;
    this.answers.set(a.callbackId, a.at);
    const waiting = this.awaitingAnswer.get(a.callbackId);
    if (!waiting) return;
    this.awaitingAnswer.delete(a.callbackId);
    for (const w of waiting) measureCall(w.measures, { ...w.call, callbackAnsweredAt: a.at }, this.cutoff);
  }

  outcome(o: OutcomeFact): void {
    if (o.callId !== null) {
      const arrival = this.awaitingOutcome.get(o.callId);
      if (!arrival) {
        push(this.earlyByCall, o.callId, o);
        return;
      }
      this.awaitingOutcome.delete(o.callId);
      this.measureOutcome(arrival, o);
    } else if (o.callbackId !== null) {
      const arrival = this.byCallback.get(o.callbackId);
      if (arrival) this.measureOutcome(arrival, o);
      else push(this.earlyByCallback, o.callbackId, o);
    }
  }

  settle(): void {
    for (const waiting of this.awaitingAnswer.values())
      for (const w of waiting) measureCall(w.measures, w.call, this.cutoff);
    this.awaitingAnswer.clear();
  }

  private measureCall(measures: PenaltyMeasures, f: CallFact): void {
    const answeredAt = f.callbackId === null ? null : (this.answers.get(f.callbackId) ?? null);
    const call: MeasuredCall = {
      line: f.line,
      arrivedAt: f.arrivedAt,
      endedAt: f.endedAt,
      outcome: f.outcome,
      durationMs: f.durationMs,
      answeredAt: f.answeredAt,
      queueWaitMs: f.queueWaitMs,
      callbackAnsweredAt: answeredAt,
    };
    // Only a callback's outcome reads its answer: the others are measured now.
    if (f.outcome === 'callback' && f.callbackId !== null && answeredAt === null)
      push(this.awaitingAnswer, f.callbackId, { measures, call });
    else measureCall(measures, call, this.cutoff);
  }

  private measureOutcome(arrival: Arrival, o: OutcomeFact): void {
    if (!arrival.measures) return;
    measureOutcome(
      arrival.measures,
      {
        line: arrival.line,
        arrivedAt: arrival.arrivedAt,
        at: o.at,
        viaCallback: o.callId === null,
        resolvedFirstContact: o.resolvedFirstContact,
      },
      this.cutoff,
    );
  }

  /** Measures the outcomes kept for `key` against its call; whether there were any. */
  private consume(early: Map<string, OutcomeFact[]>, key: string, arrival: Arrival): boolean {
    const outcomes = early.get(key);
    if (!outcomes) return false;
    early.delete(key);
    for (const o of outcomes) this.measureOutcome(arrival, o);
    return true;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
