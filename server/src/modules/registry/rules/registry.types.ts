/** Domain types of the registry (anagrafe, catalogue, prescriptions), as other modules see them. */
export type Priority = 'U' | 'B' | 'D' | 'P';
export type ServiceKind = 'visit' | 'instrumental' | 'lab';

export interface Consents {
  /** Reminders and recall by SMS / e-mail (OB-1..OB-3). */
  contactByPhone?: boolean;
  contactByEmail?: boolean;
  /** Electronic health record (FSE) consultation. */
  healthRecord?: boolean;
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
  consents: Consents;
  /** Belfiore code of the municipality of residence, when recorded. */
  residenceCode?: string | null;
}

export interface Municipality {
  belfioreCode: string;
  name: string;
  province: string;
  latitude: number;
  longitude: number;
}

export interface Organisation {
  id: string;
  name: string;
  kind: 'asl' | 'ao' | 'irccs' | 'private';
}

export interface Facility {
  id: string;
  organisationId: string;
  name: string;
  address: string;
  municipality: string;
  district: string;
  latitude: number | null;
  longitude: number | null;
}

export interface Unit {
  id: string;
  facilityId: string;
  name: string;
  branch: string;
}

export interface Service {
  code: string;
  description: string;
  kind: ServiceKind;
  branch: string;
  tariffCents: number;
  slotMinutes: number;
}

export interface PrescriptionItem {
  index: number;
  service: Service;
  quantity: number;
  state: 'open' | 'booked';
  /** Covered by the prescription's exemption (no ticket for it). */
  exempt: boolean;
}

/** An exemption from the ticket (esenzione): all services, or only those listed (by code or branch). */
export interface Exemption {
  code: string;
  description: string;
  category: 'income' | 'regional' | 'pathology' | 'invalidity' | 'other';
  coversAll: boolean;
  serviceCodes: string[];
  branches: string[];
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
  state: 'issued' | 'partially_booked' | 'booked' | 'expired' | 'cancelled';
  items: PrescriptionItem[];
}
