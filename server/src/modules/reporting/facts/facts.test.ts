import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import {
  BUILTIN_SCENARIOS,
  basilicataCentre,
  type ContactEvent,
  insertContactEvents,
  normaliseNumber,
  runSimulation,
  type Scenario,
  storingSink,
  toStoredEvent,
} from '../../contact-centre/index.ts';
import { StatsCollector } from '../indicators/stats.ts';
import { evaluateSlaMonth } from '../reports/sla.service.ts';
import { wallboard } from '../wallboard/wallboard.service.ts';
import { projectCallFacts } from './facts.service.ts';

// Issue 12 §7: the month's evaluation reads the call facts projected from contact_event. Checked against
// the tender's definitions applied here, call by call, to the simulated events themselves; the projection
// must give the same facts however its windows fall, once each, and never skip a row committed late.
const CUP = '848821821';
const FROM = Date.parse('2026-10-31T23:00:00Z'); // 1 November, Rome
const TO = Date.parse('2026-11-30T23:00:00Z'); // 1 December, Rome
const CUTOFF = TO + 2 * 86_400_000;

function scenario(): Scenario {
  const base = BUILTIN_SCENARIOS['cup-2013']!;
  return {
    ...base,
    name: 'cup-2013-short-staffed',
    // Few agents: long waits, so that callers hang up and take callbacks.
    traffic: base.traffic.map((t) => (t.kind === 'curves' ? { ...t, yearlyCalls: 60_000 } : t)),
    staffing: { kind: 'constant', agents: 2 },
    centre: basilicataCentre(),
  };
}

/** The CUP line's levels by the tender's words, from the events alone. */
function reference(events: ContactEvent[]) {
  const calls = new Map<
    string,
    {
      at: number;
      line: string;
      answer?: number;
      end?: number;
      outcome?: string;
      duration?: number;
      cb?: string;
    }
  >();
  const callOfCallback = new Map<string, string>();
  const callbackAnswer = new Map<string, number>();
  const outcomes: { callId: string | null; callbackId: string | null; at: number; resolved: boolean }[] = [];
  for (const e of events) {
    if (e.type === 'call.arrived') calls.set(e.callId, { at: e.at, line: normaliseNumber(e.line) });
    else if (e.type === 'call.answered' && !e.transferred) {
      const c = calls.get(e.callId);
      if (c && c.answer === undefined) c.answer = e.at;
    } else if (e.type === 'callback.requested') {
      calls.get(e.callId)!.cb = e.callbackId;
      callOfCallback.set(e.callbackId, e.callId);
    } else if (e.type === 'callback.answered' && !callbackAnswer.has(e.callbackId))
      callbackAnswer.set(e.callbackId, e.at);
    else if (e.type === 'call.ended')
      Object.assign(calls.get(e.callId)!, { end: e.at, outcome: e.outcome, duration: e.durationMs });
    else if (e.type === 'call.outcome')
      outcomes.push({
        callId: e.callbackId ? null : e.callId,
        callbackId: e.callbackId,
        at: e.at,
        resolved: e.resolvedFirstContact,
      });
  }
  const inMonth = (c: { at: number; line: string }) => c.line === CUP && c.at >= FROM && c.at < TO;
  let counted = 0;
  let within = 0;
  let lost = 0;
  let callbacks = 0;
  for (const c of calls.values()) {
    if (!inMonth(c) || c.end === undefined || c.end >= CUTOFF) continue;
    if (!['answered', 'abandoned', 'busy', 'callback'].includes(c.outcome!)) continue;
    counted++;
    if (c.outcome === 'abandoned' || c.outcome === 'busy') lost++;
    let answeredAt = c.answer;
    if (c.outcome === 'callback') {
      callbacks++;
      const a = callbackAnswer.get(c.cb!);
      answeredAt = a !== undefined && a < CUTOFF ? a : undefined;
    }
    if (answeredAt !== undefined && answeredAt - c.at <= 20_000) within++;
    else if (c.outcome === 'abandoned' && c.duration! <= 20_000) within++;
  }
  let classified = 0;
  let resolved = 0;
  let resolvedTimed = 0;
  let resolvedInTime = 0;
  for (const o of outcomes) {
    const call = calls.get(o.callId ?? callOfCallback.get(o.callbackId!) ?? '');
    if (!call || call.end === undefined || !inMonth(call) || o.at >= CUTOFF) continue;
    classified++;
    if (o.resolved) resolved++;
    if (o.resolved && o.callId !== null) {
      resolvedTimed++;
      if (o.at - call.at <= 240_000) resolvedInTime++;
    }
  }
  return {
    counted,
    callbacks,
    'tempo-massimo-attesa': within / counted,
    'chiamate-perdute': lost / counted,
    'evase-primo-contatto': resolved / classified,
    'soluzione-primo-contatto-cup': resolvedInTime / resolvedTimed,
  };
}

describe('the call facts behind the month’s evaluation (issue 12 §7)', () => {
  let t: TestDatabase;
  const events: ContactEvent[] = [];
  const clock = new ManualClock('2026-12-10T09:00:00Z');
  const cupLevels = async () => {
    const m = await evaluateSlaMonth(t.db, clock, { month: '2026-11' });
    const cup = m.services.find((s) => s.service === 'cup')!;
    return Object.fromEntries(cup.rules.map((r) => [r.id, r.measured]));
  };
  const facts = async () =>
    (
      await sql<{
        n: string;
      }>`select (select count(*) from call_fact) + (select count(*) from callback_answer)
        + (select count(*) from outcome_fact) as n`.execute(t.db)
    ).rows[0]!.n;

  beforeAll(async () => {
    t = await createPostgresDatabase();
    const sink = storingSink(t.db, 'simulazione');
    await runSimulation({
      scenario: scenario(),
      days: 9,
      startDate: '2026-11-23',
      seed: 11,
      sinks: [sink, { emit: (e) => events.push(e) }],
    });
    await sink.done();
  }, 240_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('measures the CUP line as the tender defines each level, callbacks included', async () => {
    const ref = reference(events);
    // The month's end, callbacks and classified conversations are all exercised.
    expect(ref.callbacks).toBeGreaterThan(5);
    expect(ref.counted).toBeGreaterThan(500);
    const levels = await cupLevels();
    for (const id of [
      'tempo-massimo-attesa',
      'chiamate-perdute',
      'evase-primo-contatto',
      'soluzione-primo-contatto-cup',
    ] as const)
      expect(levels[id], id).toBeCloseTo(ref[id], 12);
  });

  it('gives the same facts in small windows, carrying open calls across them, and each fact once', async () => {
    const before = await facts();
    const levels = await cupLevels();
    await sql`delete from call_fact; delete from callback_answer; delete from outcome_fact;
      update call_fact_cursor set last_id = 0, state = '{}'`.execute(t.db);
    // 997 ids a window: thousands of windows, most calls arriving in one and ending in another.
    await projectCallFacts(t.db, 997n);
    expect(await facts()).toBe(before);
    expect(await cupLevels()).toEqual(levels);
    // Read again from the start (as after a crash before the cursor moved): nothing is added twice.
    await sql`update call_fact_cursor set last_id = 0, state = '{}'`.execute(t.db);
    expect(await projectCallFacts(t.db)).toBeGreaterThan(0);
    expect(await facts()).toBe(before);
    expect(await cupLevels()).toEqual(levels);
  });

  it('the wallboard’s counts equal the reporting module’s statistics of the same events (MR-2: one rule)', async () => {
    // The last simulated day's end, 23:00 in Rome: the lines are closed, no call crosses the windows'
    // edges; the week leaves out the first two days, the month holds them.
    const now = Date.parse('2026-12-01T22:00:00Z');
    const dayStart = Date.parse('2026-11-30T23:00:00Z');
    const weekStart = now - 7 * 86_400_000;
    const fold = (from: number) => {
      const stats = new StatsCollector({ from, until: now });
      for (const e of events) if (e.at >= from && e.at <= now) stats.emit(e);
      return stats.report(now);
    };
    const board = await wallboard(t.db, null, new Date(now));
    const today = fold(dayStart).total;
    expect(today.offered).toBeGreaterThan(50);
    expect(board.today).toMatchObject({
      offered: today.offered,
      answered: today.answered,
      answeredWithinTarget: today.answeredWithinTarget,
      abandonedWithinTarget: today.abandonedShort,
      abandonedAfterTarget: today.abandonedLong,
    });
    expect(board.today.serviceLevel).toBeCloseTo(today.serviceLevel!, 12);
    const week = fold(weekStart).total;
    expect(board.windows.week).toMatchObject({
      arrived: week.arrived,
      refused: week.busy + week.turnedAway,
      answered: week.answered,
    });
    expect(board.windows.week.averageWaitSeconds).toBeCloseTo(week.averageSpeedOfAnswerSeconds!, 9);
    // The month: almost all of it from the hours folded and kept, the last hours folded at the refresh.
    const month = fold(now - 30 * 86_400_000).total;
    expect(month.arrived).toBeGreaterThan(week.arrived);
    expect(board.windows.month).toMatchObject({
      arrived: month.arrived,
      refused: month.busy + month.turnedAway,
      answered: month.answered,
    });
    const kept = await t.db
      .selectFrom('call_hour')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(kept?.n)).toBeGreaterThan(200);
  });

  it('waits for an append still in flight instead of skipping its lower ids', async () => {
    await projectCallFacts(t.db);
    const at = Date.parse('2026-11-30T10:00:00Z');
    const stored = (e: Record<string, unknown>, key: string) =>
      toStoredEvent(e as unknown as ContactEvent, 'late', key);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let inserted!: () => void;
    const insertedFirst = new Promise<void>((r) => {
      inserted = r;
    });
    // A writer that has taken its ids and not committed yet…
    const slow = t.db.transaction().execute(async (tx) => {
      await insertContactEvents(tx, [
        stored({ type: 'call.arrived', at, callId: 'late-1', line: CUP, callerId: '3330000000' }, 'l1'),
      ]);
      inserted();
      await held;
    });
    await insertedFirst;
    // …while a later append (higher ids) commits at once.
    await insertContactEvents(t.db, [
      stored(
        {
          type: 'call.ended',
          at: at + 5_000,
          callId: 'late-1',
          line: CUP,
          outcome: 'abandoned',
          durationMs: 5_000,
        },
        'l2',
      ),
    ]);
    const projecting = projectCallFacts(t.db);
    await new Promise((r) => setTimeout(r, 200));
    release();
    await slow;
    await projecting;
    const row = await t.db
      .selectFrom('call_fact')
      .selectAll()
      .where('call_id', '=', 'late-1')
      .executeTakeFirst();
    expect(row).toMatchObject({ source: 'late', line: CUP, arrived_ms: at, outcome: 'abandoned' });
  });
});
