/**
 * The tender's yearly operator turnover (seed 003 §6: "soglia annua massima di Turn Over degli operatori
 * fissata nel 15%", 0.5% of the supply's value when exceeded). The tender does not define it further;
 * this is the usual reading: leavings in the period ÷ the average headcount over its days. Pure: dates
 * are Rome calendar days 'YYYY-MM-DD', a period's `leftOn` its last day in service.
 */
export const TURNOVER_THRESHOLD = 0.15;
export const TURNOVER_PENALTY_SHARE = 0.005;

export interface TenureDays {
  startedOn: string;
  leftOn: string | null;
}

export interface TurnoverFigures {
  /** Periods whose last day in service fell in [from, to]. */
  leavers: number;
  /** Periods that started in [from, to]. */
  hires: number;
  /** The mean over the days of [from, to] of the operators in service that day. */
  averageHeadcount: number;
  /** leavers ÷ averageHeadcount; null with nobody in service. */
  rate: number | null;
}

const DAY_MS = 86_400_000;
const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
/** Whole days from a to b inclusive (calendar days: no time zone, no DST). */
const daysInclusive = (a: string, b: string) => Math.round((day(b) - day(a)) / DAY_MS) + 1;

export function turnover(tenures: TenureDays[], from: string, to: string): TurnoverFigures {
  const span = daysInclusive(from, to);
  let personDays = 0;
  let leavers = 0;
  let hires = 0;
  for (const t of tenures) {
    const start = t.startedOn > from ? t.startedOn : from;
    const end = t.leftOn === null || t.leftOn > to ? to : t.leftOn;
    if (start <= end) personDays += daysInclusive(start, end);
    if (t.leftOn !== null && t.leftOn >= from && t.leftOn <= to) leavers++;
    if (t.startedOn >= from && t.startedOn <= to) hires++;
  }
  const averageHeadcount = personDays / span;
  return { leavers, hires, averageHeadcount, rate: averageHeadcount > 0 ? leavers / averageHeadcount : null };
}
