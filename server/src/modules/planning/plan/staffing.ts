import { type ChannelPlan, type ChannelRules, planChannels } from '../maths/channels.ts';
import {
  agentsForServiceLevel,
  agentsForTargets,
  erlangAMetrics,
  erlangCMetrics,
  linesForBlocking,
} from '../maths/erlang.ts';
import {
  channelHoldingSeconds,
  type Forecast,
  type ForecastInterval,
  type HandlingTimes,
} from './forecast.ts';
import { type PlannedStaffing, plannedAgentsRule } from './planned-staffing.ts';

/**
 * WF-1 staffing: the agents each interval requires for a service level and an abandonment cap (Erlang C,
 * or Erlang A with the callers' patience), the agents planned (the required ones, or a staffing rule's:
 * planned-staffing.ts) with the model's figures for them, FTE needed and planned from shrinkage and
 * contract hours, and channels per line (channels.ts).
 */

export type QueueModel = 'c' | 'a';

export interface StaffingTargets {
  model: QueueModel;
  /** Share of offered calls answered within targetSeconds (Erlang A: answered within target over offered). */
  serviceLevel: number;
  /** The answer target, from the start of the call (the contract's measure, MR-5). */
  targetSeconds: number;
  /**
   * From the start of the call to the queue (greeting, menus, the caller's choice): the queue has
   * targetSeconds minus this to answer (queueTargetSeconds). 0: the target counts from the queue.
   */
  preQueueSeconds?: number;
  /** Highest share of callers hanging up in queue (Erlang A only; Erlang C has nobody abandoning). */
  maxAbandonment: number;
  /** Mean patience for Erlang A. */
  patienceSeconds: number;
  maxOccupancy?: number;
  /** Agents in every open interval, whatever the traffic. */
  minAgents?: number;
}

export interface WorkforceRules {
  /** Share of paid time not spent on the phones: breaks, training, absence, holidays (0.3 = 30%). */
  shrinkage: number;
  /** Hours of a full-time contract per week. */
  contractHoursPerWeek: number;
}

export interface PlannedInterval extends ForecastInterval {
  /** Agents the targets require (Erlang C or A, at least minAgents). */
  requiredAgents: number;
  /** Agents the staffing plan puts on the phones: the required ones without a staffing rule. */
  plannedAgents: number;
  /** The same as plannedAgents: the agents every figure below is for. */
  agents: number;
  /** The planned agents miss the targets here (service level short or, Erlang A, abandonment over). */
  belowTarget: boolean;
  trafficErlangs: number;
  serviceLevel: number;
  probabilityOfWaiting: number;
  probabilityOfAbandoning: number;
  averageSpeedOfAnswerSeconds: number;
  occupancy: number;
  /** Mean time in queue per offered call (answered or not). */
  queueSeconds: number;
  /**
   * Channel load with the queueing of the required staffing: what the line needs when the targets are met.
   * A short-staffed plan holds channels longer; its simulation shows the busy calls that causes.
   */
  channelTrafficErlangs: number;
  /** Erlang B channels for this interval's traffic at the blocking target. */
  channelsNeeded: number;
}

export interface PlannedDay {
  date: string;
  weekday: string;
  open: boolean;
  calls: number;
  /** Planned agent hours. */
  agentHours: number;
  /** Planned agents at the day's peak. */
  peakAgents: number;
  /** Local 'HH:mm' of the first interval with the planned peak; null when closed. */
  peakAt: string | null;
  requiredAgentHours: number;
  requiredPeakAgents: number;
  /** Call-weighted model service level at the planned agents; null without calls. */
  serviceLevel: number | null;
  intervalsBelowTarget: number;
  channelsNeeded: number;
}

export interface FteFigures {
  agentHours: number;
  /** Agent hours grossed up for shrinkage. */
  paidHours: number;
  /** Full-time equivalents over the period: paid hours over one full-timer's contract hours in it. */
  fte: number;
  shrinkage: number;
  contractHoursPerWeek: number;
  periodDays: number;
}

export interface StaffingPlan {
  scenario: string;
  lineNumber: string;
  from: string;
  to: string;
  days: number;
  intervalMinutes: number;
  targets: StaffingTargets & { preQueueSeconds: number; queueTargetSeconds: number };
  /** The staffing rule applied; null: the required agents everywhere. */
  staffing: PlannedStaffing | null;
  handling: Forecast['handling'];
  intervals: PlannedInterval[];
  byDay: PlannedDay[];
  /** FTE and model figures of the planned agents, and the same for the required ones. */
  totals: FteFigures &
    SummaryFigures & {
      calls: number;
      openIntervals: number;
      intervalsBelowTarget: number;
      required: FteFigures & SummaryFigures;
    };
  channels: ChannelPlan;
}

export interface SummaryFigures {
  peakAgents: number;
  /** Call-weighted averages of the model's interval figures. */
  serviceLevel: number | null;
  abandonment: number | null;
  /** Over answered calls; Infinity when some interval's queue never clears (Erlang C, agents ≤ load). */
  averageSpeedOfAnswerSeconds: number | null;
}

export interface QueueFigures {
  agents: number;
  trafficErlangs: number;
  serviceLevel: number;
  probabilityOfWaiting: number;
  probabilityOfAbandoning: number;
  averageSpeedOfAnswerSeconds: number;
  occupancy: number;
  queueSeconds: number;
}

const EMPTY: Omit<QueueFigures, 'agents'> = {
  trafficErlangs: 0,
  serviceLevel: 1,
  probabilityOfWaiting: 0,
  probabilityOfAbandoning: 0,
  averageSpeedOfAnswerSeconds: 0,
  occupancy: 0,
  queueSeconds: 0,
};

/**
 * The wait in queue the target leaves: the contract counts from the start of the call, the queue models
 * from the queue. 0 when the time before the queue already takes the whole target: then only callers
 * answered at once are answered within it.
 */
export const queueTargetSeconds = (t: Pick<StaffingTargets, 'targetSeconds' | 'preQueueSeconds'>): number =>
  Math.max(0, t.targetSeconds - (t.preQueueSeconds ?? 0));

/** The model's figures for one interval's calls at a given number of agents. */
export function queueFiguresAt(
  calls: number,
  periodSeconds: number,
  ahtSeconds: number,
  t: StaffingTargets,
  agents: number,
): QueueFigures {
  if (calls <= 0) return { agents, ...EMPTY };
  const traffic = { callsPerPeriod: calls, periodSeconds, ahtSeconds, targetSeconds: queueTargetSeconds(t) };
  const trafficErlangs = (calls / periodSeconds) * ahtSeconds;
  if (t.model === 'c') {
    const m = erlangCMetrics({ ...traffic, agents });
    return {
      agents,
      trafficErlangs,
      serviceLevel: m.serviceLevel,
      probabilityOfWaiting: m.probabilityOfWaiting,
      probabilityOfAbandoning: 0,
      averageSpeedOfAnswerSeconds: m.averageSpeedOfAnswerSeconds,
      occupancy: m.occupancy,
      // Erlang C's ASA is over every call, those answered at once included: the mean time in queue.
      queueSeconds: m.averageSpeedOfAnswerSeconds,
    };
  }
  const m = erlangAMetrics({ ...traffic, patienceSeconds: t.patienceSeconds, agents });
  return {
    agents,
    trafficErlangs,
    serviceLevel: m.answeredWithinTargetOverOffered,
    probabilityOfWaiting: m.probabilityOfWaiting,
    probabilityOfAbandoning: m.probabilityOfAbandoning,
    averageSpeedOfAnswerSeconds: m.averageSpeedOfAnswerSeconds,
    occupancy: m.occupancy,
    // Little's law on the queue: abandonments θ·Lq = λ·P(ab), so the mean time in queue is P(ab)·patience.
    queueSeconds: Number.isFinite(t.patienceSeconds)
      ? m.probabilityOfAbandoning * t.patienceSeconds
      : m.averageSpeedOfAnswerSeconds,
  };
}

/** Agents one interval's calls require for the targets, and the model's figures at that staffing. */
export function staffInterval(
  calls: number,
  periodSeconds: number,
  ahtSeconds: number,
  t: StaffingTargets,
): QueueFigures {
  const minAgents = t.minAgents ?? 0;
  if (calls <= 0) return { agents: minAgents, ...EMPTY };
  const traffic = { callsPerPeriod: calls, periodSeconds, ahtSeconds, targetSeconds: queueTargetSeconds(t) };
  const occupancy = t.maxOccupancy !== undefined ? { maxOccupancy: t.maxOccupancy } : {};
  const needed =
    t.model === 'c'
      ? agentsForServiceLevel({ ...traffic, serviceLevel: t.serviceLevel, ...occupancy })
      : agentsForTargets({
          ...traffic,
          patienceSeconds: t.patienceSeconds,
          serviceLevel: t.serviceLevel,
          maxAbandonment: t.maxAbandonment,
          ...occupancy,
        });
  return queueFiguresAt(calls, periodSeconds, ahtSeconds, t, Math.max(needed, minAgents));
}

/** Below the plan's targets (MR-5 by default): service level short, or (Erlang A) too many abandoning. */
export function belowTargets(
  q: Pick<QueueFigures, 'serviceLevel' | 'probabilityOfAbandoning'>,
  calls: number,
  t: StaffingTargets,
): boolean {
  if (calls <= 0) return false;
  // A tolerance for rounding: the sizing guarantees the targets at the required agents exactly.
  if (q.serviceLevel < t.serviceLevel - 1e-9) return true;
  return t.model === 'a' && q.probabilityOfAbandoning > t.maxAbandonment + 1e-9;
}

/** FTE: agent hours over (1 − shrinkage), over a full-timer's contract hours in the same days. */
export function fteFor(agentHours: number, periodDays: number, rules: WorkforceRules): FteFigures {
  const paidHours = agentHours / (1 - rules.shrinkage);
  const contractHours = rules.contractHoursPerWeek * (periodDays / 7);
  return {
    agentHours,
    paidHours,
    fte: contractHours > 0 ? paidHours / contractHours : 0,
    shrinkage: rules.shrinkage,
    contractHoursPerWeek: rules.contractHoursPerWeek,
    periodDays,
  };
}

/** Call-weighted service level, abandonment and ASA, and the peak, of some intervals' figures. */
class Summary {
  calls = 0;
  private sl = 0;
  private ab = 0;
  private asa = 0;
  agentHours = 0;
  peakAgents = 0;

  add(calls: number, q: Omit<QueueFigures, 'trafficErlangs'>, hours: number): void {
    this.agentHours += q.agents * hours;
    this.peakAgents = Math.max(this.peakAgents, q.agents);
    if (calls <= 0) return;
    this.calls += calls;
    this.sl += calls * q.serviceLevel;
    this.ab += calls * q.probabilityOfAbandoning;
    const answered = calls * (1 - q.probabilityOfAbandoning);
    // An unstable Erlang C queue has ASA = Infinity: the month's ASA is then Infinity too (shown as none).
    if (answered > 0) this.asa += answered * q.averageSpeedOfAnswerSeconds;
  }

  figures(): SummaryFigures {
    const answered = this.calls - this.ab;
    return {
      peakAgents: this.peakAgents,
      serviceLevel: this.calls > 0 ? this.sl / this.calls : null,
      abandonment: this.calls > 0 ? this.ab / this.calls : null,
      averageSpeedOfAnswerSeconds: answered > 0 ? this.asa / answered : null,
    };
  }
}

/**
 * Forecast → required agents per interval → planned agents (the staffing rule, default the required) →
 * the model's figures at the planned agents → FTE needed and planned → channels.
 */
export function planStaffing(
  forecast: Forecast,
  targets: StaffingTargets,
  workforce: WorkforceRules,
  channelRules: ChannelRules,
  staffing: PlannedStaffing | null = null,
): StaffingPlan {
  const periodSeconds = forecast.intervalMinutes * 60;
  const hours = forecast.intervalMinutes / 60;
  const handling: HandlingTimes = forecast.handling;
  const planned = plannedAgentsRule(staffing, forecast.intervalMinutes);
  const intervals: PlannedInterval[] = [];
  // Intervals with the same calls (same weekday and hour within a month) need sizing only once.
  const memo = new Map<number, Map<number, QueueFigures>>();
  const plannedMemo = new Map<string, QueueFigures>();
  const channelMemo = new Map<number, number>();
  const required = new Summary();
  const plannedSummary = new Summary();
  let belowTotal = 0;
  let openIntervals = 0;
  const byDate = new Map<string, PlannedDay & { summary: Summary; requiredSummary: Summary }>();
  for (const d of forecast.byDay) {
    byDate.set(d.date, {
      ...d,
      agentHours: 0,
      peakAgents: 0,
      peakAt: null,
      requiredAgentHours: 0,
      requiredPeakAgents: 0,
      serviceLevel: null,
      intervalsBelowTarget: 0,
      channelsNeeded: 0,
      summary: new Summary(),
      requiredSummary: new Summary(),
    });
  }
  let day: ReturnType<typeof byDate.get>;
  for (const iv of forecast.intervals) {
    let byAht = memo.get(iv.calls);
    if (!byAht) {
      byAht = new Map();
      memo.set(iv.calls, byAht);
    }
    let q = byAht.get(iv.ahtSeconds);
    if (!q) {
      q = staffInterval(iv.calls, periodSeconds, iv.ahtSeconds, targets);
      byAht.set(iv.ahtSeconds, q);
    }
    const plannedAgents = planned(q.agents, iv);
    let p = q;
    if (plannedAgents !== q.agents) {
      const key = `${iv.calls}|${iv.ahtSeconds}|${plannedAgents}`;
      p = plannedMemo.get(key) as QueueFigures;
      if (!p) {
        p = queueFiguresAt(iv.calls, periodSeconds, iv.ahtSeconds, targets, plannedAgents);
        plannedMemo.set(key, p);
      }
    }
    // Channels for the queueing the targets allow (see PlannedInterval.channelTrafficErlangs).
    const holding = channelHoldingSeconds(handling, q.queueSeconds, q.probabilityOfAbandoning);
    const channelTrafficErlangs = (iv.calls / periodSeconds) * holding;
    let channelsNeeded = channelMemo.get(channelTrafficErlangs);
    if (channelsNeeded === undefined) {
      channelsNeeded =
        channelTrafficErlangs > 0 ? linesForBlocking(channelTrafficErlangs, channelRules.blocking) : 0;
      channelMemo.set(channelTrafficErlangs, channelsNeeded);
    }
    const belowTarget = belowTargets(p, iv.calls, targets);
    intervals.push({
      start: iv.start,
      startMs: iv.startMs,
      date: iv.date,
      time: iv.time,
      weekday: iv.weekday,
      calls: iv.calls,
      ahtSeconds: iv.ahtSeconds,
      channelHoldingSeconds: holding,
      requiredAgents: q.agents,
      plannedAgents,
      agents: plannedAgents,
      belowTarget,
      trafficErlangs: p.trafficErlangs,
      serviceLevel: p.serviceLevel,
      probabilityOfWaiting: p.probabilityOfWaiting,
      probabilityOfAbandoning: p.probabilityOfAbandoning,
      averageSpeedOfAnswerSeconds: p.averageSpeedOfAnswerSeconds,
      occupancy: p.occupancy,
      queueSeconds: p.queueSeconds,
      channelTrafficErlangs,
      channelsNeeded,
    });

    openIntervals++;
    if (belowTarget) belowTotal++;
    required.add(iv.calls, q, hours);
    plannedSummary.add(iv.calls, p, hours);
    if (day?.date !== iv.date) day = byDate.get(iv.date);
    if (!day) continue;
    day.summary.add(iv.calls, p, hours);
    day.requiredSummary.add(iv.calls, q, hours);
    if (day.peakAt === null || plannedAgents > day.peakAgents) {
      day.peakAgents = plannedAgents;
      day.peakAt = iv.time;
    }
    if (belowTarget) day.intervalsBelowTarget++;
    day.channelsNeeded = Math.max(day.channelsNeeded, channelsNeeded);
  }

  const byDay: PlannedDay[] = [...byDate.values()].map(({ summary, requiredSummary, ...d }) => ({
    ...d,
    agentHours: summary.agentHours,
    requiredAgentHours: requiredSummary.agentHours,
    requiredPeakAgents: requiredSummary.peakAgents,
    serviceLevel: summary.figures().serviceLevel,
  }));
  return {
    scenario: forecast.scenario,
    lineNumber: forecast.lineNumber,
    from: forecast.from,
    to: forecast.to,
    days: forecast.days,
    intervalMinutes: forecast.intervalMinutes,
    targets: {
      ...targets,
      preQueueSeconds: targets.preQueueSeconds ?? 0,
      queueTargetSeconds: queueTargetSeconds(targets),
    },
    staffing,
    handling: forecast.handling,
    intervals,
    byDay,
    totals: {
      ...fteFor(plannedSummary.agentHours, forecast.days, workforce),
      ...plannedSummary.figures(),
      calls: forecast.totalCalls,
      openIntervals,
      intervalsBelowTarget: belowTotal,
      required: { ...fteFor(required.agentHours, forecast.days, workforce), ...required.figures() },
    },
    channels: planChannels(intervals, channelRules),
  };
}
