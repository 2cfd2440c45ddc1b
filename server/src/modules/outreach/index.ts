// Public surface of the outreach module (issue 11, OB-1…OB-4): reminders sent exactly once through the
// messaging gateways, patients' replies (confirm, cancel, STOP), the reminders' signed links, and the
// staff's view of messages, the recall by message, and the outbox other modules send through (re-offer,
// campaigns).

export { queueDelegationNotice } from './delegation-notice.service.ts';
export {
  campaignMessageStates,
  findMessage,
  insertCampaignMessages,
  insertOutbox,
  type NewCampaignMessage,
  type NewOutboxMessage,
  purgeMessages,
  suppressPending,
} from './outbox.repository.ts';
export { OutboxSender, sweepOutbox } from './outbox.service.ts';
export { outboxSweepJob, remindersJob } from './outreach.jobs.ts';
export { exchangesWith, optedOut, patronSaints, reminderTrail } from './outreach.repository.ts';
export { outreachRoutes } from './outreach.routes.ts';
export { type Outreach, outreachSettings, startOutreach } from './outreach.service.ts';
export type * from './outreach.types.ts';
export {
  contactFor,
  isMobile,
  type PlanReport,
  planReminders,
  recallsToCall,
  remindersToCall,
  type VoiceDue,
} from './reminders.service.ts';
export { handleReply, type OfferAnswer } from './replies.service.ts';
export { signLink, verifyLink } from './rules/link-token.ts';
export { parseReminderLead, toGsmFriendly } from './rules/reminder.ts';
export { parseReply } from './rules/reply.ts';
