import { defineJob } from '../../platform/jobs.ts';
import type { SendingWindow } from '../messaging/index.ts';
import { sweepOutbox } from './outbox.service.ts';
import type { OutreachSettings } from './outreach.types.ts';
import { planRecalls, planReminders } from './reminders.service.ts';

/** OB-1: the day's reminders and recalls, each morning at 07:30 Rome (SMS wait for the sending window). */
export const remindersJob = (settings: OutreachSettings, window: SendingWindow) =>
  defineJob<Record<string, never>>({
    name: 'outreach.reminders',
    version: 1,
    schedule: '30 7 * * *',
    async run({ db, clock, log }) {
      log.info(await planReminders(db, clock, settings, window), 'reminders planned');
      log.info(await planRecalls(db, clock, settings, window), 'recalls planned');
    },
  });

/**
 * Every five minutes: stale reminders suppressed, interrupted submits without a receipt sent again, App
 * IO's fallbacks settled.
 */
export const outboxSweepJob = (settings: OutreachSettings, window: SendingWindow) =>
  defineJob<Record<string, never>>({
    name: 'outreach.sweep',
    version: 1,
    schedule: '*/5 * * * *',
    async run({ db, clock, log }) {
      const swept = await sweepOutbox(db, clock, settings.uncertainMinutes, window);
      if (swept.suppressed + swept.requeued + swept.fallbacks > 0) log.info(swept, 'outbox swept');
    },
  });
