// Public surface of the help desk (issue 16): tickets in queues of competence, levels, the business clock.
export { helpdeskRoutes } from './helpdesk.routes.ts';
export { countedMs, deadline, type Span } from './rules/business-clock.ts';
