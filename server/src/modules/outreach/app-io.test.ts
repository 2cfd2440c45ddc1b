import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import { context, makeBooking } from '../../../test/factories.ts';
import { FakeAppIo } from '../../../test/fake-app-io.ts';
import { RecordingGateway } from '../../../test/recording-gateway.ts';
import { until } from '../../../test/until.ts';
import { ManualClock } from '../../platform/clock.ts';
import { createLogger } from '../../platform/logger.ts';
import { moveAppointment } from '../booking/index.ts';
import { AppIoGateway, DEFAULT_WINDOW } from '../messaging/index.ts';
import type { Patient } from '../registry/index.ts';
import { OutboxSender, sweepOutbox } from './outbox.service.ts';
import { reminderTrail } from './outreach.repository.ts';
import type { OutreachSettings } from './outreach.types.ts';
import { planReminders, reachesAppIo } from './reminders.service.ts';
import { parseReminderLead } from './rules/reminder.ts';

const KEY = 'io-key';
const settings: OutreachSettings = {
  lead: parseReminderLead('5'),
  reminderVoice: 'unreachable',
  recall: null,
  noticeWorkingDays: 2,
  uncertainMinutes: 60,
  senders: 1,
  appIo: true,
  publicUrl: 'https://cup.example',
  linkSecret: 'test-secret-test-secret-test-secret-!!',
};

describe.each(DRIVERS)(
  'reminders through App IO first, SMS or e-mail where IO cannot (OB-3) on $name',
  ({ create }) => {
    let t: TestDatabase;
    // Monday 7 December 2026, 10:00 in Rome: inside the sending window.
    const clock = new ManualClock('2026-12-07T09:00:00Z');
    const io = new FakeAppIo(KEY);
    const sms = new RecordingGateway();
    let sender: OutboxSender;
    beforeAll(async () => {
      t = await create();
      await io.start();
      sender = new OutboxSender({
        db: t.db,
        clock,
        log: createLogger('silent'),
        senders: 1,
        gateways: {
          sms,
          email: sms,
          io: new AppIoGateway({ url: io.url, key: KEY, now: () => clock.now() }),
          window: DEFAULT_WINDOW,
        },
      });
      sender.listen();
    });
    afterAll(async () => {
      await io.stop();
      await t?.drop();
    });

    /** A patient booked from tomorrow on (inside the reminder's lead), and a later place to move to. */
    async function booked(patient?: Partial<Patient>) {
      const b = await makeBooking(t.db, clock, {
        patient,
        from: new Date(clock.now().getTime() + 86_400_000),
      });
      const other = await t.db
        .selectFrom('slot')
        .where('agenda_id', '=', (eb) =>
          eb.selectFrom('appointment').where('id', '=', b.appointment.id).select('agenda_id'),
        )
        .where('start_at', '>', b.appointment.start)
        .select('id')
        .orderBy('start_at')
        .executeTakeFirstOrThrow();
      return { ...b, otherSlot: Number(other.id) };
    }

    const rows = (appointmentId: string) =>
      t.db
        .selectFrom('outreach_message')
        .where('appointment_id', '=', appointmentId)
        .select(['id', 'channel', 'recipient', 'status', 'ref', 'fallback_of', 'error', 'subject', 'text'])
        .orderBy('channel')
        .execute();
    const byChannel = async (appointmentId: string) =>
      Object.fromEntries((await rows(appointmentId)).map((r) => [r.channel, r]));

    async function drain() {
      while ((await sender.sendOne()) !== 'idle');
    }

    it('writes the IO message with its SMS held beside it; IO delivers, the SMS never goes', async () => {
      const b = await booked({ phone: '+393471110001' });
      io.citizen(b.patient.fiscalCode);
      const report = await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      expect(report).toMatchObject({ planned: 2, unreachable: 0 });
      const planned = await byChannel(b.appointment.id);
      expect(planned.io).toMatchObject({
        recipient: b.patient.fiscalCode,
        status: 'pending',
        fallback_of: null,
      });
      expect(planned.sms).toMatchObject({
        recipient: '+393471110001',
        status: 'held',
        ref: 'app-io-fallback',
        fallback_of: planned.io!.id,
      });
      // What the citizen reads: the booking's code, its button (IO's call to action) to the signed link.
      expect(planned.io!.text).toContain(b.appointment.code);
      expect(planned.io!.text).toMatch(
        /^---\nit:\n {2}cta_1:\n {4}text: "Conferma o disdici"\n {4}action: "iohandledlink:\/\/https:\/\/cup\.example\/l\//,
      );
      expect(planned.io!.subject).toMatch(
        /^Promemoria appuntamento del \d{2}\/\d{2}\/2026 alle \d{2}:\d{2}$/,
      );

      await drain();
      expect(io.messages.map((m) => m.fiscalCode)).toEqual([b.patient.fiscalCode]);
      expect((await byChannel(b.appointment.id)).io).toMatchObject({ status: 'submitted' });
      // IO pushes nothing: its state is asked for, once it has had a minute.
      io.settle(io.messages[0]!.id, 'PROCESSED');
      expect(await sender.pollAppIo()).toBe(0);
      clock.advance(61_000);
      expect(await sender.pollAppIo()).toBe(1);
      const after = await byChannel(b.appointment.id);
      expect(after.io).toMatchObject({ status: 'delivered' });
      expect(after.sms).toMatchObject({ status: 'suppressed', error: 'delivered through App IO' });
      await drain();
      expect(sms.sent).toEqual([]);
    });

    it('counts an IO message for the reminders’ indicator: unconfirmed while IO holds it, reached once in the inbox', async () => {
      const b = await booked({ phone: '+393471110010' });
      io.citizen(b.patient.fiscalCode);
      await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      const submittedAt = clock.now();
      await drain();
      const trail = async () =>
        (await reminderTrail(t.db, b.appointment.start, new Date(b.appointment.start.getTime() + 1))).find(
          (f) => f.appointmentId === b.appointment.id,
        );
      expect(await trail()).toMatchObject({ sent: true, reachedAt: null, unconfirmedAt: submittedAt });
      io.settle(io.messages.find((m) => m.fiscalCode === b.patient.fiscalCode)!.id, 'PROCESSED');
      clock.advance(61_000);
      await sender.pollAppIo();
      expect(await trail()).toMatchObject({ reachedAt: clock.now(), unconfirmedAt: null });
    });

    it('sends the SMS when the citizen has no IO profile, or turned the service off', async () => {
      const none = await booked({ phone: '+393471110002' });
      const off = await booked({ phone: '+393471110003' });
      io.citizen(off.patient.fiscalCode, false);
      await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      const sentBefore = io.messages.length;
      await drain();
      expect(io.messages.length).toBe(sentBefore);
      for (const b of [none, off]) {
        const r = await byChannel(b.appointment.id);
        expect(r.io).toMatchObject({ status: 'failed' });
        expect(r.sms).toMatchObject({ status: 'submitted' });
        expect(r.sms!.error).toMatch(/^App IO did not take it: not on App IO/);
      }
      expect(sms.sent.map((m) => m.to).sort()).toEqual(['+393471110002', '+393471110003']);
    });

    it('sends the SMS when IO rejects a message it had taken', async () => {
      const b = await booked({ phone: '+393471110004' });
      io.citizen(b.patient.fiscalCode);
      await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      await drain();
      const taken = io.messages.find((m) => m.fiscalCode === b.patient.fiscalCode)!;
      io.settle(taken.id, 'REJECTED');
      clock.advance(61_000);
      await sender.pollAppIo();
      expect((await byChannel(b.appointment.id)).sms).toMatchObject({ status: 'pending' });
      await drain();
      expect(sms.sent.at(-1)?.to).toBe('+393471110004');
      expect((await byChannel(b.appointment.id)).io).toMatchObject({
        status: 'failed',
        error: 'App IO: REJECTED',
      });
    });

    it('an SMS released outside the sending window waits for it', async () => {
      const b = await booked({ phone: '+393471110005' });
      await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      // Refused at 22:30 Rome on Monday 7 December: the SMS waits for the window's next opening, Wednesday
      // 08:00 — Tuesday 8 December is a national holiday (Immacolata Concezione).
      const evening = new ManualClock('2026-12-07T21:30:00Z');
      const late = new OutboxSender({
        db: t.db,
        clock: evening,
        log: createLogger('silent'),
        senders: 1,
        gateways: {
          sms,
          email: sms,
          io: new AppIoGateway({ url: io.url, key: KEY }),
          window: DEFAULT_WINDOW,
        },
      });
      while ((await late.sendOne()) !== 'idle');
      const sent = await t.db
        .selectFrom('outreach_message')
        .where('appointment_id', '=', b.appointment.id)
        .where('channel', '=', 'sms')
        .select(['status', 'send_after'])
        .executeTakeFirstOrThrow();
      expect(sent.status).toBe('pending');
      expect(new Date(sent.send_after).toISOString()).toBe('2026-12-09T07:00:00.000Z');
    });

    it('withdraws both when the appointment moves before either went', async () => {
      const b = await booked({ phone: '+393471110006' });
      io.citizen(b.patient.fiscalCode);
      await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      await moveAppointment(t.db, context(clock), b.appointment.id, { slotId: b.otherSlot });
      await sweepOutbox(t.db, clock, settings.uncertainMinutes, DEFAULT_WINDOW);
      const r = await rows(b.appointment.id);
      expect(r.map((x) => [x.channel, x.status]).sort()).toEqual([
        ['io', 'suppressed'],
        ['sms', 'suppressed'],
      ]);
    });

    it('a running sender sends, asks IO the states by itself, and drops the SMS once IO delivered', async () => {
      const b = await booked({ phone: '+393471110011' });
      io.citizen(b.patient.fiscalCode);
      await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      const running = new OutboxSender({
        db: t.db,
        clock,
        log: createLogger('silent'),
        senders: 1,
        idleMs: 20,
        appIoPollMs: 1000,
        gateways: {
          sms,
          email: sms,
          io: new AppIoGateway({ url: io.url, key: KEY, now: () => clock.now() }),
          window: DEFAULT_WINDOW,
        },
      });
      running.start();
      try {
        const taken = () => io.messages.find((m) => m.fiscalCode === b.patient.fiscalCode);
        await until(() => !!taken(), 'the IO message sent');
        io.settle(taken()!.id, 'PROCESSED');
        clock.advance(61_000);
        await until(
          async () => (await byChannel(b.appointment.id)).sms?.status === 'suppressed',
          'the held SMS dropped',
        );
        expect((await byChannel(b.appointment.id)).io).toMatchObject({ status: 'delivered' });
      } finally {
        await running.stop();
      }
    });

    it('the sweep sends a fallback the sender left held (it stopped between IO’s answer and the SMS)', async () => {
      const b = await booked({ phone: '+393471110007' });
      await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      const { io: primary } = await byChannel(b.appointment.id);
      // As a sender that died after recording IO's refusal and before releasing the SMS leaves it.
      await t.db
        .updateTable('outreach_message')
        .set({ status: 'failed' })
        .where('id', '=', primary!.id)
        .execute();
      expect((await byChannel(b.appointment.id)).sms).toMatchObject({ status: 'held' });
      expect((await sweepOutbox(t.db, clock, settings.uncertainMinutes, DEFAULT_WINDOW)).fallbacks).toBe(1);
      expect((await byChannel(b.appointment.id)).sms).toMatchObject({ status: 'pending' });
    });

    it('a citizen with no phone or e-mail: IO alone; with APP_IO off, SMS alone', async () => {
      const ioOnly = await booked({ phone: null, email: null });
      await planReminders(t.db, clock, settings, DEFAULT_WINDOW);
      expect((await rows(ioOnly.appointment.id)).map((r) => [r.channel, r.status])).toEqual([
        ['io', 'pending'],
      ]);
      // APP_IO off: as before, SMS or e-mail only.
      const plain = await booked({ phone: '+393471110009' });
      await planReminders(t.db, clock, { ...settings, appIo: false }, DEFAULT_WINDOW);
      expect((await rows(plain.appointment.id)).map((r) => r.channel)).toEqual(['sms']);
    });
  },
);

describe('who App IO is tried for', () => {
  it('every valid fiscal code with APP_IO on; never a temporary one (STP, ENI), never with it off', () => {
    expect(reachesAppIo({ appIo: true }, 'RSSMRA80A01H501U')).toBe(true);
    expect(reachesAppIo({ appIo: true }, 'STP1234567890123')).toBe(false);
    expect(reachesAppIo({ appIo: true }, 'ENI1234567890123')).toBe(false);
    expect(reachesAppIo({ appIo: false }, 'RSSMRA80A01H501U')).toBe(false);
    expect(reachesAppIo({}, 'RSSMRA80A01H501U')).toBe(false);
  });
});
