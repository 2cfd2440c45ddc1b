import type { EChartsCoreOption } from 'echarts/core';
import type { Wallboard } from '../contact-centre/types.ts';

/** Opening hours of the lines, always on the axis so that the day's shape reads the same every hour. */
const FIRST_HOUR = 8;
const LAST_HOUR = 19;

export interface ArrivalTable {
  hours: number[];
  services: string[];
  /** calls[s][h]: calls of services[s] in hours[h]. */
  calls: number[][];
  totals: number[];
}

/** Today's arrivals per service and hour as a dense table, hours from 08 to the last hour with a call. */
export function arrivalTable(arrivals: Wallboard['arrivalsToday']): ArrivalTable {
  const services = [...new Set(arrivals.map((a) => a.service))].sort();
  const lo = Math.min(FIRST_HOUR, ...arrivals.map((a) => a.hour));
  const hi = Math.max(LAST_HOUR, ...arrivals.map((a) => a.hour));
  const hours = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const calls = services.map((s) =>
    hours.map((h) =>
      arrivals.filter((a) => a.service === s && a.hour === h).reduce((sum, a) => sum + a.calls, 0),
    ),
  );
  const totals = hours.map((_, i) => calls.reduce((sum, row) => sum + (row[i] ?? 0), 0));
  return { hours, services, calls, totals };
}

export const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

// Colours of the Bootstrap Italia palette, distinguishable in grey too (lightness differs).
const COLOURS = ['#0066cc', '#00856f', '#cc334d', '#a66300', '#5c6f82', '#17324d'];

/** Stacked bars: one series per service, one bar per hour. */
export function arrivalsOption(table: ArrivalTable, serviceName: (s: string) => string): EChartsCoreOption {
  return {
    animation: false,
    color: COLOURS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: table.hours.map(hourLabel) },
    yAxis: { type: 'value', minInterval: 1 },
    series: table.services.map((s, i) => ({
      name: serviceName(s),
      type: 'bar',
      stack: 'arrivals',
      data: table.calls[i],
    })),
  };
}
