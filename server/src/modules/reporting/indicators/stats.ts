import { DateTime } from 'luxon';
import type {
  AgentState,
  ContactEvent,
  ContactEventSink,
  StatisticsPeriod,
} from '../../contact-centre/index.ts';
import { addCounters, type Counters, newCounters, row, type StatsRow } from './indicators.ts';

export type { StatsRow } from './indicators.ts';

export interface StatsReport {
  targetSeconds: number;
  total: StatsRow;
  /** Local hour of the day (0–23), over every simulated day. */
  byHour: (StatsRow & { hour: number })[];
  byDay: (StatsRow & { date: string })[];
  byQueue: (StatsRow & { queueId: string })[];
  /** MR-2: per request type (the IVR's choice, or the type a callback was asked for). */
  byRequestType: (StatsRow & { requestType: string })[];
  /** Per line the calls reached (its number). */
  byLine: (StatsRow & { line: string })[];
  outcomes: { recorded: number; firstContactResolution: number | null; escalated: number | null };
  surveys: { dialled: number; completed: number; answers: number; averageScore: number | null };
  agents: { peakLoggedIn: number };
}

const HOUR_MS = 3_600_000;
const BUSY: ReadonlySet<AgentState> = new Set(['offered', 'on-call', 'wrap-up']);
const WORKING: ReadonlySet<AgentState> = new Set(['ready', 'offered', 'on-call', 'wrap-up']);
/** Events counted by their own time, not by their call's arrival (see Stretch). */
const BY_TIME: ReadonlySet<ContactEvent['type']> = new Set([
  'call.arrived',
  'callback.answered',
  'call.outcome',
  'survey.dialled',
  'survey.answer',
  'survey.ended',
]);

/** A local hour of the period (cached by hour): its hour of the day, its date, its day's row once counted. */
interface LocalHour {
  hour: number;
  date: string;
  day: Counters | null;
}

/** Where one call counts (total, hour, day, then its queue once known); `presented`: first offer seen. */
interface Buckets {
  slices: Counters[];
  presented: boolean;
  arrivedAt: number;
  queued: boolean;
  /** The queue it entered and when (for the calls still waiting short of the target). */
  queueId: string | null;
  queuedAt: number;
  /** Answered, abandoned, gone to a callback or ended: it counts in the service level. */
  decided: boolean;
}

/** A fold's totals: every call, and per queue the calls that entered it (the wallboard's hour buckets). */
export interface CollectedCounters {
  total: Counters;
  queues: ReadonlyMap<string, Counters>;
}

/**
 * One stretch of a run cut in time (the planning module's simulation in stretches): a call belongs to the
 * stretch it arrived in, everything else to the stretch its time falls in. Events before `from` are the
 * stretch's warm-up (they only set the agents' states); events at or after `until` count only for this
 * stretch's own calls (null: the last stretch, whose drain counts as a single run's does).
 */
export interface Stretch {
  from: number;
  until: number | null;
}

/** A stretch's running totals, plain data (posted back from a worker thread) for `absorb`. */
export interface StatsPart {
  total: Counters;
  hours: Counters[];
  days: [string, Counters][];
  queues: [string, Counters][];
  requestTypes: [string, Counters][];
  lines: [string, Counters][];
  peakLoggedIn: number;
  outcomes: { recorded: number; resolved: number; escalated: number };
  surveys: { dialled: number; completed: number; answers: number; scoreSum: number };
}

/**
 * Folds contact events, and nothing else, into the service indicators of MR-2 / MR-5: per hour of the day,
 * per day, per queue and in total. Calls count in the hour and day they arrived. Streaming, so a year of
 * events never needs to be held in memory.
 */
export class StatsCollector implements ContactEventSink {
  private readonly total = newCounters();
  private readonly hours = Array.from({ length: 24 }, newCounters);
  private readonly days = new Map<string, Counters>();
  private readonly queues = new Map<string, Counters>();
  private readonly requestTypes = new Map<string, Counters>();
  private readonly lineRows = new Map<string, Counters>();
  /** The period's start (the time-weighted means' base): given, or the first event's time. */
  private from: number | null;
  private readonly open = new Map<string, Buckets>();
  private readonly agents = new Map<string, { state: AgentState; since: number }>();
  private readonly localHour = new Map<number, LocalHour>();
  private loggedIn = 0;
  private peakLoggedIn = 0;
  private outcomes = { recorded: 0, resolved: 0, escalated: 0 };
  private surveys = { dialled: 0, completed: 0, answers: 0, scoreSum: 0 };

  private readonly targetSeconds: number;
  private readonly zone: string;
  /** Agent time after this is not counted (a simulation's drain period). */
  private readonly until: number;
  /** Counted from (agents' time and peak, time-keyed events); before it, a stretch's warm-up. */
  private readonly countFrom: number;
  /** Time-keyed events at or after this are the next stretch's. */
  private readonly countUntil: number;

  constructor(options: Partial<StatisticsPeriod> & { stretch?: Stretch } = {}) {
    this.from = options.stretch?.from ?? options.from ?? null;
    this.targetSeconds = options.targetSeconds ?? 20;
    this.zone = options.zone ?? 'Europe/Rome';
    this.countFrom = options.stretch?.from ?? Number.NEGATIVE_INFINITY;
    this.countUntil = options.stretch?.until ?? Number.POSITIVE_INFINITY;
    this.until = Math.min(options.until ?? Number.POSITIVE_INFINITY, this.countUntil);
  }

  emit(e: ContactEvent): void {
    this.from ??= e.at;
    // Outside a stretch's time its own calls' events still count (the fold finds them open), agents'
    // states set what they are doing (their time is counted only inside), and the rest is another's.
    if ((e.at < this.countFrom || e.at >= this.countUntil) && BY_TIME.has(e.type)) return;
    switch (e.type) {
      case 'call.arrived': {
        const b = this.bucketsAt(e.at);
        b.slices.push(this.counters(this.lineRows, e.line));
        this.open.set(e.callId, b);
        for (const c of b.slices) c.arrived++;
        return;
      }
      case 'call.busy':
        // Channels per line and band (CC-5) are the occupancy report's (rules/occupancy.ts).
        this.addOpen(e.callId, 'busy');
        return;
      case 'call.turned-away':
        this.addOpen(e.callId, 'turnedAway');
        return;
      case 'call.out-of-hours':
        this.addOpen(e.callId, 'outOfHours');
        return;
      case 'call.queued': {
        if (e.transferred) return;
        const b = this.open.get(e.callId);
        if (!b) return;
        // The IVR's time counts for the line and the period, not the queue it leads to.
        if (!b.queued) for (const c of b.slices) c.ivrMs += e.at - b.arrivedAt;
        b.queued = true;
        b.queueId = e.queueId;
        b.queuedAt = e.at;
        b.slices.push(this.queueCounters(e.queueId), this.counters(this.requestTypes, e.requestType));
        for (const c of b.slices) c.offered++;
        return;
      }
      case 'call.presented': {
        const b = e.kind === 'call' ? this.open.get(e.callId) : undefined;
        if (!b || b.presented) return;
        b.presented = true;
        if (e.waitMs === 0) for (const c of b.slices) c.presentedAtOnce++;
        return;
      }
      case 'call.answered': {
        if (e.transferred) return;
        const b = this.open.get(e.callId);
        if (!b) return;
        b.decided = true;
        for (const c of b.slices) {
          c.answered++;
          c.waitMs += e.waitMs;
          if (e.waitMs <= this.targetSeconds * 1000) c.answeredWithinTarget++;
        }
        return;
      }
      case 'call.abandoned': {
        const b = this.open.get(e.callId);
        if (!b || e.transferred) return;
        b.decided = true;
        if (e.stage === 'ivr') this.add(b, 'abandonedInIvr');
        else {
          this.add(b, e.waitMs <= this.targetSeconds * 1000 ? 'abandonedShort' : 'abandonedLong');
          for (const c of b.slices) c.abandonedWaitMs += e.waitMs;
        }
        return;
      }
      case 'call.ended': {
        const b = this.open.get(e.callId);
        this.open.delete(e.callId);
        if (b && !b.queued) for (const c of b.slices) c.ivrMs += e.at - b.arrivedAt;
        if (b && e.talkMs > 0) {
          for (const c of b.slices) {
            c.talkMs += e.talkMs;
            c.talked++;
          }
        }
        return;
      }
      case 'callback.requested': {
        const b = this.open.get(e.callId);
        if (!b) return;
        b.decided = true;
        this.add(b, 'callbacksRequested');
        return;
      }
      case 'callback.answered': {
        const b = this.bucketsAt(e.at);
        b.slices.push(this.queueCounters(e.queueId), this.counters(this.requestTypes, e.requestType));
        this.add(b, 'callbacksAnswered');
        for (const c of b.slices) c.callbackWaitMs += e.sinceRequestMs;
        return;
      }
      case 'call.outcome':
        this.outcomes.recorded++;
        if (e.resolvedFirstContact) this.outcomes.resolved++;
        if (e.escalated) this.outcomes.escalated++;
        return;
      case 'survey.dialled':
        this.surveys.dialled++;
        return;
      case 'survey.answer':
        this.surveys.answers++;
        this.surveys.scoreSum += e.score;
        return;
      case 'survey.ended':
        if (e.result === 'completed') this.surveys.completed++;
        return;
      case 'agent.state':
        this.agentState(e.agentId, e.from, e.to, e.at);
        return;
      default:
        return;
    }
  }

  /**
   * Closes the agents' open state intervals at `end` and returns the report; the time-weighted means are
   * over the period up to `periodEnd` (a report's period end, when its events stop before it).
   */
  report(end: number, periodEnd = end): StatsReport {
    this.close(end);
    const d = this.durations(this.from ?? periodEnd, periodEnd);
    const o = this.outcomes;
    const s = this.surveys;
    return {
      targetSeconds: this.targetSeconds,
      total: row(this.total, d.total),
      byHour: this.hours
        .map((c, hour) => ({ hour, ...row(c, d.hours[hour]!) }))
        .filter((r) => r.arrived > 0 || r.occupancy !== null),
      byDay: [...this.days]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([date, c]) => ({ date, ...row(c, d.days.get(date) ?? 0) })),
      byQueue: [...this.queues].map(([queueId, c]) => ({ queueId, ...row(c, d.total) })),
      byRequestType: [...this.requestTypes].map(([requestType, c]) => ({ requestType, ...row(c, d.total) })),
      byLine: [...this.lineRows].map(([line, c]) => ({ line, ...row(c, d.total) })),
      outcomes: {
        recorded: o.recorded,
        firstContactResolution: o.recorded ? o.resolved / o.recorded : null,
        escalated: o.recorded ? o.escalated / o.recorded : null,
      },
      surveys: {
        dialled: s.dialled,
        completed: s.completed,
        answers: s.answers,
        averageScore: s.answers ? s.scoreSum / s.answers : null,
      },
      agents: { peakLoggedIn: this.peakLoggedIn },
    };
  }

  /** This fold's totals, for a run cut in stretches (after `close`). */
  part(): StatsPart {
    return {
      total: this.total,
      hours: this.hours,
      days: [...this.days],
      queues: [...this.queues],
      requestTypes: [...this.requestTypes],
      lines: [...this.lineRows],
      peakLoggedIn: this.peakLoggedIn,
      outcomes: { ...this.outcomes },
      surveys: { ...this.surveys },
    };
  }

  /** Closes the agents' open state intervals at `end` (a stretch's, before its `part`). */
  close(end: number): void {
    for (const [id, a] of this.agents) this.agentState(id, a.state, a.state, end);
  }

  /** Adds a stretch's totals to this fold's (a run's report from its stretches). */
  absorb(part: StatsPart): void {
    addCounters(this.total, part.total);
    for (const [hour, c] of part.hours.entries()) addCounters(this.hours[hour]!, c);
    for (const [date, c] of part.days) addCounters(this.dayCounters(date), c);
    for (const [id, c] of part.queues) addCounters(this.counters(this.queues, id), c);
    for (const [type, c] of part.requestTypes) addCounters(this.counters(this.requestTypes, type), c);
    for (const [line, c] of part.lines) addCounters(this.counters(this.lineRows, line), c);
    this.peakLoggedIn = Math.max(this.peakLoggedIn, part.peakLoggedIn);
    for (const k of ['recorded', 'resolved', 'escalated'] as const) this.outcomes[k] += part.outcomes[k];
    for (const k of ['dialled', 'completed', 'answers', 'scoreSum'] as const)
      this.surveys[k] += part.surveys[k];
  }

  /** The running totals: every call's, and each queue's (added up across folds by addCounters). */
  collected(): CollectedCounters {
    return { total: this.total, queues: this.queues };
  }

  /**
   * Per queue, the calls queued and still undecided at `at` whose wait is under the target: they count in
   * no share yet (the decided calls of indicators/service-level.ts).
   */
  waitingUnderTarget(at: number): Map<string, number> {
    const out = new Map<string, number>();
    const target = this.targetSeconds * 1000;
    for (const b of this.open.values()) {
      if (!b.queued || b.decided || b.queueId === null || at - b.queuedAt >= target) continue;
      out.set(b.queueId, (out.get(b.queueId) ?? 0) + 1);
    }
    return out;
  }

  /** How long each slice lasts within [start, end): the period, each local hour of the day, each day. */
  private durations(start: number, end: number) {
    const hours = new Array<number>(24).fill(0);
    const days = new Map<string, number>();
    for (let t = start; t < end; ) {
      const next = Math.min(end, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS);
      const { hour, date } = this.local(t);
      hours[hour]! += next - t;
      days.set(date, (days.get(date) ?? 0) + next - t);
      t = next;
    }
    return { total: Math.max(0, end - start), hours, days };
  }

  private agentState(id: string, from: AgentState, to: AgentState, at: number): void {
    const a = this.agents.get(id);
    // Split the interval at hour boundaries so each hour gets its own share. (Called on every agent
    // state change: no allocation per hour, and the state's kind looked up once. Every day spanned gets
    // its row, whatever the state.)
    if (a) {
      const working = WORKING.has(a.state);
      const busy = BUSY.has(a.state);
      const wrapUp = a.state === 'wrap-up';
      const stop = Math.min(at, this.until);
      for (let t = Math.max(a.since, this.countFrom); t < stop; ) {
        const end = Math.min(stop, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS);
        const l = this.local(t);
        const ms = end - t;
        const hourly = this.hours[l.hour]!;
        const daily = this.dayOf(l);
        if (working) {
          this.total.workingAgentMs += ms;
          hourly.workingAgentMs += ms;
          daily.workingAgentMs += ms;
        }
        if (busy) {
          this.total.busyAgentMs += ms;
          hourly.busyAgentMs += ms;
          daily.busyAgentMs += ms;
        }
        if (wrapUp) {
          this.total.wrapUpAgentMs += ms;
          hourly.wrapUpAgentMs += ms;
          daily.wrapUpAgentMs += ms;
        }
        t = end;
      }
    }
    if (from === 'logged-out' && to !== 'logged-out') {
      this.loggedIn++;
      if (at >= this.countFrom && at < this.countUntil)
        this.peakLoggedIn = Math.max(this.peakLoggedIn, this.loggedIn);
    } else if (to === 'logged-out' && from !== 'logged-out') {
      this.loggedIn--;
    }
    if (a) {
      a.state = to;
      a.since = at;
    } else this.agents.set(id, { state: to, since: at });
  }

  private local(at: number): LocalHour {
    const index = Math.floor(at / HOUR_MS);
    let l = this.localHour.get(index);
    if (!l) {
      const d = DateTime.fromMillis(index * HOUR_MS, { zone: this.zone });
      l = { hour: d.hour, date: d.toISODate()!, day: null };
      this.localHour.set(index, l);
    }
    return l;
  }

  /** The day's row of an hour, created when first counted in. */
  private dayOf(l: LocalHour): Counters {
    l.day ??= this.dayCounters(l.date);
    return l.day;
  }

  private bucketsAt(at: number): Buckets {
    const l = this.local(at);
    return {
      slices: [this.total, this.hours[l.hour]!, this.dayOf(l)],
      presented: false,
      arrivedAt: at,
      queued: false,
      queueId: null,
      queuedAt: 0,
      decided: false,
    };
  }

  private dayCounters(date: string): Counters {
    let c = this.days.get(date);
    if (!c) {
      c = newCounters();
      this.days.set(date, c);
    }
    return c;
  }

  private queueCounters(id: string): Counters {
    return this.counters(this.queues, id);
  }

  private counters(slices: Map<string, Counters>, key: string): Counters {
    let c = slices.get(key);
    if (!c) {
      c = newCounters();
      slices.set(key, c);
    }
    return c;
  }

  // The hot counts (arrived, offered, presented at once) are written out where they happen: a field named
  // by a variable is a keyed access V8 cannot specialise once several names pass through it.
  private add(b: Buckets, key: keyof Counters): void {
    for (const c of b.slices) c[key]++;
  }

  private addOpen(callId: string, key: keyof Counters): void {
    const b = this.open.get(callId);
    if (b) this.add(b, key);
  }
}

/** The simulator's statistics (it takes them from here: contact-centre's runSimulation `statistics`). */
export const simulationStatistics = (p: StatisticsPeriod): StatsCollector => new StatsCollector(p);
