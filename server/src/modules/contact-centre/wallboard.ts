import { DateTime } from 'luxon';
import type { Db } from '../../platform/db.ts';
import * as repo from './contact-centre.repository.ts';
import type { LiveContactCentre } from './contact-centre.service.ts';
import type { AgentState } from './engine/events.ts';
import { decidedCalls, serviceLevel } from './engine/service-level.ts';
import { type CentreLabel, SIMULATION_LABEL, type StorageHealth } from './live/live-centre.ts';

const ZONE = 'Europe/Rome';
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** MR-5: answer within 20 seconds; abandonment is split at the same threshold (MR-2). */
export const TARGET_SECONDS = 20;
/** The window of the "target at risk" alert (issue 14 §10). */
export const RECENT_MINUTES = 15;

export interface WallboardWindow extends repo.WindowCounts {
  /** Taken in by the lines: arrived minus refused. */
  accepted: number;
}

export interface AgentCounts {
  loggedIn: number;
  ready: number;
  offered: number;
  onCall: number;
  wrapUp: number;
  paused: number;
}

/** MR-4: the real-time dashboard. Every figure but the "now" ones is a query over contact_event. */
export interface Wallboard {
  label: CentreLabel;
  at: Date;
  /** Whether the live centre is running (CONTACT_CENTRE=simulated); without it, "now" figures are null. */
  live: boolean;
  /** Last hour, last 7 days, last 30 days, ending now. */
  windows: { hour: WallboardWindow; week: WallboardWindow; month: WallboardWindow };
  queues: { id: string; name: string; service: string; waiting: number; longestWaitSeconds: number }[] | null;
  waitingNow: number | null;
  longestWaitSeconds: number | null;
  agents: {
    now: AgentCounts | null;
    /** Time-weighted average number of agents in each state. */
    averageLastHour: AgentCounts;
    averageToday: AgentCounts;
  };
  /** Calls entering a queue per service and local hour, today. */
  arrivalsToday: { service: string; hour: number; calls: number }[];
  today: repo.ServiceLevelCounts & {
    targetSeconds: number;
    /** Answered within the target over the offered calls decided so far (engine/service-level.ts). */
    serviceLevel: number | null;
    abandonedWithinTargetShare: number | null;
    abandonedAfterTargetShare: number | null;
  };
  /**
   * Issue 14 §10: the same levels over the last RECENT_MINUTES, so that a target at risk is said before
   * the day's average shows it.
   */
  recent: {
    minutes: number;
    offered: number;
    decided: number;
    serviceLevel: number | null;
    abandonedShare: number | null;
  };
  /**
   * Issue 14 §13: today's forecast arrivals per Rome hour (the scheduled traffic's expected calls, from
   * the tender's curves as the planning spreads them) against the calls that arrived; null without a
   * live centre or with its traffic off.
   */
  forecastToday: { hour: number; forecast: number; arrived: number }[] | null;
  /** Today's service level per queue the calls entered, by the same definition (issue 14 §13). */
  queuesToday: (repo.ServiceLevelCounts & { queueId: string; serviceLevel: number | null })[];
  /** CC-8: today's hot-survey answers per question, with the question's text when the centre knows it. */
  surveysToday: (repo.SurveyScore & { text: string | null })[];
  callbacks: {
    /** Requested and not yet answered, expired or finally failed (contact_event). */
    pending: number;
    /** Of which held by the running engine. */
    inEngine: number | null;
    /** Pending at the last start-up and taken back into the engine (counted in inEngine while pending). */
    recovered: number;
  };
  /** How contact events are being stored (issue 8 §16); null without a running centre. */
  storage: StorageHealth | null;
}

const STATE_KEYS: Record<Exclude<AgentState, 'logged-out'>, keyof AgentCounts> = {
  ready: 'ready',
  offered: 'offered',
  'on-call': 'onCall',
  'wrap-up': 'wrapUp',
  paused: 'paused',
};

function emptyCounts(): AgentCounts {
  return { loggedIn: 0, ready: 0, offered: 0, onCall: 0, wrapUp: 0, paused: 0 };
}

function averages(seconds: Record<string, number>, windowSeconds: number): AgentCounts {
  const out = emptyCounts();
  if (windowSeconds <= 0) return out;
  let loggedIn = 0;
  for (const [state, key] of Object.entries(STATE_KEYS)) {
    out[key] = (seconds[state] ?? 0) / windowSeconds;
    loggedIn += seconds[state] ?? 0;
  }
  out.loggedIn = loggedIn / windowSeconds;
  return out;
}

const share = (n: number, of: number) => (of > 0 ? n / of : null);

/** MR-4 figures at the centre's time (or the given clock's, when the centre is off). */
export async function wallboard(db: Db, centre: LiveContactCentre | null, now: Date): Promise<Wallboard> {
  // What is stored so far; while the database is away the queries below fail anyway (503 via /health).
  await centre?.flush().catch(() => {});
  // The switch's events: the simulated one's, or Asterisk's (issue 15).
  const source = centre?.engine.source ?? SIMULATION_LABEL;
  const at = now.getTime();
  const dayStart = DateTime.fromMillis(at, { zone: ZONE }).startOf('day').toJSDate();
  const hourAgo = new Date(at - HOUR_MS);
  const windows = await repo.windowCounts(db, source, now, {
    hour: hourAgo,
    week: new Date(at - 7 * DAY_MS),
    month: new Date(at - 30 * DAY_MS),
  });
  const withAccepted = (w: repo.WindowCounts): WallboardWindow => ({ ...w, accepted: w.arrived - w.refused });
  const recentFrom = new Date(Math.max(dayStart.getTime(), at - RECENT_MINUTES * 60_000));
  const [lastHour, today, arrivals, byQueue, pending, surveys, arrived, recent] = await Promise.all([
    repo.agentStateSeconds(db, source, hourAgo, now),
    repo.agentStateSeconds(db, source, dayStart, now),
    repo.arrivalsByServiceAndHour(db, source, dayStart, now, ZONE),
    repo.serviceLevelCountsByQueue(db, source, dayStart, now, TARGET_SECONDS),
    repo.pendingCallbacks(db, source, now),
    repo.surveyScores(db, source, dayStart, now),
    repo.arrivedByHour(db, source, dayStart, now, ZONE),
    repo.serviceLevelCounts(db, source, recentFrom, now, TARGET_SECONDS),
  ]);
  const forecast = centre?.forecastToday() ?? null;
  const levels = repo.sumServiceLevelCounts(byQueue.values());
  const questions = new Map(centre?.engine.engine.config.survey.questions.map((q) => [q.id, q.text]) ?? []);
  const snapshot = centre?.snapshot() ?? null;
  let agentsNow: AgentCounts | null = null;
  if (snapshot) {
    agentsNow = emptyCounts();
    for (const a of snapshot.agents) {
      if (a.state === 'logged-out') continue;
      agentsNow.loggedIn++;
      agentsNow[STATE_KEYS[a.state]]++;
    }
  }
  const queues =
    snapshot?.queues.map((q) => ({
      id: q.id,
      name: q.name,
      service: q.service,
      waiting: q.waiting,
      longestWaitSeconds: q.waiting > 0 ? Math.round(q.oldestWaitMs / 1000) : 0,
    })) ?? null;
  return {
    label: centre ? centre.label : SIMULATION_LABEL,
    at: now,
    live: centre !== null,
    windows: {
      hour: withAccepted(windows.hour),
      week: withAccepted(windows.week),
      month: withAccepted(windows.month),
    },
    queues,
    waitingNow: queues ? queues.reduce((s, q) => s + q.waiting, 0) : null,
    longestWaitSeconds: queues ? Math.max(0, ...queues.map((q) => q.longestWaitSeconds)) : null,
    agents: {
      now: agentsNow,
      averageLastHour: averages(lastHour, HOUR_MS / 1000),
      averageToday: averages(today, (at - dayStart.getTime()) / 1000),
    },
    arrivalsToday: arrivals,
    today: {
      ...levels,
      targetSeconds: TARGET_SECONDS,
      serviceLevel: serviceLevel(levels),
      abandonedWithinTargetShare: share(levels.abandonedWithinTarget, decidedCalls(levels)),
      abandonedAfterTargetShare: share(levels.abandonedAfterTarget, decidedCalls(levels)),
    },
    recent: {
      minutes: RECENT_MINUTES,
      offered: recent.offered,
      decided: decidedCalls(recent),
      serviceLevel: serviceLevel(recent),
      abandonedShare: share(recent.abandonedWithinTarget + recent.abandonedAfterTarget, decidedCalls(recent)),
    },
    forecastToday:
      forecast?.map((f) => ({ hour: f.hour, forecast: f.calls, arrived: arrived.get(f.hour) ?? 0 })) ?? null,
    queuesToday: [...byQueue]
      .filter(([queueId]) => queueId !== '')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([queueId, c]) => ({ queueId, ...c, serviceLevel: serviceLevel(c) })),
    surveysToday: surveys.map((q) => ({ ...q, text: questions.get(q.question) ?? null })),
    callbacks: {
      pending: pending.length,
      inEngine: snapshot?.callbacksPending ?? null,
      recovered: centre?.engine.recoveredCallbacks ?? 0,
    },
    storage: centre?.storage() ?? null,
  };
}
