import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { AppError, invalidField } from '../../platform/errors.ts';
import type { Estimate } from './maths/estimates.ts';
import type { PlannedStaffing } from './plan/planned-staffing.ts';
import type { StaffingPlan } from './plan/staffing.ts';
import {
  CurvesSchema,
  type ErlangQuery,
  PenaltyTableSchema,
  RosterSchema,
  type WhatIfBody,
} from './planning.schemas.ts';
import {
  ERLANG_DEFAULT_TARGETS,
  type ErlangFigures,
  erlangFigures,
  planFor,
  whatIfFor,
} from './planning.service.ts';
import type { WhatIfReport } from './whatif/whatif.ts';

/** `sportello erlang` and `sportello plan`: the planning service on the command line (WF-1). */

type Arg = string | number | undefined;

export interface ErlangCommandOptions {
  model: string;
  calls: Arg;
  period: Arg;
  aht: Arg;
  agents?: Arg;
  lines?: Arg;
  target?: Arg;
  patience?: Arg;
  serviceLevel?: Arg;
  maxAbandon?: Arg;
  blocking?: Arg;
  json?: boolean;
}

export interface PlanCommandOptions {
  scenario: string;
  /** Exactly one period: month, year, or from and to. */
  month?: string;
  year?: Arg;
  from?: string;
  to?: string;
  yearlyCalls?: Arg;
  /** A JSON file of traffic curves (the API's `curves`). */
  curves?: string;
  talk?: Arg;
  afterCallWork?: Arg;
  greeting?: Arg;
  ivr?: Arg;
  survey?: Arg;
  surveyShare?: Arg;
  queueSeconds?: Arg;
  interval?: Arg;
  model?: string;
  serviceLevel?: Arg;
  target?: Arg;
  preQueue?: Arg;
  maxAbandon?: Arg;
  patience?: Arg;
  maxOccupancy?: Arg;
  minAgents?: Arg;
  shrinkage?: Arg;
  contractHours?: Arg;
  blocking?: Arg;
  channels?: Arg;
  /** Planned staffing, at most one of the three: a share of the requirement, a cap, a roster file. */
  staffingScale?: Arg;
  maxAgents?: Arg;
  /** A JSON file of time bands (the API's `staffing.roster`). */
  roster?: string;
  simulate?: boolean;
  replications?: Arg;
  seed?: Arg;
  serviceValue?: Arg;
  /** A JSON file of penalty rules (the API's `penalties`). */
  penalties?: string;
  detail?: boolean;
  /** Leave the interval rows out of the JSON (the API's `detail: 'days'`). */
  daysOnly?: boolean;
  json?: boolean;
}

interface Output {
  write(text: string): unknown;
}

function num(value: Arg, field: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '')
    throw invalidField(field, `--${field} needs a number`);
  if (!Number.isFinite(n)) throw invalidField(field, `--${field} must be a number (got ${value})`);
  return n;
}

function required(value: Arg, field: string): number {
  const n = num(value, field);
  if (n === undefined) throw invalidField(field, `--${field} is required`);
  return n;
}

/** The command-line flag of each request field whose name differs from it. */
const FLAG_OF: Record<string, string> = {
  serviceLevel: 'service-level',
  maxAbandon: 'max-abandon',
  intervalMinutes: 'interval',
  yearlyCalls: 'yearly-calls',
  'handling.talkSeconds': 'talk',
  'handling.afterCallWorkSeconds': 'after-call-work',
  'handling.greetingSeconds': 'greeting',
  'handling.ivrSeconds': 'ivr',
  'handling.surveySeconds': 'survey',
  'handling.surveyShare': 'survey-share',
  queueSeconds: 'queue-seconds',
  targetSeconds: 'target',
  preQueueSeconds: 'pre-queue',
  maxAbandonment: 'max-abandon',
  patienceSeconds: 'patience',
  maxOccupancy: 'max-occupancy',
  minAgents: 'min-agents',
  contractHoursPerWeek: 'contract-hours',
  serviceValueEuros: 'service-value',
  'staffing.scale': 'staffing-scale',
  'staffing.maxAgents': 'max-agents',
};
/** Request fields read from a JSON file, and the file's flag. */
const FILE_FIELDS: Record<string, string> = {
  curves: 'curves',
  penalties: 'penalties',
  'staffing.roster': 'roster',
};

/** What the service refuses, with the flag named instead of the request field. */
function withFlag(error: unknown): unknown {
  if (!(error instanceof AppError) || error.field === undefined) return error;
  const field = error.field;
  const file = Object.keys(FILE_FIELDS).find((k) => field === k || field.startsWith(`${k}.`));
  if (file) {
    const flag = FILE_FIELDS[file]!;
    return new AppError(error.code, `in the --${flag} file: ${error.message}`, flag);
  }
  const flag = FLAG_OF[field] ?? field;
  const message = error.message.startsWith(field)
    ? `--${flag}${error.message.slice(field.length)}`
    : error.message;
  return new AppError(error.code, message, flag);
}

/** A JSON file given to a flag, checked against the schema the API checks the same field with. */
function jsonFile(path: string | undefined, flag: string, schema: TSchema): unknown {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalidField(flag, `--${flag}: cannot read ${path} (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidField(flag, `--${flag}: ${path} is not JSON (${(error as Error).message})`);
  }
  const first = Value.Errors(schema, value)[Symbol.iterator]().next();
  if (!first.done) {
    const at = first.value.instancePath.slice(1).replaceAll('/', '.');
    throw invalidField(flag, `--${flag}: ${path}: ${at ? `${at} ` : ''}${first.value.message}`);
  }
  return value;
}

const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`;
const secs = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x.toFixed(1)} s`);
const int = (x: number) => Math.round(x).toLocaleString('en');
const count = (x: number | null) => (x === null ? '–' : int(x));
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

const MODEL_NAMES: Record<string, string> = {
  b: 'Erlang B (M/M/n/n, lost calls)',
  c: 'Erlang C (M/M/n, callers wait)',
  a: 'Erlang A (M/M/n+M, callers abandon)',
};

/** Formats Erlang figures as a short readable table. */
export function formatErlang(q: ErlangQuery, f: ErlangFigures): string {
  const rows: [string, string][] = [];
  const line = (label: string, value: string) => rows.push([label, value]);
  if (f.model === 'b') {
    line('lines', String(f.lines));
    line('probability of blocking', pct(f.probabilityOfBlocking, 2));
    line('occupancy per line', pct(f.occupancy));
    if (f.linesNeeded !== undefined)
      line(
        `lines needed for blocking ≤ ${pct(f.blockingTarget, 2)}${byDefault(q.blocking)}`,
        String(f.linesNeeded),
      );
  } else {
    line('agents', String(f.agents));
    line('probability of waiting', pct(f.probabilityOfWaiting));
    line(`service level (${f.targetSeconds} s)`, pct(f.serviceLevel));
    line('average speed of answer', secs(f.averageSpeedOfAnswerSeconds));
    line('occupancy', pct(f.occupancy));
    line('probability of abandoning', pct(f.probabilityOfAbandoning));
    if (f.agentsNeeded !== undefined) {
      const cap =
        f.model === 'a' ? `, abandoning ≤ ${pct(f.maxAbandonTarget, 0)}${byDefault(q.maxAbandon)}` : '';
      line(
        `agents needed for ${pct(f.serviceLevelTarget, 0)}${byDefault(q.serviceLevel)} in ${f.targetSeconds} s${cap}`,
        String(f.agentsNeeded),
      );
    }
  }
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const head =
    `${MODEL_NAMES[f.model]}: ${q.calls} calls in ${q.period} s, ` +
    `${f.model === 'b' ? 'holding' : 'AHT'} ${q.aht} s → ${f.trafficErlangs.toFixed(2)} Erlang\n`;
  return head + rows.map(([l, v]) => `  ${pad(l, width)}${v}\n`).join('') + defaultsNote(q, f);
}

/** Says which contract default a size was computed for, when the query left it out. */
function defaultsNote(q: ErlangQuery, f: ErlangFigures): string {
  const d = ERLANG_DEFAULT_TARGETS;
  if (f.linesNeeded !== undefined && q.blocking === undefined) {
    return `  (default: ${pct(d.blocking, 0)} blocking, as the plan sizes channels; --blocking sets another)\n`;
  }
  if (f.agentsNeeded === undefined) return '';
  const parts = [
    ...(q.serviceLevel === undefined ? [`${pct(d.serviceLevel, 0)} answered within the target`] : []),
    ...(f.model === 'a' && q.maxAbandon === undefined ? [`at most ${pct(d.maxAbandon, 0)} abandoning`] : []),
  ];
  if (parts.length === 0) return '';
  const flags =
    f.model === 'a' ? '--service-level and --max-abandon set others' : '--service-level sets another';
  return `  (default: the contract's targets, MR-5: ${parts.join(', ')}; ${flags})\n`;
}

const byDefault = (given: unknown) => (given === undefined ? ' (default)' : '');

/** `sportello erlang --model b|c|a --calls N --period S --aht S [--agents N | --lines N] …`. */
export function erlangCommand(opts: ErlangCommandOptions, out: Output = process.stdout): void {
  const query: ErlangQuery = {
    model: opts.model as ErlangQuery['model'],
    calls: required(opts.calls, 'calls'),
    period: required(opts.period, 'period'),
    aht: required(opts.aht, 'aht'),
  };
  const optional = { agents: opts.agents, lines: opts.lines, target: opts.target, patience: opts.patience };
  for (const [key, value] of Object.entries(optional)) {
    const n = num(value, key);
    if (n !== undefined) (query as Record<string, unknown>)[key] = n;
  }
  const serviceLevel = num(opts.serviceLevel, 'service-level');
  const maxAbandon = num(opts.maxAbandon, 'max-abandon');
  const blocking = num(opts.blocking, 'blocking');
  if (serviceLevel !== undefined) query.serviceLevel = serviceLevel;
  if (maxAbandon !== undefined) query.maxAbandon = maxAbandon;
  if (blocking !== undefined) query.blocking = blocking;
  let figures: ErlangFigures;
  try {
    figures = erlangFigures(query);
  } catch (error) {
    throw withFlag(error);
  }
  out.write(opts.json ? `${JSON.stringify(figures, null, 2)}\n` : formatErlang(query, figures));
}

const ci = (e: Estimate, f: (x: number | null) => string) =>
  e.low === null || e.high === null ? f(e.mean) : `${f(e.mean)} [${f(e.low)} – ${f(e.high)}]`;

/** What the staffing rule plans, in words. */
export function describeStaffing(staffing: PlannedStaffing | null): string {
  if (staffing === null) return 'planned agents = required agents';
  if ('scale' in staffing) return `planned agents = ${pct(staffing.scale, 0)} of the required, rounded up`;
  if ('maxAgents' in staffing) return `planned agents = the required, at most ${staffing.maxAgents}`;
  const bands = staffing.roster
    .map((b) => `${b.from}–${b.to} ${b.agents}${b.weekdays ? ` (${b.weekdays.join(',')})` : ''}`)
    .join('; ');
  return `planned agents from a roster: ${bands}`;
}

/** The plan as a per-day table with its totals, channels and CC-5 check. */
export function formatPlan(plan: StaffingPlan, detail = false): string {
  const t = plan.targets;
  const within = `within ${t.targetSeconds} s of the call's start (${t.queueTargetSeconds} s in queue after ${t.preQueueSeconds} s of IVR)`;
  const target =
    t.model === 'c'
      ? `Erlang C, ${pct(t.serviceLevel, 0)} ${within}`
      : `Erlang A, ${pct(t.serviceLevel, 0)} ${within} and at most ${pct(t.maxAbandonment, 0)} abandoning`;
  // The required columns only when a staffing rule makes them differ from the planned ones.
  const both = plan.staffing !== null;
  const out = [
    `Plan ${plan.scenario} (line ${plan.lineNumber}), ${plan.from} – ${plan.to}, ${plan.intervalMinutes}-minute intervals, ${target}`,
    `AHT ${plan.handling.ahtSeconds.toFixed(0)} s (talk ${plan.handling.talkSeconds.toFixed(0)} + ACW ${plan.handling.afterCallWorkSeconds.toFixed(0)})`,
    `Staffing: ${describeStaffing(plan.staffing)}`,
    '',
    `${pad('date', 11)}${pad('day', 5)}${lpad('calls', 8)}${lpad('agent-h', 9)}${lpad('peak', 6)}  ${pad('at', 6)}` +
      (both ? `${lpad('req-h', 9)}${lpad('req-pk', 7)}${lpad('SL', 8)}${lpad('below', 6)}` : '') +
      `${lpad('channels', 9)}`,
  ];
  for (const d of plan.byDay) {
    if (!d.open) {
      out.push(`${pad(d.date, 11)}${pad(d.weekday, 5)}${lpad('closed', 8)}`);
      continue;
    }
    out.push(
      `${pad(d.date, 11)}${pad(d.weekday, 5)}${lpad(int(d.calls), 8)}${lpad(d.agentHours.toFixed(1), 9)}` +
        `${lpad(String(d.peakAgents), 6)}  ${pad(d.peakAt ?? '', 6)}` +
        (both
          ? `${lpad(d.requiredAgentHours.toFixed(1), 9)}${lpad(String(d.requiredPeakAgents), 7)}` +
            `${lpad(pct(d.serviceLevel), 8)}${lpad(String(d.intervalsBelowTarget), 6)}`
          : '') +
        `${lpad(String(d.channelsNeeded), 9)}`,
    );
  }
  if (detail) {
    out.push(
      '',
      `${pad('start', 27)}${lpad('calls', 8)}${lpad('req.', 6)}${lpad('agents', 8)}${lpad('SL', 8)}${lpad('ASA', 10)}${lpad('chan.', 7)}`,
    );
    for (const iv of plan.intervals) {
      out.push(
        `${pad(iv.start, 27)}${lpad(iv.calls.toFixed(1), 8)}${lpad(String(iv.requiredAgents), 6)}` +
          `${lpad(String(iv.plannedAgents), 8)}${lpad(pct(iv.serviceLevel), 8)}` +
          `${lpad(secs(iv.averageSpeedOfAnswerSeconds), 10)}${lpad(String(iv.channelsNeeded), 7)}` +
          (iv.belowTarget ? '  below target' : ''),
      );
    }
  }
  const s = plan.totals;
  const r = s.required;
  const c = plan.channels;
  const cc5 = c.cc5.consecutiveSaturation
    ? `saturated in two consecutive bands: +20% → ${c.cc5.steps.join(' → ')} (CC-5)`
    : c.cc5.saturatedBands.length > 0
      ? `${c.cc5.saturatedBands.length} saturated bands, none consecutive`
      : 'no band saturates';
  const fte = both
    ? `planned ${int(s.agentHours)} agent hours (required ${int(r.agentHours)}); shrinkage ${pct(s.shrinkage, 0)} → ` +
      `${int(s.paidHours)} paid hours = ${s.fte.toFixed(1)} FTE planned, ${r.fte.toFixed(1)} FTE needed at ` +
      `${s.contractHoursPerWeek} h/week`
    : `${int(s.agentHours)} agent hours; shrinkage ${pct(s.shrinkage, 0)} → ` +
      `${int(s.paidHours)} paid hours = ${s.fte.toFixed(1)} FTE at ${s.contractHoursPerWeek} h/week`;
  out.push(
    '',
    `Total ${int(s.calls)} calls; ${fte}`,
    `Peak ${s.peakAgents} agents${both ? ` (required ${r.peakAgents})` : ''}; model service level ` +
      `${pct(s.serviceLevel)}, abandonment ${pct(s.abandonment)}, ASA ${secs(s.averageSpeedOfAnswerSeconds)}` +
      (both ? `; required agents would give ${pct(r.serviceLevel)}` : ''),
    ...(both || s.intervalsBelowTarget > 0
      ? [`Intervals below the targets: ${s.intervalsBelowTarget} of ${s.openIntervals}`]
      : []),
    `Channels: CC-5 minimum ${c.minimum}; Erlang B at ${pct(c.blockingTarget, 1)} blocking ${c.sized} at the peak ` +
      `(${c.peakTrafficErlangs.toFixed(1)} Erlang) → ${c.recommended}; provisioned ${c.provisioned}: ${cc5}`,
  );
  return `${out.join('\n')}\n`;
}

/** The simulation's totals, per-day service level and penalties. */
export function formatWhatIf(w: WhatIfReport): string {
  const seeds = w.seeds.length > 1 ? `seeds ${w.seeds[0]}–${w.seeds.at(-1)}` : `seed ${w.seeds[0]}`;
  const out = [
    '',
    `Simulation (${w.label}): ${w.replications} replications, ${seeds}, ${w.wallSeconds.toFixed(1)} s; means with 95% intervals`,
    `  ${pad('offered calls', 25)}${ci(w.total.offered, count)}`,
    `  ${pad(`service level (${w.targetSeconds} s in queue)`, 25)}${ci(w.total.serviceLevel, pct)}`,
    `  ${pad('abandonment', 25)}${ci(w.total.abandonment, pct)}`,
    `  ${pad('answered', 25)}${ci(w.total.answeredShare, pct)}`,
    `  ${pad('average speed of answer', 25)}${ci(w.total.averageSpeedOfAnswerSeconds, secs)}`,
    `  ${pad('busy calls', 25)}${ci(w.line.busy, count)}; peak channels in use ` +
      `${ci(w.line.peakChannelsInUse, count)} of ${w.line.channels}` +
      (w.line.cc5Triggered > 0 ? `; CC-5 saturation in ${pct(w.line.cc5Triggered, 0)} of runs` : ''),
    '',
    `${pad('date', 11)}${lpad('offered', 9)}  service level`,
    ...w.byDay.map((d) => `${pad(d.date, 11)}${lpad(count(d.offered.mean), 9)}  ${ci(d.serviceLevel, pct)}`),
    '',
    `Penalties (${w.penalties.source}), over ${w.penalties.observedDays} open days:`,
  ];
  for (const r of w.penalties.rules) {
    const sign = r.comparison === 'at-least' ? '≥' : '≤';
    const euros = r.euros ? `, € ${int(r.euros.mean ?? 0)}` : '';
    out.push(
      `  ${pad(`${r.id} (${sign} ${pct(r.threshold, 0)})`, 42)}measured ${ci(r.measured, pct)}; ` +
        `${(r.points.mean ?? 0).toFixed(1)} points → ${pct(r.share.mean, 2)}${euros}`,
    );
  }
  const euros = w.penalties.euros ? ` (€ ${ci(w.penalties.euros, count)})` : '';
  out.push(
    `  total ${ci(w.penalties.share, (x) => pct(x, 2))} of the period's value${euros}; ` +
      `a penalty in ${pct(w.penalties.probabilityOfPenalty, 0)} of runs`,
  );
  return `${out.join('\n')}\n`;
}

/** The one period the flags name: --month, --year, or --from with --to. */
function periodOf(opts: PlanCommandOptions): Pick<WhatIfBody, 'month' | 'year' | 'from' | 'to'> {
  const given = (['month', 'year', 'from'] as const).filter((k) =>
    k === 'from' ? opts.from !== undefined || opts.to !== undefined : opts[k] !== undefined,
  );
  if (given.length !== 1) {
    throw invalidField(
      given[1] ?? 'month',
      'give exactly one period: --month YYYY-MM, --year YYYY, or --from YYYY-MM-DD with --to YYYY-MM-DD',
    );
  }
  if (opts.month !== undefined) return { month: opts.month };
  const year = num(opts.year, 'year');
  if (year !== undefined) return { year };
  if (opts.from === undefined) throw invalidField('from', '--from YYYY-MM-DD is needed with --to');
  if (opts.to === undefined) throw invalidField('to', '--to YYYY-MM-DD is needed with --from');
  return { from: opts.from, to: opts.to };
}

/** --staffing-scale, --max-agents or --roster: at most one, as the API's `staffing`. */
function staffingOf(opts: PlanCommandOptions): WhatIfBody['staffing'] {
  const given = (
    [
      ['staffing-scale', opts.staffingScale],
      ['max-agents', opts.maxAgents],
      ['roster', opts.roster],
    ] as const
  ).filter(([, v]) => v !== undefined);
  if (given.length > 1) {
    throw invalidField(
      given[1]![0],
      `give at most one of --staffing-scale, --max-agents and --roster (got --${given[0]![0]} and --${given[1]![0]})`,
    );
  }
  const scale = num(opts.staffingScale, 'staffing-scale');
  if (scale !== undefined) return { scale };
  const maxAgents = num(opts.maxAgents, 'max-agents');
  if (maxAgents !== undefined) return { maxAgents };
  const roster = jsonFile(opts.roster, 'roster', RosterSchema) as NonNullable<
    WhatIfBody['staffing']
  >['roster'];
  return roster === undefined ? undefined : { roster };
}

/** The request body the flags describe: the same fields as POST /planning/plan and /what-if. */
export function planBodyOf(opts: PlanCommandOptions): WhatIfBody {
  const body: WhatIfBody = { scenario: opts.scenario, ...periodOf(opts) };
  const set = <K extends keyof WhatIfBody>(key: K, value: WhatIfBody[K] | undefined) => {
    if (value !== undefined) body[key] = value;
  };
  set('yearlyCalls', num(opts.yearlyCalls, 'yearly-calls'));
  set('curves', jsonFile(opts.curves, 'curves', CurvesSchema) as WhatIfBody['curves']);
  const handling: NonNullable<WhatIfBody['handling']> = {};
  const times = {
    talkSeconds: num(opts.talk, 'talk'),
    afterCallWorkSeconds: num(opts.afterCallWork, 'after-call-work'),
    greetingSeconds: num(opts.greeting, 'greeting'),
    ivrSeconds: num(opts.ivr, 'ivr'),
    surveySeconds: num(opts.survey, 'survey'),
    surveyShare: num(opts.surveyShare, 'survey-share'),
  };
  for (const [key, value] of Object.entries(times)) {
    if (value !== undefined) handling[key as keyof typeof times] = value;
  }
  if (Object.keys(handling).length > 0) body.handling = handling;
  set('queueSeconds', num(opts.queueSeconds, 'queue-seconds'));
  set('intervalMinutes', num(opts.interval, 'interval') as WhatIfBody['intervalMinutes']);
  set('model', opts.model as WhatIfBody['model']);
  set('serviceLevel', num(opts.serviceLevel, 'service-level'));
  set('targetSeconds', num(opts.target, 'target'));
  set('preQueueSeconds', num(opts.preQueue, 'pre-queue'));
  set('maxAbandonment', num(opts.maxAbandon, 'max-abandon'));
  set('patienceSeconds', num(opts.patience, 'patience'));
  set('maxOccupancy', num(opts.maxOccupancy, 'max-occupancy'));
  set('minAgents', num(opts.minAgents, 'min-agents'));
  set('shrinkage', num(opts.shrinkage, 'shrinkage'));
  set('contractHoursPerWeek', num(opts.contractHours, 'contract-hours'));
  set('blocking', num(opts.blocking, 'blocking'));
  set('channels', num(opts.channels, 'channels'));
  set('staffing', staffingOf(opts));
  if (opts.daysOnly) body.detail = 'days';
  if (opts.simulate) {
    set('replications', num(opts.replications, 'replications'));
    set('seed', num(opts.seed, 'seed'));
    set('serviceValueEuros', num(opts.serviceValue, 'service-value'));
    set('penalties', jsonFile(opts.penalties, 'penalties', PenaltyTableSchema) as WhatIfBody['penalties']);
  }
  return body;
}

/**
 * `sportello plan --scenario cup-2013 (--month YYYY-MM | --year YYYY | --from D --to D) […]
 * [--simulate …] [--json]`.
 */
export async function planCommand(opts: PlanCommandOptions, out: Output = process.stdout): Promise<void> {
  try {
    await runPlan(opts, out);
  } catch (error) {
    throw withFlag(error);
  }
}

async function runPlan(opts: PlanCommandOptions, out: Output): Promise<void> {
  const body = planBodyOf(opts);
  if (!opts.simulate) {
    const plan = planFor(body);
    out.write(opts.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan, opts.detail));
    return;
  }
  const tty = Boolean(process.stderr.isTTY) && !opts.json;
  const result = await whatIfFor(body, ({ replication, fraction }) => {
    if (tty)
      process.stderr.write(
        `\rsimulazione: replica ${replication + 1}, ${(fraction * 100).toFixed(0).padStart(3)}%`,
      );
  });
  if (tty) process.stderr.write('\n');
  out.write(
    opts.json
      ? `${JSON.stringify(result, null, 2)}\n`
      : formatPlan(result.plan, opts.detail) + formatWhatIf(result.whatIf),
  );
}

/** Adds `erlang` and `plan` to a commander program (the owner calls this from main.ts). */
export function registerPlanningCommands(program: Command): Command {
  program
    .command('erlang')
    .description(
      'Erlang B, C or A for one period: waiting, service level, ASA, occupancy, abandoning or blocking (WF-1)',
    )
    .requiredOption('--model <model>', 'b (lines, blocking), c (agents, waiting) or a (agents, abandoning)')
    .requiredOption('--calls <n>', 'calls offered in the period')
    .requiredOption('--period <seconds>', 'length of the period in seconds (1800 for half an hour)')
    .requiredOption('--aht <seconds>', 'average handling time (holding time for lines), seconds')
    .option('--agents <n>', 'agents (models c and a)')
    .option('--lines <n>', 'lines or channels (model b)')
    .option('--target <seconds>', 'answer target for the service level', '20')
    .option('--patience <seconds>', 'mean caller patience (model a)')
    .option(
      '--service-level <share>',
      'share to answer within target, for the agents needed (default 0.9, MR-5; used when --agents is omitted, or given)',
    )
    .option(
      '--max-abandon <share>',
      'highest share abandoning, model a, for the agents needed (default 0.1, MR-5)',
    )
    .option(
      '--blocking <share>',
      'highest blocking, for the lines needed (default 0.01; used when --lines is omitted, or given)',
    )
    .option('--json', 'print JSON')
    .action((opts: ErlangCommandOptions) => erlangCommand(opts));

  program
    .command('plan')
    .description(
      'forecast, agents per interval, FTE and channels for a month, a year or a date range; ' +
        '--simulate adds the what-if (at most 31 days) (WF-1)',
    )
    .requiredOption('--scenario <name>', 'cup-2013 or regional-2013 (the tender’s traffic curves)')
    .option('--month <YYYY-MM>', 'month to plan (one of --month, --year, --from/--to)')
    .option('--year <YYYY>', 'whole year to plan: the yearly FTE')
    .option('--from <YYYY-MM-DD>', 'first day to plan, with --to')
    .option('--to <YYYY-MM-DD>', 'last day to plan, inclusive')
    .option('--yearly-calls <n>', "calls per year in opening hours (default the scenario's)")
    .option('--curves <file.json>', "monthly, weekday and hourly curves replacing the scenario's (JSON)")
    .option('--talk <seconds>', 'mean talk time')
    .option('--after-call-work <seconds>', 'mean after-call work (holds an agent, not a channel)')
    .option('--greeting <seconds>', 'welcome message and operator code')
    .option('--ivr <seconds>', 'IVR menu and choice')
    .option('--survey <seconds>', 'hot survey call back')
    .option('--survey-share <share>', 'share of handled calls surveyed')
    .option('--queue-seconds <seconds>', 'queueing per call in the channel holding time (default 20)')
    .option('--interval <minutes>', '15, 30 or 60', '30')
    .option('--model <model>', 'c (Erlang C) or a (Erlang A, with abandonment)', 'c')
    .option('--service-level <share>', 'share answered within target', '0.9')
    .option('--target <seconds>', "answer target from the call's start (MR-5)", '20')
    .option(
      '--pre-queue <seconds>',
      "from the call's start to the queue: the queue is sized for the target minus this (default the scenario's IVR, 4 s)",
    )
    .option('--max-abandon <share>', 'highest share abandoning (model a)', '0.1')
    .option('--patience <seconds>', "mean caller patience for model a (default the scenario's)")
    .option('--max-occupancy <share>', 'cap on agent occupancy')
    .option('--min-agents <n>', 'agents in every open interval')
    .option('--shrinkage <share>', 'share of paid time off the phones', '0.3')
    .option('--contract-hours <hours>', 'full-time hours per week', '40')
    .option('--blocking <share>', 'channel blocking target per interval', '0.01')
    .option('--channels <n>', 'channels in place (default the CC-5 minimum)')
    .option(
      '--staffing-scale <share>',
      'plan this share of the required agents, rounded up (0.85 = 85%); figures and simulation for those',
    )
    .option('--max-agents <n>', 'plan the required agents, at most this many in any interval')
    .option(
      '--roster <file.json>',
      'plan the agents of a roster: JSON [{"from":"08:00","to":"14:00","agents":12,"weekdays":["mon"]}, …]',
    )
    .option('--simulate', 'run the plan through the contact-centre simulator')
    .option('--replications <n>', 'simulation runs (at most 20)', '5')
    .option('--seed <n>', 'first seed (same seed, same outcome)', '1')
    .option('--service-value <euros>', "the service's value in the month, for penalties in euros")
    .option('--penalties <file.json>', "penalty rules replacing the tender's (JSON, with --simulate)")
    .option('--detail', 'print every interval')
    .option('--days-only', 'leave the interval rows out of the JSON')
    .option('--json', 'print JSON')
    .action((opts: PlanCommandOptions) => planCommand(opts));
  return program;
}
