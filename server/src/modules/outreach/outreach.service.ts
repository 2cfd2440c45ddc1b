import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../platform/clock.ts';
import { type Config, ConfigError } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { createMessageGateways, type MessageGateway, type MessageGateways } from '../messaging/index.ts';
import { OutboxSender } from './outbox.service.ts';
import type { OutreachSettings } from './outreach.types.ts';
import { planRecalls, planReminders } from './reminders.service.ts';
import { handleReply, type OfferAnswer } from './replies.service.ts';
import { parseReminderLead } from './rules/reminder.ts';

/**
 * Outreach's configuration, checked at start-up (a bad value stops the server with its name). In demo
 * mode (embedded database) links point at this server and are signed with a key made once and kept in
 * DATA_DIR; otherwise links need PUBLIC_URL and LINK_SECRET, and are left out of messages without them.
 */
export function outreachSettings(
  config: Config,
  o: { demoSecret: boolean } = { demoSecret: true },
): OutreachSettings {
  let lead: OutreachSettings['lead'];
  try {
    lead = parseReminderLead(config.REMINDER_LEAD_DAYS);
  } catch (e) {
    throw new ConfigError(`Invalid configuration:\n  REMINDER_LEAD_DAYS: ${(e as Error).message}`);
  }
  const publicUrl = config.PUBLIC_URL ?? (config.embedded ? `http://localhost:${config.PORT}` : null);
  const linkSecret =
    config.LINK_SECRET ?? (config.embedded && o.demoSecret ? demoLinkSecret(config.dataDir) : null);
  if (config.RECALL_DAYS_BEFORE > 0 && config.RECALL_DAYS_BEFORE <= lead.days)
    throw new ConfigError(
      `Invalid configuration:\n  RECALL_DAYS_BEFORE: ${config.RECALL_DAYS_BEFORE} must be more than the reminder's lead (${lead.days} days), or 0`,
    );
  return {
    lead,
    reminderVoice: config.REMINDER_VOICE,
    recall:
      config.RECALL_DAYS_BEFORE > 0
        ? {
            daysBefore: config.RECALL_DAYS_BEFORE,
            agendaWaitDays: config.RECALL_AGENDA_WAIT_DAYS,
            minWaitDays: config.RECALL_MIN_WAIT_DAYS,
            voice: config.RECALL_VOICE,
          }
        : null,
    noticeWorkingDays: config.CANCELLATION_NOTICE_WORKING_DAYS,
    uncertainMinutes: config.REMINDER_UNCERTAIN_MINUTES,
    senders: config.OUTREACH_SENDERS,
    appIo: config.APP_IO === 'on',
    publicUrl: linkSecret ? publicUrl : null,
    linkSecret,
  };
}

function demoLinkSecret(dataDir: string): string {
  const file = path.join(dataDir, 'link-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

export interface Outreach {
  gateways: MessageGateways;
  settings: OutreachSettings;
  sender: OutboxSender;
  stop(): Promise<void>;
}

/**
 * Starts outreach in the server: the gateways the configuration names, replies handled as they come,
 * receipts settling the outbox, the sender loops, and one catch-up batch of reminders at start-up (the
 * daily job does the rest; both are idempotent).
 */
export async function startOutreach(deps: {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  settings: OutreachSettings;
  send: boolean;
  /** The re-offer's answer to a yes or no that follows an offer (OB-2); without it, such replies are kept. */
  offerAnswer?: OfferAnswer;
}): Promise<Outreach> {
  const { db, clock, log, settings } = deps;
  const gateways = createMessageGateways(deps.config, { db, clock });
  gateways.sms.onInbound(async (m) => {
    const o = await handleReply(db, clock, m, deps.offerAnswer);
    log.info({ intent: o.intent, outcome: o.outcome }, 'patient reply');
  });
  const sender = new OutboxSender({ db, clock, gateways, log, senders: settings.senders });
  sender.listen();
  if (deps.send) {
    // The catch-up batch runs beside the server, not before it listens: a region's batch takes seconds.
    void planReminders(db, clock, settings, gateways.window)
      .then(async (planned) => {
        log.info(planned, 'reminders planned');
        log.info(await planRecalls(db, clock, settings, gateways.window), 'recalls planned');
      })
      .catch((err) => log.error({ err }, 'reminder batch at start-up'));
    sender.start();
  }
  return {
    gateways,
    settings,
    sender,
    async stop() {
      await sender.stop();
      const all = [gateways.sms, gateways.email, gateways.io].filter((g): g is MessageGateway => !!g);
      await Promise.all([...new Set(all)].map((g) => g.close()));
    },
  };
}
