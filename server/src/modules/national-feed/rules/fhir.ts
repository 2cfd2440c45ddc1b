import { createHmac } from 'node:crypto';

// MR-8: a booking as a FHIR R4 Appointment for the national waiting-list platform (PNLA; its guidelines,
// DM 17 February 2025, name FHIR and JSON), and a day's bookings as one transaction Bundle. Pure.
//
// What the platform measures is carried (priority class, first access or follow-up, the booking's
// instant, the first availability offered and whether it was taken, the guarantee, the prescription's
// date, the channel, the regime); who the patient is is not: a keyed pseudonym (HMAC-SHA-256 of the
// fiscal code with the region's key) lets bookings of one person be counted together and nothing more.
// The extensions are this product's own (`urn:sportello:…`), to be mapped onto the official profile's.

export const EXTENSION = 'urn:sportello:fhir:extension:';
export const SYSTEM = {
  catalogue: 'urn:sportello:catalogue:',
  pseudonym: 'urn:sportello:patient-pseudonym',
  facility: 'urn:sportello:facility',
  feed: 'urn:sportello:national-feed',
  // HL7 v2 table 0276 (appointment reason codes), as FHIR R4 binds Appointment.appointmentType.
  appointmentType: 'http://terminology.hl7.org/CodeSystem/v2-0276',
} as const;

export interface FeedAppointment {
  id: string;
  status: 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';
  serviceCode: string;
  serviceDescription: string;
  access: 'first' | 'follow_up';
  priority: 'U' | 'B' | 'D' | 'P';
  start: Date;
  end: Date;
  requestedAt: Date;
  firstOfferedAt: Date | null;
  withinGuarantee: boolean | null;
  prescribedOn: string;
  channel: string;
  facilityId: string;
  facilityName: string;
  organisationId: string;
  district: string;
  fiscalCode: string;
  cancelledAt: Date | null;
  cancelChannel: string | null;
  lateCancellation: boolean | null;
}

const STATUS: Record<FeedAppointment['status'], string> = {
  booked: 'booked',
  checked_in: 'checked-in',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  no_show: 'noshow',
};
/** FHIR's priority: 1 the highest; the Italian class goes beside it, in its own extension. */
const PRIORITY: Record<FeedAppointment['priority'], number> = { U: 1, B: 2, D: 3, P: 4 };

/** The patient's pseudonym: the same person, the same value, under one key; not reversible without it. */
export function pseudonym(fiscalCode: string, key: string): string {
  return createHmac('sha256', key).update(fiscalCode.toUpperCase()).digest('hex');
}

const ext = (name: string, value: Record<string, unknown>) => ({ url: `${EXTENSION}${name}`, ...value });

export function toFhirAppointment(a: FeedAppointment, o: { region: string; key: string }) {
  const firstAvailability = a.firstOfferedAt ?? a.start;
  return {
    resourceType: 'Appointment',
    id: a.id,
    status: STATUS[a.status],
    ...(a.status === 'cancelled' && a.cancelChannel
      ? { cancelationReason: { coding: [{ system: `${EXTENSION}cancel-channel`, code: a.cancelChannel }] } }
      : {}),
    serviceType: [
      {
        coding: [
          { system: `${SYSTEM.catalogue}${o.region}`, code: a.serviceCode, display: a.serviceDescription },
        ],
      },
    ],
    appointmentType: {
      coding: [{ system: SYSTEM.appointmentType, code: a.access === 'first' ? 'ROUTINE' : 'FOLLOWUP' }],
    },
    priority: PRIORITY[a.priority],
    start: a.start.toISOString(),
    end: a.end.toISOString(),
    created: a.requestedAt.toISOString(),
    participant: [
      {
        actor: {
          type: 'Patient',
          identifier: { system: SYSTEM.pseudonym, value: pseudonym(a.fiscalCode, o.key) },
        },
        status: 'accepted',
      },
      {
        actor: {
          type: 'Location',
          identifier: { system: SYSTEM.facility, value: a.facilityId },
          display: a.facilityName,
        },
        status: 'accepted',
      },
    ],
    extension: [
      ext('priority-class', { valueCode: a.priority }),
      ext('regime', { valueCode: 'SSN' }),
      ext('booking-channel', { valueCode: a.channel }),
      ext('prescription-date', { valueDate: a.prescribedOn }),
      ext('first-availability', { valueDateTime: firstAvailability.toISOString() }),
      // The first availability taken: booked on the soonest slot the region offered then (MR-7).
      ext('first-availability-accepted', { valueBoolean: a.start.getTime() <= firstAvailability.getTime() }),
      ...(a.withinGuarantee === null ? [] : [ext('within-guarantee', { valueBoolean: a.withinGuarantee })]),
      ext('organisation', { valueString: a.organisationId }),
      ext('district', { valueString: a.district }),
      ...(a.lateCancellation === null
        ? []
        : [ext('late-cancellation', { valueBoolean: a.lateCancellation })]),
    ],
  };
}

/**
 * A day's appointments as one transaction: each one a PUT of its own id, so a batch sent twice, or an
 * appointment sent again on a later day with its new state, replaces what the platform holds.
 */
export function dayBundle(
  day: string,
  appointments: readonly FeedAppointment[],
  o: { region: string; key: string; builtAt: Date },
) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    identifier: { system: SYSTEM.feed, value: `${o.region}-${day}` },
    timestamp: o.builtAt.toISOString(),
    entry: appointments.map((a) => ({
      fullUrl: `urn:uuid:${a.id}`,
      resource: toFhirAppointment(a, o),
      request: { method: 'PUT', url: `Appointment/${a.id}` },
    })),
  };
}
