// Public surface of the help desk (issue 16): tickets in queues of competence, levels, the business clock,
// and its e-mail — mailboxes read by IMAP, threading, answers sent through the messaging gateways.

export { type HelpdeskMailRunner, helpdeskRetentionJob, startHelpdeskMail } from './helpdesk.jobs.ts';
export { helpdeskRoutes } from './helpdesk.routes.ts';
export { checkDocument, type UploadedDocument } from './intake/documents.service.ts';
export { type HelpdeskMail, helpdeskMailSettings, ingestMail, sendOutgoing } from './intake/mail.service.ts';
export { destroyHelpdeskContent } from './retention.service.ts';
export { countedMs, deadline, type Span } from './rules/business-clock.ts';
export { bodyMarker, replyAddress } from './rules/threading.ts';
export { type PeriodTicket, ticketsOfPeriod } from './tickets/ticket-view.service.ts';
export { openTicketFromCall, openTicketFromChat } from './tickets/tickets.service.ts';
export type { CheckedDocument } from './tickets/tickets.types.ts';
