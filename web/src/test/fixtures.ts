import type { AgendaFill, Appointment, Availability, Patient, Prescription } from '../lib/types.ts';

export const patient: Patient = {
  id: 'p-1',
  fiscalCode: 'RSSMRA80A01G942K',
  givenName: 'Mario',
  familyName: 'Rossi',
  birthDate: '1980-01-01',
  sex: 'M',
  phone: '+393331234567',
  email: null,
  consents: {},
};

export const prescription: Prescription = {
  id: 'rx-1',
  nre: '170A01234567890',
  patientId: 'p-1',
  fiscalCode: 'RSSMRA80A01G942K',
  priority: 'B',
  access: 'first',
  exemptionCode: null,
  issuedOn: '2026-11-20',
  state: 'issued',
  items: [
    {
      index: 1,
      service: {
        code: '89.7A.3',
        description: 'Visita cardiologica',
        kind: 'visit',
        branch: 'cardiologia',
        tariffCents: 2240,
        slotMinutes: 20,
      },
      quantity: 1,
      state: 'open',
      exempt: false,
    },
  ],
  copayCents: 2240,
};

const slot = (slotId: number, start: string, facility: string, within = true) => ({
  slotId,
  start,
  end: new Date(Date.parse(start) + 20 * 60_000).toISOString(),
  facility: { id: `fac-${slotId}`, name: facility, district: 'Distretto Potenza' },
  unitName: 'Ambulatorio di cardiologia',
  agendaId: `ag-${slotId}`,
  withinGuarantee: within,
});

export const availability: Availability = {
  items: [
    slot(101, '2026-11-24T07:40:00.000Z', 'Ospedale San Carlo'),
    slot(102, '2026-11-24T08:00:00.000Z', 'Poliambulatorio di Potenza'),
    slot(103, '2026-11-25T13:00:00.000Z', 'Ospedale di Melfi'),
  ],
  guaranteeDeadline: '2026-12-03T07:00:00.000Z',
  nothingWithinGuarantee: false,
  firstWithinGuarantee: '2026-11-24T07:40:00.000Z',
};

export const appointment: Appointment = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'PRN-AB12-CD34',
  status: 'booked',
  patientId: 'p-1',
  nre: '170A01234567890',
  access: 'first',
  itemIndex: 1,
  service: { code: '89.7A.3', description: 'Visita cardiologica', branch: 'cardiologia' },
  slotId: 101,
  agendaId: 'ag-101',
  facility: {
    id: 'fac-101',
    name: 'Ospedale San Carlo',
    district: 'Distretto Potenza',
    address: 'Via Potito Petrone',
  },
  unitName: 'Ambulatorio di cardiologia',
  start: '2099-11-24T07:40:00.000Z',
  end: '2099-11-24T08:00:00.000Z',
  channel: 'phone',
  priority: 'B',
  overbooked: false,
  copayCents: 2240,
  ticket: { shareCents: 2240, bookedCents: 2240, remainingCents: 0, prescriptionCents: 2240 },
  prescribedOn: '2026-11-20',
  requestedAt: '2026-11-23T09:00:00.000Z',
  firstOfferedAt: '2026-11-24T07:40:00.000Z',
  withinGuarantee: true,
  cancelledAt: null,
  cancelReason: null,
  cancelChannel: null,
  lateCancellation: null,
  version: 1,
  confirmedAt: null,
  confirmedVia: null,
};

/** One agenda of the CUP manager's list, half full, sound, with no overbooking quota. */
export const agendaFill = (over: Partial<AgendaFill>): AgendaFill => ({
  agendaId: 'a',
  name: 'Agenda',
  facilityId: 'f1',
  facilityName: 'Ospedale San Carlo',
  district: 'Distretto Potenza',
  organisationId: 'o1',
  organisationName: 'AOR San Carlo',
  lateCancellations: 0,
  serviceCodes: ['89.7A.3'],
  capacity: 100,
  taken: 50,
  fill: 0.5,
  firstFree: null,
  overbookingPerSlot: 0,
  overbookingOffered: 0,
  overbooked: 0,
  checks: [],
  ...over,
});
