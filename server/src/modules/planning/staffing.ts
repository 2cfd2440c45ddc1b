import {
  agentsForServiceLevel,
  agentsForTargets,
  erlangAMetrics,
  erlangB,
  erlangCMetrics,
  linesForBlocking,
} from './erlang.ts';
import {
  channelHoldingSeconds,
  type Forecast,
  type ForecastInterval,
  type HandlingTimes,
} from './forecast.ts';

/**
 * WF-1 staffing: agents per interval for a service level and an abandonment cap (Erlang C, or Erlang A
 * with the callers' patience), FTE from shrinkage and contract hours, and channels per line by Erlang B
 * with the CC-5 rule (at least 60 CUP / 30 regional; saturation in two consecutive bands → +20%).
 */

export type QueueModel = 'c' | 'a';

export interface StaffingTargets {
  model: QueueModel;
  /** Share of offered calls answered within targetSeconds (Erlang A: answered within target over offered). */
  serviceLevel: number;
  targetSeconds: number;
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

export interface ChannelRules {
  /** Highest acceptable probability of a caller meeting busy, per interval (Erlang B). */
  blocking: number;
  /** CC-5 minimum for the line (60 CUP, 30 regional). */
  minimumChannels: number;
  /** Channels in place, checked against the CC-5 saturation rule; default the minimum. */
  provisionedChannels?: number;
}

export interface PlannedInterval extends ForecastInterval {
  agents: number;
  trafficErlangs: number;
  serviceLevel: number;
  probabilityOfWaiting: number;
  probabilityOfAbandoning: number;
  averageSpeedOfAnswerSeconds: number;
  occupancy: number;
  /** Mean time in queue per offered call (answered or not). */
  queueSeconds: number;
  channelTrafficErlangs: number;
  /** Erlang B channels for this interval's traffic at the blocking target. */
  channelsNeeded: number;
}

export interface PlannedDay {
  date: string;
  weekday: string;
  open: boolean;
  calls: number;
  agentHours: number;
  peakAgents: number;
  /** Local 'HH:mm' of the first interval with the peak; null when closed. */
  peakAt: string | null;
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

export interface SaturatedBand {
  date: string;
  /** Local hour band, 'HH:00'. */
  band: string;
  blocking: number;
}

export interface ChannelPlan {
  minimum: number;
  blockingTarget: number;
  peakTrafficErlangs: number;
  /** Erlang B at the peak interval. */
  sized: number;
  /** max(CC-5 minimum, sized). */
  recommended: number;
  provisioned: number;
  cc5: {
    /** Hour bands whose blocking at the provisioned channels exceeds the target (channels fully used). */
    saturatedBands: SaturatedBand[];
    consecutiveSaturation: boolean;
    /** Channels after each 20% step the rule would take until no two consecutive bands saturate. */
    steps: number[];
    channelsAfterRule: number;
  };
}

export interface StaffingPlan {
  scenario: string;
  lineNumber: string;
  from: string;
  to: string;
  days: number;
  intervalMinutes: number;
  targets: StaffingTargets;
  handling: Forecast['handling'];
  intervals: PlannedInterval[];
  byDay: PlannedDay[];
  totals: FteFigures & {
    calls: number;
    peakAgents: number;
    /** Call-weighted averages of the model's interval figures. */
    serviceLevel: number | null;
    abandonment: number | null;
    averageSpeedOfAnswerSeconds: number | null;
  };
  channels: ChannelPlan;
}

interface QueueFigures {
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

/** Agents for one interval's calls, and the model's figures at that staffing. */
export function staffInterval(
  calls: number,
  periodSeconds: number,
  ahtSeconds: number,
  t: StaffingTargets,
): QueueFigures {
  const minAgents = t.minAgents ?? 0;
  if (calls <= 0) return { agents: minAgents, ...EMPTY };
  const traffic = { callsPerPeriod: calls, periodSeconds, ahtSeconds, targetSeconds: t.targetSeconds };
  const occupancy = t.maxOccupancy !== undefined ? { maxOccupancy: t.maxOccupancy } : {};
  const trafficErlangs = (calls / periodSeconds) * ahtSeconds;
  if (t.model === 'c') {
    const needed = agentsForServiceLevel({ ...traffic, serviceLevel: t.serviceLevel, ...occupancy });
    const agents = Math.max(needed, minAgents);
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
  const a = { ...traffic, patienceSeconds: t.patienceSeconds };
  const needed = agentsForTargets({
    ...a,
    serviceLevel: t.serviceLevel,
    maxAbandonment: t.maxAbandonment,
    ...occupancy,
  });
  const agents = Math.max(needed, minAgents);
  const m = erlangAMetrics({ ...a, agents });
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

interface BandPeak {
  date: string;
  band: string;
  /** The band's highest interval traffic: Erlang B blocking grows with traffic, so it is the worst. */
  traffic: number;
}

type ChannelTraffic = Pick<PlannedInterval, 'date' | 'time' | 'channelTrafficErlangs'>;

/** Hour bands (date, local hour) in order, each with its busiest interval's channel traffic. */
function bandPeaks(intervals: ChannelTraffic[]): BandPeak[] {
  const peaks: BandPeak[] = [];
  let last: BandPeak | undefined;
  for (const iv of intervals) {
    const band = `${iv.time.slice(0, 2)}:00`;
    if (!last || last.date !== iv.date || last.band !== band) {
      last = { date: iv.date, band, traffic: 0 };
      peaks.push(last);
    }
    if (iv.channelTrafficErlangs > last.traffic) last.traffic = iv.channelTrafficErlangs;
  }
  return peaks;
}

function saturatedAmong(peaks: BandPeak[], channels: number, blockingTarget: number): SaturatedBand[] {
  const out: SaturatedBand[] = [];
  for (const p of peaks) {
    if (p.traffic <= 0) continue;
    const blocking = erlangB(p.traffic, channels);
    if (blocking > blockingTarget) out.push({ date: p.date, band: p.band, blocking });
  }
  return out;
}

/** Hour bands (date, local hour) whose worst interval blocks more than the target at `channels`. */
export function saturatedBands(
  intervals: ChannelTraffic[],
  channels: number,
  blockingTarget: number,
): SaturatedBand[] {
  return saturatedAmong(bandPeaks(intervals), channels, blockingTarget);
}

/** CC-5: saturation in two consecutive hour bands of the same day. */
export function hasConsecutiveSaturation(bands: SaturatedBand[]): boolean {
  const keys = new Set(bands.map((b) => `${b.date} ${b.band}`));
  return bands.some((b) =>
    keys.has(`${b.date} ${String(Number(b.band.slice(0, 2)) + 1).padStart(2, '0')}:00`),
  );
}

/** Channels by Erlang B at the blocking target, the CC-5 minimum, and the +20% rule on the provisioned ones. */
export function planChannels(intervals: ChannelTraffic[], rules: ChannelRules): ChannelPlan {
  let peak = 0;
  for (const iv of intervals) peak = Math.max(peak, iv.channelTrafficErlangs);
  const sized = linesForBlocking(peak, rules.blocking);
  const provisioned = rules.provisionedChannels ?? rules.minimumChannels;
  const peaks = bandPeaks(intervals);
  const bands = saturatedAmong(peaks, provisioned, rules.blocking);
  const consecutive = hasConsecutiveSaturation(bands);
  const steps: number[] = [];
  let channels = provisioned;
  // The rule applies again while saturation persists; a bound keeps absurd inputs finite.
  let saturated = consecutive;
  for (let i = 0; i < 50 && saturated; i++) {
    channels = Math.ceil(channels * 1.2);
    steps.push(channels);
    saturated = hasConsecutiveSaturation(saturatedAmong(peaks, channels, rules.blocking));
  }
  return {
    minimum: rules.minimumChannels,
    blockingTarget: rules.blocking,
    peakTrafficErlangs: peak,
    sized,
    recommended: Math.max(rules.minimumChannels, sized),
    provisioned,
    cc5: { saturatedBands: bands, consecutiveSaturation: consecutive, steps, channelsAfterRule: channels },
  };
}

/** Forecast → agents per interval → FTE → channels. */
export function planStaffing(
  forecast: Forecast,
  targets: StaffingTargets,
  workforce: WorkforceRules,
  channelRules: ChannelRules,
): StaffingPlan {
  const periodSeconds = forecast.intervalMinutes * 60;
  const hours = forecast.intervalMinutes / 60;
  const handling: HandlingTimes = forecast.handling;
  const intervals: PlannedInterval[] = [];
  // Intervals with the same calls (same weekday and hour within a month) need sizing only once.
  const memo = new Map<number, Map<number, QueueFigures>>();
  const channelMemo = new Map<number, number>();
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
    const holding = channelHoldingSeconds(handling, q.queueSeconds, q.probabilityOfAbandoning);
    const channelTrafficErlangs = (iv.calls / periodSeconds) * holding;
    let channelsNeeded = channelMemo.get(channelTrafficErlangs);
    if (channelsNeeded === undefined) {
      channelsNeeded =
        channelTrafficErlangs > 0 ? linesForBlocking(channelTrafficErlangs, channelRules.blocking) : 0;
      channelMemo.set(channelTrafficErlangs, channelsNeeded);
    }
    intervals.push({
      start: iv.start,
      startMs: iv.startMs,
      date: iv.date,
      time: iv.time,
      weekday: iv.weekday,
      calls: iv.calls,
      ahtSeconds: iv.ahtSeconds,
      channelHoldingSeconds: holding,
      agents: q.agents,
      trafficErlangs: q.trafficErlangs,
      serviceLevel: q.serviceLevel,
      probabilityOfWaiting: q.probabilityOfWaiting,
      probabilityOfAbandoning: q.probabilityOfAbandoning,
      averageSpeedOfAnswerSeconds: q.averageSpeedOfAnswerSeconds,
      occupancy: q.occupancy,
      queueSeconds: q.queueSeconds,
      channelTrafficErlangs,
      channelsNeeded,
    });
  }

  const byDate = new Map<string, PlannedDay>();
  for (const d of forecast.byDay) {
    byDate.set(d.date, { ...d, agentHours: 0, peakAgents: 0, peakAt: null, channelsNeeded: 0 });
  }
  let agentHours = 0;
  let peakAgents = 0;
  const weighted = { calls: 0, sl: 0, ab: 0, asa: 0 };
  let day: PlannedDay | undefined;
  for (const iv of intervals) {
    agentHours += iv.agents * hours;
    peakAgents = Math.max(peakAgents, iv.agents);
    if (iv.calls > 0) {
      weighted.calls += iv.calls;
      weighted.sl += iv.calls * iv.serviceLevel;
      weighted.ab += iv.calls * iv.probabilityOfAbandoning;
      weighted.asa += iv.calls * (1 - iv.probabilityOfAbandoning) * iv.averageSpeedOfAnswerSeconds;
    }
    if (day?.date !== iv.date) day = byDate.get(iv.date);
    if (!day) continue;
    day.agentHours += iv.agents * hours;
    if (day.peakAt === null || iv.agents > day.peakAgents) {
      day.peakAgents = iv.agents;
      day.peakAt = iv.time;
    }
    day.channelsNeeded = Math.max(day.channelsNeeded, iv.channelsNeeded);
  }
  const answeredShare = weighted.calls - weighted.ab;
  return {
    scenario: forecast.scenario,
    lineNumber: forecast.lineNumber,
    from: forecast.from,
    to: forecast.to,
    days: forecast.days,
    intervalMinutes: forecast.intervalMinutes,
    targets,
    handling: forecast.handling,
    intervals,
    byDay: [...byDate.values()],
    totals: {
      ...fteFor(agentHours, forecast.days, workforce),
      calls: forecast.totalCalls,
      peakAgents,
      serviceLevel: weighted.calls > 0 ? weighted.sl / weighted.calls : null,
      abandonment: weighted.calls > 0 ? weighted.ab / weighted.calls : null,
      averageSpeedOfAnswerSeconds: answeredShare > 0 ? weighted.asa / answeredShare : null,
    },
    channels: planChannels(intervals, channelRules),
  };
}
