import { DateTime } from 'luxon';
import { addDays, romeDate, startOfRomeDate, ZONE } from '../../../platform/calendar.ts';
import { toGsmFriendly } from '../../outreach/index.ts';

/** The kinds of service a slot offers (booking's service table). */
export type ServiceKind = 'visit' | 'instrumental' | 'lab';

/**
 * The region's re-offer rules (OB-2, issue 11 §4). `fromDays`: a booked patient is offered a freed
 * place only if their own appointment is at least this many days away (31 for visits, 61 for
 * instrumental services: beyond the D class's guarantee); a kind left out is not re-offered (lab tests,
 * by default: they are walk-in or kept short).
 */
export interface ReofferRules {
  fromDays: Partial<Record<ServiceKind, number>>;
  /** Patients offered the same place at once; the first to accept takes it. */
  batch: number;
  /** How long an offer stands once it can reach the patient. */
  expiryMinutes: number;
  /** A place starting sooner than this after an offer would expire is not offered (nobody could plan). */
  minNoticeHours: number;
  /** Regional rule, off by default: refusing a place inside one's guarantee forfeits the guarantee. */
  refusalForfeitsGuarantee: boolean;
}

export const DEFAULT_FROM_DAYS = 'visit=31,instrumental=61';

/** `visit=31,instrumental=61` (REOFFER_FROM_DAYS); throws with the part that is wrong. */
export function parseFromDays(text: string): ReofferRules['fromDays'] {
  const out: ReofferRules['fromDays'] = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(visit|instrumental|lab)=(\d{1,3})$/.exec(part);
    if (!m)
      throw new Error(`each part is visit=, instrumental= or lab= with a number of days, not "${part}"`);
    out[m[1] as ServiceKind] = Number(m[2]);
  }
  return out;
}

/**
 * The first instant from which a booked appointment counts as "further out" for a place of this kind,
 * or null when the kind is not re-offered: the start of the Rome day `fromDays` calendar days after today.
 */
export function candidatesFrom(now: Date, kind: ServiceKind, rules: ReofferRules): Date | null {
  const days = rules.fromDays[kind];
  return days === undefined ? null : startOfRomeDate(addDays(romeDate(now), days));
}

/** When an offer made now expires: its time runs from when it can reach the patient (quiet hours). */
export const offerExpiry = (reachesAt: Date, rules: ReofferRules): Date =>
  new Date(reachesAt.getTime() + rules.expiryMinutes * 60_000);

/** Whether a place is still worth offering: it starts at least the notice after the offer expires. */
export const worthOffering = (slotStart: Date, expiresAt: Date, rules: ReofferRules): boolean =>
  slotStart.getTime() - rules.minNoticeHours * 3_600_000 >= expiresAt.getTime();

/** Why a patient turns an offer down: a closed list, so the manager can count them. */
export const DECLINE_REASONS = ['keep-current', 'time', 'place', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

const when = (d: Date) => {
  const at = DateTime.fromJSDate(d, { zone: ZONE }).setLocale('it');
  return `${at.toFormat('ccc dd/LL')} ore ${at.toFormat('HH:mm')}`;
};

export interface OfferFacts {
  service: string;
  start: Date;
  facility: string;
  address: string;
  /** The patient's appointment now, which the offer would replace. */
  currentStart: Date;
  expiresAt: Date;
  link: string | null;
}

/**
 * The offer's SMS, in Italian: the earlier place, the appointment it replaces, until when, and that
 * silence keeps the booking as it is. Bound to the patient: the link names this offer only.
 */
export function offerSms(f: OfferFacts): string {
  return toGsmFriendly(
    `Si è liberato un posto prima del suo: ${f.service}, ${when(f.start)}, ${f.facility}, ${f.address} ` +
      `(ora ha ${when(f.currentStart)}). ` +
      (f.link
        ? `Se lo vuole, risponda SI entro ${when(f.expiresAt)} o lo accetti da qui: ${f.link} . `
        : `Per accettarlo chiami il CUP entro ${when(f.expiresAt)}. `) +
      `Se non risponde, il suo appuntamento resta com'è.`,
  );
}

/** BK-12: to a patient whose appointment's agenda is closed that day: a new place in its stead. */
export function displacedSms(f: OfferFacts): string {
  return toGsmFriendly(
    `Il suo appuntamento del ${when(f.currentStart)} (${f.service}) non potrà essere svolto: l'ambulatorio è chiuso. ` +
      `Le proponiamo ${when(f.start)}, ${f.facility}, ${f.address}. ` +
      (f.link
        ? `Risponda SI entro ${when(f.expiresAt)} o lo accetti da qui: ${f.link} . `
        : `Per accettarlo chiami il CUP entro ${when(f.expiresAt)}. `) +
      `Altrimenti la chiamerà un operatore del CUP.`,
  );
}

/** To the others offered the same place, once it is taken: nothing changes for them. */
export function goneSms(f: Pick<OfferFacts, 'service' | 'start'>): string {
  return toGsmFriendly(
    `Il posto del ${when(f.start)} (${f.service}) che le avevamo proposto è stato assegnato. ` +
      `Il suo appuntamento resta invariato.`,
  );
}
