import { romeDate } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db.ts';
import { lastTimelyCancellationDate, localHolidayDates } from '../../booking/index.ts';
import { voiceReminderTrail } from '../../campaigns/index.ts';
import { patronSaints, reminderTrail } from '../../outreach/index.ts';
import { LAW_NOTICE_WORKING_DAYS, type ReminderFigures, reminderFigures } from '../rules/reminders.ts';

/**
 * OB-1, OB-7: the period's appointments and whether their patients were reminded in time — by message
 * (outreach) or by the virtual operator's call (campaigns) — against the law's two working days, the
 * facility's patron saint included.
 */
export async function measureReminders(db: Db, from: Date, to: Date): Promise<ReminderFigures> {
  const trail = await reminderTrail(db, from, to);
  const calls = await voiceReminderTrail(
    db,
    trail.map((t) => t.appointmentId),
  );
  const saints = await patronSaints(db, [...new Set(trail.map((t) => t.municipality))]);
  return reminderFigures(
    trail.map((t) => {
      const day = romeDate(t.start);
      const call = calls.get(t.appointmentId);
      const reached = [t.reachedAt, call?.reachedAt ?? null].filter((d): d is Date => d !== null);
      return {
        start: t.start,
        bookedAt: t.bookedAt,
        deadlineDay: lastTimelyCancellationDate(
          day,
          LAW_NOTICE_WORKING_DAYS,
          localHolidayDates(saints.get(t.municipality) ?? [], day),
        ),
        reachedAt: reached.length ? new Date(Math.min(...reached.map((d) => d.getTime()))) : null,
        unconfirmedAt: t.unconfirmedAt,
        tried: t.sent || call !== undefined,
      };
    }),
  );
}
