import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { AppIoGateway } from './adapters/app-io.ts';
import { SimulatedGateway } from './adapters/simulated.ts';
import { SmppGateway } from './adapters/smpp.ts';
import { SmtpGateway } from './adapters/smtp.ts';
import { createMessageGateways } from './messaging.service.ts';

describe('messaging configuration', () => {
  const deps = { db: {} as Db, clock: new ManualClock('2026-12-03T09:00:00Z') };

  it('simulates by default, labelled, with the window of the configuration', () => {
    const g = createMessageGateways(loadConfig({ QUIET_HOURS: '09:00-19:30' }), deps);
    expect(g.sms).toBeInstanceOf(SimulatedGateway);
    expect(g.email).toBe(g.sms);
    expect(g.sms.label).toBe('simulazione');
    expect(g.window).toMatchObject({ fromMinute: 540, toMinute: 1170, sundays: false, holidays: false });
  });

  it('uses SMPP and SMTP when live, and names every setting that is missing', () => {
    const live = {
      MESSAGING: 'live',
      SMPP_URL: 'smpp://smsc.regione.example:2775',
      SMPP_SYSTEM_ID: 'cup',
      SMPP_PASSWORD: 'secret',
      SMS_SENDER: 'CUPRegione',
      SMTP_URL: 'smtp://relay.regione.example:587',
      MAIL_FROM: 'cup@regione.example',
      LINK_SECRET: 'a-key-for-the-reminder-links-of-32-chars',
    };
    const g = createMessageGateways(loadConfig(live), deps);
    expect(g.sms).toBeInstanceOf(SmppGateway);
    expect(g.email).toBeInstanceOf(SmtpGateway);
    expect(g.sms.label).toBeNull();
    expect(() => loadConfig({ MESSAGING: 'live', SMPP_URL: live.SMPP_URL })).toThrow(
      /SMPP_SYSTEM_ID: needed[\s\S]*SMPP_PASSWORD: needed[\s\S]*SMTP_URL: needed[\s\S]*MAIL_FROM: needed[\s\S]*LINK_SECRET: needed/,
    );
  });

  it('App IO: off by default; simulated, or IO’s Services API with its key when live', () => {
    expect(createMessageGateways(loadConfig({}), deps).io).toBeNull();
    const simulated = createMessageGateways(loadConfig({ APP_IO: 'on' }), deps);
    expect(simulated.io).toBe(simulated.sms);
    expect(simulated.io?.label).toBe('simulazione');
    const live = {
      MESSAGING: 'live',
      SMPP_URL: 'smpp://smsc.regione.example:2775',
      SMPP_SYSTEM_ID: 'cup',
      SMPP_PASSWORD: 'secret',
      SMTP_URL: 'smtp://relay.regione.example:587',
      MAIL_FROM: 'cup@regione.example',
      LINK_SECRET: 'a-key-for-the-reminder-links-of-32-chars',
      APP_IO: 'on',
    };
    expect(() => loadConfig(live)).toThrow(/APP_IO_KEY: needed with APP_IO=on and MESSAGING=live/);
    const io = createMessageGateways(loadConfig({ ...live, APP_IO_KEY: 'k' }), deps).io;
    expect(io).toBeInstanceOf(AppIoGateway);
    expect(io?.label).toBeNull();
    // Fiscal codes travel there: https, or the loopback.
    expect(() => loadConfig({ APP_IO: 'on', APP_IO_URL: 'http://io.example/api/v1' })).toThrow(
      /APP_IO_URL: https/,
    );
    expect(() => loadConfig({ APP_IO: 'on', APP_IO_URL: 'http://127.0.0.1:8080/api/v1' })).not.toThrow();
  });

  it('refuses a sender alias AGCOM would not register, a bad window and impossible reply shares', () => {
    expect(() => loadConfig({ SMS_SENDER: 'RegioneBasilicata' })).toThrow(/SMS_SENDER/); // 17 > 11
    expect(() => loadConfig({ SMS_SENDER: '12345678901' })).not.toThrow(); // a number is a number
    expect(() => loadConfig({ SMS_SENDER: 'CUP!' })).toThrow(/SMS_SENDER/);
    expect(() => loadConfig({ QUIET_HOURS: '8-21' })).toThrow(/QUIET_HOURS/);
    expect(() => createMessageGateways(loadConfig({ QUIET_HOURS: '21:00-08:00' }), deps)).toThrow(
      /HH:MM-HH:MM/,
    );
    expect(() => loadConfig({ SIM_REPLY_CONFIRM: '0.9', SIM_REPLY_CANCEL: '0.2' })).toThrow(ConfigError);
  });
});
