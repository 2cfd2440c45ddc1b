import type { StatsRow } from '../reporting/stats.ts';
import type { SimulationReport } from './simulate.ts';

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits = 1) => (x === null ? '-' : x.toFixed(digits));

const COLUMNS: [string, (r: StatsRow) => string][] = [
  ['arrived', (r) => String(r.arrived)],
  ['offered', (r) => String(r.offered)],
  ['answered', (r) => String(r.answered)],
  ['SL', (r) => pct(r.serviceLevel)],
  ['ASA s', (r) => num(r.averageSpeedOfAnswerSeconds)],
  ['aband<=T', (r) => String(r.abandonedShort)],
  ['aband>T', (r) => String(r.abandonedLong)],
  ['busy', (r) => String(r.busy)],
  ['ooh', (r) => String(r.outOfHours)],
  ['callbacks', (r) => `${r.callbacksRequested}/${r.callbacksAnswered}`],
  ['occupancy', (r) => pct(r.occupancy)],
];

/** The human table of `sportello simulate`: per hour of the day, then totals, lines and surveys. */
export function formatReport(report: SimulationReport): string {
  const s = report.stats;
  const header = ['hour', ...COLUMNS.map(([name]) => name)];
  const rows = [
    ...s.byHour.map((r) => [
      `${String(r.hour).padStart(2, '0')}-${String(r.hour + 1).padStart(2, '0')}`,
      ...COLUMNS.map(([, f]) => f(r)),
    ]),
    ['total', ...COLUMNS.map(([, f]) => f(s.total))],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const staffing =
    report.staffing.kind === 'constant'
      ? `${report.staffing.agents} agents`
      : report.staffing.kind === 'erlang'
        ? `sized by Erlang C for ${pct(report.staffing.serviceLevel)} in ${report.staffing.targetSeconds} s`
        : 'table';
  const out = [
    `[${report.label}] scenario ${report.scenario}, seed ${report.seed}, ${report.days} day(s) from ${report.startDate}, ${staffing}`,
    `service level target ${s.targetSeconds} s (SL = answered within target / offered); callbacks requested/answered`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...s.lines.map(
      (l) =>
        `line ${l.line}: ${l.arrived} calls, ${l.busy} busy, peak ${l.peakChannelsInUse}/${l.channels} channels` +
        (l.saturatedConsecutively
          ? `, saturated in consecutive hours: suggest ${l.suggestedChannels} channels`
          : ''),
    ),
    `first-contact resolution ${pct(s.outcomes.firstContactResolution)}, escalated ${pct(s.outcomes.escalated)}; ` +
      `surveys ${s.surveys.dialled} dialled, ${s.surveys.completed} completed, average score ${num(s.surveys.averageScore, 2)}; ` +
      `peak agents ${s.agents.peakLoggedIn}`,
    `${report.simulatedEvents.toLocaleString('en')} simulated events in ${report.wallSeconds.toFixed(1)} s ` +
      `(${Math.round(report.simulatedEventsPerSecond).toLocaleString('en')}/s)`,
    '',
  ];
  return out.join('\n');
}
