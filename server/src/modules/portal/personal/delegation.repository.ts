import type { Db } from '../../../platform/db.ts';

// The portal's delegations (see the portal_delegation migration). `today` is the Rome date: a delegation
// holds through the whole of its last day.

export type DelegationRow = NonNullable<Awaited<ReturnType<typeof delegationById>>>;

const delegationColumns = [
  'id',
  'delegator_id as delegatorId',
  'delegate_fiscal_code as delegateFiscalCode',
  'valid_until as validUntil',
  'granted_at as grantedAt',
  'granted_channel as channel',
  'revoked_at as revokedAt',
  'revoked_by as revokedBy',
  'declared_role as declaredRole',
] as const;

export async function delegationById(db: Db, id: string) {
  return db.selectFrom('portal_delegation').select(delegationColumns).where('id', '=', id).executeTakeFirst();
}

/** Live delegations given by a person, or received by a fiscal code; oldest first. */
export async function liveDelegations(
  db: Db,
  by: { delegatorId: string } | { delegateFiscalCode: string },
  today: string,
) {
  let q = db
    .selectFrom('portal_delegation')
    .select(delegationColumns)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]));
  q =
    'delegatorId' in by
      ? q.where('delegator_id', '=', by.delegatorId)
      : q.where('delegate_fiscal_code', '=', by.delegateFiscalCode);
  return q.orderBy('granted_at').orderBy('id').execute();
}

/** Ends the pair's unrevoked delegation, if any (expired ones too), so that a new one can take its place. */
export async function replaceDelegation(
  db: Db,
  pair: { delegatorId: string; delegateFiscalCode: string },
  at: Date,
): Promise<void> {
  await db
    .updateTable('portal_delegation')
    .set({ revoked_at: at, revoked_by: 'replaced' })
    .where('delegator_id', '=', pair.delegatorId)
    .where('delegate_fiscal_code', '=', pair.delegateFiscalCode)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertDelegation(
  db: Db,
  row: {
    id: string;
    delegatorId: string;
    delegateFiscalCode: string;
    validUntil: string | null;
    at: Date;
    channel: 'web' | 'desk';
    grantedBy: string | null;
    /** A parent's or guardian's declaration for a minor. */
    declaredRole?: 'parent' | 'guardian' | null;
  },
): Promise<void> {
  await db
    .insertInto('portal_delegation')
    .values({
      id: row.id,
      delegator_id: row.delegatorId,
      delegate_fiscal_code: row.delegateFiscalCode,
      valid_until: row.validUntil,
      granted_at: row.at,
      granted_channel: row.channel,
      granted_by: row.grantedBy,
      declared_role: row.declaredRole ?? null,
    })
    .execute();
}

/** Revokes a delegation still unrevoked; false when it was already ended by someone else. */
export async function revokeDelegation(
  db: Db,
  id: string,
  by: { who: 'delegator' | 'delegate' | 'staff'; userId: string | null; at: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('portal_delegation')
    .set({ revoked_at: by.at, revoked_by: by.who, revoked_by_user: by.userId })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
