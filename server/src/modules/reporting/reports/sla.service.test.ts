import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';

// MR-5 on stored events: a hand-made November on two lines, its levels worked out by hand below from the
// tender's definitions (the wait from the call's start, a lost call by its duration, whole points).
describe("a month's service levels and penalties from its contact events", () => {
  let t: TestDatabase;
  let app: App;
  let manager: Record<string, string>;
  const clock = new ManualClock('2026-12-04T09:00:00Z');
  const CUP = '848821821';
  const REGIONAL = '800292020';
  let key = 0;
  /** Stores hand-made events as the writer would (one key each). */
  const store = (events: Record<string, unknown>[]) =>
    t.db
      .insertInto('contact_event')
      .values(
        events.map((e) => ({
          at: new Date(e.at as number),
          type: e.type as string,
          source: 'simulazione',
          call_id: e.callId as string,
          line: (e.line as string | undefined) ?? null,
          queue_id: null,
          agent_id: null,
          payload: JSON.stringify(e),
          event_key: `test-${++key}`,
        })),
      )
      .execute();

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', CONTACT_CENTRE: 'off' });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    const events: Record<string, unknown>[] = [];
    /** One inbound call: arrival, answer after `answerS` (or none), end after `endS`, outcome at `outcomeS`. */
    const call = (
      id: string,
      line: string,
      start: string,
      o: { answerS?: number; endS: number; resolved?: boolean; outcomeS?: number },
    ) => {
      const at = Date.parse(start);
      events.push({ type: 'call.arrived', at, callId: id, line, callerId: '3330000000' });
      if (o.answerS !== undefined)
        events.push({
          type: 'call.answered',
          at: at + o.answerS * 1000,
          callId: id,
          waitMs: 5000,
          transferred: false,
          line,
        });
      if (o.resolved !== undefined)
        events.push({
          type: 'call.outcome',
          at: at + (o.outcomeS ?? o.endS) * 1000,
          callId: id,
          callbackId: null,
          resolvedFirstContact: o.resolved,
        });
      events.push({
        type: 'call.ended',
        at: at + o.endS * 1000,
        callId: id,
        line,
        outcome: o.answerS !== undefined ? 'answered' : 'abandoned',
        durationMs: o.endS * 1000,
      });
    };
    const T = '2026-11-10T09:00:00Z';
    for (let i = 1; i <= 5; i++) call(`c${i}`, CUP, T, { answerS: 15, endS: 200, resolved: true });
    call('c6', CUP, T, { answerS: 15, endS: 200, resolved: true, outcomeS: 300 });
    call('c7', CUP, T, { answerS: 15, endS: 200, resolved: false });
    call('c8', CUP, T, { answerS: 15, endS: 200, resolved: false });
    call('c9', CUP, T, { answerS: 40, endS: 100, resolved: true });
    call('c10', CUP, T, { endS: 10 }); // hung up after 10 s: lost, and within 20 s by its duration
    // 23:59:50 on 30 November in Rome, ended on 1 December: November's call.
    call('c11', CUP, '2026-11-30T22:59:50Z', { answerS: 5, endS: 70, resolved: true });
    // 23:59:50 on 31 October in Rome (after the clocks went back), ended in November: October's call.
    call('c0', CUP, '2026-10-31T22:59:50Z', { answerS: 60, endS: 120, resolved: false });
    // 00:00:10 on 1 December in Rome: December's.
    call('d1', CUP, '2026-11-30T23:00:10Z', { answerS: 60, endS: 120, resolved: false });
    call('r1', REGIONAL, T, { answerS: 30, endS: 500, resolved: true });
    await store(events);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('measures each level as the tender defines it and charges whole points below it', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/sla?month=2026-11&serviceValue=100000',
      headers: manager,
    });
    expect(res.statusCode, res.body).toBe(200);
    const sla = res.json();
    const cup = sla.services.find((s: { service: string }) => s.service === 'cup');
    // c1…c11 without c0 (October) and d1 (December).
    expect(cup.calls).toBe(11);
    const rule = (id: string) => cup.rules.find((r: { id: string }) => r.id === id);
    // Within 20 s of the call's start: c1…c8 (15 s), c10 (lost after 10 s), c11 (5 s); not c9 (40 s).
    expect(rule('tempo-massimo-attesa')).toMatchObject({ measured: 10 / 11, met: true, points: 0 });
    expect(rule('chiamate-perdute')).toMatchObject({ measured: 1 / 11, met: true, points: 0 });
    // Resolved at first contact: c1…c6, c9, c11 of the ten classified.
    expect(rule('evase-primo-contatto')).toMatchObject({ measured: 0.8, met: true });
    // Of those eight, within 4 minutes of the call's start: all but c6 (5 minutes) → 87.5%: 2 whole points.
    expect(rule('soluzione-primo-contatto-cup')).toMatchObject({
      measured: 7 / 8,
      met: false,
      points: 2,
      penaltyShare: 0.01,
      penaltyEuro: 1000,
    });
    expect(cup.rules.map((r: { id: string }) => r.id)).not.toContain('soluzione-primo-contatto-csb');
    expect(cup).toMatchObject({ penaltyShare: 0.01, penaltyEuro: 1000 });
    const regional = sla.services.find((s: { service: string }) => s.service === 'regionale');
    // One call answered after 30 s: 0% within 20 s, 90 points below; resolved in 500 s, within 9 minutes.
    expect(regional.rules.find((r: { id: string }) => r.id === 'tempo-massimo-attesa')).toMatchObject({
      measured: 0,
      points: 90,
      penaltyShare: 0.45,
    });
    expect(regional.rules.find((r: { id: string }) => r.id === 'soluzione-primo-contatto-csb')).toMatchObject(
      {
        measured: 1,
        met: true,
      },
    );
    expect(sla.definitions).toEqual({
      waitMeasuredFrom: 'arrival',
      lostCallsMeasuredByDuration: true,
      points: 'whole',
    });
    // Every level of the tender is measured now (the help desk's since issue 16).
    expect(sla.notMeasured).toEqual([]);
    expect(sla.helpdesk.map((l: { id: string }) => l.id)).toEqual([
      'risposta-contatti-scritti',
      'risolte-secondo-livello',
      'tempo-soluzione-secondo-livello',
    ]);
  });

  it("reads today's levels so far for the wallboard, by the same definitions", async () => {
    // Today is 4 December (the clock: 10:00 in Rome). Calls ended by now count; one still on the line not.
    const today: Record<string, unknown>[] = [];
    const add = (id: string, start: string, answerS: number | null, endS: number | null) => {
      const at = Date.parse(start);
      today.push({ type: 'call.arrived', at, callId: id, line: CUP, callerId: '3330000000' });
      if (answerS !== null)
        today.push({
          type: 'call.answered',
          at: at + answerS * 1000,
          callId: id,
          waitMs: 1000,
          transferred: false,
        });
      if (endS !== null)
        today.push({
          type: 'call.ended',
          at: at + endS * 1000,
          callId: id,
          line: CUP,
          outcome: answerS === null ? 'abandoned' : 'answered',
          durationMs: endS * 1000,
        });
    };
    add('t1', '2026-12-04T08:00:00Z', 10, 180); // within 20 s
    add('t2', '2026-12-04T08:10:00Z', null, 30); // lost after 30 s: lost, not within
    add('t3', '2026-12-04T08:20:00Z', 25, 200); // answered after 25 s: not within
    add('t4', '2026-12-04T08:59:50Z', null, null); // still waiting: not measured yet
    add('y1', '2026-12-03T22:59:00Z', 5, 60); // 23:59 on 3 December in Rome: yesterday's
    await store(today);
    const res = await app.inject({ method: 'GET', url: '/api/v1/reporting/sla/today', headers: manager });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ date: '2026-12-04', from: '2026-12-03T23:00:00.000Z' });
    const cup = body.services.find((s: { service: string }) => s.service === 'cup');
    expect(cup.calls).toBe(3);
    const rule = (id: string) => cup.rules.find((r: { id: string }) => r.id === id);
    expect(rule('tempo-massimo-attesa')).toMatchObject({ measured: 1 / 3, met: false });
    expect(rule('chiamate-perdute')).toMatchObject({ measured: 1 / 3, met: false });
    expect(body.definitions.waitMeasuredFrom).toBe('arrival');
  });

  it('says nothing is measured in a month without calls, and refuses a month not begun or malformed', async () => {
    const empty = (
      await app.inject({ method: 'GET', url: '/api/v1/reporting/sla?month=2026-09', headers: manager })
    ).json();
    expect(empty.services).toEqual([]);
    const future = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/sla?month=2027-01',
      headers: manager,
    });
    expect(future.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'month' });
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/sla?month=2026-13',
      headers: manager,
    });
    expect(bad.statusCode).toBe(422);
  });
});
