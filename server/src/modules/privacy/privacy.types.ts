import type { AuditOutcome } from '../../platform/schema.ts';

export interface AccessLogQuery {
  fiscalCode: string;
  /** Europe/Rome calendar days, both included ('YYYY-MM-DD'). */
  from?: string | undefined;
  to?: string | undefined;
}

export interface Access {
  at: string;
  actor: { id: string; username: string | null; displayName: string | null } | null;
  roles: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  channel: string | null;
  purpose: string;
  statedPurpose: string | null;
  outcome: AuditOutcome;
  clientAddress: string | null;
  requestId: string | null;
}

export interface AccessLog {
  fiscalCode: string;
  patient: { id: string; givenName: string; familyName: string } | null;
  from: string;
  to: string;
  /** More accesses than one answer holds: read a shorter period. */
  truncated: boolean;
  accesses: Access[];
}

export interface RetentionPeriods {
  auditDays: number;
  contactEventsDays: number;
  idempotencyDays: number;
  sessionsDays: number;
  holdsMinutes: number;
  messagesDays: number;
}

/** Rows deleted by one run of the retention job, per kind. */
export interface RetentionResult {
  audit: number;
  contactEvents: number;
  idempotencyKeys: number;
  sessions: number;
  holds: number;
  /** Failed-login counters already forgotten (15 minutes) and refusing nothing. */
  loginFailures: number;
  /** Messages to patients, their replies, and the simulated gateway's record of them. */
  messages: number;
  /** The national feed's batches sent (MR-8), by the messages' period: a record of data sent out. */
  feedBatches: number;
  /** CC-10: chats ended before the messages' period, with their messages. */
  chats: number;
  /** C.SE.1.7: the words of portal ratings made before the messages' period (the stars stay). */
  ratingComments: number;
}
