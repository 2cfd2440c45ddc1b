import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import { romeDate } from '../../platform/calendar.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { facilityLocalHolidays, loadAppointmentsForOutreach } from '../booking/index.ts';
import type { SendingWindow } from '../messaging/index.ts';
import { findPatientById } from '../registry/index.ts';
import { maskRecipient } from './messages.service.ts';
import * as outbox from './outbox.repository.ts';
import * as repo from './outreach.repository.ts';
import type { OutreachSettings } from './outreach.types.ts';
import { isMobile, outboxRow, reminderFacts } from './reminders.service.ts';

export interface PromemoriaSent {
  messageId: string;
  channel: 'sms' | 'email';
  /** Masked: the operator confirms it with the caller without the server handing out the whole address. */
  recipient: string;
  /** When it leaves: an SMS waits for the sending window (never at night or on a Sunday). */
  sendAfter: Date;
}

/**
 * The promemoria an operator sends on the caller's request (issue 14 §8): the reminder's words (what,
 * when, where, the code, the ticket, how to cancel) by SMS to the mobile or by e-mail to the address on
 * the patient's record, through the outbox like every message — sent once, within the SMS window, and
 * dropped if the booking changes before it leaves. Refused on `channel` when the record has no such
 * contact, its consent was refused or the patient replied STOP (update the contacts first). A retry
 * with the same key sends nothing more; audited.
 */
export async function sendPromemoria(
  db: Db,
  ctx: RequestContext,
  settings: OutreachSettings,
  window: SendingWindow,
  input: { appointmentId: string; channel: 'sms' | 'email'; key?: string | undefined },
): Promise<PromemoriaSent> {
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    const [a] = await loadAppointmentsForOutreach(tx, { ids: [input.appointmentId] });
    if (!a) throw notFound('appointment', 'id');
    if (a.status !== 'booked')
      throw new AppError('INVALID_STATE', `the appointment is ${a.status}, not booked`);
    if (a.start <= now) throw new AppError('INVALID_STATE', 'the appointment has already started');
    const patient = await findPatientById(tx, a.patientId);
    if (!patient) throw notFound('patient', 'id');
    const recipient = input.channel === 'sms' ? patient.phone : patient.email;
    if (!recipient || (input.channel === 'sms' && !isMobile(recipient)))
      throw invalidField(
        'channel',
        input.channel === 'sms'
          ? 'the patient has no mobile phone on record'
          : 'the patient has no e-mail on record',
      );
    const consent =
      input.channel === 'sms' ? patient.consents.contactByPhone : patient.consents.contactByEmail;
    if (consent === false)
      throw invalidField(
        'channel',
        `the patient refused contact by ${input.channel === 'sms' ? 'phone' : 'e-mail'}`,
      );
    if ((await repo.optedOut(tx, [recipient])).has(recipient))
      throw invalidField('channel', 'the patient asked for no more messages (STOP) on this contact');

    const local = await facilityLocalHolidays(tx, a.facility.id, a.start);
    const facts = reminderFacts(a, settings, local, romeDate(now));
    const row = outboxRow(a, { channel: input.channel, recipient }, 'promemoria', facts, {
      now,
      window,
      ref: input.key ?? randomUUID(),
    });
    if ((await outbox.insertOutbox(tx, [row], now)) === 0) {
      // The same request again (its key): the message already queued answers it.
      const first = await outbox.findMessage(tx, {
        appointmentId: a.id,
        kind: 'promemoria',
        ref: row.ref ?? '',
      });
      if (!first) throw new Error('a promemoria conflicted with none');
      return {
        messageId: first.id,
        // A promemoria goes by the channel the operator chose: never App IO.
        channel: first.channel as PromemoriaSent['channel'],
        recipient: maskRecipient(first.recipient),
        sendAfter: first.sendAfter,
      };
    }
    await audit(tx, ctx, {
      action: 'create',
      resourceType: 'OutreachMessage',
      resourceId: row.id,
      patientId: a.patientId,
      channel: 'phone',
      purpose: 'promemoria asked for on a call',
    });
    return {
      messageId: row.id,
      channel: input.channel,
      recipient: maskRecipient(recipient),
      sendAfter: row.sendAfter,
    };
  });
}
