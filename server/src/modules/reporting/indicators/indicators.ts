import { serviceLevel } from './service-level.ts';

/** Service indicators of one slice (an hour of the day, a day, a queue, or everything). */
export interface StatsRow {
  /** Calls reaching a line (including busy, out of hours, turned away). */
  arrived: number;
  /** Calls entering a queue: the base of service level and abandonment. */
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  /** Abandoned while waiting for an agent; short = within the target, long = after it. */
  abandoned: number;
  abandonedShort: number;
  abandonedLong: number;
  abandonedInIvr: number;
  busy: number;
  turnedAway: number;
  outOfHours: number;
  callbacksRequested: number;
  callbacksAnswered: number;
  /** From a callback's request to its answer (the callback channel's speed of answer), seconds. */
  callbackAverageSpeedOfAnswerSeconds: number | null;
  /** answeredWithinTarget / offered (a closed slice: every call decided; see serviceLevel). */
  serviceLevel: number | null;
  /** Offered calls not presented to an agent at once (they waited, or abandoned), over offered. */
  probabilityOfWaiting: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  abandonRate: number | null;
  averageTalkSeconds: number | null;
  /** Talk plus wrap-up per call talked (time slices only: agents' wrap-up is not per queue). */
  averageHandlingSeconds: number | null;
  /** Agents' busy time (offered, on call, wrap-up) over logged-in working time. */
  occupancy: number | null;
  /** Time-weighted means over the slice's duration: calls waiting in a queue, calls in the IVR … */
  averageWaitingInQueue: number | null;
  averageInIvr: number | null;
  /** … and agents working (ready, offered, on call, wrap-up): the concurrently active agents. */
  averageActiveAgents: number | null;
}

/** Running totals behind a StatsRow. */
export interface Counters {
  arrived: number;
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  presentedAtOnce: number;
  waitMs: number;
  abandonedShort: number;
  abandonedLong: number;
  abandonedInIvr: number;
  busy: number;
  turnedAway: number;
  outOfHours: number;
  callbacksRequested: number;
  callbacksAnswered: number;
  callbackWaitMs: number;
  talkMs: number;
  talked: number;
  /** Time in queue of the calls that left it unanswered (abandoned). */
  abandonedWaitMs: number;
  /** From arrival to the queue, or to the end for calls that never reached one. */
  ivrMs: number;
  wrapUpAgentMs: number;
  busyAgentMs: number;
  workingAgentMs: number;
}

export const newCounters = (): Counters => ({
  arrived: 0,
  offered: 0,
  answered: 0,
  answeredWithinTarget: 0,
  presentedAtOnce: 0,
  waitMs: 0,
  abandonedShort: 0,
  abandonedLong: 0,
  abandonedInIvr: 0,
  busy: 0,
  turnedAway: 0,
  outOfHours: 0,
  callbacksRequested: 0,
  callbacksAnswered: 0,
  callbackWaitMs: 0,
  talkMs: 0,
  talked: 0,
  abandonedWaitMs: 0,
  ivrMs: 0,
  wrapUpAgentMs: 0,
  busyAgentMs: 0,
  workingAgentMs: 0,
});

/** Adds `b`'s counters into `a` (a kept hour folded before a counter existed adds 0 to it). */
export function addCounters(a: Counters, b: Counters): void {
  for (const k of Object.keys(a) as (keyof Counters)[]) a[k] += b[k] ?? 0;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/**
 * The indicators of a slice from its totals; ratios are null when their base is zero. `durationMs`: the
 * time the slice covers (a day, an hour of the day over every day, the whole period for a queue).
 */
export function row(c: Counters, durationMs: number): StatsRow {
  const abandoned = c.abandonedShort + c.abandonedLong;
  return {
    arrived: c.arrived,
    offered: c.offered,
    answered: c.answered,
    answeredWithinTarget: c.answeredWithinTarget,
    abandoned,
    abandonedShort: c.abandonedShort,
    abandonedLong: c.abandonedLong,
    abandonedInIvr: c.abandonedInIvr,
    busy: c.busy,
    turnedAway: c.turnedAway,
    outOfHours: c.outOfHours,
    callbacksRequested: c.callbacksRequested,
    callbacksAnswered: c.callbacksAnswered,
    callbackAverageSpeedOfAnswerSeconds:
      c.callbacksAnswered > 0 ? c.callbackWaitMs / c.callbacksAnswered / 1000 : null,
    serviceLevel: serviceLevel(c),
    probabilityOfWaiting: ratio(c.offered - c.presentedAtOnce, c.offered),
    averageSpeedOfAnswerSeconds: c.answered > 0 ? c.waitMs / c.answered / 1000 : null,
    abandonRate: ratio(abandoned, c.offered),
    averageTalkSeconds: c.talked > 0 ? c.talkMs / c.talked / 1000 : null,
    averageHandlingSeconds:
      c.talked > 0 && c.workingAgentMs > 0 ? (c.talkMs + c.wrapUpAgentMs) / c.talked / 1000 : null,
    occupancy: ratio(c.busyAgentMs, c.workingAgentMs),
    averageWaitingInQueue: ratio(c.waitMs + c.abandonedWaitMs, durationMs),
    averageInIvr: ratio(c.ivrMs, durationMs),
    averageActiveAgents: c.workingAgentMs > 0 ? c.workingAgentMs / durationMs : null,
  };
}
