import { DateTime } from 'luxon';
import { ZONE } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  cancelAppointment,
  cancelBySelfService,
  cancellationNumber,
  confirmAppointment,
  findByKeypad,
} from '../booking/index.ts';
import type { SelfServiceAnswer, SelfServiceRequest } from './engine/core.ts';
import type { SelfServicePort } from './engine/runtime.ts';

/**
 * OB-4: the IVR's self-service cancellation against the booking system. A keypad code and birth date
 * matching one booking ahead reads it back; none, not found; two (the same patient's codes sharing a
 * keypad form), an agent sorts it out. The cancellation is the booking module's, audited as by phone.
 * OB-3: the virtual operator's recall confirms or cancels the booking it called about, the same way.
 */
export function bookingSelfService(deps: { db: Db; clock: Clock; log: Logger }): SelfServicePort {
  return {
    async handle(request: SelfServiceRequest): Promise<SelfServiceAnswer> {
      const ctx = systemContext(deps.clock, 'ivr.self-cancel');
      if (request.kind === 'find') {
        const found = await findByKeypad(deps.db, ctx, request);
        if (found.length === 0) return { kind: 'not-found' };
        if (found.length > 1) return { kind: 'unavailable' };
        const a = found[0]!;
        const at = DateTime.fromJSDate(a.start, { zone: ZONE }).setLocale('it');
        return {
          kind: 'found',
          ref: a.appointmentId,
          description: `${a.service}, ${at.toFormat('cccc d LLLL')} alle ore ${at.toFormat('H:mm')}, presso ${a.facility}`,
        };
      }
      try {
        if (request.kind === 'recall')
          return await recallChoice(deps, request.ref, request.choice, request.purpose);
        const done = await cancelBySelfService(deps.db, ctx, request.ref);
        return { kind: 'cancelled', number: done.cancellationNumber };
      } catch (err) {
        // Started meanwhile, or cancelled by another channel: an agent explains.
        if (err instanceof AppError) return { kind: 'unavailable' };
        deps.log.error({ err }, 'self-service cancellation');
        return { kind: 'unavailable' };
      }
    },
  };
}

async function recallChoice(
  deps: { db: Db; clock: Clock },
  appointmentId: string,
  choice: 'confirm' | 'cancel',
  purpose: 'recall' | 'reminder',
): Promise<SelfServiceAnswer> {
  const ctx = systemContext(deps.clock, `${purpose}.virtual-operator`);
  if (choice === 'confirm') {
    await confirmAppointment(deps.db, ctx, appointmentId, { via: 'phone' });
    return { kind: 'confirmed' };
  }
  const a = await cancelAppointment(deps.db, ctx, appointmentId, {
    reason: `disdetta dal paziente alla chiamata di ${purpose === 'recall' ? 'richiamo' : 'promemoria'} (operatore virtuale)`,
    channel: 'phone',
  });
  return { kind: 'cancelled', number: cancellationNumber(a) };
}
