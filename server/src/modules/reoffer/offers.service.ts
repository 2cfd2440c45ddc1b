import { audit, auditedRead } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendEvent } from '../../platform/events.ts';
import { loadAppointmentsForOutreach, moveAppointment } from '../booking/index.ts';
import { verifyLink } from '../outreach/index.ts';
import * as offerRepo from './offers.repository.ts';
import * as repo from './reoffer.repository.ts';
import { offerRound, recordTaken } from './reoffer.service.ts';
import type { Offer, Place, ReofferSettings } from './reoffer.types.ts';
import { DECLINE_REASONS, type DeclineReason } from './rules/reoffer.ts';

/** What the offer's page shows: the place offered and the appointment it would replace; nothing else. */
export interface OfferView {
  status: Offer['status'];
  service: string;
  start: string;
  facility: string;
  address: string;
  /** The patient's appointment as it is now (once accepted: the offered place). */
  currentStart: string;
  code: string;
  expiresAt: string;
  declineReasons: readonly DeclineReason[];
}

const STATE_MESSAGES: Record<Exclude<Offer['status'], 'offered'>, string> = {
  accepted: 'this offer was accepted: the appointment is now in the offered place',
  declined: 'this offer was declined: the appointment stays as it was',
  expired: 'this offer has expired: the appointment stays as it was',
  gone: 'the place was taken by another patient: the appointment stays as it was',
};

async function resolve(db: Db, ctx: RequestContext, settings: ReofferSettings, token: string) {
  if (!settings.linkSecret) throw new AppError('NOT_FOUND', 'offer links are not enabled here', 'token');
  const check = verifyLink(token, settings.linkSecret, ctx.clock.now());
  if (!check.ok) {
    // An expired link is an expired offer: said as such, it is not an error of the patient's.
    if (check.reason === 'expired') throw new AppError('INVALID_STATE', STATE_MESSAGES.expired, 'token');
    throw new AppError('NOT_FOUND', 'the link is not valid: copy it whole from the message', 'token');
  }
  const offer = await offerRepo.findOfferByRef(db, check.claims.code);
  if (!offer)
    throw new AppError('NOT_FOUND', 'the link is not valid: copy it whole from the message', 'token');
  const place = await repo.findPlace(db, offer.placeId);
  if (!place) throw new Error('an offer without its place');
  return { offer, place };
}

async function view(db: Db, offer: Offer, slotId: string, serviceCode: string): Promise<OfferView> {
  const slot = await repo.placeSlot(db, slotId, serviceCode);
  const [a] = await loadAppointmentsForOutreach(db, { ids: [offer.appointmentId] });
  if (!slot || !a) throw new Error('an offer without its slot or appointment');
  return {
    status: offer.status,
    service: slot.service,
    start: slot.start.toISOString(),
    facility: slot.facility,
    address: slot.address,
    currentStart: a.start.toISOString(),
    code: a.code,
    expiresAt: offer.expiresAt.toISOString(),
    declineReasons: DECLINE_REASONS,
  };
}

const offerAudit = (offer: Offer, patientId: string, action: 'read' | 'update') => ({
  action,
  resourceType: 'Appointment',
  resourceId: offer.appointmentId,
  patientId,
  channel: 'web',
  purpose: 'reoffer-link',
});

async function patientOf(db: Db, appointmentId: string) {
  const [a] = await loadAppointmentsForOutreach(db, { ids: [appointmentId] });
  if (!a) throw new Error('an offer without its appointment');
  return a;
}

/** The page behind an offer's link (OB-2): read through the signed link alone, audited. */
export async function offerPage(
  db: Db,
  ctx: RequestContext,
  settings: ReofferSettings,
  token: string,
): Promise<OfferView> {
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const { offer, place } = await resolve(tx, ctx, settings, token);
      return {
        v: await view(tx, offer, place.slotId, place.serviceCode),
        offer,
        a: await patientOf(tx, offer.appointmentId),
      };
    },
    ({ offer, a }) => [offerAudit(offer, a.patientId, 'read')],
  ).then((r) => r.v);
}

function standing(offer: Offer, now: Date) {
  if (offer.status !== 'offered') throw new AppError('INVALID_STATE', STATE_MESSAGES[offer.status], 'token');
  if (offer.expiresAt <= now) throw new AppError('INVALID_STATE', STATE_MESSAGES.expired, 'token');
}

/**
 * The patient takes the place (OB-2): their appointment moves into it through booking's conditional
 * take — the first to accept gets it; a later one is told it is gone and keeps their appointment. The
 * place their move frees is re-offered in turn (the move's event).
 */
export async function acceptOffer(
  db: Db,
  ctx: RequestContext,
  settings: ReofferSettings,
  token: string,
): Promise<OfferView> {
  const { offer, place } = await resolve(db, ctx, settings, token);
  return accept(db, ctx, settings, offer, place);
}

async function accept(db: Db, ctx: RequestContext, settings: ReofferSettings, offer: Offer, place: Place) {
  const now = ctx.clock.now();
  standing(offer, now);
  const a = await patientOf(db, offer.appointmentId);
  const gone = async (why: string) => {
    await offerRepo.settleOffer(db, offer.id, { status: 'gone', at: ctx.clock.now() });
    return new AppError('CONFLICT', why, 'token');
  };
  // Moved or cancelled since the offer: it was made for an appointment that no longer is what it was.
  if (a.status !== 'booked' || a.version !== offer.appointmentVersion)
    throw await gone('the appointment changed after this offer: it stays as it is now');
  try {
    await moveAppointment(db, ctx, offer.appointmentId, {
      slotId: Number(place.slotId),
      reofferPlaceId: place.id,
    });
  } catch (err) {
    if (err instanceof AppError && ['SLOT_TAKEN', 'INVALID_FIELD', 'INVALID_STATE'].includes(err.code))
      throw await gone(STATE_MESSAGES.gone);
    throw err;
  }
  await db
    .transaction()
    .execute((tx) => recordTaken(tx, ctx, place.id, offer.appointmentId, settings.window));
  const done = (await offerRepo.findOfferByRef(db, offer.ref)) ?? offer;
  return view(db, done, place.slotId, place.serviceCode);
}

/**
 * The patient turns the offer down, with a reason from the closed list; their appointment stays. Where
 * the region's rule says so, refusing a place inside their guarantee forfeits it (recorded on the offer,
 * for the guarantee reports). The place goes to the next round at once.
 */
export async function declineOffer(
  db: Db,
  ctx: RequestContext,
  settings: ReofferSettings,
  token: string,
  reason: DeclineReason,
): Promise<OfferView> {
  const { offer, place } = await resolve(db, ctx, settings, token);
  return decline(db, ctx, settings, offer, place, reason);
}

async function decline(
  db: Db,
  ctx: RequestContext,
  settings: ReofferSettings,
  offer: Offer,
  place: Place,
  reason: DeclineReason,
) {
  const now = ctx.clock.now();
  standing(offer, now);
  const a = await patientOf(db, offer.appointmentId);
  const forfeited = settings.rules.refusalForfeitsGuarantee && offer.withinGuarantee;
  await db.transaction().execute(async (tx) => {
    if (!(await offerRepo.settleOffer(tx, offer.id, { status: 'declined', at: now, reason, forfeited }))) {
      const again = await offerRepo.findOfferByRef(tx, offer.ref);
      throw new AppError('INVALID_STATE', STATE_MESSAGES[(again?.status ?? 'expired') as 'expired'], 'token');
    }
    await appendEvent(tx, ctx, 'reoffer.declined', offer.id, {
      placeId: place.id,
      reason,
      withinGuarantee: offer.withinGuarantee,
      guaranteeForfeited: forfeited,
    });
    await audit(tx, ctx, offerAudit(offer, a.patientId, 'update'));
  });
  await offerRound(db, ctx.clock, settings, place.id);
  const done = (await offerRepo.findOfferByRef(db, offer.ref)) ?? offer;
  return view(db, done, place.slotId, place.serviceCode);
}

/**
 * A yes (SI, CONFERMA) or a no (ANNULLA) by SMS right after an offer (outreach hands it over): the latest
 * offer standing whose SMS went to this number is taken or turned down, as from its link; the patient's
 * appointment is never cancelled by it. Null when this number has no offer standing.
 */
export async function answerOfferBySms(
  db: Db,
  ctx: RequestContext,
  settings: ReofferSettings,
  from: string,
  intent: 'confirm' | 'cancel',
): Promise<string | null> {
  const ref = await offerRepo.openOfferSentTo(db, from, ctx.clock.now());
  if (!ref) return null;
  const offer = await offerRepo.findOfferByRef(db, ref);
  const place = offer && (await repo.findPlace(db, offer.placeId));
  if (!offer || !place) return null;
  try {
    if (intent === 'confirm') {
      await accept(db, ctx, settings, offer, place);
      return 'offer accepted';
    }
    await decline(db, ctx, settings, offer, place, 'keep-current');
    return 'offer declined';
  } catch (err) {
    if (err instanceof AppError) return `offer: ${err.message}`;
    throw err;
  }
}
