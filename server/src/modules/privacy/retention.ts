import { purgeAuditBefore } from '../../platform/audit.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { purgeIdempotencyKeys } from '../../platform/idempotency.ts';
import { releaseExpiredHolds } from '../booking/index.ts';
import { purgeCampaignContacts } from '../campaigns/index.ts';
import { purgeChats } from '../chat/index.ts';
import { purgeContactEvents } from '../contact-centre/index.ts';
import { purgeForgottenLoginFailures, purgeSessionsExpiredBefore } from '../identity/index.ts';
import { purgeSimulatedMessages } from '../messaging/index.ts';
import { purgeFeedBatches } from '../national-feed/index.ts';
import { purgeMessages } from '../outreach/index.ts';
import { clearRatingDetailsBefore } from '../portal/index.ts';
import { purgeReoffers } from '../reoffer/index.ts';
import type { RetentionPeriods, RetentionResult } from './privacy.types.ts';

const DAY_MS = 86_400_000;

export const retentionPeriods = (config: Config): RetentionPeriods => ({
  auditDays: config.RETENTION_AUDIT_DAYS,
  contactEventsDays: config.RETENTION_CONTACT_EVENTS_DAYS,
  idempotencyDays: config.RETENTION_IDEMPOTENCY_DAYS,
  sessionsDays: config.RETENTION_SESSIONS_DAYS,
  holdsMinutes: config.RETENTION_HOLDS_MINUTES,
  messagesDays: config.RETENTION_MESSAGES_DAYS,
});

/**
 * The instant before which each kind of record is past its period. Periods are elapsed time (a day is
 * 24 hours), not calendar days: a retention period is a length, and a night's run moves it on by a day.
 */
export function retentionCutoffs(now: Date, p: RetentionPeriods) {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  return {
    audit: ago(p.auditDays * DAY_MS),
    contactEvents: ago(p.contactEventsDays * DAY_MS),
    idempotencyKeys: ago(p.idempotencyDays * DAY_MS),
    /** Sessions and holds count from their expiry. */
    sessions: ago(p.sessionsDays * DAY_MS),
    holds: ago(p.holdsMinutes * 60_000),
    messages: ago(p.messagesDays * DAY_MS),
  };
}

/**
 * Deletes what is past its period (issue 8 §13): each kind in its own transaction, so one failing does
 * not hold back the others, and a run that stops half-way is finished by the next. Expired holds are
 * released, giving their place back, as the minute job does.
 */
export async function enforceRetention(db: Db, now: Date, p: RetentionPeriods): Promise<RetentionResult> {
  const cut = retentionCutoffs(now, p);
  return {
    audit: await purgeAuditBefore(db, cut.audit),
    contactEvents: await purgeContactEvents(db, cut.contactEvents),
    idempotencyKeys: await purgeIdempotencyKeys(db, cut.idempotencyKeys),
    sessions: await purgeSessionsExpiredBefore(db, cut.sessions),
    holds: await releaseExpiredHolds(db, cut.holds),
    loginFailures: await purgeForgottenLoginFailures(db, now),
    // Offers first: they name appointments whose messages go with them.
    messages:
      (await purgeReoffers(db, cut.messages)) +
      (await purgeCampaignContacts(db, cut.messages)) +
      (await purgeMessages(db, cut.messages)) +
      (await purgeSimulatedMessages(db, cut.messages)),
    feedBatches: await purgeFeedBatches(db, cut.messages),
    chats: await purgeChats(db, cut.messages),
    ratingComments: await clearRatingDetailsBefore(db, cut.messages),
  };
}
