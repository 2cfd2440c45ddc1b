import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import { romeDate, romePeriod } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Config, ConfigError } from '../../platform/config.ts';
import { type RequestContext, systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { appendEvent } from '../../platform/events.ts';
import type { Logger } from '../../platform/logger.ts';
import { guaranteeDeadline, loadGuaranteeRules, randomSymbols } from '../booking/index.ts';
import { nextSendingTime, type SendingWindow } from '../messaging/index.ts';
import {
  contactFor,
  findMessage,
  insertOutbox,
  type NewOutboxMessage,
  optedOut,
  signLink,
  suppressPending,
} from '../outreach/index.ts';
import * as offerRepo from './offers.repository.ts';
import * as repo from './reoffer.repository.ts';
import type { Offer, Place, ReofferCandidate, ReofferSettings } from './reoffer.types.ts';
import {
  candidatesFrom,
  displacedSms,
  goneSms,
  offerExpiry,
  offerSms,
  parseFromDays,
  worthOffering,
} from './rules/reoffer.ts';

// Fair re-offer of freed slots (OB-2, issue 11 §4): every freed place is offered, in rounds, to patients
// already booked further out for the same service; the first to accept moves into it through booking's
// conditional take, and the place their move frees is offered in turn (a chain).

/** An offer's reference: ten symbols of the booking codes' alphabet, easy to read and type. */
const newRef = () => randomSymbols(10);

/** A freed place's event must be this old before the cursor passes it (ids can commit out of order). */
const SETTLE_MS = 10_000;
/** Candidates read at a time, best first, until enough of them can be contacted. */
const CANDIDATE_PAGE = 20;

/** The link of an offer: bound to the offer alone, expiring with it. */
export function offerLink(settings: ReofferSettings, o: Pick<Offer, 'ref' | 'round' | 'expiresAt'>) {
  if (!settings.publicUrl || !settings.linkSecret) return null;
  const token = signLink(
    { code: o.ref, version: o.round, expires: Math.ceil(o.expiresAt.getTime() / 1000) },
    settings.linkSecret,
  );
  return `${settings.publicUrl}/o/${token}`;
}

/**
 * Reads the places freed since last time (cancellations and moves, from the domain events) and records
 * each once; a move that accepted an offer settles that offer and chains the place it frees.
 */
export async function readFreedSlots(db: Db, clock: Clock, window: SendingWindow): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const now = clock.now();
    const { places, cursor, next } = await repo.readFreedPlaces(tx, new Date(now.getTime() - SETTLE_MS), 500);
    const rows = [];
    for (const p of places) {
      let chainId: string = randomUUID();
      let depth = 0;
      if (p.acceptedPlaceId) {
        const accepted = await repo.findPlace(tx, p.acceptedPlaceId);
        if (accepted) {
          chainId = accepted.chainId;
          depth = accepted.depth + 1;
          await recordTaken(tx, systemContext(clock, 'reoffer'), accepted.id, p.freedBy, window);
        }
      }
      rows.push({ ...p, id: randomUUID(), chainId, depth });
    }
    const created = await repo.insertPlaces(tx, rows);
    if (next !== cursor) await repo.moveCursor(tx, next);
    return created;
  });
}

/**
 * The accepting patient's offer is settled, the place is taken (or, when another accept took it a moment
 * before and the slot had a second place free, that other place), and everyone else offered it is told
 * it is gone. Idempotent: the move's event settles it again after a crash.
 */
export async function recordTaken(
  tx: Db,
  ctx: RequestContext,
  placeId: string,
  appointmentId: string,
  window: SendingWindow,
) {
  const now = ctx.clock.now();
  let place = await repo.findPlace(tx, placeId, { forUpdate: true });
  if (!place) return;
  // The move happened: that decides, even if a pass meanwhile expired the offer or called it gone.
  const mine = (await offerRepo.offersOf(tx, { placeId })).find((o) => o.appointmentId === appointmentId);
  if (mine) await offerRepo.markAccepted(tx, mine.id, now);
  if (place.takenBy === appointmentId) return;
  if (place.status !== 'offering') {
    const other = await repo.otherOpenPlace(tx, place.slotId, place.id);
    if (!other) return;
    place = await repo.findPlace(tx, other, { forUpdate: true });
    if (!place) return;
  }
  await repo.setPlace(tx, place.id, { status: 'taken', takenBy: appointmentId, decidedAt: now });
  await appendEvent(tx, ctx, 'reoffer.taken', place.id, {
    slotId: place.slotId,
    appointmentId,
    chainId: place.chainId,
    depth: place.depth,
  });
  await withdrawOffers(tx, now, place, 'the place was taken', window);
}

/** Offers still standing for a place that is no longer to be had: settled as gone, and the patients told. */
async function withdrawOffers(tx: Db, now: Date, place: Place, why: string, window: SendingWindow) {
  const open = (await offerRepo.offersOf(tx, { placeId: place.id })).filter((o) => o.status === 'offered');
  if (open.length === 0) return;
  const slot = await repo.placeSlot(tx, place.slotId, place.serviceCode);
  const messages: NewOutboxMessage[] = [];
  for (const o of open) {
    if (!(await offerRepo.settleOffer(tx, o.id, { status: 'gone', at: now }))) continue;
    // Not sent yet (quiet hours): it never will be, and then there is nothing to withdraw either.
    const sent = await findMessage(tx, { appointmentId: o.appointmentId, kind: 'reoffer', ref: o.ref });
    await suppressPending(tx, { appointmentId: o.appointmentId, kind: 'reoffer', ref: o.ref }, now, why);
    if (!sent || sent.status === 'pending' || !slot) continue;
    const text = goneSms({ service: slot.service, start: slot.start });
    messages.push({
      id: randomUUID(),
      appointmentId: o.appointmentId,
      kind: 'reoffer-gone',
      appointmentVersion: o.appointmentVersion,
      ref: o.ref,
      channel: sent.channel,
      recipient: sent.recipient,
      text,
      subject: sent.channel === 'email' ? 'Posto non più disponibile' : null,
      html: null,
      ics: null,
      // An SMS waits for the sending window like any other (QUIET_HOURS).
      sendAfter: sent.channel === 'sms' ? nextSendingTime(now, window) : now,
    });
  }
  await insertOutbox(tx, messages, now);
}

/**
 * BK-12: offers a free place to a booking whose agenda closed that day, through the same offer, link and
 * SMS answer as any re-offer (accepting moves the booking there). Returns the place's id, or null when
 * the place was offered to this booking before. The first round is made at once.
 */
export async function offerAlternative(
  db: Db,
  clock: Clock,
  settings: ReofferSettings,
  input: { appointmentId: string; slotId: string; serviceCode: string },
): Promise<{ placeId: string; outcome: RoundOutcome } | null> {
  const placeId = await db
    .transaction()
    .execute((tx) => repo.insertDirectedPlace(tx, { id: randomUUID(), ...input, at: clock.now() }));
  if (!placeId) return null;
  return { placeId, outcome: await offerRound(db, clock, settings, placeId) };
}

/** What became of an alternative offered to a displaced booking (BK-12). */
export const alternativeOutcome = offerRepo.directedOutcome;

export type RoundOutcome = 'offered' | 'exhausted' | 'withdrawn' | 'skipped';

/**
 * The next round of a place's offers: the best `batch` contactable candidates are offered it, each with
 * a message bound to their offer and an expiry counted from when the SMS can reach them. No candidate
 * left, too late to be of use, or a kind not re-offered: the place is exhausted (it stays in the
 * availability for anyone). No longer free: withdrawn.
 */
export async function offerRound(
  db: Db,
  clock: Clock,
  settings: ReofferSettings,
  placeId: string,
): Promise<RoundOutcome> {
  return db.transaction().execute(async (tx) => {
    const now = clock.now();
    const ctx = systemContext(clock, 'reoffer');
    const place = await repo.findPlace(tx, placeId, { forUpdate: true });
    if (place?.status !== 'offering') return 'skipped';
    if ((await offerRepo.offersOf(tx, { placeId })).some((o) => o.status === 'offered')) return 'skipped';
    const close = async (status: 'exhausted' | 'withdrawn', why: string) => {
      await repo.setPlace(tx, placeId, { status, decidedAt: now });
      await appendEvent(tx, ctx, `reoffer.${status}`, placeId, { slotId: place.slotId, why });
      return status;
    };
    const slot = await repo.placeSlot(tx, place.slotId, place.serviceCode);
    if (!slot?.free) return close('withdrawn', 'the place is no longer free');
    // BK-12: a place meant for one displaced booking goes to it alone, whatever the re-offer's windows.
    const from = place.forAppointment ? now : candidatesFrom(now, slot.kind, settings.rules);
    if (!from) return close('exhausted', `${slot.kind} places are not re-offered`);
    if (!settings.publicUrl || !settings.linkSecret) return close('exhausted', 'offer links are not enabled');
    const smsAt = nextSendingTime(now, settings.window);
    if (!worthOffering(slot.start, offerExpiry(smsAt, settings.rules), settings.rules))
      return close('exhausted', 'too close to offer');
    const chosen: { c: ReofferCandidate; contact: NonNullable<ReturnType<typeof contactFor>> }[] = [];
    const page = Math.max(CANDIDATE_PAGE, settings.rules.batch * 5);
    for (let offset = 0; chosen.length < settings.rules.batch; offset += page) {
      const list = place.forAppointment
        ? await offerRepo.directedCandidate(tx, placeId, place.forAppointment)
        : await offerRepo.candidates(tx, {
            placeId,
            slotId: place.slotId,
            serviceCode: place.serviceCode,
            from,
            slot,
            limit: page,
            offset,
          });
      const stopped = await optedOut(
        tx,
        list.flatMap((c) => [c.phone, c.email].filter((x): x is string => !!x)),
      );
      for (const c of list) {
        const contact = contactFor(c, stopped);
        if (contact && chosen.length < settings.rules.batch) chosen.push({ c, contact });
      }
      if (list.length < page) break;
    }
    if (chosen.length === 0) return close('exhausted', 'nobody left to offer it to');
    const guarantees = await loadGuaranteeRules(tx);
    const round = place.round + 1;
    const offers: Parameters<typeof offerRepo.insertOffers>[1] = [];
    const messages: NewOutboxMessage[] = [];
    for (const { c, contact } of chosen) {
      const reachesAt = contact.channel === 'sms' ? smsAt : now;
      const offer = {
        id: randomUUID(),
        ref: newRef(),
        placeId,
        appointmentId: c.appointmentId,
        appointmentVersion: c.version,
        round,
        status: 'offered' as const,
        offeredAt: now,
        expiresAt: offerExpiry(reachesAt, settings.rules),
        withinGuarantee:
          slot.start <= guaranteeDeadline(guarantees, c.priority as never, slot.kind, c.requestedAt),
      };
      offers.push(offer);
      const text = (place.forAppointment ? displacedSms : offerSms)({
        service: slot.service,
        start: slot.start,
        facility: slot.facility,
        address: slot.address,
        currentStart: c.start,
        expiresAt: offer.expiresAt,
        link: offerLink(settings, offer),
      });
      messages.push({
        id: randomUUID(),
        appointmentId: c.appointmentId,
        kind: 'reoffer',
        appointmentVersion: c.version,
        ref: offer.ref,
        channel: contact.channel,
        recipient: contact.recipient,
        text,
        subject:
          contact.channel !== 'email'
            ? null
            : place.forAppointment
              ? 'Il suo appuntamento va spostato: le proponiamo una nuova data'
              : 'Si è liberato un posto prima del suo appuntamento',
        html: null,
        ics: null,
        sendAfter: reachesAt,
      });
    }
    await offerRepo.insertOffers(tx, offers);
    await insertOutbox(tx, messages, now);
    await repo.setPlace(tx, placeId, { round });
    await appendEvent(tx, ctx, 'reoffer.offered', placeId, {
      slotId: place.slotId,
      round,
      offers: offers.length,
    });
    // Reading whom to offer it to, and their contacts, is an access to their data: one row each.
    await audit(
      tx,
      ctx,
      ...chosen.map(({ c }) => ({
        action: 'read' as const,
        resourceType: 'Appointment',
        resourceId: c.appointmentId,
        patientId: c.patientId,
        purpose: 'reoffer',
      })),
    );
    return 'offered';
  });
}

/**
 * Places still on offer whose slot was booked meanwhile through another channel (or closed): withdrawn
 * now, and the patients who were offered them told, rather than finding out when they answer.
 */
async function withdrawTakenElsewhere(db: Db, clock: Clock, window: SendingWindow): Promise<number> {
  let n = 0;
  for (const id of await repo.offeringPlacesNoLongerFree(db)) {
    await db.transaction().execute(async (tx) => {
      const now = clock.now();
      const place = await repo.findPlace(tx, id, { forUpdate: true });
      if (place?.status !== 'offering') return;
      const slot = await repo.placeSlot(tx, place.slotId, place.serviceCode);
      if (slot?.free) return;
      // Full because one of the patients offered it has just moved in (their accept is settling).
      const taker = await offerRepo.offeredPatientInSlot(tx, place.id, place.slotId);
      if (taker) return recordTaken(tx, systemContext(clock, 'reoffer'), place.id, taker, window);
      await withdrawOffers(tx, now, place, 'the place is no longer free', window);
      await repo.setPlace(tx, place.id, { status: 'withdrawn', decidedAt: now });
      await appendEvent(tx, systemContext(clock, 'reoffer'), 'reoffer.withdrawn', place.id, {
        slotId: place.slotId,
        why: 'the place is no longer free',
      });
      n++;
    });
  }
  return n;
}

export interface ReofferTick {
  freed: number;
  expired: number;
  rounds: Record<RoundOutcome, number>;
}

/**
 * One pass of the re-offer: freed places read, expired offers settled, and every place with no offer
 * standing given its next round. Idempotent; the worker runs it every second or so, and it is safe on
 * several servers at once (the cursor and each place are locked while used).
 */
export async function runReoffer(db: Db, clock: Clock, settings: ReofferSettings): Promise<ReofferTick> {
  const freed = await readFreedSlots(db, clock, settings.window);
  const withdrawn = await withdrawTakenElsewhere(db, clock, settings.window);
  const expired = await offerRepo.expireOffers(db, clock.now());
  const rounds: ReofferTick['rounds'] = { offered: 0, exhausted: 0, withdrawn, skipped: 0 };
  for (;;) {
    const due = await repo.placesAwaitingRound(db, 100);
    let progressed = false;
    for (const id of due) {
      const outcome = await offerRound(db, clock, settings, id);
      rounds[outcome]++;
      if (outcome !== 'skipped') progressed = true;
    }
    if (due.length < 100 || !progressed) break;
  }
  return { freed: freed.length, expired: expired.length, rounds };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Runs the re-offer in the server, a pass every `intervalMs`. */
export class ReofferWorker {
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly o: { db: Db; clock: Clock; log: Logger; settings: ReofferSettings; intervalMs?: number },
  ) {}

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        try {
          const t = await runReoffer(this.o.db, this.o.clock, this.o.settings);
          if (t.freed + t.expired + t.rounds.offered + t.rounds.exhausted + t.rounds.withdrawn > 0)
            this.o.log.info(t, 're-offer');
        } catch (err) {
          this.o.log.error({ err }, 're-offer');
        }
        await sleep(this.o.intervalMs ?? 1000);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.running = null;
  }
}

/** Re-offer's configuration, checked at start-up; links share outreach's address and key. */
export function reofferSettings(
  config: Config,
  links: { publicUrl: string | null; linkSecret: string | null },
  window: SendingWindow,
): ReofferSettings {
  let fromDays: ReofferSettings['rules']['fromDays'];
  try {
    fromDays = parseFromDays(config.REOFFER_FROM_DAYS);
  } catch (e) {
    throw new ConfigError(`Invalid configuration:\n  REOFFER_FROM_DAYS: ${(e as Error).message}`);
  }
  return {
    rules: {
      fromDays,
      batch: config.REOFFER_BATCH,
      expiryMinutes: config.REOFFER_EXPIRY_MINUTES,
      minNoticeHours: config.REOFFER_MIN_NOTICE_HOURS,
      refusalForfeitsGuarantee: config.REOFFER_REFUSAL_FORFEITS_GUARANTEE === 'on',
    },
    window,
    publicUrl: links.publicUrl,
    linkSecret: links.linkSecret,
  };
}

/** The manager's counts (issue 11 §7): places freed in a period of Rome dates, and what became of them. */
export async function reofferSummary(
  db: Db,
  clock: Clock,
  q: { from?: string | undefined; to?: string | undefined },
) {
  const { from, to, start, end } = romePeriod(romeDate(clock.now()), q);
  const c = await repo.placeCounts(db, start, end);
  const n = (k: string) => c.places[k] ?? 0;
  return {
    from,
    to,
    places: {
      freed: Object.values(c.places).reduce((x, y) => x + y, 0),
      taken: n('taken'),
      offering: n('offering'),
      exhausted: n('exhausted'),
      withdrawn: n('withdrawn'),
    },
    offers: c.offers,
    deepestChain: c.deepestChain,
  };
}
