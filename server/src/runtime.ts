import { generateSlotsJob, releaseExpiredHoldsJob } from './modules/booking/index.ts';
import { chatIdleJob, chatSettings } from './modules/chat/index.ts';
import { helpdeskRetentionJob } from './modules/helpdesk/index.ts';
import { parseWindow } from './modules/messaging/index.ts';
import { nationalFeedJob, nationalFeedSettings } from './modules/national-feed/index.ts';
import { type OutreachSettings, outboxSweepJob, remindersJob } from './modules/outreach/index.ts';
import { type PaymentSettings, settleCancelledJob } from './modules/payments/index.ts';
import { retentionJob, retentionPeriods } from './modules/privacy/index.ts';
import { callFactsJob, hourCountsJob, reportsJob } from './modules/reporting/index.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { type DatabaseHandle, migrateToLatest, openPglite, openPostgres } from './platform/db.ts';
import { JobRunner } from './platform/jobs.ts';
import type { Logger } from './platform/logger.ts';

/** Opens the configured database (embedded PGlite in DATA_DIR, or PostgreSQL) and migrates it. */
export async function openDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
  const handle = config.DATABASE_URL
    ? await openPostgres(config.DATABASE_URL)
    : await openPglite(config.dataDir);
  const applied = await migrateToLatest(handle.db);
  log.info({ database: handle.kind, applied }, 'database ready');
  return handle;
}

export function createJobRunner(
  handle: DatabaseHandle,
  config: Config,
  clock: Clock,
  log: Logger,
  outreach: OutreachSettings,
  payments: PaymentSettings,
): JobRunner {
  const jobs = new JobRunner(handle, { db: handle.db, clock, log });
  jobs.register(
    generateSlotsJob(config.SLOT_HORIZON_DAYS),
    releaseExpiredHoldsJob,
    retentionJob(retentionPeriods(config)),
    helpdeskRetentionJob(config.HELPDESK_CONTRACT_END ?? null),
    remindersJob(outreach, parseWindow(config.QUIET_HOURS)),
    outboxSweepJob(outreach, parseWindow(config.QUIET_HOURS)),
    reportsJob(config.CONTRACT_START ?? null),
    callFactsJob,
    hourCountsJob,
    settleCancelledJob(payments),
    nationalFeedJob(nationalFeedSettings(config)),
    chatIdleJob(chatSettings(config)),
  );
  return jobs;
}
