import { randomUUID } from 'node:crypto';
import { audit, auditedRead } from '../../platform/audit.ts';
import { addDays, romeDate } from '../../platform/calendar.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, fail, invalidField, notFound } from '../../platform/errors.ts';
import * as catalogueRepo from './catalogue.repository.ts';
import { localPrescriptionRegister, type PrescriptionSource } from './prescription-source.ts';
import * as prescriptionRepo from './prescriptions.repository.ts';
import * as repo from './registry.repository.ts';
import { validateFiscalCode } from './rules/fiscal-code.ts';
import { validateNre } from './rules/nre.ts';
import type {
  Consents,
  Exemption,
  Patient,
  Prescription,
  Priority,
  Service,
} from './rules/registry.types.ts';
import { isPastValidity, type ValidityRule } from './rules/validity.ts';

/**
 * Who may put an exemption on a prescription (least privilege): the back office, which checks the
 * patient's certificate, not every front-line operator. Who did it is recorded on the prescription.
 */
export const EXEMPTION_ROLES: ReadonlySet<string> = new Set(['backoffice', 'admin']);

/** The exemption with this code, or a 422 naming the field when the region does not know it. */
async function knownExemption(db: Db, input: string, field: string): Promise<Exemption> {
  const code = input.trim().toUpperCase();
  if (!/^[A-Z0-9]{2,8}$/.test(code))
    throw invalidField(field, 'exemption code must be 2 to 8 letters or digits');
  const exemption = await prescriptionRepo.findExemption(db, code);
  if (!exemption) throw invalidField(field, `unknown exemption code ${code}`);
  return exemption;
}

function mayWriteExemption(ctx: RequestContext, field: string) {
  if (!ctx.actor?.roles.some((r) => EXEMPTION_ROLES.has(r))) {
    throw new AppError('FORBIDDEN', 'only the back office may set an exemption', field);
  }
}

// The validity rules change a few times a year and every booking reads them: keep them a minute.
let validityCache: { rules: ValidityRule[]; until: number } | null = null;
async function validityRules(db: Db): Promise<ValidityRule[]> {
  if (validityCache && validityCache.until > Date.now()) return validityCache.rules;
  const rules = await prescriptionRepo.loadValidityRules(db);
  validityCache = { rules, until: Date.now() + 60_000 };
  return rules;
}

/** Parses a fiscal code or fails naming the field (BK-2: format and check character). */
export function parseFiscalCode(input: string, field = 'fiscalCode'): string {
  const result = validateFiscalCode(input);
  if (!result.ok) throw invalidField(field, `fiscal code is not valid: ${result.reason}`);
  return result.value;
}

export function parseNre(input: string, field = 'nre'): string {
  const result = validateNre(input);
  if (!result.ok) throw invalidField(field, `NRE is not valid: ${result.reason}`);
  return result.value;
}

const PHONE = /^\+?[0-9]{6,15}$/;

/**
 * A phone as the registry keeps it: separators dropped, and an Italian number written without its
 * country code (347…, 0971…) given +39, so that an SMS can tell a mobile from it and a caller's number
 * finds the patient however it was typed. Null when empty; a 422 on `phone` when it is not a number.
 */
export function normalisePhone(input: string | null | undefined): string | null {
  let phone = input ? input.replace(/[\s./()-]/g, '') : '';
  if (!phone) return null;
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  if (!PHONE.test(phone)) throw invalidField('phone', 'phone must be 6 to 15 digits, optionally with +');
  return /^[03]\d{5,10}$/.test(phone) ? `+39${phone}` : phone;
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PatientInput {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  birthDate?: string | undefined;
  sex?: 'M' | 'F' | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  consents?: Consents | undefined;
}

export async function registerPatient(db: Db, ctx: RequestContext, input: PatientInput): Promise<Patient> {
  const cf = validateFiscalCode(input.fiscalCode);
  if (!cf.ok) throw invalidField('fiscalCode', `fiscal code is not valid: ${cf.reason}`);
  // The fiscal code encodes birth date and sex; a record that disagrees with it is a typing error.
  if (input.birthDate && input.birthDate !== cf.birthDate) {
    throw invalidField(
      'birthDate',
      `birth date ${input.birthDate} does not match the fiscal code (${cf.birthDate})`,
    );
  }
  if (input.sex && input.sex !== cf.sex)
    throw invalidField('sex', `sex does not match the fiscal code (${cf.sex})`);
  const givenName = input.givenName.trim();
  const familyName = input.familyName.trim();
  if (!givenName) throw invalidField('givenName', 'given name is empty');
  if (!familyName) throw invalidField('familyName', 'family name is empty');
  const phone = normalisePhone(input.phone);
  const email = input.email?.trim() || null;
  if (email && !EMAIL.test(email)) throw invalidField('email', 'e-mail address is not valid');

  const patient: Patient = {
    id: randomUUID(),
    fiscalCode: cf.value,
    givenName,
    familyName,
    birthDate: cf.birthDate,
    sex: cf.sex,
    phone,
    email,
    consents: input.consents ?? {},
  };
  return db.transaction().execute(async (tx) => {
    const inserted = await repo.insertPatients(tx, [patient], ctx.clock.now());
    if (inserted === 0)
      throw new AppError('CONFLICT', 'a patient with this fiscal code already exists', 'fiscalCode');
    await audit(tx, ctx, {
      action: 'create',
      resourceType: 'Patient',
      resourceId: patient.id,
      patientId: patient.id,
    });
    return patient;
  });
}

/**
 * The patient's phone and e-mail with the consents to use them, as the patient gave them (the portal's
 * booking, a call): what is left out stays as it was; an empty string clears it. Audited as an update.
 */
export async function updatePatientContacts(
  db: Db,
  ctx: RequestContext,
  patientId: string,
  input: {
    phone?: string | null | undefined;
    email?: string | null | undefined;
    consents?: Partial<Consents> | undefined;
  },
  channel: string | null = null,
): Promise<Patient> {
  const set: { phone?: string | null; email?: string | null } = {};
  if (input.phone !== undefined) {
    set.phone = normalisePhone(input.phone);
  }
  if (input.email !== undefined) {
    const email = input.email?.trim() || null;
    if (email && !EMAIL.test(email)) throw invalidField('email', 'e-mail address is not valid');
    set.email = email;
  }
  return db.transaction().execute(async (tx) => {
    const before = await repo.findPatientById(tx, patientId);
    if (!before) throw notFound('patient', 'patientId');
    const consents = { ...before.consents, ...(input.consents ?? {}) };
    await repo.updatePatientContacts(tx, patientId, { ...set, consents }, ctx.clock.now());
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'Patient',
      resourceId: patientId,
      patientId,
      channel,
      purpose: 'contact details and consents given by the patient',
    });
    return { ...before, ...set, consents };
  });
}

/**
 * The phone and e-mail an operator updates during a call, with the consents the patient gave on it
 * (issue 14 §8): the patient by fiscal code, then as updatePatientContacts (audited, channel phone).
 */
export async function updateContactsByFiscalCode(
  db: Db,
  ctx: RequestContext,
  fiscalCodeInput: string,
  input: Parameters<typeof updatePatientContacts>[3],
): Promise<Patient> {
  const fiscalCode = parseFiscalCode(fiscalCodeInput);
  const patient = await repo.findPatientByFiscalCode(db, fiscalCode);
  if (!patient) throw notFound('patient', 'fiscalCode');
  return updatePatientContacts(db, ctx, patient.id, input, 'phone');
}

/** A patient's prescriptions, newest first (at most 50), unaudited: the caller audits (the personal area). */
export async function listPatientPrescriptions(db: Db, patientId: string): Promise<Prescription[]> {
  const nres = await repo.patientNres(db, patientId, 50);
  const found = await Promise.all(nres.map((nre) => localPrescriptionRegister.fetch(db, nre)));
  return found.filter((p): p is Prescription => p !== undefined);
}

export async function getPatient(db: Db, ctx: RequestContext, fiscalCodeInput: string): Promise<Patient> {
  const fiscalCode = parseFiscalCode(fiscalCodeInput);
  // A fiscal code not found is audited by the route (a failed attempt, with the code as its subject).
  return auditedRead(
    db,
    ctx,
    async (tx) =>
      (await repo.findPatientByFiscalCode(tx, fiscalCode)) ?? fail(notFound('patient', 'fiscalCode')),
    (patient) => [{ action: 'read', resourceType: 'Patient', resourceId: patient.id, patientId: patient.id }],
  );
}

/**
 * The patient of a fiscal code, without an audit row: only for a caller that audits its own access
 * (the privacy officer's view of the accesses to one patient).
 */
export async function findPatientByFiscalCode(db: Db, fiscalCodeInput: string): Promise<Patient | null> {
  return (await repo.findPatientByFiscalCode(db, parseFiscalCode(fiscalCodeInput))) ?? null;
}

/** For modules that already hold a patient id (booking); audited by the caller's own access. */
export const findPatientById = (db: Db, id: string) => repo.findPatientById(db, id);

export async function searchServices(db: Db, query: string | undefined, limit = 50): Promise<Service[]> {
  return catalogueRepo.searchServices(db, query?.trim() || undefined, limit);
}

export const facilitiesWithUnits = catalogueRepo.facilitiesWithUnits;

export async function getService(db: Db, code: string, field = 'service'): Promise<Service> {
  const [service] = await catalogueRepo.findServices(db, [code]);
  if (!service) throw invalidField(field, `unknown service code ${code}`);
  return service;
}

export interface PrescriptionInput {
  nre: string;
  fiscalCode: string;
  priority: Priority;
  access: 'first' | 'follow_up';
  exemptionCode?: string | null | undefined;
  issuedOn: string;
  items: { serviceCode: string; quantity?: number | undefined }[];
}

/**
 * Registers a prescription in the local register, as the national system would hand it over: items
 * (1 to 8) from one specialty branch, a known patient, an issue date that is not in the future.
 */
export async function registerPrescription(
  db: Db,
  ctx: RequestContext,
  input: PrescriptionInput,
): Promise<Prescription> {
  const nre = parseNre(input.nre);
  const fiscalCode = parseFiscalCode(input.fiscalCode);
  if (input.items.length < 1 || input.items.length > 8)
    throw invalidField('items', 'a prescription has 1 to 8 items');
  // Today is the Rome date: just after midnight in Rome the UTC date is still yesterday.
  const today = romeDate(ctx.clock.now());
  if (input.issuedOn > today) throw invalidField('issuedOn', 'issue date is in the future');
  // No prescription stays usable longer than the region's longest validity: an older one is a typo.
  const longest = Math.max(0, ...(await validityRules(db)).map((r) => r.maxDays));
  if (input.issuedOn < addDays(today, -longest)) {
    throw invalidField('issuedOn', `issue date is more than ${longest} days ago`);
  }
  let exemptionCode: string | null = null;
  if (input.exemptionCode?.trim()) {
    mayWriteExemption(ctx, 'exemptionCode');
    exemptionCode = (await knownExemption(db, input.exemptionCode, 'exemptionCode')).code;
  }
  const services = await catalogueRepo.findServices(db, [...new Set(input.items.map((i) => i.serviceCode))]);
  const byCode = new Map(services.map((s) => [s.code, s]));
  input.items.forEach((item, i) => {
    if (!byCode.has(item.serviceCode))
      throw invalidField(`items.${i}.serviceCode`, `unknown service code ${item.serviceCode}`);
  });
  const branches = new Set(services.map((s) => s.branch));
  if (branches.size > 1)
    throw invalidField(
      'items',
      `items must belong to one specialty branch (found ${[...branches].join(', ')})`,
    );

  return db.transaction().execute(async (tx) => {
    const patient = await repo.findPatientByFiscalCode(tx, fiscalCode);
    if (!patient) throw invalidField('fiscalCode', 'no patient with this fiscal code in the registry');
    if (await prescriptionRepo.findPrescriptionByNre(tx, nre))
      throw new AppError('CONFLICT', 'this NRE is already registered', 'nre');
    const id = randomUUID();
    await prescriptionRepo.insertPrescriptions(
      tx,
      [
        {
          id,
          nre,
          patientId: patient.id,
          priority: input.priority,
          access: input.access,
          exemptionCode,
          issuedOn: input.issuedOn,
          items: input.items.map((i, n) => ({
            index: n + 1,
            serviceCode: i.serviceCode,
            quantity: i.quantity ?? 1,
          })),
        },
      ],
      ctx.clock.now(),
    );
    if (exemptionCode)
      await prescriptionRepo.setPrescriptionExemption(
        tx,
        id,
        exemptionCode,
        ctx.actor?.id ?? null,
        ctx.clock.now(),
      );
    await audit(tx, ctx, {
      action: 'create',
      resourceType: 'Prescription',
      resourceId: id,
      patientId: patient.id,
    });
    const created = await prescriptionRepo.findPrescriptionByNre(tx, nre);
    if (!created) throw new Error('prescription vanished inside its own transaction');
    return created;
  });
}

export async function getPrescription(
  db: Db,
  ctx: RequestContext,
  nreInput: string,
  source: PrescriptionSource = localPrescriptionRegister,
): Promise<Prescription> {
  const nre = parseNre(nreInput);
  return auditedRead(
    db,
    ctx,
    async (tx) => (await source.fetch(tx, nre)) ?? fail(notFound('prescription', 'nre')),
    (p) => [{ action: 'read', resourceType: 'Prescription', resourceId: p.id, patientId: p.patientId }],
  );
}

/**
 * The exemption's own words beside its code ("E01 — over 65 with low income"): the operator reads them
 * to the caller instead of a bare code (issue 14 §8).
 */
export async function describeExemption(db: Db, p: Prescription): Promise<string | null> {
  return p.exemptionCode
    ? ((await prescriptionRepo.findExemption(db, p.exemptionCode))?.description ?? null)
    : null;
}

/** A prescription the patient can still book on, with the last Rome date it can be booked. */
export interface OpenPrescription extends Prescription {
  exemptionDescription: string | null;
  bookableUntil: string | null;
}

/**
 * The patient's prescriptions with an item still to book and within the region's validity, newest first,
 * so the operator picks one instead of having the NRE dictated (issue 14 §8). Each one handed out is
 * audited as read; an unknown fiscal code is a 404 on its field.
 */
export async function openPrescriptionsOf(
  db: Db,
  ctx: RequestContext,
  fiscalCodeInput: string,
): Promise<OpenPrescription[]> {
  const fiscalCode = parseFiscalCode(fiscalCodeInput);
  const rules = await validityRules(db);
  const now = ctx.clock.now();
  const { list } = await auditedRead(
    db,
    ctx,
    async (tx) => {
      const patient =
        (await repo.findPatientByFiscalCode(tx, fiscalCode)) ?? fail(notFound('patient', 'fiscalCode'));
      const list: OpenPrescription[] = [];
      const words = new Map<string, string | null>();
      for (const p of await listPatientPrescriptions(tx, patient.id)) {
        if (p.state === 'cancelled' || p.state === 'expired') continue;
        const open = p.items
          .filter((i) => i.state === 'open')
          .map((i) => isPastValidity(rules, p.priority, i.service.kind, p.issuedOn, now))
          .filter((v) => !v.expired);
        if (open.length === 0) continue;
        // The last day any open item can still be booked; unknown when the region has no rule for one.
        const dates = open.map((v) => v.lastDate);
        const bookableUntil = dates.every((d) => d !== undefined) ? (dates.sort().at(-1) ?? null) : null;
        // A patient's prescriptions share few exemptions: each one's words are read once.
        const code = p.exemptionCode ?? '';
        if (!words.has(code)) words.set(code, await describeExemption(tx, p));
        list.push({ ...p, exemptionDescription: words.get(code) ?? null, bookableUntil });
      }
      return { patientId: patient.id, list };
    },
    ({ patientId, list }) => [
      {
        action: 'search' as const,
        resourceType: 'Prescription',
        resourceId: null,
        patientId,
        purpose: "the patient's open prescriptions (console)",
      },
      ...list.map((p) => ({
        action: 'read' as const,
        resourceType: 'Prescription',
        resourceId: p.id,
        patientId: p.patientId,
        purpose: "the patient's open prescriptions (console)",
      })),
    ],
  );
  return list;
}

/** Booking's view: the prescription locked for the length of the caller's transaction. */
export async function lockPrescriptionForBooking(
  tx: Db,
  nreInput: string,
  source: PrescriptionSource = localPrescriptionRegister,
): Promise<Prescription> {
  const nre = parseNre(nreInput);
  const prescription = await source.fetch(tx, nre, { forUpdate: true });
  if (!prescription) throw notFound('prescription', 'nre');
  return prescription;
}

export const setPrescriptionItemState = prescriptionRepo.setItemState;

/**
 * Sets or clears the exemption of a prescription (the back office, after checking the certificate);
 * records who and when, and audits it.
 */
export async function setPrescriptionExemption(
  db: Db,
  ctx: RequestContext,
  nreInput: string,
  exemptionInput: string | null,
): Promise<Prescription> {
  mayWriteExemption(ctx, 'exemptionCode');
  const nre = parseNre(nreInput);
  const code = exemptionInput?.trim()
    ? (await knownExemption(db, exemptionInput, 'exemptionCode')).code
    : null;
  return db.transaction().execute(async (tx) => {
    const p = await prescriptionRepo.findPrescriptionByNre(tx, nre, { forUpdate: true });
    if (!p) throw notFound('prescription', 'nre');
    await prescriptionRepo.setPrescriptionExemption(tx, p.id, code, ctx.actor?.id ?? null, ctx.clock.now());
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'Prescription',
      resourceId: p.id,
      patientId: p.patientId,
      purpose: 'exemption',
    });
    const updated = await prescriptionRepo.findPrescriptionByNre(tx, nre);
    if (!updated) throw new Error('prescription vanished inside its own transaction');
    return updated;
  });
}

/**
 * Booking's checks on a prescription it is about to use: it belongs to the patient the operator is
 * serving (the fiscal code the request names), and it is still within the region's validity for its
 * class and the item's kind (calendar days, Rome).
 */
export async function checkPrescriptionForBooking(
  db: Db,
  p: Prescription,
  input: { fiscalCode: string; itemIndex: number; now: Date },
): Promise<void> {
  const fiscalCode = parseFiscalCode(input.fiscalCode);
  if (fiscalCode !== p.fiscalCode) {
    throw invalidField('fiscalCode', 'this prescription belongs to another patient');
  }
  const item = p.items.find((i) => i.index === input.itemIndex);
  if (!item) return;
  const { expired, lastDate } = isPastValidity(
    await validityRules(db),
    p.priority,
    item.service.kind,
    p.issuedOn,
    input.now,
  );
  if (expired) {
    throw new AppError('PRESCRIPTION_EXPIRED', `the prescription could be booked until ${lastDate}`, 'nre');
  }
}

export const ticketItems = prescriptionRepo.prescriptionTicketItems;
