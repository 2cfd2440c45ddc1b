import { defineJob } from '../../platform/jobs.ts';
import { type FeedSettings, runFeed } from './national-feed.service.ts';

/**
 * MR-8: every hour at :20, the days over since the last batch are built and whatever is not sent is sent
 * (the platform asks for a daily feed; an hourly run retries a refused day without waiting a night).
 */
export const nationalFeedJob = (settings: FeedSettings) =>
  defineJob<Record<string, never>>({
    name: 'national-feed.daily',
    version: 1,
    schedule: '20 * * * *',
    async run({ db, clock, log }) {
      const { built, sent } = await runFeed(db, clock, settings, log);
      if (built.length || sent.length) log.info({ built, sent }, 'national feed');
    },
  });
