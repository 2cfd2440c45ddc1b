import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { RecordingGateway } from '../../../test/recording-gateway.ts';
import { ManualClock } from '../../platform/clock.ts';
import { createLogger } from '../../platform/logger.ts';
import { bookAppointment, getAppointment, moveAppointment } from '../booking/index.ts';
import type { MessageGateways } from '../messaging/index.ts';
import { DEFAULT_WINDOW } from '../messaging/index.ts';
import type { Patient } from '../registry/index.ts';
import { actOnLink, linkedAppointment } from './links.service.ts';
import { purgeMessages } from './outbox.repository.ts';
import { OutboxSender, sweepOutbox } from './outbox.service.ts';
import type { OutreachSettings } from './outreach.types.ts';
import { planReminders, remindersToCall } from './reminders.service.ts';
import { handleReply } from './replies.service.ts';
import { parseReminderLead } from './rules/reminder.ts';

const settings: OutreachSettings = {
  lead: parseReminderLead('5'),
  reminderVoice: 'unreachable',
  recall: null,
  noticeWorkingDays: 2,
  uncertainMinutes: 60,
  senders: 1,
  publicUrl: 'https://cup.example',
  linkSecret: 'test-secret-test-secret-test-secret-!!',
};

describe.each(DRIVERS)('reminders on $name', ({ create }) => {
  let t: TestDatabase;
  // Monday 7 December 2026, 10:00 in Rome: inside the SMS window.
  const clock = new ManualClock('2026-12-07T09:00:00Z');
  const opts = { holdTtlSeconds: 300 };
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** A patient booked `daysAhead` days from now, at 08:00 Rome. */
  async function booked(daysAhead: number, patient?: Partial<Patient>) {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: 20 });
    const p = await makePatient(t.db, patient);
    const prescription = await makePrescription(t.db, { patient: p, services: [service.code] });
    const slots = await t.db
      .selectFrom('slot')
      .where('agenda_id', '=', agenda.id)
      .where('start_at', '>', new Date(clock.now().getTime() + (daysAhead - 1) * 86_400_000))
      .select(['id'])
      .orderBy('start_at')
      .limit(2)
      .execute();
    const { appointment } = await bookAppointment(
      t.db,
      context(clock),
      {
        nre: prescription.nre,
        fiscalCode: p.fiscalCode,
        itemIndex: 1,
        slotId: Number(slots[0]!.id),
        channel: 'phone',
      },
      opts,
    );
    return { appointment, patient: p, otherSlot: Number(slots[1]!.id) };
  }

  const rows = (appointmentId: string) =>
    t.db
      .selectFrom('outreach_message')
      .where('appointment_id', '=', appointmentId)
      .selectAll()
      .orderBy('created_at')
      .execute();

  function sender() {
    const gateway = new RecordingGateway();
    const gateways: MessageGateways = { sms: gateway, email: gateway, window: DEFAULT_WINDOW };
    const s = new OutboxSender({ db: t.db, clock, gateways, log: createLogger('silent'), senders: 1 });
    s.listen();
    return { s, gateway };
  }

  async function drain(s: OutboxSender) {
    while ((await s.sendOne()) !== 'idle');
  }

  it('plans one SMS per appointment version, due from its lead, once however often it runs', async () => {
    const soon = await booked(3);
    const later = await booked(9);
    const first = await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    expect(first.planned).toBeGreaterThanOrEqual(1);
    const [row] = await rows(soon.appointment.id);
    expect(row).toMatchObject({
      channel: 'sms',
      recipient: soon.patient.phone,
      status: 'pending',
      appointment_version: 1,
    });
    expect(row!.text).toContain(soon.appointment.code);
    expect(row!.text).toContain('https://cup.example/l/');
    // Nine days ahead with a five-day lead: not yet.
    expect(await rows(later.appointment.id)).toEqual([]);
    const again = await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    expect(again.planned).toBe(0);
    expect(await rows(soon.appointment.id)).toHaveLength(1);
  });

  it('goes by e-mail (with the .ics) when SMS is refused, and nowhere without any channel', async () => {
    const mail = await booked(2, { consents: { contactByPhone: false }, email: 'paziente@example.it' });
    const none = await booked(2, { phone: null, email: null });
    const landline = await booked(2, { phone: '+390971123456', email: null });
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    const [row] = await rows(mail.appointment.id);
    expect(row).toMatchObject({ channel: 'email', recipient: 'paziente@example.it' });
    expect(row!.ics).toContain('BEGIN:VEVENT');
    expect(row!.subject).toContain(mail.appointment.code);
    expect(await rows(none.appointment.id)).toEqual([]);
    expect(await rows(landline.appointment.id)).toEqual([]);
  });

  it('OB-7: gives the virtual operator the due reminders no message reaches but a call does', async () => {
    const landline = await booked(2, { phone: '+390971123456', email: null });
    const refused = await booked(2, {
      phone: '+390971123457',
      email: null,
      consents: { contactByPhone: false },
    });
    const withMail = await booked(2, { phone: '+390971123458', email: 'fisso@example.it' });
    const mobile = await booked(2, { phone: '+393471234567', email: null });
    const stopped = await booked(2, { phone: '+393471234568', email: null });
    const later = await booked(9, { phone: '+390971123459', email: null });
    await handleReply(t.db, clock, {
      gatewayId: `stop-${stopped.appointment.id}`,
      channel: 'sms',
      from: '+393471234568',
      text: 'STOP',
      at: clock.now(),
    });
    const ours = new Set([landline, refused, withMail, mobile, stopped, later].map((b) => b.appointment.id));
    const calls = (await remindersToCall(t.db, clock, settings)).filter((c) => ours.has(c.appointmentId));
    // Only the landline with no e-mail: a refused phone consent, an e-mail, an SMS or a STOP exclude a
    // call; nine days ahead the reminder's day (five before) has not come.
    expect(calls).toEqual([
      {
        appointmentId: landline.appointment.id,
        version: landline.appointment.version,
        patientId: landline.patient.id,
        phone: '+390971123456',
      },
    ]);
    expect(await remindersToCall(t.db, clock, { ...settings, reminderVoice: 'off' })).toEqual([]);
  });

  it('OB-1, never missed: a reminder whose SMS was not delivered goes to the virtual operator, same number', async () => {
    const failed = await booked(2, { phone: '+393471230001', email: null });
    const delivered = await booked(2, { phone: '+393471230002', email: null });
    const waiting = await booked(2, { phone: '+393471230003', email: null });
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    const { s, gateway } = sender();
    await drain(s);
    const receipt = async (b: typeof failed, status: 'delivered' | 'undeliverable') => {
      const [row] = await rows(b.appointment.id);
      for (const h of gateway.receipts)
        await h({
          gatewayId: row!.gateway_id!,
          status,
          recipient: b.patient.phone,
          submittedAt: null,
          at: clock.now(),
          error: null,
        });
    };
    await receipt(failed, 'undeliverable');
    await receipt(delivered, 'delivered');
    const ours = new Set([failed, delivered, waiting].map((b) => b.appointment.id));
    const calls = (await remindersToCall(t.db, clock, settings)).filter((c) => ours.has(c.appointmentId));
    expect(calls).toEqual([
      {
        appointmentId: failed.appointment.id,
        version: failed.appointment.version,
        patientId: failed.patient.id,
        phone: '+393471230001',
      },
    ]);
  });

  it('sends each message once, settles it by its receipt, and suppresses a moved appointment’s old one', async () => {
    const a = await booked(3);
    const moved = await booked(3);
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    await moveAppointment(t.db, context(clock), moved.appointment.id, { slotId: moved.otherSlot });
    const { s, gateway } = sender();
    await drain(s);
    const toA = gateway.sent.filter((m) => m.to === a.patient.phone);
    expect(toA).toHaveLength(1);
    expect(gateway.sent.some((m) => m.to === moved.patient.phone)).toBe(false);
    const [old] = await rows(moved.appointment.id);
    expect(old!.status).toBe('suppressed');
    // The moved appointment (version 2) gets its own reminder at the next batch.
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    const movedRows = await rows(moved.appointment.id);
    expect(movedRows.map((r) => [r.appointment_version, r.status])).toEqual([
      [1, 'suppressed'],
      [2, 'pending'],
    ]);
    await drain(s);
    expect(gateway.sent.filter((m) => m.to === moved.patient.phone)).toHaveLength(1);
    // A receipt for A's message settles it.
    const [sentA] = await rows(a.appointment.id);
    for (const h of gateway.receipts)
      await h({
        gatewayId: sentA!.gateway_id!,
        status: 'delivered',
        recipient: a.patient.phone,
        submittedAt: null,
        at: clock.now(),
        error: null,
      });
    expect((await rows(a.appointment.id))[0]!.status).toBe('delivered');
  });

  it('settles an interrupted submit by its receipt, and sends one again only after waiting in vain', async () => {
    const a = await booked(3);
    const b = await booked(3);
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    // The sender "died" after claiming both: one was taken by the SMSC, one never left.
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'submitting', claimed_at: clock.now() })
      .where('appointment_id', 'in', [a.appointment.id, b.appointment.id])
      .execute();
    const { s, gateway } = sender();
    for (const h of gateway.receipts)
      await h({
        gatewayId: 'smsc-lost-id',
        status: 'delivered',
        recipient: a.patient.phone,
        submittedAt: clock.now(),
        at: clock.now(),
        error: null,
      });
    expect((await rows(a.appointment.id))[0]).toMatchObject({
      status: 'delivered',
      gateway_id: 'smsc-lost-id',
    });
    // Before the wait is over, nothing is sent again.
    clock.advance(30 * 60_000);
    expect(await sweepOutbox(t.db, clock, settings.uncertainMinutes)).toMatchObject({ requeued: 0 });
    await drain(s);
    expect(gateway.sent.filter((m) => m.to === b.patient.phone)).toEqual([]);
    clock.advance(31 * 60_000);
    expect((await sweepOutbox(t.db, clock, settings.uncertainMinutes)).requeued).toBeGreaterThanOrEqual(1);
    await drain(s);
    expect(gateway.sent.filter((m) => m.to === b.patient.phone)).toHaveLength(1);
    expect(gateway.sent.filter((m) => m.to === a.patient.phone)).toEqual([]);
  });

  it('cancels on ANNULLA from the reminded number, answers with the cancellation number, once', async () => {
    const a = await booked(3);
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    const { s } = sender();
    await drain(s);
    const reply = {
      gatewayId: `mo-${a.appointment.id}`,
      channel: 'sms' as const,
      from: a.patient.phone!,
      at: clock.now(),
    };
    // From another number, nothing happens.
    const stranger = await handleReply(t.db, clock, {
      ...reply,
      gatewayId: 'mo-x',
      from: '+393339999999',
      text: `ANNULLA ${a.appointment.code}`,
    });
    expect(stranger.outcome).toBe('no reminded appointment');
    const done = await handleReply(t.db, clock, { ...reply, text: 'annullo, grazie' });
    expect(done).toMatchObject({ intent: 'cancel', outcome: 'cancelled', appointmentId: a.appointment.id });
    const after = await getAppointment(t.db, context(clock), a.appointment.id);
    expect(after).toMatchObject({ status: 'cancelled', cancelChannel: 'sms' });
    const ack = (await rows(a.appointment.id)).find((r) => r.kind === 'cancel-ack');
    expect(ack!.text).toContain(`ANN-${a.appointment.code.slice(4)}-1`);
    // The SMSC delivers the same reply again: handled once.
    await handleReply(t.db, clock, { ...reply, text: 'annullo, grazie' });
    expect((await rows(a.appointment.id)).filter((r) => r.kind === 'cancel-ack')).toHaveLength(1);
  });

  it('takes a bare ANNULLA right after a delegation notice as about it: the reminded appointment stays', async () => {
    const a = await booked(3);
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    const { s } = sender();
    await drain(s);
    const { queueDelegationNotice } = await import('./delegation-notice.service.ts');
    clock.advance(60_000);
    const notice = await queueDelegationNotice(t.db, context(clock), DEFAULT_WINDOW, a.patient, {
      id: crypto.randomUUID(),
      delegateFiscalCode: 'RSSMRA85T10A562S',
      grantedAt: clock.now(),
      channel: 'desk',
      validUntil: null,
    });
    expect(notice).toMatchObject({ channel: 'sms', recipient: `•••${a.patient.phone!.slice(-4)}` });
    await drain(s);
    const reply = { channel: 'sms' as const, from: a.patient.phone!, at: clock.now() };
    const bare = await handleReply(t.db, clock, { ...reply, gatewayId: 'mo-d1', text: 'ANNULLA' });
    expect(bare).toMatchObject({ appointmentId: null, outcome: 'about a delegation notice: not acted on' });
    expect((await getAppointment(t.db, context(clock), a.appointment.id)).status).toBe('booked');
    // With the booking's code it is plainly about the booking.
    const coded = await handleReply(t.db, clock, {
      ...reply,
      gatewayId: 'mo-d2',
      text: `ANNULLA ${a.appointment.code}`,
    });
    expect(coded).toMatchObject({ outcome: 'cancelled', appointmentId: a.appointment.id });
  });

  it('records STOP and plans nothing more for that number', async () => {
    const a = await booked(3);
    await handleReply(t.db, clock, {
      gatewayId: `stop-${a.appointment.id}`,
      channel: 'sms',
      from: a.patient.phone!,
      text: 'STOP',
      at: clock.now(),
    });
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    expect(await rows(a.appointment.id)).toEqual([]);
  });

  it('forgets messages and replies past their retention, with their gateway ids, and keeps the rest', async () => {
    const a = await booked(3);
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    const { s } = sender();
    await drain(s);
    const [row] = await rows(a.appointment.id);
    expect(row!.status).toBe('submitted');
    // Just before its creation: nothing of it goes.
    expect(
      await purgeMessages(t.db, new Date(new Date(row!.created_at).getTime() - 1)),
    ).toBeGreaterThanOrEqual(0);
    expect(await rows(a.appointment.id)).toHaveLength(1);
    await purgeMessages(t.db, new Date(new Date(row!.created_at).getTime() + 1));
    expect(await rows(a.appointment.id)).toEqual([]);
    expect(
      await t.db.selectFrom('outreach_gateway_id').where('message_id', '=', row!.id).selectAll().execute(),
    ).toEqual([]);
  });

  it('confirms and cancels through the signed link, which stops working once the appointment moves', async () => {
    const a = await booked(3);
    await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
    const [row] = await rows(a.appointment.id);
    const token = /\/l\/(\S+)$/.exec(row!.text)![1]!;
    const ctx = { requestId: 'link', actor: null, clock };
    const seen = await linkedAppointment(t.db, ctx, settings, token);
    expect(seen).toMatchObject({ code: a.appointment.code, status: 'booked', confirmedAt: null });
    const confirmed = await actOnLink(t.db, ctx, settings, token, 'confirm');
    expect(confirmed.confirmedAt).not.toBeNull();
    expect((await getAppointment(t.db, context(clock), a.appointment.id)).confirmedVia).toBe('web');
    await moveAppointment(t.db, context(clock), a.appointment.id, { slotId: a.otherSlot });
    await expect(linkedAppointment(t.db, ctx, settings, token)).rejects.toThrow(/moved/);
    await expect(
      linkedAppointment(
        t.db,
        ctx,
        settings,
        token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).rejects.toThrow(/not valid/);
  });

  it("counts the period's attendance on the Outreach page, an unmarked past appointment as unknown", async () => {
    const { changeAppointmentStatus, cancelAppointment } = await import('../booking/index.ts');
    const { outreachSummary } = await import('./messages.service.ts');
    const saved = clock.now();
    // Four appointments on the same day, two days ahead (08:00 Rome, agendas of their own).
    const day = await Promise.all([booked(2), booked(2), booked(2), booked(2)]);
    const dayOf = day[0]!.appointment.start;
    await cancelAppointment(t.db, context(clock), day[3]!.appointment.id, {
      reason: 'non serve più',
      channel: 'phone',
    });
    // That day at noon: one came, one did not, one nobody marked.
    clock.set(new Date(dayOf.getTime() + 4 * 3_600_000));
    await changeAppointmentStatus(t.db, context(clock), day[0]!.appointment.id, 'checked_in');
    await changeAppointmentStatus(t.db, context(clock), day[1]!.appointment.id, 'no_show');
    const rome = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(dayOf);
    const s = await outreachSummary(t.db, context(clock, ['cup-manager']), { from: rome }, null);
    // Other tests book that day too: the expectation is counted here from the rows themselves.
    const dayStart = new Date(`${rome}T00:00:00+01:00`);
    const rows = await t.db
      .selectFrom('appointment')
      .where('start_at', '>=', dayStart)
      .where('start_at', '<', new Date(dayStart.getTime() + 86_400_000))
      .select(['status', 'start_at'])
      .execute();
    const n = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
    const attended = n((r) => r.status === 'checked_in' || r.status === 'completed');
    const noShow = n((r) => r.status === 'no_show');
    expect(attended).toBe(1);
    expect(noShow).toBe(1);
    expect(s.attendance).toEqual({
      attended,
      noShow,
      unmarked: n((r) => r.status === 'booked' && new Date(r.start_at) <= clock.now()),
      ahead: n((r) => r.status === 'booked' && new Date(r.start_at) > clock.now()),
      cancelled: n((r) => r.status === 'cancelled'),
      rate: 0.5,
    });
    expect(s.attendance.unmarked).toBeGreaterThanOrEqual(1);
    await expect(
      outreachSummary(t.db, context(clock, ['cup-manager']), { from: rome, to: '2020-01-01' }, null),
    ).rejects.toMatchObject({ code: 'INVALID_FIELD', field: 'to' });
    clock.set(saved);
  });

  it('asks patients of long-wait agendas to confirm ten days ahead, lab tests and short waits apart, once', async () => {
    const { planRecalls } = await import('./reminders.service.ts');
    const recall = { daysBefore: 10, agendaWaitDays: 0, minWaitDays: 7, voice: 'unreachable' as const };
    const asked = await booked(10); // booked today for ten days ahead: waited ten days
    const labPatient = await makePatient(t.db);
    const labService = await makeService(t.db, { kind: 'lab' });
    const labAgenda = await makeAgenda(t.db, clock, {
      place: await makeFacility(t.db),
      services: [labService.code],
      horizonDays: 20,
    });
    const rx = await makePrescription(t.db, { patient: labPatient, services: [labService.code] });
    const labSlot = await t.db
      .selectFrom('slot')
      .where('agenda_id', '=', labAgenda.id)
      .where('start_at', '>', new Date(clock.now().getTime() + 9 * 86_400_000))
      .select('id')
      .orderBy('start_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    const { appointment: lab } = await bookAppointment(
      t.db,
      context(clock),
      {
        nre: rx.nre,
        fiscalCode: labPatient.fiscalCode,
        itemIndex: 1,
        slotId: Number(labSlot.id),
        channel: 'phone',
      },
      opts,
    );
    const kinds = async (id: string) => (await rows(id)).map((r) => r.kind);

    // An agenda with free places next week is not a long wait: nobody is asked.
    expect(
      (
        await planRecalls(
          t.db,
          clock,
          { ...settings, recall: { ...recall, agendaWaitDays: 30 } },
          DEFAULT_WINDOW,
        )
      ).planned,
    ).toBe(0);
    // Nor is a booking made nine days before, under a minimum wait of twelve.
    await planRecalls(t.db, clock, { ...settings, recall: { ...recall, minWaitDays: 12 } }, DEFAULT_WINDOW);
    expect(await kinds(asked.appointment.id)).not.toContain('recall');

    const first = await planRecalls(t.db, clock, { ...settings, recall }, DEFAULT_WINDOW);
    expect(first.planned).toBeGreaterThanOrEqual(1);
    expect(await kinds(asked.appointment.id)).toContain('recall');
    expect(await kinds(lab.id)).not.toContain('recall');
    const [message] = (await rows(asked.appointment.id)).filter((r) => r.kind === 'recall');
    expect(message!.text).toContain('Conferma che verrai?');
    expect(message!.text).toContain('/l/');
    expect((await planRecalls(t.db, clock, { ...settings, recall }, DEFAULT_WINDOW)).planned).toBe(0);
    // Off: nothing at all.
    expect(await planRecalls(t.db, clock, { ...settings, recall: null }, DEFAULT_WINDOW)).toEqual({
      due: 0,
      planned: 0,
      unreachable: 0,
    });
  });
});
