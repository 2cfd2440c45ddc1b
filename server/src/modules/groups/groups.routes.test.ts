import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import type { Patient } from '../registry/index.ts';

// BK-10 over HTTP: the back office records a club's list, asks for a plan, books it.
describe('group bookings over HTTP (BK-10)', () => {
  let t: TestDatabase;
  let app: App;
  let backoffice: { authorization: string };
  let operator: { authorization: string };
  // Monday 23 November 2026, 07:00 in Rome (UTC+1).
  const clock = new ManualClock('2026-11-23T06:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = (url: string, headers = backoffice) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: unknown, headers = backoffice) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers });

  /**
   * A service at two facilities, every day 08:00–10:00 Rome in 30-minute slots: `small` with one place
   * a slot (4 a day), `large` with two (8 a day); `athletes` with a prescription each for it.
   */
  async function club(athletes: number) {
    const service = await makeService(t.db);
    const small = await makeFacility(t.db);
    const large = await makeFacility(t.db);
    await makeAgenda(t.db, clock, { place: small, services: [service.code] });
    await makeAgenda(t.db, clock, { place: large, services: [service.code], rules: [{ capacity: 2 }] });
    const people: { patient: Patient; nre: string }[] = [];
    for (let i = 0; i < athletes; i++) {
      const patient = await makePatient(t.db);
      const p = await makePrescription(t.db, { patient, services: [service.code], priority: 'P' });
      people.push({ patient, nre: p.nre });
    }
    return { service, small, large, people };
  }

  const request = (
    c: { service: { code: string }; people: { patient: Patient; nre: string }[] },
    over: Record<string, unknown> = {},
  ) => ({
    club: 'ASD Polisportiva Basento',
    contact: 'sig. Lauria, 0971 000000',
    service: c.service.code,
    from: '2026-11-25',
    to: '2026-11-27',
    athletes: c.people.map((p) => ({ fiscalCode: p.patient.fiscalCode, nre: p.nre })),
    ...over,
  });

  /** A Rome wall-clock time of 25 November 2026 (UTC+1) as an ISO instant. */
  const rome = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+01:00`).toISOString();

  it('records the list, plans as many as possible on one day, and books the plan', async () => {
    const c = await club(10);
    const created = await post('/api/v1/group-bookings', request(c));
    expect(created.statusCode, created.body).toBe(201);
    const g = created.json();
    expect(g).toMatchObject({ club: 'ASD Polisportiva Basento', athletes: 10, booked: 0 });
    expect(g.members.map((m: { fiscalCode: string }) => m.fiscalCode)).toEqual(
      c.people.map((p) => p.patient.fiscalCode),
    );

    // No facility takes ten in a day: eight (the large one's day) on the first day, then the two left
    // on the earliest session that takes them both — the small facility, the same day.
    const plan = (await get(`/api/v1/group-bookings/${g.id}/plan`)).json();
    expect(plan.unplaced).toEqual([]);
    expect(plan.alreadyBooked).toBe(0);
    const shape = plan.days.map((d: { day: string; facility: { id: string }; places: unknown[] }) => [
      d.day,
      d.facility.id,
      d.places.length,
    ]);
    expect(shape).toEqual(
      [
        ['2026-11-25', c.large.facilityId, 8],
        ['2026-11-25', c.small.facilityId, 2],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    const largeDay = plan.days.find(
      (d: { facility: { id: string } }) => d.facility.id === c.large.facilityId,
    );
    expect(largeDay.places.map((p: { position: number; start: string }) => [p.position, p.start])).toEqual([
      [1, rome('2026-11-25', '08:00')],
      [2, rome('2026-11-25', '08:00')],
      [3, rome('2026-11-25', '08:30')],
      [4, rome('2026-11-25', '08:30')],
      [5, rome('2026-11-25', '09:00')],
      [6, rome('2026-11-25', '09:00')],
      [7, rome('2026-11-25', '09:30')],
      [8, rome('2026-11-25', '09:30')],
    ]);
    const smallDay = plan.days.find(
      (d: { facility: { id: string } }) => d.facility.id === c.small.facilityId,
    );
    expect(smallDay.places.map((p: { position: number; start: string }) => [p.position, p.start])).toEqual([
      [9, rome('2026-11-25', '08:00')],
      [10, rome('2026-11-25', '08:30')],
    ]);
    const last = c.people[9]!.patient;
    expect(smallDay.places[1].name).toBe(`${last.familyName} ${last.givenName}`);

    const places = plan.days.flatMap((d: { places: { position: number; slotId: number }[] }) =>
      d.places.map((p) => ({ position: p.position, slotId: p.slotId })),
    );
    const booked = await post(`/api/v1/group-bookings/${g.id}/book`, { places });
    expect(booked.statusCode, booked.body).toBe(200);
    const result = booked.json();
    expect(result.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(Array(10).fill('booked'));
    expect(result.request.booked).toBe(10);
    expect(result.request.members[0].appointment).toMatchObject({
      start: rome('2026-11-25', '08:00'),
      status: 'booked',
    });
    // Ordinary bookings on each athlete's prescription, by the back office at the desk.
    const rows = await t.db
      .selectFrom('appointment')
      .select(['patient_id', 'channel', 'facility_id', 'status'])
      .where('service_code', '=', c.service.code)
      .execute();
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['desk']));
    expect(rows.filter((r) => r.facility_id === c.large.facilityId)).toHaveLength(8);

    // Booked athletes leave the next plan; booking again names them as already booked.
    const again = (await get(`/api/v1/group-bookings/${g.id}/plan`)).json();
    expect(again).toEqual({ days: [], unplaced: [], alreadyBooked: 10 });
    const first = places[0];
    const replay = (await post(`/api/v1/group-bookings/${g.id}/book`, { places: [first] })).json();
    const firstCode = result.outcomes.find((o: { position: number }) => o.position === first.position).code;
    expect(replay.outcomes).toEqual([
      { position: first.position, outcome: 'already_booked', message: null, code: firstCode },
    ]);

    const list = (await get('/api/v1/group-bookings')).json();
    expect(list.items.find((i: { id: string }) => i.id === g.id)).toMatchObject({ athletes: 10, booked: 10 });
  });

  it('books the others when a place was taken meanwhile, and says which', async () => {
    const c = await club(3);
    const g = (await post('/api/v1/group-bookings', request(c, { facility: c.small.facilityId }))).json();
    const plan = (await get(`/api/v1/group-bookings/${g.id}/plan`)).json();
    expect(plan.days).toHaveLength(1);
    const places = plan.days[0].places.map((p: { position: number; slotId: number }) => ({
      position: p.position,
      slotId: p.slotId,
    }));
    // A caller takes athlete 2's place first.
    const stranger = await makePatient(t.db);
    const sp = await makePrescription(t.db, { patient: stranger, services: [c.service.code], priority: 'P' });
    const taken = await post(
      '/api/v1/appointments',
      {
        nre: sp.nre,
        fiscalCode: stranger.fiscalCode,
        itemIndex: 1,
        slotId: places[1].slotId,
        channel: 'phone',
      },
      operator,
    );
    expect(taken.statusCode, taken.body).toBe(201);

    const result = (await post(`/api/v1/group-bookings/${g.id}/book`, { places })).json();
    expect(
      result.outcomes.map((o: { position: number; outcome: string }) => [o.position, o.outcome]),
    ).toEqual([
      [1, 'booked'],
      [2, 'SLOT_TAKEN'],
      [3, 'booked'],
    ]);
    // The next plan is for athlete 2 alone, on another free place.
    const next = (await get(`/api/v1/group-bookings/${g.id}/plan`)).json();
    expect(next.alreadyBooked).toBe(2);
    expect(
      next.days.flatMap((d: { places: { position: number }[] }) => d.places.map((p) => p.position)),
    ).toEqual([2]);
  });

  it('cancels the group when the club calls the day off, and plans the athletes again', async () => {
    const c = await club(3);
    const g = (await post('/api/v1/group-bookings', request(c, { facility: c.small.facilityId }))).json();
    const plan = (await get(`/api/v1/group-bookings/${g.id}/plan`)).json();
    const places = plan.days[0].places.map((p: { position: number; slotId: number }) => ({
      position: p.position,
      slotId: p.slotId,
    }));
    await post(`/api/v1/group-bookings/${g.id}/book`, { places });

    // Athlete 3 alone first, then the rest; a reason is required and nothing changes without one.
    const noReason = await post(`/api/v1/group-bookings/${g.id}/cancel`, { reason: '  ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error.field).toBe('reason');
    const unknown = await post(`/api/v1/group-bookings/${g.id}/cancel`, { reason: 'x', positions: [3, 9] });
    expect(unknown.json().error.field).toBe('positions.1');
    expect((await get(`/api/v1/group-bookings/${g.id}`)).json().booked).toBe(3);

    const one = (
      await post(`/api/v1/group-bookings/${g.id}/cancel`, { reason: 'infortunio', positions: [3] })
    ).json();
    expect(one.outcomes.map((o: { position: number; outcome: string }) => [o.position, o.outcome])).toEqual([
      [3, 'cancelled'],
    ]);
    expect(one.request.booked).toBe(2);
    const all = (
      await post(`/api/v1/group-bookings/${g.id}/cancel`, { reason: 'la società ha rinviato' })
    ).json();
    expect(all.outcomes.map((o: { position: number; outcome: string }) => [o.position, o.outcome])).toEqual([
      [1, 'cancelled'],
      [2, 'cancelled'],
    ]);
    expect(all.request.booked).toBe(0);
    const rows = await t.db
      .selectFrom('appointment')
      .select(['status', 'cancel_reason', 'cancel_channel'])
      .where('service_code', '=', c.service.code)
      .orderBy('cancel_reason')
      .execute();
    expect(rows).toEqual([
      { status: 'cancelled', cancel_reason: 'infortunio', cancel_channel: 'desk' },
      { status: 'cancelled', cancel_reason: 'la società ha rinviato', cancel_channel: 'desk' },
      { status: 'cancelled', cancel_reason: 'la società ha rinviato', cancel_channel: 'desk' },
    ]);
    // Their items are open again: the next proposal has all three.
    const again = (await get(`/api/v1/group-bookings/${g.id}/plan`)).json();
    expect(again.alreadyBooked).toBe(0);
    expect(again.days.flatMap((d: { places: unknown[] }) => d.places)).toHaveLength(3);
  });

  it('keeps to the most the facility sees in a day and names who is left over', async () => {
    const c = await club(7);
    const g = (
      await post(
        '/api/v1/group-bookings',
        request(c, { facility: c.small.facilityId, to: '2026-11-25', maxPerDay: 3 }),
      )
    ).json();
    const plan = (await get(`/api/v1/group-bookings/${g.id}/plan`)).json();
    expect(plan.days.map((d: { places: unknown[] }) => d.places.length)).toEqual([3]);
    expect(plan.unplaced.map((u: { position: number }) => u.position)).toEqual([4, 5, 6, 7]);
  });

  it('refuses a wrong line by its place in the list and writes nothing', async () => {
    const c = await club(3);
    const other = await club(1);
    const before = await t.db
      .selectFrom('group_request')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirst();
    const cases: [Record<string, unknown>, string][] = [
      // Athlete 2 with someone else's prescription.
      [
        request(c, {
          athletes: [
            { fiscalCode: c.people[0]!.patient.fiscalCode, nre: c.people[0]!.nre },
            { fiscalCode: c.people[1]!.patient.fiscalCode, nre: c.people[2]!.nre },
          ],
        }),
        'athletes.1.nre',
      ],
      // The same athlete twice.
      [
        request(c, {
          athletes: [
            { fiscalCode: c.people[0]!.patient.fiscalCode, nre: c.people[0]!.nre },
            { fiscalCode: c.people[1]!.patient.fiscalCode, nre: c.people[1]!.nre },
            { fiscalCode: c.people[0]!.patient.fiscalCode, nre: c.people[0]!.nre },
          ],
        }),
        'athletes.2.fiscalCode',
      ],
      // A prescription for another service.
      [
        request(c, {
          athletes: [{ fiscalCode: other.people[0]!.patient.fiscalCode, nre: other.people[0]!.nre }],
        }),
        'athletes.0.nre',
      ],
      [
        request(c, { athletes: [{ fiscalCode: 'RSSMRA80A01H501X', nre: c.people[0]!.nre }] }),
        'athletes.0.fiscalCode',
      ],
      [
        request(c, { athletes: [{ fiscalCode: c.people[0]!.patient.fiscalCode, nre: '123' }] }),
        'athletes.0.nre',
      ],
      [request(c, { from: '2026-11-20' }), 'from'],
      [request(c, { to: '2026-11-24' }), 'to'],
      [request(c, { to: '2027-03-01' }), 'to'],
      [request(c, { facility: 'nowhere' }), 'facility'],
      [request(c, { service: 'NOPE' }), 'service'],
      [request(c, { club: '  ' }), 'club'],
      [request(c, { athletes: [] }), 'athletes'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/api/v1/group-bookings', body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(422);
      expect(res.json().error.field, res.body).toBe(field);
    }
    const after = await t.db
      .selectFrom('group_request')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(after).toEqual(before);
  });

  it('refuses a place outside the request and books nothing', async () => {
    const c = await club(2);
    const g = (await post('/api/v1/group-bookings', request(c, { facility: c.small.facilityId }))).json();
    const plan = (await get(`/api/v1/group-bookings/${g.id}/plan`)).json();
    const inside = plan.days[0].places[0].slotId as number;
    // A slot of the same service at the other facility, outside the request's facility.
    const outside = await t.db
      .selectFrom('slot')
      .innerJoin('agenda', 'agenda.id', 'slot.agenda_id')
      .select('slot.id')
      .where('agenda.facility_id', '=', c.large.facilityId)
      .orderBy('slot.start_at')
      .executeTakeFirstOrThrow();
    const cases: [unknown, string][] = [
      [
        {
          places: [
            { position: 1, slotId: inside },
            { position: 2, slotId: Number(outside.id) },
          ],
        },
        'places.1.slotId',
      ],
      [
        {
          places: [
            { position: 1, slotId: inside },
            { position: 1, slotId: inside },
          ],
        },
        'places.1.position',
      ],
      [{ places: [{ position: 9, slotId: inside }] }, 'places.0.position'],
    ];
    for (const [body, field] of cases) {
      const res = await post(`/api/v1/group-bookings/${g.id}/book`, body);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().error.field).toBe(field);
    }
    expect((await get(`/api/v1/group-bookings/${g.id}`)).json().booked).toBe(0);
  });

  it('is the back office’s, and every athlete read is audited', async () => {
    const c = await club(2);
    expect((await post('/api/v1/group-bookings', request(c), operator)).statusCode).toBe(403);
    expect((await get('/api/v1/group-bookings', operator)).statusCode).toBe(403);
    const g = (await post('/api/v1/group-bookings', request(c))).json();
    expect((await get(`/api/v1/group-bookings/${g.id}`, operator)).statusCode).toBe(403);
    expect((await get('/api/v1/group-bookings/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);

    await get(`/api/v1/group-bookings/${g.id}`);
    const rows = await t.db
      .selectFrom('audit_event')
      .select(['action', 'patient_id', 'outcome'])
      .where('resource_type', '=', 'GroupRequest')
      .where('resource_id', '=', g.id)
      .execute();
    const ids = c.people.map((p) => p.patient.id).sort();
    // The operator's refused look is on record too (SEC-1).
    expect(rows.filter((r) => r.outcome === 'denied')).toHaveLength(1);
    expect(
      rows
        .filter((r) => r.action === 'create')
        .map((r) => r.patient_id)
        .sort(),
    ).toEqual(ids);
    expect(
      rows
        .filter((r) => r.action === 'read' && r.outcome === 'ok')
        .map((r) => r.patient_id)
        .sort(),
    ).toEqual(ids);
  });
  it('lists the current requests by their first day and the past apart, by the Rome date; finds a club by name', async () => {
    const c = await club(1);
    const athletes = (n: number) =>
      c.people.slice(0, n).map((p) => ({ fiscalCode: p.patient.fiscalCode, nre: p.nre }));
    const make = async (name: string, from: string, to: string) =>
      (
        await post('/api/v1/group-bookings', { ...request(c), club: name, from, to, athletes: athletes(1) })
      ).json().id as string;
    const late = await make('ASD Atletica 100% Lucana', '2026-12-10', '2026-12-12');
    const soon = await make('GS Pallavolo Melfi', '2026-11-26', '2026-11-27');
    const ids = async (query: string) =>
      ((await get(`/api/v1/group-bookings${query}`)).json().items as { id: string }[])
        .map((g) => g.id)
        .filter((id) => id === late || id === soon);
    expect(await ids('')).toEqual([soon, late]);
    // 23:59 in Rome on the 27th: the short request's last day is today, still current.
    clock.set('2026-11-27T22:59:00Z');
    backoffice = await loginAs(app, t.db, clock, ['backoffice']); // four days on: a new session
    expect(await ids('?period=current')).toEqual([soon, late]);
    // Midnight in Rome: it has ended.
    clock.set('2026-11-27T23:00:00Z');
    expect(await ids('?period=current')).toEqual([late]);
    expect(await ids('?period=past')).toEqual([soon]);
    // By a part of the club's name, case and the % sign taken as written.
    expect(await ids(`?period=current&club=${encodeURIComponent('100% lucana')}`)).toEqual([late]);
    expect(await ids(`?period=current&club=${encodeURIComponent('100_ lucana')}`)).toEqual([]);
    expect((await get('/api/v1/group-bookings?period=old')).json().error).toMatchObject({ field: 'period' });
  });
});
