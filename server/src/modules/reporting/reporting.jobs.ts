import { defineJob } from '../../platform/jobs.ts';
import { makeDueReports } from './reports.service.ts';

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
