import { randomUUID } from 'node:crypto';
import { audit, auditedRead } from '../../../platform/audit.ts';
import { romeDate } from '../../../platform/calendar.ts';
import { actorOf, asCitizen, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import type { SendingWindow } from '../../messaging/index.ts';
import { queueDelegationNotice } from '../../outreach/index.ts';
import { findPatientById, type Patient, parseFiscalCode } from '../../registry/index.ts';
import { AGE_OF_MAJORITY, ageOn, holdsOn, MAX_LIVE_DELEGATIONS } from '../rules/delegation.ts';
import type { PortalClaims } from '../rules/session-token.ts';
import * as repo from './delegation.repository.ts';

// Delegation (research: "a no-login path plus delegation", so that who has no SPID is not left out): a
// person names a delegate by fiscal code, on the portal after SPID/CIE or at a CUP desk; the delegate,
// logged in with their own SPID/CIE, acts for them in the personal area. Every access is audited with the
// delegate as the actor and the delegator as the patient.

export interface DelegationView {
  id: string;
  /** Given: the delegate's fiscal code as typed. Received: the delegator's name. */
  delegateFiscalCode?: string;
  delegator?: { givenName: string; familyName: string };
  validUntil: string | null;
  grantedAt: Date;
  channel: 'web' | 'desk';
  /** A parent's or guardian's declaration for a minor (DPR 445/2000); null for a delegation given. */
  declaredRole: 'parent' | 'guardian' | null;
  /** Null while it holds. */
  ended: { at: Date; by: 'delegator' | 'delegate' | 'staff' | 'replaced' } | null;
}

const PURPOSE = 'portal delegation';

type Row = repo.DelegationRow;

const given = (d: Row): DelegationView => ({
  id: d.id,
  delegateFiscalCode: d.delegateFiscalCode,
  validUntil: d.validUntil,
  grantedAt: d.grantedAt,
  channel: d.channel,
  declaredRole: d.declaredRole,
  ended: d.revokedAt && d.revokedBy ? { at: d.revokedAt, by: d.revokedBy } : null,
});

/** Under 18 by the registry, today in Rome: cannot act in law, so cannot delegate. */
export const isMinor = (p: Patient, ctx: RequestContext) =>
  ageOn(p.birthDate, romeDate(ctx.clock.now())) < AGE_OF_MAJORITY;

const ENDED = () =>
  new AppError(
    'FORBIDDEN',
    'the delegation has ended (revoked or past its last day): go back to your own personal area',
    'delegation',
  );

const SPID_ONLY = () => new AppError('FORBIDDEN', 'delegations need a SPID or CIE login', 'session');

/** Who logged in: the person of a SPID/CIE session, also while acting for someone else. */
export function loggedIn(claims: PortalClaims): string {
  if (claims.scope.kind !== 'person') throw SPID_ONLY();
  return claims.scope.delegation?.delegateId ?? claims.patientId;
}

/**
 * The context a portal request acts in: as the session's person, or — in a delegate's session — as the
 * delegate, after checking that the delegation still holds (a revocation takes effect at the next request).
 */
export async function citizenContext(db: Db, base: RequestContext, claims: PortalClaims) {
  const d = claims.scope.kind === 'person' ? claims.scope.delegation : undefined;
  if (!d) return asCitizen(base, claims.patientId);
  const [row, delegate] = await Promise.all([
    repo.delegationById(db, d.id),
    findPatientById(db, d.delegateId),
  ]);
  if (
    !row ||
    !delegate ||
    row.delegatorId !== claims.patientId ||
    row.delegateFiscalCode !== delegate.fiscalCode ||
    row.revokedAt ||
    !holdsOn(row.validUntil, romeDate(base.clock.now()))
  )
    throw ENDED();
  return asCitizen(base, d.delegateId);
}

/** A person's live delegations, given and received (with the delegator's name), each read audited. */
export async function listOf(db: Db, ctx: RequestContext, person: Patient, channel: 'web' | 'desk') {
  const today = romeDate(ctx.clock.now());
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const [mine, theirs] = await Promise.all([
        repo.liveDelegations(tx, { delegatorId: person.id }, today),
        repo.liveDelegations(tx, { delegateFiscalCode: person.fiscalCode }, today),
      ]);
      const delegators = await Promise.all(theirs.map((d) => findPatientById(tx, d.delegatorId)));
      return {
        given: mine.map(given),
        received: theirs.map((d, i) => ({
          ...given(d),
          delegateFiscalCode: undefined,
          delegator: {
            givenName: delegators[i]?.givenName ?? '',
            familyName: delegators[i]?.familyName ?? '',
          },
        })),
        rows: [...mine, ...theirs],
      };
    },
    ({ rows }) =>
      rows.map((d) => ({
        action: 'read' as const,
        resourceType: 'Delegation',
        resourceId: d.id,
        patientId: d.delegatorId,
        channel,
        purpose: PURPOSE,
      })),
  ).then(({ given, received }) => ({ given, received }));
}

/** The delegations the logged-in person gave and received. */
export async function myDelegations(db: Db, ctx: RequestContext, claims: PortalClaims) {
  const person = await findPatientById(db, loggedIn(claims));
  if (!person) throw new AppError('NOT_FOUND', 'no patient record for this person');
  return listOf(db, asCitizen(ctx, person.id), person, 'web');
}

/**
 * Grants a delegation from `delegator` to a fiscal code. Granting again to the same code replaces the
 * live one (a new last day). The code need not be on record: nothing here tells whether it is.
 */
export async function grant(
  db: Db,
  ctx: RequestContext,
  window: SendingWindow,
  delegator: Patient,
  input: { fiscalCode: string; validUntil?: string | null },
  channel: 'web' | 'desk',
  declaredRole: 'parent' | 'guardian' | null = null,
): Promise<DelegationView & { notice: Awaited<ReturnType<typeof queueDelegationNotice>> }> {
  const fiscalCode = parseFiscalCode(input.fiscalCode);
  if (fiscalCode === delegator.fiscalCode)
    throw invalidField('fiscalCode', 'a person cannot be their own delegate');
  const today = romeDate(ctx.clock.now());
  const validUntil = input.validUntil ?? null;
  if (validUntil !== null && validUntil < today)
    throw invalidField('validUntil', `the last day of the delegation is already past (today is ${today})`);
  return db.transaction().execute(async (tx) => {
    const live = await repo.liveDelegations(tx, { delegatorId: delegator.id }, today);
    const others = live.filter((d) => d.delegateFiscalCode !== fiscalCode);
    if (others.length >= MAX_LIVE_DELEGATIONS)
      throw new AppError(
        'CONFLICT',
        `at most ${MAX_LIVE_DELEGATIONS} delegations can hold at once: revoke one first`,
        'fiscalCode',
      );
    const at = ctx.clock.now();
    await repo.replaceDelegation(tx, { delegatorId: delegator.id, delegateFiscalCode: fiscalCode }, at);
    const id = randomUUID();
    const actor = actorOf(ctx);
    await repo.insertDelegation(tx, {
      id,
      delegatorId: delegator.id,
      delegateFiscalCode: fiscalCode,
      validUntil,
      at,
      channel,
      grantedBy: channel === 'desk' ? actor.id : null,
      declaredRole,
    });
    await audit(tx, ctx, {
      action: 'create',
      resourceType: 'Delegation',
      resourceId: id,
      patientId: delegator.id,
      channel,
      purpose: declaredRole ? `${PURPOSE}: ${declaredRole} declared (DPR 445/2000)` : PURPOSE,
    });
    // The delegator hears of it (against a grant made in their name), in the same transaction.
    const notice = await queueDelegationNotice(tx, ctx, window, delegator, {
      id,
      delegateFiscalCode: fiscalCode,
      grantedAt: at,
      channel,
      validUntil,
      declared: declaredRole ? { role: declaredRole, minorFiscalCode: delegator.fiscalCode } : null,
    });
    return { ...given((await repo.delegationById(tx, id))!), notice };
  });
}

/** Ends a delegation; `who` says in which role. An already ended one is answered as it is. */
export async function end(
  db: Db,
  ctx: RequestContext,
  row: Row,
  who: 'delegator' | 'delegate' | 'staff',
  channel: 'web' | 'desk',
): Promise<DelegationView> {
  return db.transaction().execute(async (tx) => {
    const actor = actorOf(ctx);
    const done = await repo.revokeDelegation(tx, row.id, {
      who,
      userId: who === 'staff' ? actor.id : null,
      at: ctx.clock.now(),
    });
    if (done)
      await audit(tx, ctx, {
        action: 'update',
        resourceType: 'Delegation',
        resourceId: row.id,
        patientId: row.delegatorId,
        channel,
        purpose: `${PURPOSE}: revoked by the ${who}`,
      });
    return given((await repo.delegationById(tx, row.id))!);
  });
}

// ---- On the portal, as the person logged in with SPID/CIE --------------------------------------------

export async function grantOnPortal(
  db: Db,
  ctx: RequestContext,
  window: SendingWindow,
  claims: PortalClaims,
  input: { fiscalCode: string; validUntil?: string | null },
) {
  const self = await findPatientById(db, loggedIn(claims));
  if (!self) throw new AppError('NOT_FOUND', 'no patient record for this person');
  if (isMinor(self, ctx))
    throw new AppError(
      'FORBIDDEN',
      'a person under 18 cannot delegate: a parent or guardian declares for them',
      'minor',
    );
  return grant(db, asCitizen(ctx, self.id), window, self, input, 'web');
}

/** The delegator revokes, or the delegate gives it up; anyone else's delegation answers as unknown. */
export async function revokeOnPortal(db: Db, ctx: RequestContext, claims: PortalClaims, id: string) {
  const self = await findPatientById(db, loggedIn(claims));
  const row = await repo.delegationById(db, id);
  const who =
    !row || !self
      ? null
      : row.delegatorId === self.id
        ? 'delegator'
        : row.delegateFiscalCode === self.fiscalCode
          ? 'delegate'
          : null;
  if (!row || !self || !who) throw new AppError('NOT_FOUND', 'no such delegation of yours', 'id');
  // Parental responsibility is not the minor's to end: the parent gives it up, or the CUP desk ends it.
  if (who === 'delegator' && row.declaredRole)
    throw new AppError(
      'FORBIDDEN',
      "a parent's or guardian's declaration is ended by them or at a CUP desk, not by the minor",
      'id',
    );
  return end(db, asCitizen(ctx, self.id), row, who, 'web');
}

/**
 * Claims for acting through a delegation received (null: back to one's own area). Refused when it does
 * not hold, is not this person's, or the person is under age by the registry.
 */
export async function actingClaims(
  db: Db,
  ctx: RequestContext,
  claims: PortalClaims,
  delegationId: string | null,
): Promise<Omit<PortalClaims, 'expires'>> {
  if (claims.scope.kind !== 'person') throw SPID_ONLY();
  const selfId = loggedIn(claims);
  const acr = claims.scope.acr;
  if (delegationId === null) return { patientId: selfId, scope: { kind: 'person', acr } };
  const [self, row] = await Promise.all([findPatientById(db, selfId), repo.delegationById(db, delegationId)]);
  const today = romeDate(ctx.clock.now());
  if (!self || !row || row.delegateFiscalCode !== self.fiscalCode)
    throw new AppError('NOT_FOUND', 'no such delegation of yours', 'delegationId');
  if (row.revokedAt || !holdsOn(row.validUntil, today)) throw ENDED();
  if (isMinor(self, ctx))
    throw new AppError(
      'FORBIDDEN',
      `a delegate must be at least ${AGE_OF_MAJORITY} years old`,
      'delegationId',
    );
  await audit(db, asCitizen(ctx, self.id), {
    action: 'read',
    resourceType: 'Delegation',
    resourceId: row.id,
    patientId: row.delegatorId,
    channel: 'web',
    purpose: `${PURPOSE}: the delegate acts for the delegator`,
  });
  return {
    patientId: row.delegatorId,
    scope: { kind: 'person', acr, delegation: { id: row.id, delegateId: self.id } },
  };
}

/** Who is acting, for the personal area's banner: the delegate's name and the delegation's last day. */
export async function actingAs(db: Db, claims: PortalClaims) {
  const d = claims.scope.kind === 'person' ? claims.scope.delegation : undefined;
  if (!d) return null;
  const [delegate, row] = await Promise.all([
    findPatientById(db, d.delegateId),
    repo.delegationById(db, d.id),
  ]);
  if (!delegate || !row) throw ENDED();
  return {
    delegationId: row.id,
    givenName: delegate.givenName,
    familyName: delegate.familyName,
    validUntil: row.validUntil,
    declaredRole: row.declaredRole,
  };
}
