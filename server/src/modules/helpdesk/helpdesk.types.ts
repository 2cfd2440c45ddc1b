import type { Channel, Level, TicketState } from './rules/lifecycle.ts';

export type TicketAction =
  | { type: 'move'; to: TicketState; note?: string | undefined }
  | { type: 'escalate'; level: Level; reason: string; queue?: string | undefined }
  | { type: 'note'; body: string };

export interface TicketView {
  id: string;
  /** As the citizen sees it in the subject: `[Sportello #123]`. */
  number: string;
  queue: string;
  queueName: string;
  level: Level;
  state: TicketState;
  channel: Channel;
  subject: string;
  requester: { name: string | null; email: string | null; phone: string | null };
  patientId: string | null;
  fiscalCode: string | null;
  callId: string | null;
  receivedAt: string;
  /** The service-level deadline on the business clock; null: no budget, resolved, or the clock stopped. */
  dueAt: string | null;
  clock: {
    budgetMinutes: number | null;
    usedMinutes: number;
    remainingMinutes: number | null;
    paused: boolean;
    breached: boolean;
  };
  resolvedAt: string | null;
  closedAt: string | null;
  /** The states it may be moved to now. */
  moves: TicketState[];
  history: {
    id: string;
    at: string;
    kind: 'created' | 'state' | 'escalated' | 'note';
    actor: string | null;
    fromState: string | null;
    toState: string | null;
    fromLevel: number | null;
    toLevel: number | null;
    body: string | null;
  }[];
}
