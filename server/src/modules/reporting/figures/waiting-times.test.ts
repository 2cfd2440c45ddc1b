import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../../test/factories.ts';
import { buildApp } from '../../../app.ts';
import { addDays, romeDate } from '../../../platform/calendar.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';
import { bookAppointment, recordDeclinedOffer } from '../../booking/index.ts';

// MR-7: first accesses of class D (30 days for a visit) booked 10, 20 and 40 days ahead in one district,
// one place refused: the figures worked out by hand.
describe('waiting times per priority class (MR-7)', () => {
  let t: TestDatabase;
  let app: App;
  let manager: Record<string, string>;
  // Monday 7 December 2026, 10:00 in Rome.
  const clock = new ManualClock('2026-12-07T09:00:00Z');
  let serviceCode = '';
  let slotsByDay: (daysAhead: number) => Promise<number>;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', CONTACT_CENTRE: 'off' });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    const place = await makeFacility(t.db, 'Distretto Potenza');
    const service = await makeService(t.db, { kind: 'visit' });
    serviceCode = service.code;
    const agenda = await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: 60 });
    slotsByDay = async (daysAhead) => {
      const day = addDays(romeDate(clock.now()), daysAhead);
      const s = await t.db
        .selectFrom('slot')
        .where('agenda_id', '=', agenda.id)
        .where('start_at', '>=', new Date(`${day}T00:00:00Z`))
        .whereRef('taken', '<', 'capacity')
        .select('id')
        .orderBy('start_at')
        .limit(1)
        .executeTakeFirstOrThrow();
      return Number(s.id);
    };
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('counts offered and booked within the guarantee, the days waited and the refusals', async () => {
    const starts: number[] = [];
    for (const days of [10, 20, 40]) {
      const patient = await makePatient(t.db);
      const rx = await makePrescription(t.db, { patient, services: [serviceCode], priority: 'D' });
      if (days === 40) {
        // Offered the first place (10 days ahead, inside the 30 days) and refused it first.
        await recordDeclinedOffer(t.db, context(clock), {
          nre: rx.nre,
          fiscalCode: patient.fiscalCode,
          itemIndex: 1,
          slotId: await slotsByDay(1),
          channel: 'phone',
        });
      }
      const { appointment } = await bookAppointment(
        t.db,
        context(clock),
        {
          nre: rx.nre,
          fiscalCode: patient.fiscalCode,
          itemIndex: 1,
          slotId: await slotsByDay(days),
          channel: 'phone',
        },
        { holdTtlSeconds: 300 },
      );
      starts.push(appointment.start.getTime());
    }
    const waits = starts.map((s) => (s - clock.now().getTime()) / 86_400_000).sort((a, b) => a - b);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/waiting-times?from=2026-12-01&to=2026-12-31',
      headers: manager,
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().rows.find((r: { serviceCode: string }) => r.serviceCode === serviceCode);
    expect(row).toMatchObject({
      district: 'Distretto Potenza',
      priority: 'D',
      bookings: 3,
      // Every booking was offered a first place within 30 days (the soonest, tomorrow).
      offeredWithinGuarantee: 1,
      // 10 and 20 days ahead are inside the guarantee, 40 is not.
      bookedWithinGuarantee: 2 / 3,
      meanDaysWaited: Math.round(((waits[0]! + waits[1]! + waits[2]!) / 3) * 10) / 10,
      medianDaysWaited: Math.round(waits[1]! * 10) / 10,
      refusals: 1,
      refusalsWithinGuarantee: 1,
    });

    const csv = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/waiting-times?from=2026-12-01&to=2026-12-31&format=csv',
      headers: manager,
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'servizio;distretto;classe_priorita;prenotazioni;quota_offerta_entro_garanzia;quota_prenotata_entro_garanzia;giorni_attesa_media;giorni_attesa_mediana;rifiuti;rifiuti_entro_garanzia',
    );
    const mine = lines.find((l) => l.startsWith(`"${serviceCode}"`))!;
    expect(mine.split(';').slice(0, 6)).toEqual([
      `"${serviceCode}"`,
      '"Distretto Potenza"',
      '"D"',
      '3',
      '1',
      '0.6667',
    ]);
    expect(mine.split(';').slice(8)).toEqual(['1', '1']);
  });

  it('leaves out bookings requested outside the period', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/waiting-times?from=2026-11-01&to=2026-11-30',
      headers: manager,
    });
    expect(res.json().rows).toEqual([]);
  });
});
