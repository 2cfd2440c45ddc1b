import type { Db } from '../../platform/db.ts';
import type { Patient } from './rules/registry.types.ts';

// The region's one patient registry (BK-7): identity, contacts and consents, found by fiscal code, id or
// telephone; the prescriptions each person holds are in prescriptions.repository.ts.

const patientColumns = [
  'id',
  'fiscal_code',
  'given_name',
  'family_name',
  'birth_date',
  'sex',
  'phone',
  'email',
  'consents',
  'residence_code',
] as const;

type PatientRow = {
  id: string;
  fiscal_code: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex: 'M' | 'F';
  phone: string | null;
  email: string | null;
  consents: unknown;
  residence_code: string | null;
};

const toPatient = (r: PatientRow): Patient => ({
  id: r.id,
  fiscalCode: r.fiscal_code,
  givenName: r.given_name,
  familyName: r.family_name,
  birthDate: r.birth_date,
  sex: r.sex,
  phone: r.phone,
  email: r.email,
  consents: (r.consents ?? {}) as Patient['consents'],
  residenceCode: r.residence_code,
});

export async function insertPatients(db: Db, patients: Patient[], now: Date): Promise<number> {
  if (patients.length === 0) return 0;
  const r = await db
    .insertInto('patient')
    .values(
      patients.map((p) => ({
        id: p.id,
        fiscal_code: p.fiscalCode,
        given_name: p.givenName,
        family_name: p.familyName,
        birth_date: p.birthDate,
        sex: p.sex,
        phone: p.phone,
        email: p.email,
        consents: JSON.stringify(p.consents),
        residence_code: p.residenceCode ?? null,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.column('fiscal_code').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

export async function findPatientByFiscalCode(db: Db, fiscalCode: string): Promise<Patient | undefined> {
  const r = await db
    .selectFrom('patient')
    .select(patientColumns)
    .where('fiscal_code', '=', fiscalCode)
    .executeTakeFirst();
  return r && toPatient(r);
}

export async function updatePatientContacts(
  db: Db,
  id: string,
  set: { phone?: string | null; email?: string | null; consents: Patient['consents'] },
  now: Date,
): Promise<void> {
  await db
    .updateTable('patient')
    .set({ ...set, consents: JSON.stringify(set.consents), updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** A patient's prescription numbers, newest first. */
export async function patientNres(db: Db, patientId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('prescription')
    .select('nre')
    .where('patient_id', '=', patientId)
    .orderBy('issued_on', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.nre);
}

export async function findPatientById(db: Db, id: string): Promise<Patient | undefined> {
  const r = await db.selectFrom('patient').select(patientColumns).where('id', '=', id).executeTakeFirst();
  return r && toPatient(r);
}

/** Patients by id, for modules that hold many ids (a campaign's target); audited by the caller. */
export async function findPatientsByIds(db: Db, ids: string[]): Promise<Patient[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('patient').select(patientColumns).where('id', 'in', ids).execute();
  return rows.map(toPatient);
}

export async function findPatientsByPhone(db: Db, phone: string): Promise<Patient[]> {
  const rows = await db
    .selectFrom('patient')
    .select(patientColumns)
    .where('phone', '=', phone)
    .limit(20)
    .execute();
  return rows.map(toPatient);
}
