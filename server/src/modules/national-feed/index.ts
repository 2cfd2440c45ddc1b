// Public surface of the national-feed module (MR-8): the daily booking feed to the national
// waiting-list platform (PNLA, AGENAS), as FHIR R4, with a simulated platform as the embedded default.
export { nationalFeedJob } from './national-feed.jobs.ts';
export { nationalFeedRoutes } from './national-feed.routes.ts';
export {
  buildDay,
  type FeedSettings,
  nationalFeedSettings,
  purgeFeedBatches,
} from './national-feed.service.ts';
