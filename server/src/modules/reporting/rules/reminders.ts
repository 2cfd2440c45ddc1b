import { addDays, startOfRomeDate } from '../../../platform/calendar.ts';

/**
 * OB-1, OB-7 in the reports, pure: whether the period's patients were reminded of their appointment in
 * time. By law (DL 73/2024 art. 3 c. 5) the CUP reminds every patient and asks to confirm or cancel at
 * least two working days before (national holidays and the facility's patron saint are not working days).
 */
export const LAW_NOTICE_WORKING_DAYS = 2;

/** One appointment of the period, still booked at its start, with what reached its patient and when. */
export interface ReminderFact {
  start: Date;
  /** When it was booked: one booked after its deadline could not be reminded in time. */
  bookedAt: Date;
  /** The last Rome day a reminder is in time (two working days before the appointment's day). */
  deadlineDay: string;
  /** A reminder or a recall reached the patient: a delivered SMS or IO message, an e-mail taken by the relay, an answered call. */
  reachedAt: Date | null;
  /**
   * The first SMS the operator's SMSC accepted (or App IO message IO took) that has no delivery receipt
   * (nor a failure) yet: sent, but whether it reached the phone is unknown — a provider that sends no
   * receipts leaves every SMS so.
   */
  unconfirmedAt: Date | null;
  /** One was sent or a call placed, whether or not it reached. */
  tried: boolean;
}

export interface ReminderFigures {
  /** The period's appointments still booked at their start (cancelled ones apart). */
  appointments: number;
  /** Booked after their deadline day: not counted against the CUP. */
  bookedLate: number;
  /** Reached on or before the deadline day. */
  onTime: number;
  /** Reached after it, before the appointment. */
  late: number;
  /** Not reached, but an SMS was accepted by the SMSC before the start and has no receipt: unknown. */
  noReceipt: number;
  /** Something was sent or called, nothing reached (failed, undeliverable, unanswered). */
  notReached: number;
  /** Nothing was sent or called (no usable contact, or a refusal). */
  notTried: number;
  /** onTime / (appointments − bookedLate); null without any. */
  coverage: number | null;
}

/** The end of a Rome day: the first instant of the next one. */
const endOfRomeDay = (day: string) => startOfRomeDate(addDays(day, 1)).getTime();

export function reminderFigures(facts: readonly ReminderFact[]): ReminderFigures {
  let bookedLate = 0;
  let onTime = 0;
  let late = 0;
  let noReceipt = 0;
  let notReached = 0;
  let notTried = 0;
  for (const f of facts) {
    const deadline = endOfRomeDay(f.deadlineDay);
    if (f.bookedAt.getTime() >= deadline) bookedLate++;
    const before = (d: Date | null) => d !== null && d.getTime() < f.start.getTime();
    const reached = before(f.reachedAt) ? f.reachedAt : null;
    if (reached && reached.getTime() < deadline) onTime++;
    else if (reached) late++;
    else if (before(f.unconfirmedAt)) noReceipt++;
    else if (f.tried) notReached++;
    else notTried++;
  }
  const eligible = facts.length - bookedLate;
  return {
    appointments: facts.length,
    bookedLate,
    onTime,
    late,
    noReceipt,
    notReached,
    notTried,
    coverage: eligible > 0 ? onTime / eligible : null,
  };
}
