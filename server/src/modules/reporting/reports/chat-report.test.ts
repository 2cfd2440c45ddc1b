import readExcelFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, makeReport } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';
import { chatSettings } from '../../chat/index.ts';

// CC-10 in the monthly report (MR-2: answer time per request type and channel; MR-3): November 2026's
// chats, made through the citizen's and the operator's API at hand-picked instants, and the figures the
// report must hold for them, counted here by hand. The chats just outside the month (the last minutes of
// October and the first of December, Rome time) must not count.

type Headers = Record<string, string>;

describe("the month's chats in the report (CC-10, MR-2)", () => {
  let t: TestDatabase;
  let app: App;
  let operator: Headers;
  let manager: Headers;
  const clock = new ManualClock('2026-11-10T09:00:00Z');
  let report: { id: string; data: { chat?: Record<string, unknown> } };

  const json = { 'content-type': 'application/json' };
  const start = async (message: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/chat',
      headers: json,
      payload: { message },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; token: string };
  };
  const citizen = (c: { id: string; token: string }, path: string, payload: object = { after: 0 }) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/portal/chat/${c.id}${path}`,
      headers: { ...json, 'x-chat-token': c.token },
      payload,
    });
  const accept = async (c: { id: string }) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/chat/${c.id}/accept`,
      headers: operator,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const close = (c: { id: string }) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/chat/${c.id}/close`,
      headers: operator,
      payload: { after: 0 },
    });

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', CONTACT_CENTRE: 'off' });
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log: createLogger('silent'),
      chat: { ...chatSettings(loadConfig({ CHAT_HOURS: 'always' })), startsPer10Min: 1000 },
    });
    await app.ready();

    // 31 October 23:50 Rome (22:50 UTC): October's.
    clock.set('2026-10-31T22:50:00Z');
    await citizen(await start('Devo disdire una visita'), '/close', { rating: 1, after: 0 });

    // Tuesday 10 November, 10:00 Rome.
    clock.set('2026-11-10T09:00:00Z');
    operator = await loginAs(app, t.db, clock, ['operator']);
    // A cancellation settled by the reception, rated 5.
    await citizen(await start('Vorrei disdire la prenotazione'), '/close', { rating: 5, after: 0 });
    // A cancellation, then a person asked for (the topic stays a cancellation): answered after 40 s.
    const a = await start('Vorrei disdire la prenotazione');
    await citizen(a, '/operator');
    clock.advance(40_000);
    await accept(a);
    await close(a);
    await citizen(a, '/close', { rating: 4, after: 0 });
    // A booking asked straight to a person: answered after 100 s, passed to the back office.
    const b = await start('Prenotare una visita, posso parlare con un operatore?');
    clock.advance(100_000);
    await accept(b);
    const ticket = await app.inject({
      method: 'POST',
      url: `/api/v1/chat/${b.id}/ticket`,
      headers: operator,
      payload: { queue: 'cup', subject: 'Prenotazione senza prescrizione', after: 0 },
    });
    expect(ticket.statusCode, ticket.body).toBeLessThan(300);
    await close(b);

    // Friday 20 November: not recognised, a person asked for, left waiting, then a written request.
    clock.set('2026-11-20T15:00:00Z');
    const c = await start('Buongiorno, ho una domanda particolare');
    await citizen(c, '/operator');
    clock.advance(120_000);
    const left = await citizen(c, '/request', { email: 'cittadino@example.it', after: 0 });
    expect(left.statusCode, left.body).toBeLessThan(300);
    // And a payment question abandoned in the queue.
    const d = await start('Come pago il ticket? Voglio un operatore');
    clock.advance(30_000);
    await citizen(d, '/close', { after: 0 });

    // 1 December 00:10 Rome (30 November 23:10 UTC): December's.
    clock.set('2026-11-30T23:10:00Z');
    await start('Vorrei prenotare');

    clock.set('2026-12-04T09:00:00Z');
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    report = await makeReport(app, manager, 'monthly', '2026-11');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it("holds the month's chats as docs/indicators.md defines them, by topic", () => {
    expect(report.data.chat).toEqual({
      started: 5,
      selfService: 1,
      queued: 4,
      answered: 2,
      abandoned: 1,
      requestsLeft: 1,
      inProgress: 0,
      answeredWithin60s: 1, // 40 s; 100 s is over
      averageWaitSeconds: 70, // (40 + 100) / 2
      longestWaitSeconds: 100,
      ratings: 2,
      averageRating: 4.5, // (5 + 4) / 2
      tickets: 2, // the one passed by the operator and the written request
      byTopic: [
        // In the order of the reception's topics; a greeting then the operator button is "operator".
        { topic: 'operator', started: 1, queued: 1, answered: 0, averageWaitSeconds: null },
        { topic: 'cancel', started: 2, queued: 1, answered: 1, averageWaitSeconds: 40 },
        { topic: 'pay', started: 1, queued: 1, answered: 0, averageWaitSeconds: null },
        { topic: 'book', started: 1, queued: 1, answered: 1, averageWaitSeconds: 100 },
      ],
    });
  });

  it('gives them as the workbook sheet and CSV table "chat", and in the PDF', async () => {
    const get = (q: string) =>
      app.inject({ method: 'GET', url: `/api/v1/reporting/reports/${report.id}?${q}`, headers: manager });
    const csv = await get('format=csv&table=chat');
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]!.split(';').slice(0, 7)).toEqual([
      'argomento',
      'iniziate',
      'concluse_automaticamente',
      'richieste_operatore',
      'prese_in_carico',
      'entro_60s',
      'attesa_media_s',
    ]);
    expect(lines.slice(1).map((l) => l.split(';').slice(0, 2))).toEqual([
      ['"totale"', '5'],
      ['"richiesta di un operatore"', '1'],
      ['"disdetta"', '2'],
      ['"pagamento"', '1'],
      ['"prenotazione"', '1'],
    ]);
    const sheets = await readExcelFile((await get('format=xlsx')).rawPayload);
    expect(sheets.map((s) => s.sheet)).toContain('chat');
    const pdf = await get('format=pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a report made before chats were counted has no chat table: 404 on its field, not a failure', async () => {
    await t.db
      .updateTable('report')
      .set({ data: JSON.stringify({ ...report.data, chat: undefined }) as never })
      .where('id', '=', report.id)
      .execute();
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/reporting/reports/${report.id}?format=csv&table=chat`,
      headers: manager,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', field: 'table' });
    const pdf = await app.inject({
      method: 'GET',
      url: `/api/v1/reporting/reports/${report.id}?format=pdf`,
      headers: manager,
    });
    expect(pdf.statusCode).toBe(200);
  });
});
