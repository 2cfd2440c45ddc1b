import { DateTime } from 'luxon';
import { ZONE } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db.ts';
import { tenuresOverlapping } from '../../staff/index.ts';
import type { TurnoverLevel } from '../rules/report.types.ts';
import { TURNOVER_PENALTY_SHARE, TURNOVER_THRESHOLD, turnover } from '../rules/turnover.ts';

/**
 * The yearly turnover so far: from 1 January of `through`'s year to `through` (a Rome day), from the staff
 * register. Final once the calendar year is over (`today` past 31 December): only then is the penalty
 * due, as 0.5% of `contractValue`, the supply's value in euro, when given.
 */
export async function measureTurnover(
  db: Db,
  through: string,
  today: string,
  contractValue: number | null,
): Promise<TurnoverLevel> {
  const year = through.slice(0, 4);
  const from = `${year}-01-01`;
  const to = through < today ? through : today;
  const yearEnd = `${year}-12-31`;
  const figures = turnover(await tenuresOverlapping(db, from, to), from, to);
  const final = through >= yearEnd && today > yearEnd;
  const met = figures.rate === null ? null : figures.rate <= TURNOVER_THRESHOLD;
  const penaltyShare = final && met === false ? TURNOVER_PENALTY_SHARE : 0;
  return {
    from,
    to,
    final,
    ...figures,
    threshold: TURNOVER_THRESHOLD,
    met,
    penaltyShare,
    penaltyEuro: contractValue === null ? null : Math.round(penaltyShare * contractValue * 100) / 100,
  };
}

/** The last Rome day of a month 'YYYY-MM'. */
export const lastDayOf = (month: string) =>
  DateTime.fromISO(`${month}-01`, { zone: ZONE }).endOf('month').toISODate()!;
