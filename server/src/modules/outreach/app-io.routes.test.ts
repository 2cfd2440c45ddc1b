import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking } from '../../../test/factories.ts';
import { until } from '../../../test/until.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { onAppIo } from '../messaging/index.ts';
import { type Outreach, outreachSettings, startOutreach } from './outreach.service.ts';
import { planReminders } from './reminders.service.ts';

// OB-3 "app", end to end as the demo runs it with APP_IO=on: the outreach the server starts (simulated
// IO: half the citizens have the app), its batch and sender, and what the "Messaggi" page's API shows.
describe('App IO in the server (simulazione)', () => {
  let t: TestDatabase;
  let app: App;
  let outreach: Outreach;
  let manager: Record<string, string>;
  // Monday 7 December 2026, 10:00 in Rome: inside the sending window.
  const clock = new ManualClock('2026-12-07T09:00:00Z');
  const config = loadConfig({
    APP_IO: 'on',
    SIM_APP_IO_SHARE: '0.5',
    SIM_MESSAGE_RECEIPT_SECONDS: '0',
    SIM_REPLY_CONFIRM: '0',
    SIM_REPLY_CANCEL: '0',
    JOBS: 'off',
    LOG_LEVEL: 'silent',
  });

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const log = createLogger('silent');
    const settings = outreachSettings(config, { demoSecret: false });
    outreach = await startOutreach({ db: t.db, clock, config, log, settings, send: false });
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log,
      outreach: { settings, label: outreach.gateways.sms.label },
    });
    await app.ready();
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
  });
  afterAll(async () => {
    await app?.close();
    await outreach?.stop();
    await t?.drop();
  });

  it('reaches the citizens with the app through IO, the others by SMS; the page shows both, masked', async () => {
    // Bookings until there is a citizen with the app and one without (the simulation's draw by fiscal code).
    const booked: Awaited<ReturnType<typeof makeBooking>>[] = [];
    while (
      !booked.some((b) => onAppIo(b.patient.fiscalCode, 0.5)) ||
      !booked.some((b) => !onAppIo(b.patient.fiscalCode, 0.5))
    )
      booked.push(
        await makeBooking(t.db, clock, {
          patient: { phone: `+39347111${String(booked.length).padStart(4, '0')}` },
        }),
      );
    const withApp = booked.find((b) => onAppIo(b.patient.fiscalCode, 0.5))!;
    const without = booked.find((b) => !onAppIo(b.patient.fiscalCode, 0.5))!;

    const planned = await planReminders(t.db, clock, outreach.settings, outreach.gateways.window);
    expect(planned).toMatchObject({ due: booked.length, planned: 2 * booked.length, unreachable: 0 });
    while ((await outreach.sender.sendOne()) !== 'idle');
    // The simulated receipts come on their own timers; then the SMS held for the citizen with the app is dropped.
    const states = () =>
      t.db
        .selectFrom('outreach_message')
        .select(['appointment_id', 'channel', 'status'])
        .where('appointment_id', 'in', [withApp.appointment.id, without.appointment.id])
        .execute();
    await until(
      async () => (await states()).every((r) => ['delivered', 'failed', 'suppressed'].includes(r.status)),
      'every message settled',
    );

    const res = await app.inject({ method: 'GET', url: '/api/v1/outreach/messages', headers: manager });
    expect(res.statusCode).toBe(200);
    const page = res.json() as {
      label: string | null;
      items: { channel: string; recipient: string; status: string; text: string; error: string | null }[];
    };
    expect(page.label).toBe('simulazione');
    const about = (b: typeof withApp) => page.items.filter((m) => m.text.includes(b.appointment.code));
    const show = (b: typeof withApp) =>
      about(b)
        .map((m) => [m.channel, m.status, m.recipient])
        .sort();
    expect(show(withApp)).toEqual([
      ['io', 'delivered', `•••${withApp.patient.fiscalCode.slice(-4)}`],
      ['sms', 'suppressed', `•••${withApp.patient.phone!.slice(-4)}`],
    ]);
    expect(show(without)).toEqual([
      ['io', 'failed', `•••${without.patient.fiscalCode.slice(-4)}`],
      ['sms', 'delivered', `•••${without.patient.phone!.slice(-4)}`],
    ]);
    expect(about(without).find((m) => m.channel === 'io')?.error).toBe(
      'not on App IO: no profile (simulazione)',
    );
    // Nothing of the fiscal code beyond its last four characters leaves the server.
    expect(res.body).not.toContain(withApp.patient.fiscalCode);

    // The manager's page: one reminder per booking, however many messages it took, and what IO spared.
    const summary = await app.inject({ method: 'GET', url: '/api/v1/outreach/summary', headers: manager });
    expect(summary.statusCode).toBe(200);
    const ours = await t.db
      .selectFrom('outreach_message')
      .select(['channel', 'status'])
      .where('kind', '=', 'reminder')
      .execute();
    const onIo = ours.filter((r) => r.channel === 'io' && r.status === 'delivered').length;
    expect(summary.json().reminders).toMatchObject({
      planned: booked.length,
      viaAppIo: onIo,
      sparedByAppIo: onIo,
    });
    expect(onIo).toBeGreaterThanOrEqual(1);
  });
});
