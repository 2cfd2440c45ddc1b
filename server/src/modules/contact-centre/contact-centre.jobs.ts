import { defineJob } from '../../platform/jobs.ts';
import { backfillHourCounts } from './contact-centre.repository.ts';

/** Ids counted per transaction. */
const WINDOW = 200_000n;

/**
 * Issue 12 §7: the wallboard's hourly counts of the events stored before they existed, counted once, a
 * window at a time (the writer counts every event stored since). Nothing to do on a new installation.
 */
export const hourCountsJob = defineJob<Record<string, never>>({
  name: 'contact-centre.hour-counts',
  version: 1,
  schedule: '* * * * *',
  async run({ db, log }) {
    let windows = 0;
    while (await backfillHourCounts(db, WINDOW)) windows++;
    if (windows > 0) log.info({ windows }, 'hourly counts of earlier contact events made');
  },
});
