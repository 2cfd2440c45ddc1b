// Public surface of the re-offer module (issue 11 §4, OB-2): freed places offered to patients booked
// further out, in rounds, through outreach's outbox; the offer's link; the chain of places freed in turn.
export { acceptOffer, answerOfferBySms, declineOffer, offerPage } from './offers.service.ts';
export { purgeReoffers } from './reoffer.repository.ts';
export { reofferRoutes } from './reoffer.routes.ts';
export {
  alternativeOutcome,
  offerAlternative,
  offerLink,
  offerRound,
  ReofferWorker,
  readFreedSlots,
  reofferSettings,
  reofferSummary,
  runReoffer,
} from './reoffer.service.ts';
export type * from './reoffer.types.ts';
export { DECLINE_REASONS, type DeclineReason, parseFromDays, type ReofferRules } from './rules/reoffer.ts';
