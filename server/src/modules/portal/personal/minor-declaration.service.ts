import { asCitizen, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import type { SendingWindow } from '../../messaging/index.ts';
import { findPatientById, parseFiscalCode } from '../../registry/index.ts';
import { accessPrescription, NO_MATCH } from '../bookings/access.service.ts';
import { AGE_OF_MAJORITY, lastDayUnderAge } from '../rules/delegation.ts';
import type { PortalClaims } from '../rules/session-token.ts';
import { grant, isMinor, loggedIn } from './delegation.service.ts';

/**
 * A parent or guardian, logged in with SPID/CIE in their own name, declares (DPR 445/2000 art. 46–47) that
 * they hold parental responsibility for a minor, or are the minor's guardian, and proves the minor's fiscal
 * code with one of the minor's prescriptions (NRE + fiscal code, the portal's own proof without login; a
 * mismatch gets its one answer). Recorded as a delegation from the minor to the declarant that ends on the
 * day before the minor's eighteenth birthday; the minor's contact on record is told of it.
 */
export async function declareForMinor(
  db: Db,
  ctx: RequestContext,
  window: SendingWindow,
  claims: PortalClaims,
  input: { fiscalCode: string; nre: string; role: 'parent' | 'guardian'; declaration: boolean },
) {
  if (claims.scope.kind === 'person' && claims.scope.delegation)
    throw new AppError(
      'FORBIDDEN',
      'a declaration is made in your own name: go back to your own personal area first',
      'session',
    );
  const self = await findPatientById(db, loggedIn(claims));
  if (!self) throw new AppError('NOT_FOUND', 'no patient record for this person');
  if (!input.declaration)
    throw invalidField(
      'declaration',
      'the declaration of parental responsibility or guardianship (DPR 445/2000) must be accepted',
    );
  if (isMinor(self, ctx))
    throw new AppError(
      'FORBIDDEN',
      `who declares for a minor must be at least ${AGE_OF_MAJORITY} years old`,
      'fiscalCode',
    );
  const mine = asCitizen(ctx, self.id);
  if (parseFiscalCode(input.fiscalCode) === self.fiscalCode)
    throw invalidField('fiscalCode', "this is your own fiscal code: give the minor's");
  const { patientId } = await accessPrescription(db, mine, input);
  const minor = await findPatientById(db, patientId);
  if (!minor) throw NO_MATCH();
  if (!isMinor(minor, ctx))
    throw invalidField(
      'fiscalCode',
      'this person is of age: they can delegate you themself (Deleghe), on the portal or at a CUP desk',
    );
  return grant(
    db,
    mine,
    window,
    minor,
    { fiscalCode: self.fiscalCode, validUntil: lastDayUnderAge(minor.birthDate) },
    'web',
    input.role,
  );
}
