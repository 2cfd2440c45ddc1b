import type { OutreachMessageTable, OutreachStatus } from '../../platform/schema.ts';

export type { OutreachStatus };
/**
 * What a message is: a reminder, a recall (asked earlier, where waits are long), a reply's
 * acknowledgement, a freed slot's offer (and its withdrawal), a campaign's message (OB-5), or the
 * promemoria an operator sends on the patient's request during a call.
 */
export type OutreachKind = OutreachMessageTable['kind'];

/** A row of the outbox: one message to one patient, sent exactly once (OB-1). */
export interface OutboxMessage {
  id: string;
  /** Null only for a campaign's message to someone without a booking. */
  appointmentId: string | null;
  kind: OutreachKind;
  appointmentVersion: number;
  channel: OutreachMessageTable['channel'];
  recipient: string;
  text: string;
  subject: string | null;
  html: string | null;
  ics: string | null;
  status: OutreachStatus;
  sendAfter: Date;
  attempts: number;
  gatewayId: string | null;
  segments: number | null;
  submittedAt: Date | null;
  deliveredAt: Date | null;
  error: string | null;
  createdAt: Date;
}

/** What outreach needs from the configuration, checked at start-up (outreachSettings). */
export interface OutreachSettings {
  lead: import('./rules/reminder.ts').ReminderLead;
  /** OB-7: whether the virtual operator reminds those no message reaches (REMINDER_VOICE). */
  reminderVoice: 'unreachable' | 'off';
  /** The recall (OB-2, OB-3): days before, agendas whose wait is at least, bookings waited at least; null: off. */
  recall: {
    daysBefore: number;
    agendaWaitDays: number;
    minWaitDays: number;
    /** Whom the virtual operator calls (RECALL_VOICE). */
    voice: 'unreachable' | 'all' | 'off';
  } | null;
  noticeWorkingDays: number;
  uncertainMinutes: number;
  senders: number;
  /** OB-3 "app": reminders and recalls go to App IO first (APP_IO=on). */
  appIo?: boolean;
  /** The public address links point at, and their key; links are left out without both. */
  publicUrl: string | null;
  linkSecret: string | null;
}
