import type { Wallboard } from '../contact-centre/types.ts';

export interface ForecastRow {
  hour: number;
  forecast: number;
  arrived: number;
  /** Arrived minus forecast, for the hours already over; null for the hour in progress and later ones. */
  gap: number | null;
}

/**
 * Issue 14 §13: today's forecast against the arrivals, the hours with either, and the totals of the
 * hours already over (an hour in progress is not compared: its arrivals are still coming).
 */
export function forecastRows(
  forecast: NonNullable<Wallboard['forecastToday']>,
  currentHour: number,
): { rows: ForecastRow[]; forecastSoFar: number; arrivedSoFar: number } {
  const rows = forecast
    .filter((f) => f.forecast > 0 || f.arrived > 0)
    .map((f) => ({ ...f, gap: f.hour < currentHour ? f.arrived - f.forecast : null }));
  const over = rows.filter((r) => r.hour < currentHour);
  return {
    rows,
    forecastSoFar: over.reduce((s, r) => s + r.forecast, 0),
    arrivedSoFar: over.reduce((s, r) => s + r.arrived, 0),
  };
}
