import { DateTime } from 'luxon';
import { ZONE } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db.ts';
import {
  type AgentState,
  type CentreLabel,
  countPendingCallbacks,
  type LiveContactCentre,
  SIMULATION_LABEL,
  type StorageHealth,
} from '../../contact-centre/index.ts';
import type { Counters } from '../indicators/indicators.ts';
import { decidedCalls, serviceLevel } from '../indicators/service-level.ts';
import { ArrivalCounts, addPiece, emptyPiece, type PieceCounts } from './arrival-counts.ts';
import { floorHour, foldSettledHours, HOUR_MS, SETTLE_MS, TARGET_SECONDS } from './hour-counts.service.ts';
import * as repo from './wallboard.repository.ts';

const DAY_MS = 86_400_000;
/** The window of the "target at risk" alert (issue 14 §10). */
const RECENT_MINUTES = 15;
/** Folded at refresh at most this far back; a job further behind is caught up first. */
const MAX_TAIL_MS = SETTLE_MS + 6 * HOUR_MS;

/** Inbound calls that arrived in a window, as the statistics count them (MR-2). */
export interface WindowCounts {
  arrived: number;
  /** Met busy or were turned away (CC-5, CC-6, CC-7). */
  refused: number;
  /** Answered by an agent (first answer, not after a transfer). */
  answered: number;
  /** Average wait in queue of the answered calls, seconds. */
  averageWaitSeconds: number | null;
}

export interface ServiceLevelCounts {
  /** Calls entering a queue (not transfers): the base of service level and abandonment. */
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  /** Hung up while waiting for an agent, within the target and after it (MR-2). */
  abandonedWithinTarget: number;
  abandonedAfterTarget: number;
  /** Offered calls still waiting whose wait is under the target: not decided yet. */
  waitingUnderTarget: number;
}

export interface WallboardWindow extends WindowCounts {
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
  today: ServiceLevelCounts & {
    targetSeconds: number;
    /** Answered within the target over the offered calls decided so far (indicators/service-level.ts). */
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
  queuesToday: (ServiceLevelCounts & { queueId: string; serviceLevel: number | null })[];
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

/** Calls that arrived from `start` to the next piece's start. */
interface Piece {
  start: number;
  counts: PieceCounts;
}

/**
 * The calls that arrived in the last 30 days up to `at`, in pieces: the folded hours (call_hour) up to
 * where the job has folded, then the events since folded now, cut at each hour and at `starts` (so that
 * every window is a sum of whole pieces). Both by the statistics' fold (arrival-counts.ts).
 */
async function arrivalPieces(
  db: Db,
  source: string,
  at: number,
  monthFrom: number,
  starts: number[],
): Promise<Piece[]> {
  let settled = (await repo.settledUntil(db)).get(source)?.getTime();
  if (settled === undefined || settled < at - MAX_TAIL_MS) {
    await foldSettledHours(db, new Date(at));
    settled = (await repo.settledUntil(db)).get(source)?.getTime();
  }
  // No folded hour of this source: it has no stored event (or only newer than the settled hours).
  const tail = Math.min(Math.max(settled ?? floorHour(at - MAX_TAIL_MS), monthFrom), floorHour(at - HOUR_MS));
  const hours = new Map<number, PieceCounts>();
  for (const r of await repo.hourRows(db, source, new Date(monthFrom), new Date(tail))) {
    const h = r.hour.getTime();
    let p = hours.get(h);
    if (!p) {
      p = emptyPiece();
      hours.set(h, p);
    }
    if (r.queueId === '') p.total = r.counters;
    else {
      p.queues.set(r.queueId, r.counters);
      if (r.service !== '') p.services.set(r.queueId, r.service);
    }
  }
  // Every bound an hour (the tail is one) or a window's start.
  const bounds = new Set<number>();
  for (let h = tail; h <= at; h += HOUR_MS) bounds.add(h);
  for (const s of starts) if (s > tail && s <= at) bounds.add(s);
  const sorted = [...bounds].sort((a, b) => a - b);
  sorted.push(at + 1);
  const fold = new ArrivalCounts(sorted, TARGET_SECONDS);
  for (const e of await repo.callEvents(db, { source, from: new Date(tail), to: new Date(at + 1) }))
    fold.add(e);
  const pieces: Piece[] = [...hours].map(([start, counts]) => ({ start, counts }));
  for (let i = 0; i < fold.pieces; i++) pieces.push({ start: sorted[i]!, counts: fold.piece(i, at) });
  return pieces;
}

/** The calls that arrived from `from` on: the sum of the pieces that start then or later. */
function since(pieces: readonly Piece[], from: number): PieceCounts {
  const sum = emptyPiece();
  for (const p of pieces) if (p.start >= from) addPiece(sum, p.counts);
  return sum;
}

function windowOf(c: Counters): WallboardWindow {
  const refused = c.busy + c.turnedAway;
  return {
    arrived: c.arrived,
    refused,
    accepted: c.arrived - refused,
    answered: c.answered,
    averageWaitSeconds: c.answered === 0 ? null : c.waitMs / c.answered / 1000,
  };
}

function levelsOf(c: Counters, waitingUnderTarget: number): ServiceLevelCounts {
  return {
    offered: c.offered,
    answered: c.answered,
    answeredWithinTarget: c.answeredWithinTarget,
    abandonedWithinTarget: c.abandonedShort,
    abandonedAfterTarget: c.abandonedLong,
    waitingUnderTarget,
  };
}

const waitingTotal = (p: PieceCounts) => [...p.waitingUnderTarget.values()].reduce((a, b) => a + b, 0);

/** MR-4 figures at the centre's time (or the given clock's, when the centre is off). */
export async function wallboard(db: Db, centre: LiveContactCentre | null, now: Date): Promise<Wallboard> {
  // What is stored so far; while the database is away the queries below fail anyway (503 via /health).
  await centre?.flush().catch(() => {});
  // The switch's events: the simulated one's, or Asterisk's (issue 15).
  const source = centre?.engine.source ?? SIMULATION_LABEL;
  const at = now.getTime();
  const dayStart = DateTime.fromMillis(at, { zone: ZONE }).startOf('day').toMillis();
  const hourAgo = at - HOUR_MS;
  const recentFrom = Math.max(dayStart, at - RECENT_MINUTES * 60_000);
  // The 7 and 30 days start on the whole hour (the kept hours' grain).
  const monthFrom = floorHour(at - 30 * DAY_MS);
  const [pieces, lastHour, today, pending, surveys] = await Promise.all([
    arrivalPieces(db, source, at, monthFrom, [hourAgo, recentFrom, dayStart]),
    repo.agentStateSeconds(db, source, new Date(hourAgo), now),
    repo.agentStateSeconds(db, source, new Date(dayStart), now),
    countPendingCallbacks(db, source, now),
    repo.surveyScores(db, source, new Date(dayStart), now),
  ]);
  const todays = since(pieces, dayStart);
  const recent = since(pieces, recentFrom);
  const levels = levelsOf(todays.total, waitingTotal(todays));
  const recentLevels = levelsOf(recent.total, waitingTotal(recent));
  // Per Rome hour of today: calls arrived at the lines, and those that entered a queue by its service.
  const arrived = new Map<number, number>();
  const arrivals = new Map<string, number>();
  for (const p of pieces) {
    if (p.start < dayStart) continue;
    const hour = DateTime.fromMillis(p.start, { zone: ZONE }).hour;
    arrived.set(hour, (arrived.get(hour) ?? 0) + p.counts.total.arrived);
    for (const [queueId, c] of p.counts.queues) {
      if (c.offered === 0) continue;
      const key = `${p.counts.services.get(queueId) ?? queueId}\u0000${hour}`;
      arrivals.set(key, (arrivals.get(key) ?? 0) + c.offered);
    }
  }
  const forecast = centre?.forecastToday() ?? null;
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
      hour: windowOf(since(pieces, hourAgo).total),
      week: windowOf(since(pieces, floorHour(at - 7 * DAY_MS)).total),
      month: windowOf(since(pieces, monthFrom).total),
    },
    queues,
    waitingNow: queues ? queues.reduce((s, q) => s + q.waiting, 0) : null,
    longestWaitSeconds: queues ? Math.max(0, ...queues.map((q) => q.longestWaitSeconds)) : null,
    agents: {
      now: agentsNow,
      averageLastHour: averages(lastHour, HOUR_MS / 1000),
      averageToday: averages(today, (at - dayStart) / 1000),
    },
    arrivalsToday: [...arrivals]
      .map(([key, calls]) => {
        const [service, hour] = key.split('\u0000') as [string, string];
        return { service, hour: Number(hour), calls };
      })
      .sort((a, b) => a.service.localeCompare(b.service) || a.hour - b.hour),
    today: {
      ...levels,
      targetSeconds: TARGET_SECONDS,
      serviceLevel: serviceLevel(levels),
      abandonedWithinTargetShare: share(levels.abandonedWithinTarget, decidedCalls(levels)),
      abandonedAfterTargetShare: share(levels.abandonedAfterTarget, decidedCalls(levels)),
    },
    recent: {
      minutes: RECENT_MINUTES,
      offered: recentLevels.offered,
      decided: decidedCalls(recentLevels),
      serviceLevel: serviceLevel(recentLevels),
      abandonedShare: share(
        recentLevels.abandonedWithinTarget + recentLevels.abandonedAfterTarget,
        decidedCalls(recentLevels),
      ),
    },
    forecastToday:
      forecast?.map((f) => ({ hour: f.hour, forecast: f.calls, arrived: arrived.get(f.hour) ?? 0 })) ?? null,
    queuesToday: [...todays.queues]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([queueId, c]) => {
        const l = levelsOf(c, todays.waitingUnderTarget.get(queueId) ?? 0);
        return { queueId, ...l, serviceLevel: serviceLevel(l) };
      }),
    surveysToday: surveys.map((q) => ({ ...q, text: questions.get(q.question) ?? null })),
    callbacks: {
      pending,
      inEngine: snapshot?.callbacksPending ?? null,
      recovered: centre?.engine.recoveredCallbacks ?? 0,
    },
    storage: centre?.storage() ?? null,
  };
}
