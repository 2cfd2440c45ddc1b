import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dayBundle, type FeedAppointment, pseudonym, toFhirAppointment } from './fhir.ts';

const KEY = 'a-region-key-of-at-least-thirty-two-characters';
const booked: FeedAppointment = {
  id: '11111111-2222-4333-8444-555555555555',
  status: 'booked',
  serviceCode: '89.7A.3',
  serviceDescription: 'Prima visita cardiologica',
  access: 'first',
  priority: 'B',
  start: new Date('2027-03-29T07:00:00Z'),
  end: new Date('2027-03-29T07:20:00Z'),
  requestedAt: new Date('2027-03-27T23:30:00Z'),
  firstOfferedAt: new Date('2027-03-29T07:00:00Z'),
  withinGuarantee: true,
  prescribedOn: '2027-03-26',
  channel: 'phone',
  facilityId: 'aor-potenza-san-carlo',
  facilityName: 'Ospedale San Carlo',
  organisationId: 'aor-san-carlo',
  district: 'Distretto Potenza',
  fiscalCode: 'RSSMRA80A01G942X',
  cancelledAt: null,
  cancelChannel: null,
  lateCancellation: null,
};

/** HMAC-SHA-256 through WebCrypto, apart from the code's node:crypto. */
async function hmacHex(key: string, text: string): Promise<string> {
  const enc = new TextEncoder();
  const k = await webcrypto.subtle.importKey(
    'raw',
    enc.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const sig = new Uint8Array(await webcrypto.subtle.sign('HMAC', k, enc.encode(text)));
  return [...sig].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('a booking as a FHIR R4 Appointment (MR-8)', () => {
  it('carries what the platform measures, and no direct identifier', async () => {
    const r = toFhirAppointment(booked, { region: '170', key: KEY });
    expect(r).toEqual({
      resourceType: 'Appointment',
      id: booked.id,
      status: 'booked',
      serviceType: [
        {
          coding: [
            { system: 'urn:sportello:catalogue:170', code: '89.7A.3', display: 'Prima visita cardiologica' },
          ],
        },
      ],
      appointmentType: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'ROUTINE' }],
      },
      priority: 2,
      start: '2027-03-29T07:00:00.000Z',
      end: '2027-03-29T07:20:00.000Z',
      created: '2027-03-27T23:30:00.000Z',
      participant: [
        {
          actor: {
            type: 'Patient',
            identifier: {
              system: 'urn:sportello:patient-pseudonym',
              value: await hmacHex(KEY, 'RSSMRA80A01G942X'),
            },
          },
          status: 'accepted',
        },
        {
          actor: {
            type: 'Location',
            identifier: { system: 'urn:sportello:facility', value: 'aor-potenza-san-carlo' },
            display: 'Ospedale San Carlo',
          },
          status: 'accepted',
        },
      ],
      extension: [
        { url: 'urn:sportello:fhir:extension:priority-class', valueCode: 'B' },
        { url: 'urn:sportello:fhir:extension:regime', valueCode: 'SSN' },
        { url: 'urn:sportello:fhir:extension:booking-channel', valueCode: 'phone' },
        { url: 'urn:sportello:fhir:extension:prescription-date', valueDate: '2027-03-26' },
        { url: 'urn:sportello:fhir:extension:first-availability', valueDateTime: '2027-03-29T07:00:00.000Z' },
        { url: 'urn:sportello:fhir:extension:first-availability-accepted', valueBoolean: true },
        { url: 'urn:sportello:fhir:extension:within-guarantee', valueBoolean: true },
        { url: 'urn:sportello:fhir:extension:organisation', valueString: 'aor-san-carlo' },
        { url: 'urn:sportello:fhir:extension:district', valueString: 'Distretto Potenza' },
      ],
    });
    expect(JSON.stringify(r)).not.toContain('RSSMRA80A01G942X');
  });

  it('says a later slot was chosen over the first offered, a follow-up, and a late cancellation', () => {
    const r = toFhirAppointment(
      {
        ...booked,
        access: 'follow_up',
        status: 'cancelled',
        start: new Date('2027-04-12T07:00:00Z'),
        cancelledAt: new Date('2027-04-11T10:00:00Z'),
        cancelChannel: 'web',
        lateCancellation: true,
        withinGuarantee: null,
      },
      { region: '170', key: KEY },
    );
    expect(r.status).toBe('cancelled');
    expect(r).toMatchObject({
      cancelationReason: { coding: [{ system: 'urn:sportello:fhir:extension:cancel-channel', code: 'web' }] },
      appointmentType: { coding: [{ code: 'FOLLOWUP' }] },
    });
    const ext = Object.fromEntries(r.extension.map((e) => [e.url.split(':').at(-1), e]));
    expect(ext['first-availability-accepted']).toMatchObject({ valueBoolean: false });
    expect(ext['late-cancellation']).toMatchObject({ valueBoolean: true });
    expect(ext['within-guarantee']).toBeUndefined();
  });

  it('maps every status and class as FHIR names them', () => {
    const status = (s: FeedAppointment['status']) =>
      toFhirAppointment({ ...booked, status: s }, { region: '170', key: KEY }).status;
    expect(
      ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'].map((s) =>
        status(s as FeedAppointment['status']),
      ),
    ).toEqual(['booked', 'checked-in', 'fulfilled', 'cancelled', 'noshow']);
    const prio = (p: FeedAppointment['priority']) =>
      toFhirAppointment({ ...booked, priority: p }, { region: '170', key: KEY }).priority;
    expect([prio('U'), prio('B'), prio('D'), prio('P')]).toEqual([1, 2, 3, 4]);
  });

  it('keeps one person one pseudonym under a key, another under another key', () => {
    expect(pseudonym('rssmra80a01g942x', KEY)).toBe(pseudonym('RSSMRA80A01G942X', KEY));
    expect(pseudonym('RSSMRA80A01G942X', `${KEY}!`)).not.toBe(pseudonym('RSSMRA80A01G942X', KEY));
  });

  it('makes a day a transaction of PUTs by id', () => {
    const b = dayBundle('2027-03-28', [booked], {
      region: '170',
      key: KEY,
      builtAt: new Date('2027-03-29T01:20:00Z'),
    });
    expect(b).toMatchObject({
      resourceType: 'Bundle',
      type: 'transaction',
      identifier: { system: 'urn:sportello:national-feed', value: '170-2027-03-28' },
      timestamp: '2027-03-29T01:20:00.000Z',
      entry: [
        { fullUrl: `urn:uuid:${booked.id}`, request: { method: 'PUT', url: `Appointment/${booked.id}` } },
      ],
    });
  });
});
