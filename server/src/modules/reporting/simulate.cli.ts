import { readFileSync } from 'node:fs';
import { invalidField } from '../../platform/errors.ts';
import {
  loadScenario,
  MIN_CHANNELS,
  normaliseNumber,
  runSimulation,
  type SimulationOptions,
  type SimulationReport,
  type Staffing,
  scenarioCentre,
  simulationPeriod,
} from '../contact-centre/index.ts';
import { type StatsReport, type StatsRow, simulationStatistics } from './indicators/stats.ts';
import { type LineOccupancy, OccupancyFold, occupancySink } from './rules/occupancy.ts';

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

/**
 * The human table of `sportello simulate`: per hour of the day, then totals, each line's channels by the
 * CC-5 report's own rule (30-minute bands), and surveys.
 */
export function formatReport(report: SimulationReport<StatsReport>, occupancy: LineOccupancy[] = []): string {
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
    ...occupancy.map(
      (l) =>
        `line ${l.line}: ${l.arrived} calls, ${l.busy} busy, peak ${l.peak}/${l.channels} channels, ` +
        `${l.saturatedBands} saturated 30-minute bands` +
        (l.recommendation
          ? `; ${l.recommendation.pairs} pairs in a row: CC-5 recommends ${l.recommendation.channels} channels`
          : ''),
    ),
    `first-contact resolution ${pct(s.outcomes.firstContactResolution)}, escalated ${pct(s.outcomes.escalated)}; ` +
      `surveys ${s.surveys.dialled} dialled, ${s.surveys.completed} completed, average score ${num(s.surveys.averageScore, 2)}; ` +
      `peak agents ${s.agents.peakLoggedIn}`,
    `${report.simulatedEvents.toLocaleString('en')} simulated events in ${report.wallSeconds.toFixed(1)} s ` +
      `(${Math.round(report.simulatedEventsPerSecond).toLocaleString('en')}/s)`,
    ...('stretches' in report
      ? [
          `${report.stretches} calendar month(s) simulated each on its own, after a warm-up, on every core ` +
            '(another random stream than the single run; each month counts the channel occupancy of its own bands)',
        ]
      : []),
    '',
  ];
  return out.join('\n');
}

/** Arguments of `sportello simulate` as commander hands them over (strings, or numbers if parsed). */
export interface SimulateArgs {
  scenario: string;
  days?: string | number;
  agents?: string | number;
  staffing?: string;
  seed?: string | number;
  start?: string;
  json?: boolean;
  /** Run in calendar months at once on every core (`run` is then the planning module's simulateInStretches). */
  parallel?: boolean;
}

function integer(value: string | number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw invalidField(name, `--${name} must be an integer (got ${value})`);
  return n;
}

/**
 * What runs a simulation for the command: the simulator, or the planning module's runs. A run in months
 * (`--parallel`) is asked for the `occupancy` its months folded where they ran; a single run gets a sink.
 */
export type SimulateRun = (
  options: SimulationOptions<StatsReport> & { occupancy?: boolean },
) => Promise<SimulationReport<StatsReport> & { occupancy?: OccupancyFold }>;

/**
 * `sportello simulate --scenario <builtin|file> --days N --agents N|--staffing <file> --seed S [--json]`:
 * prints a table (or the JSON report); a progress bar goes to stderr when it is a terminal. `run` is
 * `runSimulation`, or one that sizes an Erlang staffing first (the planning module's `simulateScenario`,
 * which the command line passes in: the simulator itself takes agents, not targets).
 */
export async function simulateCommand(
  args: SimulateArgs,
  run: SimulateRun = runSimulation,
  sinks: SimulationOptions['sinks'] = [],
  backpressure?: () => Promise<void>,
): Promise<void> {
  if (args.agents !== undefined && args.staffing !== undefined) {
    throw invalidField('agents', 'give either --agents or --staffing, not both');
  }
  if (args.parallel && sinks.length > 0) {
    throw invalidField(
      'parallel',
      '--parallel gives statistics and channel occupancy only: the events of its months are not kept',
    );
  }
  let staffing: Staffing | undefined;
  if (args.staffing !== undefined) {
    try {
      staffing = JSON.parse(readFileSync(args.staffing, 'utf8')) as Staffing;
    } catch (error) {
      throw invalidField('staffing', `--staffing ${args.staffing}: ${(error as Error).message}`);
    }
  }
  const loaded = loadScenario(args.scenario);
  const scenario = staffing ? { ...loaded, staffing } : loaded;
  const days = integer(args.days, 'days', 1);
  const startDate = args.start;
  const period = simulationPeriod({ scenario, days, ...(startDate !== undefined ? { startDate } : {}) });
  // CC-5 as the channel-occupancy report counts it, over the simulated days.
  const fold = new OccupancyFold(period.start, period.end);
  const bar = progressBar(process.stderr);
  const report = await run({
    scenario,
    days,
    seed: integer(args.seed, 'seed', 1),
    ...(args.agents !== undefined ? { agents: integer(args.agents, 'agents', 0) } : {}),
    ...(startDate !== undefined ? { startDate } : {}),
    onProgress: bar.update,
    // The months of a parallel run fold their events where they run: statistics and occupancy only.
    ...(args.parallel ? { occupancy: true } : { sinks: [...sinks, occupancySink(fold)] }),
    statistics: simulationStatistics,
    ...(backpressure ? { backpressure } : {}),
  });
  bar.done();
  const services = new Map(scenarioCentre(scenario).lines.map((l) => [normaliseNumber(l.number), l.service]));
  const { occupancy: months, ...rest } = report;
  const occupancy = (months ?? fold).result((line) => MIN_CHANNELS[services.get(line) ?? ''] ?? 1);
  process.stdout.write(
    args.json ? `${JSON.stringify({ ...rest, occupancy }, null, 2)}\n` : formatReport(rest, occupancy),
  );
}

function progressBar(stream: NodeJS.WriteStream) {
  const tty = Boolean(stream.isTTY);
  const began = Date.now();
  let last = 0;
  let shown = false;
  return {
    update: ({ fraction, calls }: { fraction: number; calls: number }) => {
      const now = Date.now();
      // Only runs that last are worth a bar; redraw at most 10 times a second.
      if (!tty || now - began < 500 || now - last < 100) return;
      last = now;
      shown = true;
      const width = 30;
      const full = Math.round(fraction * width);
      stream.write(
        `\rsimulazione [${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
          `${calls.toLocaleString('it-IT')} chiamate`,
      );
    },
    done: () => {
      if (shown) stream.write('\n');
    },
  };
}
