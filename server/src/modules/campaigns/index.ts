// Public surface of the campaigns module (issue 11 §6, OB-3, OB-5, OB-6, BK-12): outbound campaigns by
// agents' calls, the virtual operator, SMS or e-mail; the agent's work in the console; the standing
// campaigns the system fills (survey follow-ups, agenda closures, the recall by virtual operator).
export { CampaignWorker, type CampaignWorkerOptions } from './campaigns.jobs.ts';
export {
  outboundContacts,
  purgeContactsBefore as purgeCampaignContacts,
  voiceReminderTrail,
} from './campaigns.repository.ts';
export { campaignsRoutes } from './campaigns.routes.ts';
export { createCampaign, DEFAULT_DISPOSITIONS, getCampaign, listCampaigns } from './campaigns.service.ts';
export type * from './campaigns.types.ts';
export { parseContactsCsv } from './rules/csv.ts';
export { nextAllowed, withinHours } from './rules/hours.ts';
export { BATCH_SIZE, campaignKpi, POSITIVE_GOAL } from './rules/kpis.ts';
export { FOLLOW_UP_MAX_SCORE } from './standing.service.ts';
