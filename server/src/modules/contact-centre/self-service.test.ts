import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { startTestCentre } from '../../../test/live-centre.ts';
import type { ManualScheduler } from '../../../test/manual-scheduler.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { bookAppointment, getAppointment, keypadCode } from '../booking/index.ts';
import type { LiveContactCentre } from './contact-centre.service.ts';

// OB-4 end to end on the live centre: a caller keys the booking code and birth date, hears the booking
// read back, presses 1, and the booking is cancelled in the database — through the booking module, by
// phone, with its cancellation number — with nobody at the console.
describe('self-service cancellation by phone, on the live centre and the database', () => {
  let t: TestDatabase;
  let app: App;
  let centre: LiveContactCentre;
  let scheduler: ManualScheduler;
  let trainer: Record<string, string>;
  // Sunday 29 November 2026, 22:00 in Rome: the CUP line is closed; cancelling is not.
  const clock = new ManualClock('2026-11-29T21:00:00Z');

  let live: Awaited<ReturnType<typeof startTestCentre>>;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    live = await startTestCentre(t.db, clock);
    ({ app, centre, scheduler } = live);
    trainer = await loginAs(app, t.db, clock, ['trainer']);
  });
  afterAll(async () => {
    await live?.close();
    await t?.drop();
  });

  /** Lets the switch and the booking system's answers run: the scheduler's time, and real promises. */
  async function run(seconds: number) {
    for (let i = 0; i < seconds; i++) {
      scheduler.advance(1000);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async function bookedPatient() {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: 20 });
    const patient = await makePatient(t.db);
    const rx = await makePrescription(t.db, { patient, services: [service.code] });
    const slot = await t.db
      .selectFrom('slot')
      .where('start_at', '>', new Date(clock.now().getTime() + 5 * 86_400_000))
      .innerJoin('agenda_service as s', 's.agenda_id', 'slot.agenda_id')
      .where('s.service_code', '=', service.code)
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
    const [y, m, d] = patient.birthDate.split('-');
    return { appointment, birth: `${d}${m}${y}` };
  }

  const call = (digits: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/contact-centre/simulated-calls',
      headers: trainer,
      payload: { callerId: '3471234567', digits },
    });

  it('cancels out of hours with the keypad code and the birth date, and frees the place', async () => {
    const { appointment, birth } = await bookedPatient();
    const placed = await call(`2,${keypadCode(appointment.code)}#,${birth}#,1`);
    expect(placed.statusCode).toBe(201);
    await run(30);
    await centre.flush();
    const after = await getAppointment(t.db, context(clock), appointment.id);
    expect(after).toMatchObject({ status: 'cancelled', cancelChannel: 'phone' });
    const slot = await t.db
      .selectFrom('slot')
      .select('taken')
      .where('id', '=', String(appointment.slotId))
      .executeTakeFirstOrThrow();
    expect(slot.taken).toBe(0);
    const ended = await t.db
      .selectFrom('contact_event')
      .select(['type', 'payload'])
      .where('call_id', '=', placed.json().callId)
      .where('type', '=', 'call.ended')
      .executeTakeFirst();
    await centre.flush();
    expect(ended === undefined || (ended.payload as { outcome: string }).outcome === 'self-service').toBe(
      true,
    );
  });

  it("keeps in the database the same keypad form as booking's rule, for every symbol of the codes", async () => {
    const { appointment } = await bookedPatient();
    const original = appointment.code;
    for (const code of ['PRN-ABCD-EFGH', 'PRN-JKMN-PQRS', 'PRN-TVWX-YZ01', 'PRN-2345-6789', original]) {
      await t.db.updateTable('appointment').set({ code }).where('id', '=', appointment.id).execute();
      const row = await t.db
        .selectFrom('appointment')
        .select('keypad_code')
        .where('id', '=', appointment.id)
        .executeTakeFirstOrThrow();
      expect(row.keypad_code, code).toBe(keypadCode(code));
    }
  });

  it('keeps the booking when the birth date does not match, and says goodbye out of hours', async () => {
    const { appointment } = await bookedPatient();
    await call(
      `2,${keypadCode(appointment.code)}#,01011901#,${keypadCode(appointment.code)}#,01011901#,${keypadCode(appointment.code)}#,01011901#`,
    );
    await run(60);
    expect((await getAppointment(t.db, context(clock), appointment.id)).status).toBe('booked');
  });
});
