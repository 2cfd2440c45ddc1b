import type { ServiceKind } from './rules/reoffer.ts';

/** A place freed by a cancellation or a move, as read from the domain events. */
export interface FreedPlace {
  freedBy: string;
  slotId: string;
  serviceCode: string;
  freedAt: Date;
  /** Set when the move that freed it accepted an offer: the place that offer was for (a chain). */
  acceptedPlaceId: string | null;
}

/** One freed place being offered, round after round (OB-2). */
export interface Place {
  id: string;
  chainId: string;
  /** 0 for a place freed by a cancellation; n + 1 for one freed by accepting a depth-n place. */
  depth: number;
  slotId: string;
  serviceCode: string;
  freedBy: string;
  freedAt: Date;
  /** BK-12: a place offered to one displaced booking only (its agenda closed), not in rounds to others. */
  forAppointment: string | null;
  status: 'offering' | 'taken' | 'exhausted' | 'withdrawn';
  round: number;
  takenBy: string | null;
  decidedAt: Date | null;
}

export interface PlaceSlot {
  start: Date;
  free: boolean;
  reservedPriority: string | null;
  channels: string[];
  facility: string;
  address: string;
  district: string;
  latitude: number | null;
  longitude: number | null;
  kind: ServiceKind;
  service: string;
}

export interface ReofferCandidate {
  appointmentId: string;
  version: number;
  start: Date;
  requestedAt: Date;
  priority: string;
  patientId: string;
  phone: string | null;
  email: string | null;
  consents: { contactByPhone?: boolean; contactByEmail?: boolean };
  sameDistrict: boolean;
}

export interface Offer {
  id: string;
  /** The link's reference: short, random, bound to this offer alone. */
  ref: string;
  placeId: string;
  appointmentId: string;
  appointmentVersion: number;
  round: number;
  status: 'offered' | 'accepted' | 'declined' | 'expired' | 'gone';
  offeredAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  declineReason: string | null;
  withinGuarantee: boolean;
  guaranteeForfeited: boolean;
}

/** What re-offer needs from the configuration, and the links' address and key (outreach's). */
export interface ReofferSettings {
  rules: import('./rules/reoffer.ts').ReofferRules;
  /** When SMS may reach patients (QUIET_HOURS): an offer's time runs from then. */
  window: import('../messaging/index.ts').SendingWindow;
  publicUrl: string | null;
  linkSecret: string | null;
}
