// The API's shapes as the web app reads them (see /docs/json). Instants are ISO strings.

export type Role = 'operator' | 'backoffice' | 'supervisor' | 'cup-manager' | 'admin';
export type Priority = 'U' | 'B' | 'D' | 'P';
export type Channel = 'phone' | 'desk' | 'web' | 'pharmacy';

export interface Me {
  id: string;
  username: string;
  roles: Role[];
  operatorCode: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: Me;
}

export interface Patient {
  id: string;
  fiscalCode: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string | null;
  email: string | null;
  consents: { contactByPhone?: boolean; contactByEmail?: boolean; healthRecord?: boolean };
}

export interface NewPatient {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  phone?: string | null;
  email?: string | null;
}

export interface Service {
  code: string;
  description: string;
  kind: 'visit' | 'instrumental' | 'lab';
  branch: string;
  tariffCents: number;
  slotMinutes: number;
}

export interface PrescriptionItem {
  index: number;
  service: Service;
  quantity: number;
  state: 'open' | 'booked';
}

export interface Prescription {
  id: string;
  nre: string;
  patientId: string;
  fiscalCode: string;
  priority: Priority;
  access: 'first' | 'follow_up';
  exemptionCode: string | null;
  issuedOn: string;
  state: string;
  items: PrescriptionItem[];
  copayCents: number;
}

export interface AvailableSlot {
  slotId: number;
  start: string;
  end: string;
  facility: { id: string; name: string; district: string };
  unitName: string;
  agendaId: string;
  withinGuarantee: boolean | null;
}

export interface Availability {
  items: AvailableSlot[];
  guaranteeDeadline: string | null;
  nothingWithinGuarantee: boolean;
}

export interface AvailabilityQuery {
  service: string;
  priority?: Priority | undefined;
  district?: string | undefined;
  facility?: string | undefined;
  from?: string | undefined;
  limit?: number | undefined;
}

export interface Hold {
  id: string;
  slotId: number;
  expiresAt: string;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';

export interface Appointment {
  id: string;
  code: string;
  status: AppointmentStatus;
  patientId: string;
  nre: string;
  itemIndex: number;
  service: { code: string; description: string };
  slotId: number;
  agendaId: string;
  facility: { id: string; name: string; district: string; address: string };
  unitName: string;
  start: string;
  end: string;
  channel: Channel;
  priority: Priority;
  overbooked: boolean;
  copayCents: number;
  prescribedOn: string;
  requestedAt: string;
  firstOfferedAt: string | null;
  withinGuarantee: boolean | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  cancelChannel: string | null;
}

export interface ProtectionCase {
  id: string;
  nre: string;
  itemIndex: number;
  patientId: string;
  serviceCode: string;
  priority: Priority;
  guaranteeDeadline: string;
  firstAvailableAt: string | null;
  state: 'open' | 'resolved' | 'closed';
  openedAt: string;
  openedChannel: string;
  note: string | null;
  /** Whose prescription it is: for the back office only. */
  patient?: { fiscalCode: string; givenName: string; familyName: string };
  serviceDescription: string;
  takenBy: { id: string; name: string } | null;
  takenAt: string | null;
  resolvedBy: { id: string; name: string } | null;
  resolvedAt: string | null;
  appointment: { id: string; code: string } | null;
  resolutionReason: string | null;
}

export interface AgendaFill {
  agendaId: string;
  name: string;
  facilityId: string;
  facilityName: string;
  district: string;
  organisationId: string;
  organisationName: string;
  serviceCodes: string[];
  capacity: number;
  taken: number;
  fill: number;
  firstFree: string | null;
}
