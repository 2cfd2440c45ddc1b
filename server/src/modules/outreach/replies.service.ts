import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import {
  type Appointment,
  cancelAppointment,
  cancellationNumber,
  confirmAppointment,
  loadAppointmentsForOutreach,
} from '../booking/index.ts';
import type { InboundMessage } from '../messaging/index.ts';
import * as outbox from './outbox.repository.ts';
import * as repo from './outreach.repository.ts';
import { acknowledgementSms } from './rules/reminder.ts';
import { parseReply } from './rules/reply.ts';

export interface ReplyOutcome {
  intent: 'confirm' | 'cancel' | 'stop' | 'unknown';
  appointmentId: string | null;
  outcome: string;
}

/**
 * A patient's SMS reply (OB-1, OB-4): CONFERMA confirms, ANNULLA cancels (the freed place is back in the
 * availability at once), STOP opts the number out. It acts only on an appointment this number was
 * reminded about: the one whose code it quotes, else the latest reminded one still ahead. The patient
 * is answered (the cancellation number as proof); a reply already handled (the SMSC redelivers) is not
 * handled twice; anything not understood changes nothing and is kept for a person to read.
 */
/**
 * The re-offer's answer to a bare yes or no that follows an offer of an earlier place (the re-offer
 * module plugs it in: outreach does not depend on it). Returns what came of it, or null when this number
 * has no offer standing.
 */
export type OfferAnswer = (from: string, intent: 'confirm' | 'cancel', at: Date) => Promise<string | null>;

export async function handleReply(
  db: Db,
  clock: Clock,
  m: InboundMessage,
  offerAnswer?: OfferAnswer,
): Promise<ReplyOutcome> {
  const parsed = parseReply(m.text);
  const record = async (o: ReplyOutcome) => {
    await repo.insertReply(db, {
      gatewayId: m.gatewayId,
      channel: m.channel,
      sender: m.from,
      text: m.text,
      receivedAt: m.at,
      ...o,
    });
    return o;
  };
  if (parsed.intent === 'stop') {
    await repo.recordOptOut(db, m.from, m.at, m.channel);
    return record({ intent: 'stop', appointmentId: null, outcome: 'opted out' });
  }
  if (parsed.intent === 'unknown')
    return record({ intent: 'unknown', appointmentId: null, outcome: 'not understood' });

  // A bare "ANNULLA" (or "CONFERMA") right after an offer of an earlier place answers the offer, not the
  // booking: cancelling the appointment on it would be the opposite of what the patient meant.
  if (!parsed.code) {
    const last = await outbox.latestSentKind(db, m.from);
    // Right after the notice of a new delegation, ANNULLA most likely means the delegation, which only the
    // person's area or the CUP revokes (the notice says so): the appointment is not touched on it.
    if (last === 'delegation')
      return record({
        intent: parsed.intent,
        appointmentId: null,
        outcome: 'about a delegation notice: not acted on',
      });
    if (last === 'reoffer' || last === 'reoffer-gone') {
      // SI takes the place, NO / ANNULLA turns it down; the appointment itself is never cancelled here.
      const done = offerAnswer ? await offerAnswer(m.from, parsed.intent, m.at) : null;
      return record({
        intent: parsed.intent,
        appointmentId: null,
        outcome: done ?? 'about an offer: not acted on',
      });
    }
  }
  const target = await replyTarget(db, clock, m.from, parsed.code);
  if (!target)
    return record({ intent: parsed.intent, appointmentId: null, outcome: 'no reminded appointment' });
  const ctx = systemContext(clock, `reply:${m.gatewayId}`);
  try {
    const done =
      parsed.intent === 'cancel'
        ? await cancelAppointment(db, ctx, target.id, {
            reason: 'disdetta dal paziente in risposta al promemoria',
            channel: 'sms',
          })
        : await confirmAppointment(db, ctx, target.id, { via: 'sms' });
    await acknowledge(db, clock, done, m.from, parsed.intent === 'cancel' ? 'cancel-ack' : 'confirm-ack');
    return record({
      intent: parsed.intent,
      appointmentId: target.id,
      outcome: parsed.intent === 'cancel' ? 'cancelled' : 'confirmed',
    });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // Already cancelled, already started: said on the page, nothing changed.
    return record({ intent: parsed.intent, appointmentId: target.id, outcome: `refused: ${err.message}` });
  }
}

async function replyTarget(
  db: Db,
  clock: Clock,
  from: string,
  code: string | null,
): Promise<Appointment | null> {
  if (code) {
    const [a] = await loadAppointmentsForOutreach(db, { code });
    return a && (await outbox.remindedAbout(db, from, a.id)) ? a : null;
  }
  const latest = await outbox.latestReminderTo(db, from, clock.now());
  if (!latest) return null;
  const [a] = await loadAppointmentsForOutreach(db, { ids: [latest.appointmentId] });
  return a ?? null;
}

/** The answer to a reply, through the outbox (exactly once as well: one per appointment version). */
async function acknowledge(
  db: Db,
  clock: Clock,
  a: Appointment,
  to: string,
  kind: 'cancel-ack' | 'confirm-ack',
): Promise<void> {
  const now = clock.now();
  await outbox.insertOutbox(
    db,
    [
      {
        id: randomUUID(),
        appointmentId: a.id,
        kind,
        appointmentVersion: a.version,
        channel: 'sms',
        recipient: to,
        text: acknowledgementSms(kind, {
          code: a.code,
          start: a.start,
          cancellationNumber: cancellationNumber(a),
        }),
        subject: null,
        html: null,
        ics: null,
        // An answer to the patient's own message goes at once, quiet hours or not.
        sendAfter: now,
      },
    ],
    now,
  );
}
