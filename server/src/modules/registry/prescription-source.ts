import type { Db } from '../../platform/db.ts';
import { findPrescriptionByNre } from './prescriptions.repository.ts';
import type { Prescription } from './rules/registry.types.ts';

/**
 * Where prescriptions come from. In production this is the national electronic prescription system
 * (SAC/SAR); the local register is the stand-in the demo and tests use, with the same shape. Booking
 * sees only this port.
 */
export interface PrescriptionSource {
  /** `forUpdate` locks the local copy so that bookings on one prescription queue up. */
  fetch(db: Db, nre: string, opts?: { forUpdate?: boolean }): Promise<Prescription | undefined>;
}

export const localPrescriptionRegister: PrescriptionSource = {
  fetch: (db, nre, opts) => findPrescriptionByNre(db, nre, opts),
};
