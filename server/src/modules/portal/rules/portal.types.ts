import type { NoticeView, PaymentSettings } from '../../payments/index.ts';

export interface PortalSettings {
  /** Signs the portal's session cookie. */
  secret: string;
  /** This server's public address, for the payment checkout's return links. */
  publicUrl: string;
  sessionMinutes: number;
  holdTtlSeconds: number;
  noticeWorkingDays: number;
  payments: PaymentSettings;
  /** Identification attempts per address and per fiscal code in 10 minutes; requests per address a minute. */
  accessPer10Min: number;
  requestsPerMinute: number;
  /** Peak-load fence of the availability search: cache lifetime, searches at once, searches queued. */
  search: { cacheMs: number; running: number; waiting: number };
}

export interface PortalItem {
  index: number;
  serviceCode: string;
  description: string;
  kind: 'visit' | 'instrumental' | 'lab';
  state: 'open' | 'booked';
  exempt: boolean;
  tariffCents: number;
  quantity: number;
}

export interface PortalBookingBrief {
  code: string;
  itemIndex: number;
  service: string;
  start: Date;
  facility: string;
  status: string;
  channel: string;
}

/** What the citizen sees after giving fiscal code and NRE: the prescription, never the person's data. */
export interface PortalPrescription {
  nre: string;
  priority: 'U' | 'B' | 'D' | 'P';
  access: 'first' | 'follow_up';
  exemptionCode: string | null;
  issuedOn: string;
  state: string;
  items: PortalItem[];
  /** The prescription's ticket at today's tariffs (capped). */
  copayCents: number;
  /** The municipality distances are measured from (the residence on record), if any. */
  residence: { code: string; name: string } | null;
  /** This prescription's bookings, whatever channel made them. */
  bookings: PortalBookingBrief[];
}

export interface PortalSlot {
  slotId: number;
  start: Date;
  end: Date;
  unitName: string;
  facility: {
    id: string;
    name: string;
    district: string;
    address: string;
    municipality: string;
    distanceKm: number | null;
  };
  withinGuarantee: boolean | null;
}

export interface PortalAvailability {
  items: PortalSlot[];
  /** How the list is ordered: by distance from `origin`, or by date when there is no origin or when asked. */
  sort: 'distance' | 'date';
  origin: { code: string; name: string } | null;
  guaranteeDeadline: Date | null;
  nothingWithinGuarantee: boolean;
  firstWithinGuarantee: Date | null;
}

export interface PortalBooking {
  code: string;
  keypadCode: string;
  status: string;
  nre: string;
  itemIndex: number;
  service: string;
  start: Date;
  end: Date;
  unitName: string;
  facility: { id: string; name: string; address: string; municipality: string; mapUrl: string | null };
  priority: string;
  channel: string;
  copayCents: number;
  exempt: boolean;
  /** The last Rome date to cancel without it counting as late (working days, local holidays too). */
  cancelBy: string;
  cancellationNumber: string | null;
  cancelledAt: Date | null;
  lateCancellation: boolean | null;
  confirmedAt: Date | null;
  notice: NoticeView | null;
  /** The person's other bookings ahead, from any channel (one timeline). */
  others: PortalBookingBrief[];
}
