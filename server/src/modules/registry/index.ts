// Public surface of the registry module: anagrafe, catalogue, prescriptions.

export {
  findMunicipality,
  insertFacilities,
  insertMunicipalities,
  insertOrganisations,
  insertServices,
  insertUnits,
  listFacilities,
  listMunicipalities,
  listOrganisations,
} from './catalogue.repository.ts';
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
export type { PrescriptionSource } from './prescription-source.ts';
export { localPrescriptionRegister } from './prescription-source.ts';
export { insertExemptions, insertPrescriptions, type NewPrescription } from './prescriptions.repository.ts';
export { findPatientsByIds, findPatientsByPhone, insertPatients } from './registry.repository.ts';
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
export {
  COPAY_CAP_CENTS,
  copayCents,
  prescriptionCopayCents,
  type Ticket,
  type TicketBooking,
  ticketShares,
} from './rules/copay.ts';
export { buildFiscalCode, validateFiscalCode } from './rules/fiscal-code.ts';
export { distanceKm, facilityDistanceKm, type Place } from './rules/geo.ts';
export { buildNre, validateNre } from './rules/nre.ts';
export type * from './rules/registry.types.ts';
export { isPastValidity, lastBookingDate, type ValidityRule } from './rules/validity.ts';
