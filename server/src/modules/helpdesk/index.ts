// Public surface of the help desk (issue 16): tickets in queues of competence, levels, the business clock,
// and its e-mail — mailboxes read by IMAP, threading, answers sent through the messaging gateways.

export { checkDocument, type UploadedDocument } from './documents.service.ts';
export { type HelpdeskMailRunner, helpdeskRetentionJob, startHelpdeskMail } from './helpdesk.jobs.ts';
export { helpdeskRoutes } from './helpdesk.routes.ts';
export {
  openTicketFromCall,
  openTicketFromChat,
  type PeriodTicket,
  ticketsOfPeriod,
} from './helpdesk.service.ts';
export type { CheckedDocument } from './helpdesk.types.ts';
export { type HelpdeskMail, helpdeskMailSettings, ingestMail, sendOutgoing } from './mail.service.ts';
export { destroyHelpdeskContent } from './retention.service.ts';
export { countedMs, deadline, type Span } from './rules/business-clock.ts';
export { bodyMarker, replyAddress } from './rules/threading.ts';
