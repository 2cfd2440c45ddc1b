import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import {
  bookedOnClosedPlaces,
  findAvailability,
  loadAppointmentsForOutreach,
  onClosedPlace,
} from '../booking/index.ts';
import { surveyAnswersAfter } from '../contact-centre/index.ts';
import {
  contactFor,
  type OutreachSettings,
  optedOut,
  recallsToCall,
  remindersToCall,
  type VoiceDue,
} from '../outreach/index.ts';
import { findPatientsByIds } from '../registry/index.ts';
import { alternativeOutcome, offerAlternative, type ReofferSettings } from '../reoffer/index.ts';
import * as repo from './campaigns.repository.ts';
import type { Campaign, CampaignContact, CampaignKind } from './campaigns.types.ts';
import { SYSTEM_DISPOSITIONS } from './campaigns.types.ts';
import * as contactRepo from './contacts.repository.ts';
import { nextAllowed } from './rules/hours.ts';

// The standing campaigns the system fills by itself: calls back after a poor hot-survey score (OB-6),
// bookings on an agenda closed after they were made (BK-12), and the recall (OB-3) and the reminder
// (OB-7) of those no message reaches, by the virtual operator.

/** OB-6: a score at or below this, on any question, gets a follow-up call. */
export const FOLLOW_UP_MAX_SCORE = 2;

type Standing = Exclude<CampaignKind, 'standard'>;

/**
 * The virtual operator's calls (OB-3, OB-7): the booking is read and 1 confirms, 3 cancels — its outcomes
 * are the system's own; three attempts two hours apart, 09:00–19:00 on working days.
 */
const virtualOperator = (
  kind: 'recall' | 'reminder',
  name: string,
): Omit<repo.NewCampaign, 'id' | 'createdBy'> => ({
  name,
  kind,
  channel: 'voice',
  mode: null,
  script: '',
  message: null,
  dispositions: [],
  maxAttempts: 3,
  retryMinutes: 120,
  hours: { from: '09:00', to: '19:00' },
  target: { type: 'standing' },
});

const STANDING: Record<Standing, Omit<repo.NewCampaign, 'id' | 'createdBy'>> = {
  'survey-follow-up': {
    name: 'Richiamate dopo una valutazione negativa',
    kind: 'survey-follow-up',
    channel: 'agent',
    mode: 'preview',
    script:
      'Buongiorno, la richiamo dal CUP: nella valutazione della sua chiamata ci ha dato un punteggio basso. ' +
      'Vorremmo capire che cosa non è andato bene e, se possibile, risolverlo ora.',
    message: null,
    dispositions: [
      { code: 'resolved', label: 'Problema risolto', positive: true },
      { code: 'recorded', label: 'Segnalazione registrata', positive: true },
      { code: 'declined', label: 'Non desidera parlarne', positive: false },
      { code: 'wrong-number', label: 'Numero errato', positive: false },
    ],
    maxAttempts: 3,
    retryMinutes: 120,
    hours: { from: '09:00', to: '18:00' },
    target: { type: 'standing' },
  },
  'agenda-closure': {
    name: "Chiusura d'agenda: nuovo appuntamento",
    kind: 'agenda-closure',
    channel: 'agent',
    mode: 'preview',
    script:
      "Buongiorno, la chiamo dal CUP: l'ambulatorio del suo appuntamento sarà chiuso quel giorno. " +
      'Cerchiamo insieme una nuova data: la prima disponibile è nella console (Sposta).',
    message: null,
    dispositions: [
      { code: 'moved', label: 'Spostato a una nuova data', positive: true },
      { code: 'patient-cancels', label: 'Il paziente disdice', positive: true },
      { code: 'will-call', label: 'Informato: richiamerà il CUP', positive: false },
      { code: 'wrong-number', label: 'Numero errato', positive: false },
    ],
    // The offer of a new place by message counts as the first attempt; three calls follow at most.
    maxAttempts: 4,
    retryMinutes: 120,
    hours: { from: '09:00', to: '19:00' },
    target: { type: 'standing' },
  },
  recall: virtualOperator('recall', 'Richiamo con operatore virtuale'),
  reminder: virtualOperator('reminder', 'Promemoria con operatore virtuale'),
};

/** The standing campaign of a kind, made the first time it is needed. */
export async function ensureStanding(db: Db, kind: Standing, now: Date): Promise<Campaign> {
  const found = await repo.standingCampaign(db, kind);
  if (found) return found;
  await repo.insertCampaign(db, { ...STANDING[kind], id: randomUUID(), createdBy: null }, now);
  return (await repo.standingCampaign(db, kind))!;
}

const CURSOR = 'campaigns.survey-follow-up';

/** OB-6: every new survey answer of 1 or 2 puts its caller in the follow-up campaign (once per survey). */
export async function followUpSurveys(db: Db, clock: Clock): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('event_cursor')
      .values({ consumer: CURSOR, last_id: '0' })
      .onConflict((oc) => oc.column('consumer').doNothing())
      .execute();
    const { last_id } = await tx
      .selectFrom('event_cursor')
      .select('last_id')
      .where('consumer', '=', CURSOR)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const answers = await surveyAnswersAfter(tx, String(last_id), 500);
    if (answers.length === 0) return 0;
    const low = answers.filter((a) => a.score <= FOLLOW_UP_MAX_SCORE && a.callerId);
    let added = 0;
    if (low.length > 0) {
      const now = clock.now();
      const campaign = await ensureStanding(tx, 'survey-follow-up', now);
      await repo.findCampaign(tx, campaign.id, true);
      const bySurvey = new Map<string, (typeof low)[number][]>();
      for (const a of low) bySurvey.set(a.surveyId, [...(bySurvey.get(a.surveyId) ?? []), a]);
      added = await contactRepo.appendContacts(
        tx,
        campaign.id,
        [...bySurvey.values()].map((list) => ({
          id: randomUUID(),
          patientId: null,
          appointmentId: null,
          name: `Chiamante ${list[0]!.callerId}`,
          phone: list[0]!.callerId,
          email: null,
          note: `Valutazione: ${list.map((a) => `${a.question} ${a.score}`).join(', ')} (operatore ${list[0]!.agentId}, chiamata ${list[0]!.callId})`,
          sourceRef: `survey:${list[0]!.surveyId}`,
        })),
        nextAllowed(now, campaign.hours),
        now,
      );
    }
    await tx
      .updateTable('event_cursor')
      .set({ last_id: answers.at(-1)!.id })
      .where('consumer', '=', CURSOR)
      .execute();
    return added;
  });
}

/**
 * BK-12: bookings still on places of a closed agenda join the closure campaign. Those a message reaches
 * are offered the first free place of the same service through the re-offer (link or SMS answer); the
 * rest, and those who decline or let the offer expire, are called by an agent. A contact closes by
 * itself once its booking is moved off the closed place ('rebooked') or cancelled.
 */
export async function followClosures(
  db: Db,
  clock: Clock,
  reoffer: ReofferSettings | null,
): Promise<{ added: number; offered: number; settled: number }> {
  const now = clock.now();
  const out = { added: 0, offered: 0, settled: 0 };
  const ids = await bookedOnClosedPlaces(db, now, 500);
  if (ids.length > 0) {
    out.added = await db.transaction().execute(async (tx) => {
      const campaign = await ensureStanding(tx, 'agenda-closure', now);
      await repo.findCampaign(tx, campaign.id, true);
      const fresh = await repo.missingSources(tx, campaign.id, ids);
      if (fresh.length === 0) return 0;
      const appointments = await loadAppointmentsForOutreach(tx, { ids: fresh });
      const patients = new Map(
        (await findPatientsByIds(tx, [...new Set(appointments.map((a) => a.patientId))])).map((p) => [
          p.id,
          p,
        ]),
      );
      const contacts = appointments.flatMap((a) => {
        const p = patients.get(a.patientId);
        return p
          ? [
              {
                id: randomUUID(),
                patientId: p.id,
                appointmentId: a.id,
                name: `${p.givenName} ${p.familyName}`,
                phone: p.consents.contactByPhone === false ? null : p.phone,
                email: p.consents.contactByEmail === false ? null : p.email,
                note: `Appuntamento ${a.code}: ${a.service.description}, ${a.facility.name}`,
                sourceRef: a.id,
                closed: p.phone || p.email ? undefined : { disposition: 'unreachable', positive: false },
              },
            ]
          : [];
      });
      await audit(
        tx,
        systemContext(clock, 'campaigns.agenda-closure'),
        ...contacts.map((c) => ({
          action: 'read' as const,
          resourceType: 'Appointment',
          resourceId: c.appointmentId,
          patientId: c.patientId,
          purpose: 'closure recontact',
        })),
      );
      return contactRepo.appendContacts(tx, campaign.id, contacts, nextAllowed(now, campaign.hours), now);
    });
  }
  const open = await contactRepo.openContacts(db, { kind: 'agenda-closure' }, 500);
  const where = await onClosedPlace(
    db,
    open.flatMap((c) => (c.appointmentId ? [c.appointmentId] : [])),
  );
  for (const c of open) {
    // An agent's contact in hand is theirs to close (they may be moving the booking right now).
    if (c.claimedBy !== null) continue;
    const a = c.appointmentId ? where.get(c.appointmentId) : undefined;
    // An offer of a new place made for it is over either way.
    const settle = async (d: keyof typeof SYSTEM_DISPOSITIONS) => {
      if (c.legId?.startsWith('alt:')) await contactRepo.endAttempt(db, c.legId, d, now);
      return Number(await closeSystem(db, c.id, d, now));
    };
    if (a && a.status === 'booked' && !a.closed) {
      out.settled += await settle('rebooked');
    } else if (a && a.status !== 'booked') {
      out.settled += await settle(a.status === 'cancelled' ? 'cancelled' : 'not-booked');
    } else if (c.status === 'in-progress' && c.claimedBy === null && c.legId?.startsWith('alt:')) {
      // An alternative offered: declined, expired or no longer to be had → an agent calls.
      const placeId = c.legId.slice(4);
      const o = await alternativeOutcome(db, placeId);
      if (
        !o ||
        o.place === 'exhausted' ||
        o.place === 'withdrawn' ||
        (o.offer && o.offer !== 'offered' && o.offer !== 'accepted')
      ) {
        await contactRepo.endAttempt(db, c.legId, o?.offer ?? o?.place ?? 'gone', now);
        await contactRepo.releaseContact(db, c.id, now);
      }
    } else if (c.status === 'pending' && c.attempts === 0 && reoffer && c.appointmentId) {
      out.offered += Number(await offerNewPlace(db, clock, reoffer, c));
    }
  }
  return out;
}

const closeSystem = (db: Db, id: string, d: keyof typeof SYSTEM_DISPOSITIONS, now: Date) =>
  contactRepo.closeContact(
    db,
    id,
    { disposition: d, positive: SYSTEM_DISPOSITIONS[d].positive, by: null, note: null },
    now,
  );

/** The first free place of the same service, nearest district first, offered through the re-offer. */
async function offerNewPlace(
  db: Db,
  clock: Clock,
  settings: ReofferSettings,
  c: CampaignContact,
): Promise<boolean> {
  const now = clock.now();
  // Whether a place is offered or not is decided once: the decision is the contact's first attempt, so
  // a contact no message reaches, or with no place to offer, goes to the agents and is not looked at again.
  const notOffered = async (why: string) => {
    const legId = `alt-none:${c.id}`;
    await contactRepo.startAttempt(
      db,
      { id: randomUUID(), contact: c, legId, channel: 'reoffer', agent: null },
      now,
    );
    await contactRepo.endAttempt(db, legId, why, now);
    await contactRepo.clearLeg(db, c.id, legId);
    return false;
  };
  const [a] = await loadAppointmentsForOutreach(db, { ids: [c.appointmentId!] });
  if (a?.status !== 'booked') return false; // closed as not booked by the next pass
  const [patient] = await findPatientsByIds(db, [a.patientId]);
  const stopped = await optedOut(
    db,
    [patient?.phone, patient?.email].filter((x): x is string => !!x),
  );
  if (!patient || !contactFor(patient, stopped)) return notOffered('no-message-contact');
  const ctx = systemContext(clock, 'campaigns.agenda-closure');
  // Not sooner than the re-offer would offer a place: a patient needs notice.
  const from = new Date(now.getTime() + settings.rules.minNoticeHours * 3_600_000);
  const near = await findAvailability(db, ctx, {
    service: a.service.code,
    district: a.facility.district,
    from,
    limit: 1,
  });
  const any = near.items[0]
    ? near
    : await findAvailability(db, ctx, { service: a.service.code, from, limit: 1 });
  const slot = any.items[0];
  if (!slot) return notOffered('no-free-place');
  // Claimed by the system while the offer stands: agents do not call meanwhile.
  const claimed = await contactRepo.claimContact(db, c.id, now);
  if (!claimed) return false;
  const offered = await offerAlternative(db, clock, settings, {
    appointmentId: a.id,
    slotId: String(slot.slotId),
    serviceCode: a.service.code,
  });
  if (offered?.outcome !== 'offered') {
    await contactRepo.releaseContact(db, c.id, now);
    return notOffered(`not-offered:${offered?.outcome ?? 'already'}`);
  }
  await contactRepo.startAttempt(
    db,
    { id: randomUUID(), contact: claimed, legId: `alt:${offered.placeId}`, channel: 'reoffer', agent: null },
    now,
  );
  return true;
}

/** OB-3: recalls no message reaches join the virtual operator's standing campaign (once per booking version). */
export async function recallByVoice(db: Db, clock: Clock, settings: OutreachSettings): Promise<number> {
  return callByVoice(db, clock, 'recall', await recallsToCall(db, clock, settings));
}

/**
 * OB-7: reminders no message reaches (a landline only, no e-mail) join the virtual operator's reminder
 * campaign (once per booking version): the law asks that every patient be reminded.
 */
export async function remindByVoice(db: Db, clock: Clock, settings: OutreachSettings): Promise<number> {
  return callByVoice(db, clock, 'reminder', await remindersToCall(db, clock, settings));
}

async function callByVoice(
  db: Db,
  clock: Clock,
  kind: 'recall' | 'reminder',
  due: VoiceDue[],
): Promise<number> {
  if (due.length === 0) return 0;
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    const campaign = await ensureStanding(tx, kind, now);
    await repo.findCampaign(tx, campaign.id, true);
    const fresh = new Set(
      await repo.missingSources(
        tx,
        campaign.id,
        due.map((d) => `${d.appointmentId}:${d.version}`),
      ),
    );
    const todo = due.filter((d) => fresh.has(`${d.appointmentId}:${d.version}`));
    if (todo.length === 0) return 0;
    const patients = new Map(
      (await findPatientsByIds(tx, [...new Set(todo.map((d) => d.patientId))])).map((p) => [p.id, p]),
    );
    await audit(
      tx,
      systemContext(clock, `campaigns.${kind}`),
      ...todo.map((d) => ({
        action: 'read' as const,
        resourceType: 'Appointment',
        resourceId: d.appointmentId,
        patientId: d.patientId,
        purpose: `${kind} by virtual operator`,
      })),
    );
    return contactRepo.appendContacts(
      tx,
      campaign.id,
      todo.map((d) => {
        const p = patients.get(d.patientId);
        return {
          id: randomUUID(),
          patientId: d.patientId,
          appointmentId: d.appointmentId,
          name: p ? `${p.givenName} ${p.familyName}` : 'Paziente',
          phone: d.phone,
          email: null,
          note: null,
          sourceRef: `${d.appointmentId}:${d.version}`,
        };
      }),
      nextAllowed(now, campaign.hours),
      now,
    );
  });
}
