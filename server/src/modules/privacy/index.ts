// Public surface of the privacy module: the privacy officer's access log and the retention job (SEC-1).
export { retentionJob } from './privacy.jobs.ts';
export { privacyRoutes } from './privacy.routes.ts';
export { accessLogCsv, MAX_ACCESS_ROWS, patientAccessLog } from './privacy.service.ts';
export type * from './privacy.types.ts';
export { enforceRetention, retentionCutoffs, retentionPeriods } from './retention.ts';
