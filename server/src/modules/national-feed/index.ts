// Public surface of the national-feed module (MR-8): the daily booking feed to the national
// waiting-list platform (PNLA, AGENAS), as FHIR R4, with a simulated platform as the embedded default.
export { type HttpFeedSettings, httpFeedSender } from './adapters/http.ts';
export type { FeedSender } from './adapters/port.ts';
export { simulatedFeedSender } from './adapters/simulated.ts';
export { nationalFeedJob } from './national-feed.jobs.ts';
export { nationalFeedRoutes } from './national-feed.routes.ts';
export {
  buildDay,
  type FeedSettings,
  nationalFeedSettings,
  purgeFeedBatches,
  runFeed,
  sendDay,
} from './national-feed.service.ts';
export { dayBundle, type FeedAppointment, pseudonym, toFhirAppointment } from './rules/fhir.ts';
