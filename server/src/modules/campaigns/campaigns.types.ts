import type { CampaignChannel } from './rules/channel.ts';
import type { CampaignKpi } from './rules/kpis.ts';

export type { CampaignChannel };
/** preview: the agent reads the contact and the script, then calls; progressive: called as the agent is free. */
export type CampaignMode = 'preview' | 'progressive';
/**
 * standard: made by a manager. Standing campaigns the system fills: survey-follow-up (OB-6), agenda-closure
 * (BK-12), recall (the virtual operator's recall call, OB-3), reminder (its reminder call to those no
 * message reaches, OB-7).
 */
export type CampaignKind = 'standard' | 'survey-follow-up' | 'agenda-closure' | 'recall' | 'reminder';
export type CampaignStatus = 'active' | 'paused' | 'closed';

/** One outcome of the campaign's closed list, positive or not (OB-5's share counts the positive ones). */
export interface Disposition {
  code: string;
  label: string;
  positive: boolean;
  /** A virtual operator's campaign (OB-5): the key that gives this outcome, 1 to 8. */
  key?: string | undefined;
}

/** Who a campaign reaches: a query over appointments, or an uploaded list. */
export type CampaignTarget =
  | {
      type: 'appointments';
      /** Booked appointments starting within these Rome dates (inclusive). */
      from: string;
      to: string;
      serviceCode?: string | undefined;
      agendaId?: string | undefined;
      facilityId?: string | undefined;
    }
  | { type: 'csv'; rows: number }
  | { type: 'standing' };

export interface Campaign {
  id: string;
  name: string;
  kind: CampaignKind;
  channel: CampaignChannel;
  mode: CampaignMode | null;
  script: string;
  message: string | null;
  dispositions: Disposition[];
  maxAttempts: number;
  retryMinutes: number;
  /** Rome time; Monday to Saturday except holidays, unless `everyDay`. */
  hours: { from: string; to: string; everyDay: boolean };
  status: CampaignStatus;
  target: CampaignTarget;
  createdAt: Date;
}

export interface CampaignWithKpi extends Campaign {
  kpi: CampaignKpi;
}

export type ContactStatus = 'pending' | 'in-progress' | 'done';

export interface CampaignContact {
  id: string;
  campaignId: string;
  position: number;
  patientId: string | null;
  appointmentId: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  note: string | null;
  status: ContactStatus;
  attempts: number;
  nextAttemptAt: Date;
  claimedBy: string | null;
  legId: string | null;
  disposition: string | null;
  positive: boolean | null;
  agentNote: string | null;
  firstAttemptAt: Date | null;
  doneAt: Date | null;
  /** What a standing campaign made the contact from (e.g. `<appointment>:<version>`): it is made once. */
  sourceRef: string | null;
}

/** Outcomes the system records by itself, whatever the campaign's list. */
export const SYSTEM_DISPOSITIONS = {
  'no-answer': { label: 'Non risponde (tentativi esauriti)', positive: false },
  unreachable: { label: 'Nessun recapito utilizzabile', positive: false },
  delivered: { label: 'Messaggio consegnato', positive: true },
  'not-delivered': { label: 'Messaggio non consegnato', positive: false },
  confirmed: { label: 'Prenotazione confermata', positive: true },
  cancelled: { label: 'Prenotazione disdetta', positive: true },
  'no-choice': { label: 'Risponde, nessuna scelta (prenotazione mantenuta)', positive: false },
  'no-key': { label: 'Risponde, nessun tasto premuto', positive: false },
  rebooked: { label: 'Spostato in un nuovo appuntamento', positive: true },
  'not-booked': { label: 'Appuntamento non più prenotato', positive: false },
  moved: { label: 'Appuntamento spostato prima della chiamata', positive: false },
  'too-late': {
    label: "Appuntamento già iniziato: nessuna chiamata nell'orario consentito",
    positive: false,
  },
} as const satisfies Record<string, Omit<Disposition, 'code'>>;

export type SystemDisposition = keyof typeof SYSTEM_DISPOSITIONS;
