import readExcelFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, makeReport } from '../../../../test/app.ts';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { App } from '../../../platform/http.ts';

// The portal's ratings (Designers Italia C.SE.1.7) in the monthly report (MR-2, MR-3): November 2026's,
// given through the citizen's form at hand-picked instants, and the figures the report must hold, counted
// here by hand. The ratings just outside the month (Rome time) must not count.
describe.each(DRIVERS)("the month's portal ratings in the report on $name", ({ create }) => {
  let t: TestDatabase;
  let app: App;
  let manager: Record<string, string>;
  const clock = new ManualClock('2026-10-31T22:50:00Z');
  let report: { id: string; data: { portalRatings?: Record<string, unknown> } };
  const rate = async (at: string, payload: object) => {
    clock.set(at);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/rating',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(res.statusCode, res.body).toBe(204);
  };
  const get = (q: string) =>
    app.inject({ method: 'GET', url: `/api/v1/reporting/reports/${report.id}?${q}`, headers: manager });

  beforeAll(async () => {
    t = await create();
    app = await buildTestApp(t.db, clock);
    // 31 October 23:50 Rome (22:50 UTC, still summer time's end day: CET): October's.
    await rate('2026-10-31T22:50:00Z', {
      service: 'booking',
      rating: 1,
      reason: 'unclear',
      detail: 'ottobre',
    });
    await rate('2026-11-02T08:00:00Z', { service: 'booking', rating: 5, reason: 'clear' });
    await rate('2026-11-02T09:00:00Z', { service: 'booking', rating: 5, reason: 'clear', detail: 'Veloce' });
    await rate('2026-11-03T10:00:00Z', { service: 'booking', rating: 3, reason: 'unsure-progress' });
    await rate('2026-11-12T10:00:00Z', { service: 'manage', rating: 4 });
    await rate('2026-11-20T10:00:00Z', {
      service: 'payment',
      rating: 1,
      reason: 'technical-problems',
      detail: '=HYPERLINK("http://x") mio numero 3331234567',
    });
    // 1 December 00:10 Rome (30 November 23:10 UTC): December's.
    await rate('2026-11-30T23:10:00Z', { service: 'kiosk', rating: 5, reason: 'other', detail: 'dicembre' });

    clock.set('2026-12-04T09:00:00Z');
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    report = await makeReport(app, manager, 'monthly', '2026-11');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('holds the month’s ratings by service and stars, the answers, and the words', () => {
    const r = report.data.portalRatings!;
    // Five in November: 5 + 5 + 3 + 4 + 1 = 18 stars.
    expect(r).toMatchObject({ ratings: 5, average: 3.6 });
    expect(r.services).toEqual([
      { service: 'booking', ratings: 3, average: 4.33, byStars: [0, 0, 1, 0, 2] },
      { service: 'manage', ratings: 1, average: 4, byStars: [0, 0, 0, 1, 0] },
      { service: 'payment', ratings: 1, average: 1, byStars: [1, 0, 0, 0, 0] },
      { service: 'kiosk', ratings: 0, average: null, byStars: [0, 0, 0, 0, 0] },
    ]);
    const given = (r.reasons as { question: string; reason: string; count: number }[]).filter(
      (a) => a.count > 0,
    );
    expect(given).toEqual([
      { question: 'difficulties', reason: 'unsure-progress', count: 1 },
      { question: 'difficulties', reason: 'technical-problems', count: 1 },
      { question: 'liked', reason: 'clear', count: 2 },
    ]);
    expect(r.comments).toEqual([
      { at: '2026-11-02T09:00:00.000Z', service: 'booking', rating: 5, reason: 'clear', text: 'Veloce' },
      {
        at: '2026-11-20T10:00:00.000Z',
        service: 'payment',
        rating: 1,
        reason: 'technical-problems',
        text: '=HYPERLINK("http://x") mio numero [omesso]',
      },
    ]);
  });

  it('gives them as the tables "valutazioni_portale" and "commenti_portale", a formula kept as text', async () => {
    const counts = await get('format=csv&table=valutazioni_portale');
    expect(counts.statusCode).toBe(200);
    const lines = counts.body.trim().split('\r\n');
    expect(lines[0]).toBe('servizio;valutazioni;voto_medio;stelle_1;stelle_2;stelle_3;stelle_4;stelle_5');
    expect(lines.slice(1, 6)).toEqual([
      '"totale";5;3.6;1;0;1;1;2',
      '"Prenotazione";3;4.33;0;0;1;0;2',
      '"Gestione della prenotazione";1;4;0;0;0;1;0',
      '"Pagamento del ticket";1;1;1;0;0;0;0',
      '"Accettazione al totem";0;;0;0;0;0;0',
    ]);
    expect(lines).toContain('"preferito: Le indicazioni erano chiare";2;;;;;;');
    const words = await get('format=csv&table=commenti_portale');
    expect(words.body.trim().split('\r\n')).toEqual([
      'quando;servizio;stelle;risposta;commento',
      '"2026-11-02T10:00:00+01:00";"Prenotazione";5;"Le indicazioni erano chiare";"Veloce"',
      `"2026-11-20T11:00:00+01:00";"Pagamento del ticket";1;"Ho avuto problemi tecnici";"'=HYPERLINK(""http://x"") mio numero [omesso]"`,
    ]);
    const sheets = await readExcelFile((await get('format=xlsx')).rawPayload);
    expect(sheets.map((s) => s.sheet)).toEqual(
      expect.arrayContaining(['valutazioni_portale', 'commenti_portale']),
    );
    const pdf = await get('format=pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a report made before ratings were counted has no such tables: 404 on its field', async () => {
    await t.db
      .updateTable('report')
      .set({ data: JSON.stringify({ ...report.data, portalRatings: undefined }) as never })
      .where('id', '=', report.id)
      .execute();
    const res = await get('format=csv&table=commenti_portale');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', field: 'table' });
    expect((await get('format=pdf')).statusCode).toBe(200);
  });
});
