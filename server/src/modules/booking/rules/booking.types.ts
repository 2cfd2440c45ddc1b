import type { Channel } from '../../../platform/context.ts';
import type { PrescriptionSource, Priority, ServiceKind, Ticket } from '../../registry/index.ts';
import type { PublicationIssue } from './publication.ts';

export type { Channel, Priority, ServiceKind, Ticket };

export interface WeeklyRule {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local wall-clock time in Europe/Rome, 'HH:MM'. */
  startTime: string;
  endTime: string;
  slotMinutes: number;
  capacity: number;
  /** Slots reserved for one priority class (BK-4): only searches for that class see them. */
  reservedPriority: Priority | null;
}

export interface Closure {
  fromDate: string;
  toDate: string;
  reason: string;
}

export interface Agenda {
  id: string;
  unitId: string;
  facilityId: string;
  name: string;
  serviceCodes: string[];
  channels: Channel[];
  validFrom: string;
  validTo: string | null;
  /** BK-6: bookings allowed beyond capacity per slot, by back office only. */
  overbookingPerSlot: number;
  active: boolean;
  rules: WeeklyRule[];
  closures: Closure[];
}

export interface AvailabilityQuery {
  service: string;
  priority?: Priority | undefined;
  from?: Date | undefined;
  district?: string | undefined;
  facility?: string | undefined;
  channel?: Channel | undefined;
  limit?: number | undefined;
  /** A municipality's Belfiore code: each slot then carries its facility's distance from it. */
  near?: string | undefined;
}

export interface AvailableSlot {
  slotId: number;
  start: Date;
  end: Date;
  facility: { id: string; name: string; district: string; distanceKm?: number | null };
  unitName: string;
  agendaId: string;
  withinGuarantee: boolean | null;
}

export interface Availability {
  items: AvailableSlot[];
  /** Latest start inside the priority guarantee, when a priority was given. */
  guaranteeDeadline: Date | null;
  /**
   * True when a priority was given and the region (for the class and channel, whatever the date,
   * district or facility filters) has no free slot inside the guarantee: the BK-4 protection path.
   */
  nothingWithinGuarantee: boolean;
  /** The region's soonest free slot inside the guarantee, even when the filters hide it. */
  firstWithinGuarantee: Date | null;
  /** With `near`: the municipality the distances are from. */
  origin?: { code: string; name: string };
}

/** One agenda's fill level over a window, with where it is and what it offers (CUP manager view, BK-6). */
export interface AgendaFill {
  agendaId: string;
  name: string;
  facilityId: string;
  facilityName: string;
  district: string;
  organisationId: string;
  organisationName: string;
  serviceCodes: string[];
  /** Places offered in the window and places taken (bookings plus live holds). */
  capacity: number;
  taken: number;
  /** taken / capacity, 0 when nothing is offered. */
  fill: number;
  firstFree: Date | null;
  /** Appointments in the window cancelled later than the notice (DL 73/2024), counted. */
  lateCancellations: number;
  /** BK-6: the agenda's overbooking quota per place, the extra places open in the window, those used. */
  overbookingPerSlot: number;
  overbookingOffered: number;
  overbooked: number;
  /** BK-11: what stops the agenda being published as it should; empty when nothing does. */
  checks: PublicationIssue[];
}

export interface Hold {
  id: string;
  slotId: number;
  expiresAt: Date;
}

import type { AppointmentStatus } from './lifecycle.ts';

export type { AppointmentStatus };

export interface Appointment {
  id: string;
  code: string;
  status: AppointmentStatus;
  patientId: string;
  nre: string;
  /** The prescription's access: a first visit or exam, or a follow-up (controllo). */
  access: 'first' | 'follow_up';
  itemIndex: number;
  /** The service with its branch (cardiologia, …): a follow-up belongs after the first visit of its branch. */
  service: { code: string; description: string; branch: string };
  slotId: number;
  agendaId: string;
  facility: { id: string; name: string; district: string; address: string };
  unitName: string;
  start: Date;
  end: Date;
  channel: Channel;
  priority: Priority;
  overbooked: boolean;
  /** This booking's share of the prescription's ticket (the same as ticket.shareCents). */
  copayCents: number;
  /** BK-8: the prescription's ticket as it falls on this booking. */
  ticket: Ticket;
  prescribedOn: string;
  requestedAt: Date;
  firstOfferedAt: Date | null;
  withinGuarantee: boolean | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  cancelChannel: string | null;
  /** Cancelled later than the region's notice (DL 73/2024: two working days); null if not cancelled. */
  lateCancellation: boolean | null;
  /** Goes up on every move: a reminder belongs to one version (OB-1). */
  version: number;
  /** OB-1/OB-3: the patient confirmed (by SMS reply, link or call), and how. */
  confirmedAt: Date | null;
  confirmedVia: string | null;
}

export interface DeclinedOffer {
  id: string;
  nre: string;
  itemIndex: number;
  slotId: number;
  slotStart: Date;
  guaranteeDeadline: Date;
  withinGuarantee: boolean;
  channel: Channel;
  reason: string | null;
  declinedAt: Date;
}

export interface ProtectionCase {
  id: string;
  nre: string;
  itemIndex: number;
  patientId: string;
  /** Whose prescription it is, for the back office that calls the patient back (only for it). */
  patient?: { fiscalCode: string; givenName: string; familyName: string };
  serviceCode: string;
  serviceDescription: string;
  priority: Priority;
  guaranteeDeadline: Date;
  firstAvailableAt: Date | null;
  /** open (taken or not) → resolved with an appointment, or closed with a reason. */
  state: 'open' | 'resolved' | 'closed';
  openedAt: Date;
  openedChannel: string;
  note: string | null;
  takenBy: { id: string; name: string } | null;
  takenAt: Date | null;
  resolvedBy: { id: string; name: string } | null;
  resolvedAt: Date | null;
  appointment: { id: string; code: string } | null;
  resolutionReason: string | null;
}

export interface BookingOptions {
  holdTtlSeconds: number;
  prescriptions?: PrescriptionSource;
}
