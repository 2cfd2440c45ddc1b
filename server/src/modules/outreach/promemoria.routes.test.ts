import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { suppressStale } from './outbox.repository.ts';

// Issue 14 §8: the promemoria an operator sends or prints during a call.
describe('promemoria from the console', () => {
  let t: TestDatabase;
  let app: App;
  let operator: { authorization: string; 'content-type': string };
  // Tuesday 24 November 2026, 07:30 in Rome: before the SMS window (08:00-21:00) opens.
  const clock = new ManualClock('2026-11-24T06:30:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const send = (id: string, channel: string, headers: Record<string, string> = operator) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${id}/promemoria`,
      payload: { channel },
      headers,
    });
  const rows = (appointmentId: string) =>
    t.db
      .selectFrom('outreach_message')
      .selectAll()
      .where('appointment_id', '=', appointmentId)
      .where('kind', '=', 'promemoria')
      .orderBy('created_at')
      .execute();

  it('queues an SMS to the mobile on record for the sending window, once per request key, audited', async () => {
    const { appointment, patient } = await makeBooking(t.db, clock);
    const keyed = { ...operator, 'idempotency-key': 'promemoria-key-1' };
    const res = await send(appointment.id, 'sms', keyed);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      channel: 'sms',
      recipient: `•••${patient.phone!.slice(-4)}`,
      // 08:00 in Rome on the same Tuesday: SMS never reach patients before the window opens.
      sendAfter: '2026-11-24T07:00:00.000Z',
      label: 'simulazione',
    });
    const [row] = await rows(appointment.id);
    expect(row).toMatchObject({ channel: 'sms', recipient: patient.phone, status: 'pending' });
    expect(row!.text).toContain(appointment.code);
    expect(row!.text).toMatch(/^Promemoria /);
    expect(row!.text).toContain('ore');

    // The same request again (a retry) queues nothing more; a new request is a new message.
    expect((await send(appointment.id, 'sms', keyed)).json().messageId).toBe(res.json().messageId);
    expect(await rows(appointment.id)).toHaveLength(1);
    expect((await send(appointment.id, 'sms')).statusCode).toBe(202);
    expect(await rows(appointment.id)).toHaveLength(2);

    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_type', 'channel'])
      .where('patient_id', '=', patient.id)
      .where('resource_type', '=', 'OutreachMessage')
      .execute();
    expect(audit).toEqual([
      { action: 'create', resource_type: 'OutreachMessage', channel: 'phone' },
      { action: 'create', resource_type: 'OutreachMessage', channel: 'phone' },
    ]);

    // Moved or cancelled before it leaves, the promemoria is not sent with stale words.
    await t.db
      .updateTable('appointment')
      .set({ version: appointment.version + 1 })
      .where('id', '=', appointment.id)
      .execute();
    await suppressStale(t.db, clock.now());
    expect((await rows(appointment.id)).map((r) => r.status)).toEqual(['suppressed', 'suppressed']);
  });

  it('sends the e-mail at once; refuses, on channel, a contact missing, refused or stopped, and changes nothing', async () => {
    const { appointment, patient } = await makeBooking(t.db, clock);
    const noMail = await send(appointment.id, 'email');
    expect(noMail.statusCode).toBe(422);
    expect(noMail.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'channel' });

    await t.db
      .updateTable('patient')
      .set({ email: 'mario.rossi@example.it', consents: JSON.stringify({ contactByPhone: false }) })
      .where('id', '=', patient.id)
      .execute();
    const refused = await send(appointment.id, 'sms');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.field).toBe('channel');
    const mail = await send(appointment.id, 'email');
    expect(mail.json()).toMatchObject({
      channel: 'email',
      recipient: '•••@example.it',
      sendAfter: clock.now().toISOString(),
    });
    const [row] = await rows(appointment.id);
    expect(row!.subject).toContain(appointment.code);
    expect(row!.ics).toContain('BEGIN:VCALENDAR');

    await t.db
      .insertInto('messaging_opt_out')
      .values({ recipient: 'mario.rossi@example.it', at: clock.now(), via: 'email' })
      .execute();
    expect((await send(appointment.id, 'email')).json().error.field).toBe('channel');
    expect(await rows(appointment.id)).toHaveLength(1);

    expect((await send(appointment.id, 'fax')).statusCode).toBe(422);
    expect((await send('00000000-0000-4000-8000-000000000000', 'sms')).statusCode).toBe(404);
    const supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    expect((await send(appointment.id, 'sms', supervisor)).statusCode).toBe(403);
  });

  it('refuses a promemoria for a cancelled appointment', async () => {
    const { appointment } = await makeBooking(t.db, clock);
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${appointment.id}/cancel`,
      payload: { reason: 'il paziente non può venire', channel: 'phone' },
      headers: operator,
    });
    expect(cancelled.statusCode).toBe(200);
    const res = await send(appointment.id, 'sms');
    expect(res.statusCode).toBe(409);
    expect(await rows(appointment.id)).toHaveLength(0);
  });

  it('prints the promemoria as a PDF for the desk, the read audited', async () => {
    const { appointment, patient } = await makeBooking(t.db, clock);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/appointments/${appointment.id}/promemoria.pdf`,
      headers: operator,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const reads = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_type'])
      .where('patient_id', '=', patient.id)
      .where('resource_type', '=', 'Appointment')
      .where('action', '=', 'read')
      .execute();
    expect(reads.length).toBeGreaterThan(0);
    const supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/appointments/${appointment.id}/promemoria.pdf`,
          headers: supervisor,
        })
      ).statusCode,
    ).toBe(403);
  });
});
