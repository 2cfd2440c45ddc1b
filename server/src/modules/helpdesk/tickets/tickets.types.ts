import type { ScanResult } from '../mail/scan.ts';
import type { Channel, Level, TicketState } from '../rules/lifecycle.ts';
import type { PecData } from '../rules/pec.ts';

export type TicketAction =
  /** `reply`: with a resolution, the outcome told to the citizen (by e-mail, or a call back). */
  | { type: 'move'; to: TicketState; note?: string | undefined; reply?: string | undefined }
  /** A public answer to the citizen by e-mail (PEC when the request came by PEC). */
  | { type: 'reply'; body: string }
  /** The front end called the citizen back with the outcome (HD-2). */
  | { type: 'called-back'; note?: string | undefined }
  | {
      type: 'escalate';
      level: Level;
      reason: string;
      queue?: string | undefined;
      /** To the third level: the outside department, e-mailed a link to the case. */
      department?: { name: string; email: string } | undefined;
    }
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
    /** A quarter of the budget or less left, the clock running: warn before the breach (HD-6). */
    warning: boolean;
  };
  resolvedAt: string | null;
  closedAt: string | null;
  /** The states it may be moved to now. */
  moves: TicketState[];
  /** The certification data of a request that came by PEC. */
  pec: PecData | null;
  /** A higher level's outcome owed to a citizen without e-mail, by phone (HD-2). */
  callback: { dueAt: string; doneAt: string | null } | null;
  /** The third level (HD-2): the outside department and its tracked link. */
  referral: {
    department: string;
    email: string;
    sentAt: string;
    expiresAt: string;
    openedAt: string | null;
    answeredAt: string | null;
  } | null;
  /** The ticket this duplicate was merged into (it is closed, its thread moved there). */
  mergedInto: string | null;
  /** Related tickets (linked both ways) and the duplicates merged into this one (empty in lists). */
  links: {
    id: string;
    number: string;
    subject: string;
    state: TicketState;
    level: Level;
    relation: 'linked' | 'merged';
  }[];
  /** The e-mail thread, in and out, oldest first (empty in lists). */
  messages: {
    id: string;
    direction: 'in' | 'out';
    kind: string;
    from: string | null;
    to: string | null;
    subject: string;
    body: string;
    at: string;
    /** Outgoing: queued, sent, failed; incoming: done. */
    status: string;
    /** How an incoming reply found the ticket (HD-3). */
    threadLayer: string | null;
    /** 'simulazione' when the simulated gateway "sent" it. */
    label: string | null;
    error: string | null;
  }[];
  attachments: {
    id: string;
    messageId: string;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    /** Why it was not kept (type, size, infected); null when it can be downloaded. */
    refused: string | null;
    scan: string;
  }[];
  history: {
    id: string;
    at: string;
    kind: 'created' | 'state' | 'escalated' | 'note' | 'email-in' | 'email-out' | 'merged' | 'linked';
    actor: string | null;
    fromState: string | null;
    toState: string | null;
    fromLevel: number | null;
    toLevel: number | null;
    body: string | null;
  }[];
}

/** A document checked and decoded (allow-list, size, virus scan), ready to be kept on a ticket (HD-3). */
export interface CheckedDocument {
  filename: string;
  contentType: string;
  content: Buffer;
  scan: ScanResult;
}
