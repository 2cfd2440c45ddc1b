import { defineJob } from '../../platform/jobs.ts';
import type { RetentionPeriods } from './privacy.types.ts';
import { enforceRetention } from './retention.ts';

/** Nightly, in the quiet hour: deletes what is past its retention period and says how much. */
export const retentionJob = (periods: RetentionPeriods) =>
  defineJob<Record<string, never>>({
    name: 'privacy.retention',
    version: 1,
    schedule: '40 3 * * *',
    async run({ db, clock, log }) {
      const deleted = await enforceRetention(db, clock.now(), periods);
      log.info({ deleted }, 'retention enforced');
    },
  });
