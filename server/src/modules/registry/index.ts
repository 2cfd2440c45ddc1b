// Public surface of the registry module: anagrafe, catalogue, prescriptions.

export { COPAY_CAP_CENTS, copayCents, prescriptionCopayCents } from './copay.ts';
export {
  DEMO_FACILITIES,
  DEMO_FAMILY_NAMES,
  DEMO_GIVEN_NAMES_F,
  DEMO_GIVEN_NAMES_M,
  DEMO_MUNICIPALITIES,
  DEMO_ORGANISATIONS,
  DEMO_SERVICES,
} from './demo-region.ts';
export { buildFiscalCode, validateFiscalCode } from './fiscal-code.ts';
export { buildNre, validateNre } from './nre.ts';
export type { PrescriptionSource } from './prescription-source.ts';
export { localPrescriptionRegister } from './prescription-source.ts';
export {
  findPatientsByPhone,
  insertFacilities,
  insertOrganisations,
  insertPatients,
  insertPrescriptions,
  insertServices,
  insertUnits,
  listFacilities,
  listOrganisations,
  type NewPrescription,
} from './registry.repository.ts';
export { registryRoutes } from './registry.routes.ts';
export {
  findPatientById,
  getPatient,
  getPrescription,
  getService,
  lockPrescriptionForBooking,
  parseFiscalCode,
  parseNre,
  registerPatient,
  registerPrescription,
  searchServices,
  setPrescriptionItemState,
} from './registry.service.ts';
export type * from './registry.types.ts';
