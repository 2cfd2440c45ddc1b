// Public surface of the registry module: anagrafe, catalogue, prescriptions.

export {
  COPAY_CAP_CENTS,
  copayCents,
  prescriptionCopayCents,
  type Ticket,
  type TicketBooking,
  ticketShares,
} from './copay.ts';
export {
  DEMO_EXEMPTIONS,
  DEMO_FACILITIES,
  DEMO_FAMILY_NAMES,
  DEMO_GIVEN_NAMES_F,
  DEMO_GIVEN_NAMES_M,
  DEMO_MUNICIPALITIES,
  DEMO_ORGANISATIONS,
  DEMO_SERVICES,
} from './demo-region.ts';
export { buildFiscalCode, validateFiscalCode } from './fiscal-code.ts';
export { distanceKm, facilityDistanceKm, type Place } from './geo.ts';
export { buildNre, validateNre } from './nre.ts';
export type { PrescriptionSource } from './prescription-source.ts';
export { localPrescriptionRegister } from './prescription-source.ts';
export {
  findMunicipality,
  findPatientsByIds,
  findPatientsByPhone,
  insertExemptions,
  insertFacilities,
  insertMunicipalities,
  insertOrganisations,
  insertPatients,
  insertPrescriptions,
  insertServices,
  insertUnits,
  listFacilities,
  listMunicipalities,
  listOrganisations,
  type NewPrescription,
} from './registry.repository.ts';
export { registryRoutes } from './registry.routes.ts';
export {
  checkPrescriptionForBooking,
  EXEMPTION_ROLES,
  findPatientByFiscalCode,
  findPatientById,
  getPatient,
  getPrescription,
  getService,
  listPatientPrescriptions,
  lockPrescriptionForBooking,
  parseFiscalCode,
  parseNre,
  registerPatient,
  registerPrescription,
  searchServices,
  setPrescriptionExemption,
  setPrescriptionItemState,
  ticketItems,
  updatePatientContacts,
} from './registry.service.ts';
export type * from './registry.types.ts';
export { isPastValidity, lastBookingDate, type ValidityRule } from './validity.ts';
