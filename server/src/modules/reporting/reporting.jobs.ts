import { defineJob } from '../../platform/jobs.ts';
import { projectCallFacts } from './facts/facts.service.ts';
import { makeDueReports } from './reports/reports.service.ts';
import { foldSettledHours } from './wallboard/hour-counts.service.ts';

/**
 * MR-3: each night, the last month's report if not made yet (the contract wants it by the 15th; a night
 * the server was down is made up the next), and during the contract's first four months the last week's.
 */
export const reportsJob = (contractStart: string | null) =>
  defineJob<Record<string, never>>({
    name: 'reporting.reports',
    version: 1,
    schedule: '30 2 * * *',
    async run({ db, clock, log }) {
      const made = await makeDueReports(db, clock, contractStart);
      if (made.length > 0) log.info({ made }, 'reports made');
    },
  });

/**
 * Issue 12 §7: every minute, the call facts take in the contact events stored since the last run (the
 * month's evaluation also catches up before reading, so it never misses the last minute).
 */
export const callFactsJob = defineJob<Record<string, never>>({
  name: 'reporting.call-facts',
  version: 1,
  schedule: '* * * * *',
  async run({ db, log }) {
    const written = await projectCallFacts(db);
    if (written > 0) log.debug({ written }, 'call facts projected');
  },
});

/**
 * Issue 12 §1, §7: every minute, the wallboard's settled hours folded by the statistics' code (and again
 * those touched by events stored late); a wallboard further behind catches up itself before reading.
 */
export const hourCountsJob = defineJob<Record<string, never>>({
  name: 'reporting.hour-counts',
  version: 1,
  schedule: '* * * * *',
  async run({ db, clock, log }) {
    const hours = await foldSettledHours(db, clock.now());
    if (hours > 0) log.debug({ hours }, 'wallboard hours folded');
  },
});
