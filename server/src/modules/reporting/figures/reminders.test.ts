import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../../test/factories.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { bookAppointment, cancelAppointment } from '../../booking/index.ts';
import { reportTables, tableCsv } from '../documents/report-tables.ts';
import { reportData } from '../reports/report-data.service.ts';
import { measureReminders } from './reminders.service.ts';

// OB-7 from the database: the appointments of Thursday 10 December 2026, reminded by SMS, e-mail or the
// virtual operator's call, against the deadline of each facility's town — Potenza's is Monday 7 (Tuesday
// 8 is a national holiday), Milan's Friday 4 (Monday 7 is Sant'Ambrogio, its patron saint).
describe('reminders in the reports (OB-1, OB-7)', () => {
  let t: TestDatabase;
  const clock = new ManualClock('2026-11-30T09:00:00Z');
  const day = { from: new Date('2026-12-09T23:00:00Z'), to: new Date('2026-12-10T23:00:00Z') };
  const monthOfDecember = { from: new Date('2026-11-30T23:00:00Z'), to: new Date('2026-12-31T23:00:00Z') };

  beforeAll(async () => {
    t = await createPgliteDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function booked(town: 'Potenza' | 'Milano') {
    const place = await makeFacility(
      t.db,
      'Distretto',
      town === 'Potenza'
        ? { municipality: 'Potenza', latitude: 40.64, longitude: 15.8 }
        : { municipality: 'Milano', latitude: 45.46, longitude: 9.19 },
    );
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: 20 });
    const patient = await makePatient(t.db);
    const rx = await makePrescription(t.db, { patient, services: [service.code] });
    const slot = await t.db
      .selectFrom('slot')
      .innerJoin('agenda_service as s', 's.agenda_id', 'slot.agenda_id')
      .where('s.service_code', '=', service.code)
      .where('slot.start_at', '>=', day.from)
      .where('slot.start_at', '<', day.to)
      .select('slot.id')
      .orderBy('slot.start_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    const { appointment } = await bookAppointment(
      t.db,
      context(clock),
      {
        nre: rx.nre,
        fiscalCode: patient.fiscalCode,
        itemIndex: 1,
        slotId: Number(slot.id),
        channel: 'phone',
      },
      { holdTtlSeconds: 300 },
    );
    return appointment;
  }

  async function message(
    appointmentId: string,
    m: { channel: 'sms' | 'email'; status: string; submittedAt?: string; deliveredAt?: string },
  ) {
    await t.db
      .insertInto('outreach_message')
      .values({
        id: randomUUID(),
        appointment_id: appointmentId,
        kind: 'reminder',
        appointment_version: 1,
        channel: m.channel,
        recipient: m.channel === 'sms' ? '+393470000000' : 'paziente@example.it',
        text: 'Promemoria',
        status: m.status as 'delivered',
        send_after: new Date('2026-12-03T07:00:00Z'),
        submitted_at: m.submittedAt ? new Date(m.submittedAt) : null,
        delivered_at: m.deliveredAt ? new Date(m.deliveredAt) : null,
        created_at: new Date('2026-12-03T06:30:00Z'),
        updated_at: new Date('2026-12-03T06:30:00Z'),
      } as never)
      .execute();
  }

  let campaign: string | null = null;
  let position = 0;
  async function call(appointmentId: string, disposition: string, doneAt: string) {
    if (!campaign) campaign = await standingCampaign();
    await t.db
      .insertInto('campaign_contact')
      .values({
        id: randomUUID(),
        campaign_id: campaign,
        position: ++position,
        appointment_id: appointmentId,
        name: 'Paziente',
        phone: '+390971000000',
        status: 'done',
        attempts: 1,
        next_attempt_at: new Date(doneAt),
        disposition,
        first_attempt_at: new Date(doneAt),
        done_at: new Date(doneAt),
      } as never)
      .execute();
  }

  /** The virtual operator's reminder campaign, as the campaigns module makes it (one of its kind). */
  async function standingCampaign() {
    const id = randomUUID();
    await t.db
      .insertInto('campaign')
      .values({
        id,
        name: 'Promemoria con operatore virtuale',
        kind: 'reminder',
        channel: 'voice',
        dispositions: JSON.stringify([]),
        max_attempts: 3,
        retry_minutes: 120,
        hours_from: '09:00',
        hours_to: '19:00',
        status: 'active',
        target: JSON.stringify({ type: 'standing' }),
        created_at: new Date('2026-12-01T00:00:00Z'),
      } as never)
      .execute();
    return id;
  }

  it('counts each appointment once: in time, late, no receipt, not reached, not tried, booked too late; cancelled ones apart', async () => {
    const onTimeSms = await booked('Potenza');
    await message(onTimeSms.id, {
      channel: 'sms',
      status: 'delivered',
      submittedAt: '2026-12-07T17:59:00Z',
      deliveredAt: '2026-12-07T18:00:00Z', // 19:00 on Monday 7 in Rome: Potenza's deadline day
    });
    const lateInMilan = await booked('Milano');
    await message(lateInMilan.id, {
      channel: 'sms',
      status: 'delivered',
      submittedAt: '2026-12-07T17:59:00Z',
      deliveredAt: '2026-12-07T18:00:00Z', // after Milan's deadline (Friday 4)
    });
    const byCall = await booked('Potenza');
    await call(byCall.id, 'confirmed', '2026-12-04T10:00:00Z');
    const byMail = await booked('Potenza');
    await message(byMail.id, { channel: 'email', status: 'submitted', submittedAt: '2026-12-05T08:00:00Z' });
    const failed = await booked('Potenza');
    await message(failed.id, { channel: 'sms', status: 'failed', submittedAt: '2026-12-05T08:00:00Z' });
    // Accepted by the SMSC on Friday 4, no delivery receipt (nor a failure) ever came back.
    const noReceipt = await booked('Potenza');
    await message(noReceipt.id, { channel: 'sms', status: 'submitted', submittedAt: '2026-12-04T08:00:00Z' });
    const unanswered = await booked('Potenza');
    await call(unanswered.id, 'no-answer', '2026-12-05T17:00:00Z');
    await booked('Potenza'); // nothing sent
    const cancelled = await booked('Potenza');
    await message(cancelled.id, { channel: 'sms', status: 'delivered', deliveredAt: '2026-12-03T08:00:00Z' });
    await cancelAppointment(t.db, context(clock), cancelled.id, {
      reason: 'non serve più',
      channel: 'phone',
    });
    // Booked on Tuesday 8 for Thursday: after Potenza's deadline day.
    clock.set('2026-12-08T09:00:00Z');
    await booked('Potenza');

    expect(await measureReminders(t.db, day.from, day.to)).toEqual({
      appointments: 9,
      bookedLate: 1,
      onTime: 3, // the SMS on Monday in Potenza, the answered call, the e-mail taken by the relay
      late: 1, // Milan's
      noReceipt: 1, // the SMS the SMSC took, whose receipt never came
      notReached: 2, // the failed SMS, the unanswered call
      notTried: 2, // nothing sent, and the one booked too late
      coverage: 3 / 8,
    });
  });

  it("gives them as the report's table promemoria, one row in the documented columns", async () => {
    const data = await reportData(t.db, { kind: 'monthly', period: '2026-12', ...monthOfDecember });
    const table = reportTables(data).find((x) => x.name === 'promemoria')!;
    expect(tableCsv(table).trim().split('\r\n')).toEqual([
      'appuntamenti;prenotati_dopo_la_scadenza;raggiunti_in_tempo;raggiunti_in_ritardo;sms_senza_ricevuta;non_raggiunti;non_tentati;copertura',
      `9;1;3;1;1;2;2;${3 / 8}`,
    ]);
  });
});
