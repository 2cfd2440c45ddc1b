import { type ContactEvent, type ContactEventSink, normaliseNumber } from '../../contact-centre/index.ts';
import {
  FOLD_EVENT_TYPES,
  type FoldEvent,
  PenaltyFold,
  type PenaltyMeasures,
} from '../../reporting/index.ts';

const HOUR_MS = 3_600_000;
const FOLDED: ReadonlySet<string> = new Set(FOLD_EVENT_TYPES);

/** Per-interval counts of one replication, by the interval of the call's arrival. */
export const FIELDS = ['offered', 'answered', 'within', 'waitMs', 'abandoned'] as const;
export type Counts = Record<(typeof FIELDS)[number], Float64Array>;

interface CallRecord {
  interval: number;
  arrivedAt: number;
  answeredAt: number;
  waitMs: number;
}

/** Folds one replication's contact events into per-interval counts and the penalty measures. */
export class PlanCollector implements ContactEventSink {
  readonly counts: Counts;
  /** CC-5 on the planned line: busy calls, the peak of channels in use, the hour bands that met busy. */
  readonly lineStats = { channels: 0, busy: 0, peakChannelsInUse: 0, saturatedHours: new Set<number>() };
  private readonly calls = new Map<string, CallRecord>();
  /** Whether a line (as events spell it) is the planned one: asked for every call, so kept per spelling. */
  private readonly lines = new Map<string, boolean>();
  /** The contract's measures, by the reporting module's one definition. */
  private readonly fold: PenaltyFold;

  constructor(
    private readonly index: Map<number, number>,
    private readonly intervalMs: number,
    private readonly targetMs: number,
    private readonly line: string,
    readonly measures: PenaltyMeasures,
  ) {
    this.fold = new PenaltyFold((line) => (this.planned(line) ? measures : null));
    const n = index.size;
    this.counts = Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(n)])) as Counts;
  }

  private planned(line: string): boolean {
    let planned = this.lines.get(line);
    if (planned === undefined) {
      planned = normaliseNumber(line) === this.line;
      this.lines.set(line, planned);
    }
    return planned;
  }

  /** The end of the replication: callbacks still pending count as never answered. */
  settle(): void {
    this.fold.settle();
  }

  emit(e: ContactEvent): void {
    if (FOLDED.has(e.type)) this.fold.add(e as FoldEvent);
    switch (e.type) {
      case 'call.arrived': {
        if (!this.planned(e.line)) return;
        this.lineStats.channels = e.channels;
        this.seized(e.channelsInUse);
        const slot = Math.floor(e.at / this.intervalMs) * this.intervalMs;
        this.calls.set(e.callId, {
          interval: this.index.get(slot) ?? -1,
          arrivedAt: e.at,
          answeredAt: -1,
          waitMs: -1,
        });
        return;
      }
      case 'callback.dialled':
      case 'survey.dialled':
        if (this.planned(e.line)) this.seized(e.channelsInUse);
        return;
      case 'call.busy':
        if (e.reason === 'channels' && this.planned(e.line)) {
          this.lineStats.busy++;
          // Rome's hours start on UTC hour boundaries, so epoch hours are the local hour bands.
          this.lineStats.saturatedHours.add(Math.floor(e.at / HOUR_MS));
        }
        return;
      case 'call.queued': {
        const c = this.calls.get(e.callId);
        if (c && !e.transferred && c.interval >= 0) this.counts.offered[c.interval]!++;
        return;
      }
      case 'call.answered': {
        const c = this.calls.get(e.callId);
        if (!c || e.transferred || c.answeredAt >= 0) return;
        c.answeredAt = e.at;
        c.waitMs = e.waitMs;
        if (c.interval < 0) return;
        this.counts.answered[c.interval]!++;
        this.counts.waitMs[c.interval]! += e.waitMs;
        if (e.waitMs <= this.targetMs) this.counts.within[c.interval]!++;
        return;
      }
      case 'call.abandoned': {
        const c = this.calls.get(e.callId);
        if (c && e.stage !== 'ivr' && c.interval >= 0) this.counts.abandoned[c.interval]!++;
        return;
      }
      case 'call.ended':
        this.calls.delete(e.callId);
        return;
      default:
        return;
    }
  }

  private seized(inUse: number): void {
    if (inUse > this.lineStats.peakChannelsInUse) this.lineStats.peakChannelsInUse = inUse;
  }
}
