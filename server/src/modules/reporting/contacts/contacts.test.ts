import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';
import { buildFiscalCode, insertPatients } from '../../registry/index.ts';

// MR-1: the knowledge database of contacts, on hand-made calls whose expected rows are written out below.
describe('the knowledge database of contacts', () => {
  let t: TestDatabase;
  let app: App;
  let supervisor: Record<string, string>;
  const clock = new ManualClock('2026-12-04T09:00:00Z');
  const CUP = '848821821';
  const REGIONAL = '800292020';
  const ROSSI = '+393331234567';
  const fiscalCode = buildFiscalCode({
    familyName: 'Rossi',
    givenName: 'Maria',
    birthDate: '1960-03-01',
    sex: 'F',
    municipalityCode: 'G942',
  });
  let key = 0;

  const call = (
    id: string,
    line: string,
    caller: string,
    start: string,
    o: {
      answered?: string;
      requestType?: string;
      resolved?: boolean;
      end: number;
      outcome: string;
      score?: number[];
    },
  ) => {
    const at = Date.parse(start);
    const events: Record<string, unknown>[] = [
      { type: 'call.arrived', at, callId: id, line, callerId: caller, channelsInUse: 1, channels: 60 },
      { type: 'ivr.choice', at: at + 3000, callId: id, menu: 'cup/principale', digits: '1', result: 'ok' },
    ];
    if (o.answered)
      events.push({ type: 'call.answered', at: at + 10_000, callId: id, agentId: o.answered, waitMs: 4000 });
    if (o.resolved !== undefined)
      events.push({
        type: 'call.outcome',
        at: at + 100_000,
        callId: id,
        callbackId: null,
        agentId: o.answered,
        requestType: o.requestType,
        resolvedFirstContact: o.resolved,
        escalated: !o.resolved,
      });
    events.push({
      type: 'call.ended',
      at: at + o.end * 1000,
      callId: id,
      line,
      outcome: o.outcome,
      queueId: 'cup',
      requestType: o.requestType ?? null,
      durationMs: o.end * 1000,
      talkMs: o.answered ? (o.end - 10) * 1000 : 0,
    });
    for (const score of o.score ?? [])
      events.push({ type: 'survey.answer', at: at + (o.end + 5) * 1000, callId: id, score });
    return events;
  };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', CONTACT_CENTRE: 'off' });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    await insertPatients(
      t.db,
      [
        {
          id: '00000000-0000-4000-8000-0000000000aa',
          fiscalCode,
          givenName: 'Maria',
          familyName: 'Rossi',
          birthDate: '1960-03-01',
          sex: 'F',
          phone: '3331234567',
          email: null,
          consents: { contactByPhone: true },
        },
      ],
      clock.now(),
    );
    const events = [
      ...call('a1', CUP, ROSSI, '2026-11-10T08:00:00Z', {
        answered: 'ag-101',
        requestType: 'prenotazione',
        resolved: true,
        end: 200,
        outcome: 'answered',
        score: [5, 4],
      }),
      ...call('a2', CUP, '3479999999', '2026-11-11T08:00:00Z', { end: 30, outcome: 'abandoned' }),
      ...call('a3', REGIONAL, ROSSI, '2026-11-12T08:00:00Z', {
        answered: 'ag-102',
        requestType: 'informazioni',
        resolved: false,
        end: 400,
        outcome: 'answered',
      }),
      // 00:30 on 1 December in Rome: December's, not November's.
      ...call('a4', CUP, ROSSI, '2026-11-30T23:30:00Z', { end: 20, outcome: 'busy' }),
      // October: a caller who took a callback, answered and classified on its own leg.
      ...call('a5', CUP, '3330000005', '2026-10-15T08:00:00Z', { end: 40, outcome: 'callback' }),
      { type: 'callback.requested', at: Date.parse('2026-10-15T08:00:30Z'), callbackId: 'cb5', callId: 'a5' },
      { type: 'callback.dialled', at: Date.parse('2026-10-15T08:20:00Z'), callbackId: 'cb5', legId: 'leg5' },
      { type: 'callback.answered', at: Date.parse('2026-10-15T08:20:10Z'), callbackId: 'cb5', legId: 'leg5' },
      {
        type: 'call.outcome',
        at: Date.parse('2026-10-15T08:24:00Z'),
        callId: 'leg5',
        callbackId: 'cb5',
        resolvedFirstContact: true,
        escalated: false,
      },
      { type: 'outbound.ended', at: Date.parse('2026-10-15T08:24:00Z'), legId: 'leg5', answered: true },
    ];
    await t.db
      .insertInto('contact_event')
      .values(
        events.map((e) => ({
          at: new Date(e.at as number),
          type: e.type as string,
          source: 'simulazione',
          // As the writer keys them: the call, else the callback, else the leg.
          call_id: (e.callId ?? e.callbackId ?? e.legId) as string,
          line: (e.line as string) ?? null,
          queue_id: null,
          agent_id: (e.agentId as string) ?? null,
          payload: JSON.stringify(e),
          event_key: `k${key++}`,
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const search = async (q: string, headers = supervisor) =>
    app.inject({ method: 'GET', url: `/api/v1/reporting/contacts?${q}`, headers });
  const ids = async (q: string) => {
    const res = await search(q);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().contacts.map((c: { callId: string }) => c.callId);
  };
  const NOVEMBER = 'from=2026-11-01&to=2026-11-30';

  it('lists the period by arrival, newest first, with how each contact went', async () => {
    expect(await ids(NOVEMBER)).toEqual(['a3', 'a2', 'a1']);
    const a1 = (await search(NOVEMBER)).json().contacts[2];
    expect(a1).toEqual({
      callId: 'a1',
      arrivedAt: '2026-11-10T08:00:00.000Z',
      line: CUP,
      callerId: ROSSI,
      outcome: 'answered',
      requestType: 'prenotazione',
      queueId: 'cup',
      durationSeconds: 200,
      talkSeconds: 190,
      agentId: 'ag-101',
      resolvedFirstContact: true,
      escalated: false,
      surveyScore: 4.5,
    });
    expect(await ids('from=2026-12-01&to=2026-12-01')).toEqual(['a4']);
  });

  it('filters by number in any form, patient, request type, outcome and line', async () => {
    expect(await ids(`${NOVEMBER}&number=333%201234567`)).toEqual(['a3', 'a1']);
    expect(await ids(`${NOVEMBER}&fiscalCode=${fiscalCode}`)).toEqual(['a3', 'a1']);
    expect(await ids(`${NOVEMBER}&requestType=informazioni`)).toEqual(['a3']);
    expect(await ids(`${NOVEMBER}&outcome=abandoned`)).toEqual(['a2']);
    expect(await ids(`${NOVEMBER}&line=800.292.020`)).toEqual(['a3']);
    expect(await ids(`${NOVEMBER}&fiscalCode=${fiscalCode}&line=${CUP}`)).toEqual(['a1']);
  });

  it('pages with a cursor', async () => {
    const first = (await search(`${NOVEMBER}&limit=2`)).json();
    expect(first.contacts.map((c: { callId: string }) => c.callId)).toEqual(['a3', 'a2']);
    const second = (await search(`${NOVEMBER}&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.contacts.map((c: { callId: string }) => c.callId)).toEqual(['a1']);
    expect(second.nextCursor).toBeNull();
  });

  it('opens a contact with its callback, the callback’s conversation and its classification', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/contacts/a5',
      headers: supervisor,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().events.map((e: { type: string }) => e.type)).toEqual([
      'call.arrived',
      'ivr.choice',
      'call.ended',
      'callback.requested',
      'callback.dialled',
      'callback.answered',
      'call.outcome',
      'outbound.ended',
    ]);
  });

  it('opens a contact on its events in order, and audits the search and the reading', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/contacts/a1',
      headers: supervisor,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().events.map((e: { type: string }) => e.type)).toEqual([
      'call.arrived',
      'ivr.choice',
      'call.answered',
      'call.outcome',
      'call.ended',
      'survey.answer',
      'survey.answer',
    ]);
    const audits = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_type', 'resource_id', 'subject', 'patient_id'])
      .where('resource_type', '=', 'ContactHistory')
      .execute();
    expect(audits).toContainEqual({
      action: 'read',
      resource_type: 'ContactHistory',
      resource_id: 'a1',
      subject: ROSSI,
      patient_id: null,
    });
    expect(audits).toContainEqual({
      action: 'search',
      resource_type: 'ContactHistory',
      resource_id: null,
      subject: fiscalCode,
      patient_id: '00000000-0000-4000-8000-0000000000aa',
    });
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/contacts/zz',
      headers: supervisor,
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses bad input by field, and operators', async () => {
    const bad = await search('from=2026-11-30&to=2026-11-01');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.field).toBe('to');
    const unknown = await search(`${NOVEMBER}&fiscalCode=RSSMRA80A01H501U`);
    expect(unknown.json().error.field).toBe('fiscalCode');
    const cursor = await search(`${NOVEMBER}&cursor=nope`);
    expect(cursor.json().error.field).toBe('cursor');
    const operator = await loginAs(app, t.db, clock, ['operator']);
    expect((await search(NOVEMBER, operator)).statusCode).toBe(403);
  });
});
