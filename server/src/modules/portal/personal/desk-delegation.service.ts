import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import type { SendingWindow } from '../../messaging/index.ts';
import { getPatient } from '../../registry/index.ts';
import { lastDayUnderAge } from '../rules/delegation.ts';
import * as repo from './delegation.repository.ts';
import { end, grant, isMinor, listOf } from './delegation.service.ts';

// At a CUP desk, by staff who saw the signed form and the delegator's (or, for a minor, the declarant's)
// identity document: for who has no SPID. Every read and change is audited as the delegation's own are.

export async function deskDelegations(db: Db, ctx: RequestContext, fiscalCode: string) {
  return listOf(db, ctx, await getPatient(db, ctx, fiscalCode), 'desk');
}

/**
 * At the desk. A minor cannot delegate (they cannot act in law): for a patient under 18 the desk records
 * the parent's or guardian's declaration instead — its role required, ending at the latest on the day
 * before the 18th birthday (by default then).
 */
export async function grantAtDesk(
  db: Db,
  ctx: RequestContext,
  window: SendingWindow,
  fiscalCode: string,
  input: { fiscalCode: string; validUntil?: string | null; declaredRole?: 'parent' | 'guardian' | null },
) {
  const patient = await getPatient(db, ctx, fiscalCode);
  const { declaredRole, ...delegation } = input;
  if (!isMinor(patient, ctx)) {
    if (declaredRole)
      throw invalidField('declaredRole', 'only for a patient under 18: an adult delegates themself');
    return grant(db, ctx, window, patient, delegation, 'desk');
  }
  if (!declaredRole)
    throw invalidField(
      'declaredRole',
      "the patient is under 18 and cannot delegate: record the parent's or guardian's declaration (its role)",
    );
  const last = lastDayUnderAge(patient.birthDate);
  if (delegation.validUntil && delegation.validUntil > last)
    throw invalidField(
      'validUntil',
      `a declaration for a minor ends on the day before their 18th birthday (${last}) at the latest`,
    );
  return grant(
    db,
    ctx,
    window,
    patient,
    { fiscalCode: delegation.fiscalCode, validUntil: delegation.validUntil || last },
    'desk',
    declaredRole,
  );
}

export async function revokeAtDesk(db: Db, ctx: RequestContext, fiscalCode: string, id: string) {
  const patient = await getPatient(db, ctx, fiscalCode);
  const row = await repo.delegationById(db, id);
  if (!row || (row.delegatorId !== patient.id && row.delegateFiscalCode !== patient.fiscalCode))
    throw new AppError('NOT_FOUND', 'no such delegation of this patient', 'id');
  return end(db, ctx, row, 'staff', 'desk');
}
