import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import { addDays, romeDate, startOfRomeDate } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import {
  lastTimelyCancellationDate,
  loadAppointmentsForOutreach,
  localHolidayDates,
} from '../booking/index.ts';
import { bookingIcs, nextSendingTime, type SendingWindow } from '../messaging/index.ts';
import { validateFiscalCode } from '../registry/index.ts';
import * as outbox from './outbox.repository.ts';
import * as repo from './outreach.repository.ts';
import type { OutreachSettings } from './outreach.types.ts';
import { signLink } from './rules/link-token.ts';
import {
  leadDays,
  type ReminderFacts,
  reminderAppIo,
  reminderDate,
  reminderEmail,
  reminderSms,
} from './rules/reminder.ts';

/** An Italian mobile number (+39 3…): only these can take an SMS. */
export const isMobile = (phone: string) => /^\+393\d{8,9}$/.test(phone);

/**
 * Where a message to a patient goes (BK-7): an SMS to a mobile number, else an e-mail; never against a
 * refused consent or a STOP. Null: nowhere.
 */
export function contactFor(
  c: {
    phone: string | null;
    email: string | null;
    consents: { contactByPhone?: boolean; contactByEmail?: boolean };
  },
  stopped: Set<string>,
): { channel: 'sms' | 'email'; recipient: string } | null {
  if (c.phone && isMobile(c.phone) && c.consents.contactByPhone !== false && !stopped.has(c.phone))
    return { channel: 'sms', recipient: c.phone };
  if (c.email && c.consents.contactByEmail !== false && !stopped.has(c.email))
    return { channel: 'email', recipient: c.email };
  return null;
}

/** The `ref` of the SMS or e-mail held for an App IO message (one row per kind, version and ref). */
export const APP_IO_FALLBACK_REF = 'app-io-fallback';

/**
 * Whether a reminder or recall goes to App IO first (OB-3 "app"; APP_IO=on): for every citizen with a
 * valid fiscal code (not a temporary STP or ENI code). Whether they have the app, and let this service
 * write to them, is theirs to decide in the app: IO says so when the message is sent, and the SMS or
 * e-mail held beside it goes where IO does not take it.
 */
export const reachesAppIo = (settings: Pick<OutreachSettings, 'appIo'>, fiscalCode: string) =>
  settings.appIo === true && validateFiscalCode(fiscalCode).ok;

export interface PlanReport {
  /** Appointments whose reminder is due and had none for their current version. */
  due: number;
  /** Outbox rows written now (a row already there is left as it is). */
  planned: number;
  /** Due, but no channel: no mobile or e-mail, consent refused, or the patient replied STOP (and no App IO). */
  unreachable: number;
}

const CHUNK = 500;

/** A deadline still to come (today included), or null: a passed one is not worth an SMS's characters. */
const deadlineAhead = (date: string, today: string) => (date >= today ? date : null);

const longestLead = (lead: OutreachSettings['lead']) =>
  Math.max(lead.days, ...Object.values(lead.byPriority), ...Object.values(lead.byService));

/**
 * Today's reminder batch (OB-1): every booked appointment whose reminder day has come (its lead before
 * the appointment's day, on the Rome calendar) and whose current version has no reminder yet, gets one
 * outbox row — by SMS to a mobile number, else by e-mail; never against a refused consent or a STOP.
 * Idempotent: run twice, it writes nothing the second time; appointments booked or moved after their
 * reminder day are caught by the next run, while still ahead.
 */
export async function planReminders(
  db: Db,
  clock: Clock,
  settings: OutreachSettings,
  window: SendingWindow,
): Promise<PlanReport> {
  return writeMessages(db, clock, settings, window, 'reminder', await dueReminders(db, clock, settings));
}

/** The booked appointments whose reminder day (their lead before their day, Rome) has come and whose version had none. */
async function dueReminders(db: Db, clock: Clock, settings: OutreachSettings) {
  const now = clock.now();
  const today = romeDate(now);
  const longest = longestLead(settings.lead);
  const candidates = await repo.reminderCandidates(db, now, startOfRomeDate(addDays(today, longest + 1)));
  return candidates.filter(
    (c) => reminderDate(romeDate(c.start), leadDays(settings.lead, c.priority, c.serviceCode)) <= today,
  );
}

/**
 * The recall (OB-2, OB-3): where an agenda's wait is long, its booked patients are asked, the recall's
 * days before the appointment, to confirm or cancel — by SMS (replying CONFERMA or ANNULLA) or the link —
 * so that a place they will not use is freed in time to be re-offered. Lab tests, and bookings made
 * shortly before (under the minimum wait), are left out. Idempotent, as the reminders are. Those no
 * message reaches are called by the virtual operator (campaigns' standing recall, see recallsToCall).
 */
export async function planRecalls(
  db: Db,
  clock: Clock,
  settings: OutreachSettings,
  window: SendingWindow,
): Promise<PlanReport> {
  if (!settings.recall) return { due: 0, planned: 0, unreachable: 0 };
  return writeMessages(
    db,
    clock,
    settings,
    window,
    'recall',
    await dueRecalls(db, clock, settings.recall, settings),
  );
}

/** A booking the virtual operator is to call about: its version, its patient, the number to dial. */
export interface VoiceDue {
  appointmentId: string;
  version: number;
  patientId: string;
  phone: string;
}

/**
 * OB-3: the recall's bookings the virtual operator calls: those no message can reach (a landline only,
 * no e-mail) but a call can, or, with RECALL_VOICE=all, every one with a telephone. Same selection as
 * planRecalls; a STOP or a refused phone consent excludes.
 */
export async function recallsToCall(db: Db, clock: Clock, settings: OutreachSettings): Promise<VoiceDue[]> {
  if (!settings.recall || settings.recall.voice === 'off') return [];
  return callable(
    db,
    await dueRecalls(db, clock, settings.recall, settings),
    settings.recall.voice === 'all',
  );
}

/**
 * OB-7: the reminders no message can reach (a landline only, no e-mail, or a STOP or refusal on the
 * channels a message takes) but a call can: the virtual operator reads the booking and asks to confirm
 * or cancel. Same selection as planReminders — due from the reminder's day until the appointment — and
 * (OB-1, never missed) those whose message failed to be delivered, to whatever number the patient gave.
 */
export async function remindersToCall(db: Db, clock: Clock, settings: OutreachSettings): Promise<VoiceDue[]> {
  if (settings.reminderVoice === 'off') return [];
  const now = clock.now();
  const until = startOfRomeDate(addDays(romeDate(now), longestLead(settings.lead) + 1));
  return [
    ...(await callable(db, await dueReminders(db, clock, settings), false)),
    ...(await callable(db, await repo.undeliveredReminders(db, now, until), true)),
  ];
}

/** Of the due bookings, those a call reaches: a telephone, its consent not refused, no STOP from it. */
async function callable(db: Db, due: repo.ReminderCandidate[], everyone: boolean): Promise<VoiceDue[]> {
  const stopped = await repo.optedOut(
    db,
    due.flatMap((c) => [c.phone, c.email].filter((x): x is string => !!x)),
  );
  return due.flatMap((c) =>
    (everyone || !contactFor(c, stopped)) &&
    c.phone &&
    c.consents.contactByPhone !== false &&
    !stopped.has(c.phone)
      ? [{ appointmentId: c.appointmentId, version: c.version, patientId: c.patientId, phone: c.phone }]
      : [],
  );
}

/** The recall's bookings due now: after the reminders' window (their message asks the same), up to the recall's day. */
function dueRecalls(
  db: Db,
  clock: Clock,
  recall: NonNullable<OutreachSettings['recall']>,
  settings: OutreachSettings,
) {
  const now = clock.now();
  const today = romeDate(now);
  return repo.recallCandidates(db, {
    now,
    from: startOfRomeDate(addDays(today, longestLead(settings.lead) + 1)),
    to: startOfRomeDate(addDays(today, recall.daysBefore + 1)),
    minWaitDays: recall.minWaitDays,
    agendaWaitDays: recall.agendaWaitDays,
  });
}

type OutreachAppointment = Awaited<ReturnType<typeof loadAppointmentsForOutreach>>[number];

/** What a reminder says about an appointment, in the facts its SMS and e-mail are written from. */
export function reminderFacts(
  a: OutreachAppointment,
  settings: OutreachSettings,
  localHolidays: ReadonlySet<string>,
  today: string,
): ReminderFacts {
  const day = romeDate(a.start);
  return {
    code: a.code,
    service: a.service.description,
    start: a.start,
    facility: a.facility.name,
    address: a.facility.address,
    copayCents: a.copayCents,
    cancelBy: deadlineAhead(
      lastTimelyCancellationDate(day, settings.noticeWorkingDays, localHolidays),
      today,
    ),
    link:
      settings.publicUrl && settings.linkSecret
        ? `${settings.publicUrl}/l/${signLink(
            { code: a.code, version: a.version, expires: Math.floor(a.start.getTime() / 1000) },
            settings.linkSecret,
          )}`
        : null,
  };
}

/**
 * The outbox row of a reminder-like message (reminder, recall, promemoria): an SMS within the sending
 * window, or an e-mail at once with the appointment as a calendar file.
 */
export function outboxRow(
  a: OutreachAppointment,
  contact: { channel: 'sms' | 'email' | 'io'; recipient: string },
  kind: 'reminder' | 'recall' | 'promemoria',
  facts: ReminderFacts,
  at: { now: Date; window: SendingWindow; ref?: string },
): outbox.NewOutboxMessage {
  const base = {
    id: randomUUID(),
    appointmentId: a.id,
    kind,
    appointmentVersion: a.version,
    ...(at.ref ? { ref: at.ref } : {}),
  };
  const words = kind === 'recall' ? 'recall' : 'reminder';
  if (contact.channel === 'io') {
    const io = reminderAppIo(facts, words);
    return {
      ...base,
      channel: 'io',
      recipient: contact.recipient,
      text: io.markdown,
      subject: io.subject,
      html: null,
      ics: null,
      // A notification on the phone, as an SMS is: within the same window.
      sendAfter: nextSendingTime(at.now, at.window),
    };
  }
  if (contact.channel === 'sms') {
    return {
      ...base,
      channel: 'sms',
      recipient: contact.recipient,
      text: reminderSms(facts, words),
      subject: null,
      html: null,
      ics: null,
      sendAfter: nextSendingTime(at.now, at.window),
    };
  }
  const mail = reminderEmail(facts, words);
  return {
    ...base,
    channel: 'email',
    recipient: contact.recipient,
    text: mail.text,
    subject: mail.subject,
    html: mail.html,
    ics: bookingIcs({
      uid: `${a.id}@sportello`,
      sequence: a.version,
      start: a.start,
      end: a.end,
      summary: a.service.description,
      location: `${a.facility.name}, ${a.facility.address}`,
      description: `Prenotazione ${a.code}`,
      stamp: at.now,
    }),
    sendAfter: at.now,
  };
}

/**
 * One outbox row per due appointment, in chunks: SMS to a mobile, else e-mail; with App IO on, the IO
 * message first and the SMS or e-mail held beside it (sent only if IO does not take the message); audited.
 */
async function writeMessages(
  db: Db,
  clock: Clock,
  settings: OutreachSettings,
  window: SendingWindow,
  kind: 'reminder' | 'recall',
  due: repo.ReminderCandidate[],
): Promise<PlanReport> {
  const now = clock.now();
  const today = romeDate(now);
  const ctx = systemContext(clock, `outreach.${kind}s`);
  const report: PlanReport = { due: due.length, planned: 0, unreachable: 0 };
  for (let i = 0; i < due.length; i += CHUNK) {
    const chunk = due.slice(i, i + CHUNK);
    await db.transaction().execute(async (tx) => {
      const stopped = await repo.optedOut(
        tx,
        chunk.flatMap((c) => [c.phone, c.email].filter((x): x is string => !!x)),
      );
      const saints = await repo.patronSaints(tx, [...new Set(chunk.map((c) => c.municipality))]);
      const appointments = new Map(
        (await loadAppointmentsForOutreach(tx, { ids: chunk.map((c) => c.appointmentId) })).map((a) => [
          a.id,
          a,
        ]),
      );
      const rows: outbox.NewOutboxMessage[] = [];
      for (const c of chunk) {
        const a = appointments.get(c.appointmentId);
        const contact = contactFor(c, stopped);
        const io = reachesAppIo(settings, c.fiscalCode);
        if (!a || (!contact && !io)) {
          report.unreachable++;
          continue;
        }
        const local = localHolidayDates(saints.get(c.municipality) ?? [], romeDate(a.start));
        const facts = reminderFacts(a, settings, local, today);
        const first = outboxRow(a, io ? { channel: 'io', recipient: c.fiscalCode } : contact!, kind, facts, {
          now,
          window,
        });
        rows.push(first);
        if (io && contact)
          rows.push({
            ...outboxRow(a, contact, kind, facts, { now, window, ref: APP_IO_FALLBACK_REF }),
            fallbackOf: first.id,
          });
      }
      report.planned += await outbox.insertOutbox(tx, rows, now);
      // Reading the patients' contacts to remind them is an access to personal data: one row each.
      await audit(
        tx,
        ctx,
        ...rows.map((r) => ({
          action: 'read' as const,
          resourceType: 'Appointment',
          resourceId: r.appointmentId,
          patientId: appointments.get(r.appointmentId)?.patientId ?? null,
          channel: r.channel,
          purpose: kind,
        })),
      );
    });
  }
  return report;
}
