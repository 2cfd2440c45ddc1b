import { DateTime } from 'luxon';
import { invalidField } from '../../platform/errors.ts';
import { BUILTIN_SCENARIOS } from '../contact-centre/index.ts';
import { type PenaltyTable, TENDER_PENALTIES, validatePenaltyTable } from '../reporting/index.ts';
import {
  agentsForServiceLevel,
  agentsForTargets,
  erlangAMetrics,
  erlangB,
  erlangCMetrics,
  linesForBlocking,
} from './maths/erlang.ts';
import {
  type Forecast,
  forecastTraffic,
  type IntervalMinutes,
  monthPeriod,
  type PlanningPeriod,
  periodDays,
  type ServiceProfile,
  serviceProfile,
  validateCurves,
  validateHandling,
  yearPeriod,
} from './plan/forecast.ts';
import { validateStaffing } from './plan/planned-staffing.ts';
import {
  planStaffing,
  queueTargetSeconds,
  type StaffingPlan,
  type StaffingTargets,
} from './plan/staffing.ts';
import type { ErlangQuery, ForecastBody, PlanBody, WhatIfBody } from './planning.schemas.ts';
import { planScenario, runWhatIf, type WhatIfReport } from './whatif/whatif.ts';

/**
 * The planning service (WF-1): validates requests from the API and the command line, and runs the pure
 * planning functions. Nothing here touches patient data or the database.
 */

export const MAX_PLAN_DAYS = 366;
export const MAX_WHAT_IF_DAYS = 31;
export const MAX_REPLICATIONS = 20;
/** Expected calls × replications a what-if may simulate (a CUP month × 20 is about 1.4 million). */
export const MAX_SIMULATED_CALLS = 2_000_000;

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const finiteOrNull = (x: number | null) => (x === null ? null : finite(x));

// ---------------------------------------------------------------------------------------------------
// Erlang calculator

export interface ErlangFigures {
  model: string;
  trafficErlangs: number;
  agents?: number;
  lines?: number;
  probabilityOfWaiting?: number;
  serviceLevel?: number;
  averageSpeedOfAnswerSeconds?: number | null;
  occupancy?: number;
  probabilityOfAbandoning?: number;
  probabilityOfBlocking?: number;
  targetSeconds?: number;
  agentsNeeded?: number;
  linesNeeded?: number;
  /** The targets the agents or lines needed were sized for: the request's, else the contract's. */
  serviceLevelTarget?: number;
  maxAbandonTarget?: number;
  blockingTarget?: number;
}

/** MR-5: 90% answered within 20 s and at most 10% lost; channels sized for 1% blocking (as the plan). */
export const ERLANG_DEFAULT_TARGETS = {
  serviceLevel: 0.9,
  targetSeconds: 20,
  maxAbandon: 0.1,
  blocking: 0.01,
} as const;

function checkNumber(
  value: number | undefined,
  field: string,
  ok: (x: number) => boolean,
  rule: string,
): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && ok(value))) {
    throw invalidField(field, `${field} must be ${rule}`);
  }
}

/**
 * Erlang B, C or A figures for one period (`sportello erlang`, GET /planning/erlang). Without agents
 * (C, A) or lines (B) it sizes them first, for the targets given or else the contract's
 * (`ERLANG_DEFAULT_TARGETS`); with them and a target given, it also reports what that target needs.
 */
export function erlangFigures(q: ErlangQuery): ErlangFigures {
  if (!['b', 'c', 'a'].includes(q.model)) throw invalidField('model', 'model must be b, c or a');
  checkNumber(q.calls, 'calls', (x) => x >= 0, 'a number >= 0');
  checkNumber(q.period, 'period', (x) => x > 0, 'a number of seconds > 0');
  checkNumber(q.aht, 'aht', (x) => x > 0, 'a number of seconds > 0');
  checkNumber(q.agents, 'agents', (x) => Number.isSafeInteger(x) && x >= 0, 'an integer >= 0');
  checkNumber(q.lines, 'lines', (x) => Number.isSafeInteger(x) && x >= 0, 'an integer >= 0');
  checkNumber(q.target, 'target', (x) => x >= 0, 'a number of seconds >= 0');
  checkNumber(q.patience, 'patience', (x) => x > 0, 'a number of seconds > 0');
  checkNumber(q.serviceLevel, 'serviceLevel', (x) => x >= 0 && x <= 1, 'a share in [0, 1]');
  checkNumber(q.maxAbandon, 'maxAbandon', (x) => x >= 0 && x <= 1, 'a share in [0, 1]');
  checkNumber(q.blocking, 'blocking', (x) => x > 0 && x <= 1, 'a share in (0, 1]');
  const traffic = { callsPerPeriod: q.calls, periodSeconds: q.period, ahtSeconds: q.aht };
  const trafficErlangs = (q.calls / q.period) * q.aht;
  // Exact evaluation refuses inputs beyond ten million states; say so on the volume that caused it.
  const guarded = <T>(f: () => T): T => {
    try {
      return f();
    } catch (error) {
      if (error instanceof RangeError) throw invalidField('calls', error.message);
      throw error;
    }
  };

  if (q.model === 'b') {
    if (q.agents !== undefined) throw invalidField('agents', 'model b sizes lines: give lines, not agents');
    const sizing = q.lines === undefined || q.blocking !== undefined;
    const blockingTarget = q.blocking ?? ERLANG_DEFAULT_TARGETS.blocking;
    return guarded(() => {
      const linesNeeded = sizing ? linesForBlocking(trafficErlangs, blockingTarget) : undefined;
      const lines = q.lines ?? linesNeeded!;
      const blocking = erlangB(trafficErlangs, lines);
      return {
        model: 'b',
        trafficErlangs,
        lines,
        probabilityOfBlocking: blocking,
        occupancy: lines > 0 ? (trafficErlangs * (1 - blocking)) / lines : 0,
        ...(linesNeeded !== undefined ? { linesNeeded, blockingTarget } : {}),
      };
    });
  }

  if (q.lines !== undefined)
    throw invalidField('lines', `model ${q.model} sizes agents: give agents, not lines`);
  const targetSeconds = q.target ?? ERLANG_DEFAULT_TARGETS.targetSeconds;
  const sizing =
    q.agents === undefined || q.serviceLevel !== undefined || (q.model === 'a' && q.maxAbandon !== undefined);
  const serviceLevelTarget = q.serviceLevel ?? ERLANG_DEFAULT_TARGETS.serviceLevel;
  if (q.model === 'c') {
    return guarded(() => {
      const agentsNeeded = sizing
        ? agentsForServiceLevel({ ...traffic, targetSeconds, serviceLevel: serviceLevelTarget })
        : undefined;
      const agents = q.agents ?? agentsNeeded!;
      const m = erlangCMetrics({ ...traffic, agents, targetSeconds });
      return {
        model: 'c',
        trafficErlangs,
        agents,
        targetSeconds,
        probabilityOfWaiting: m.probabilityOfWaiting,
        serviceLevel: m.serviceLevel,
        averageSpeedOfAnswerSeconds: finite(m.averageSpeedOfAnswerSeconds),
        occupancy: m.occupancy,
        probabilityOfAbandoning: 0,
        ...(agentsNeeded !== undefined ? { agentsNeeded, serviceLevelTarget } : {}),
      };
    });
  }
  if (q.patience === undefined)
    throw invalidField('patience', 'model a needs the callers’ mean patience (seconds)');
  const patienceSeconds = q.patience;
  const maxAbandonTarget = q.maxAbandon ?? ERLANG_DEFAULT_TARGETS.maxAbandon;
  return guarded(() => {
    const agentsNeeded = sizing
      ? agentsForTargets({
          ...traffic,
          targetSeconds,
          patienceSeconds,
          serviceLevel: serviceLevelTarget,
          maxAbandonment: maxAbandonTarget,
        })
      : undefined;
    const agents = q.agents ?? agentsNeeded!;
    const m = erlangAMetrics({ ...traffic, agents, targetSeconds, patienceSeconds });
    return {
      model: 'a',
      trafficErlangs,
      agents,
      targetSeconds,
      probabilityOfWaiting: m.probabilityOfWaiting,
      serviceLevel: m.answeredWithinTargetOverOffered,
      averageSpeedOfAnswerSeconds: finite(m.averageSpeedOfAnswerSeconds),
      occupancy: m.occupancy,
      probabilityOfAbandoning: m.probabilityOfAbandoning,
      ...(agentsNeeded !== undefined ? { agentsNeeded, serviceLevelTarget, maxAbandonTarget } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Forecast and plan

/** The period a request names: exactly one of month, year, or from and to. */
export function requestedPeriod(
  body: Pick<ForecastBody, 'month' | 'year' | 'from' | 'to'>,
  maxDays: number,
): PlanningPeriod {
  const given = [
    body.month !== undefined,
    body.year !== undefined,
    body.from !== undefined || body.to !== undefined,
  ];
  if (given.filter(Boolean).length !== 1) {
    throw invalidField(
      'month',
      'give exactly one period: month (YYYY-MM), year, or from and to (YYYY-MM-DD)',
    );
  }
  let period: PlanningPeriod;
  let field: string;
  if (body.month !== undefined) {
    period = monthPeriod(body.month);
    field = 'month';
  } else if (body.year !== undefined) {
    if (!Number.isSafeInteger(body.year) || body.year < 2000 || body.year > 2100) {
      throw invalidField('year', 'year must be between 2000 and 2100');
    }
    period = yearPeriod(body.year);
    field = 'year';
  } else {
    if (body.from === undefined) throw invalidField('from', 'from is needed with to');
    if (body.to === undefined) throw invalidField('to', 'to is needed with from');
    period = { from: body.from, to: body.to };
    field = 'to';
  }
  const days = periodDays(period);
  if (days > maxDays) {
    throw invalidField(field, `the period has ${days} days; at most ${maxDays} here`);
  }
  return period;
}

function profileAndForecast(
  body: ForecastBody,
  maxDays: number,
): { profile: ServiceProfile; forecast: Forecast } {
  const profile = serviceProfile(body.scenario);
  const period = requestedPeriod(body, maxDays);
  const interval = body.intervalMinutes ?? 30;
  if (![15, 30, 60].includes(interval))
    throw invalidField('intervalMinutes', 'intervalMinutes must be 15, 30 or 60');
  if (body.curves) validateCurves(body.curves, 'curves');
  if (body.handling) validateHandling(body.handling, 'handling');
  checkNumber(
    body.yearlyCalls,
    'yearlyCalls',
    (x) => x >= 0 && x <= 100_000_000,
    'a number in [0, 100000000]',
  );
  checkNumber(body.queueSeconds, 'queueSeconds', (x) => x >= 0 && x <= 86_400, 'a number of seconds >= 0');
  const base = body.curves ?? profile.curves;
  const curves = body.yearlyCalls !== undefined ? { ...base, yearlyCalls: body.yearlyCalls } : base;
  const forecast = forecastTraffic({
    profile,
    period,
    intervalMinutes: interval as IntervalMinutes,
    curves,
    ...(body.handling ? { handling: body.handling } : {}),
    ...(body.queueSeconds !== undefined ? { queueSeconds: body.queueSeconds } : {}),
  });
  return { profile, forecast };
}

/** POST /planning/forecast: expected calls, AHT and channel holding time per interval. */
export function forecastFor(body: ForecastBody): Forecast {
  const { forecast } = profileAndForecast(body, MAX_PLAN_DAYS);
  return body.detail === 'days' ? { ...forecast, intervals: [] } : forecast;
}

function targetsOf(body: PlanBody, profile: ServiceProfile): StaffingTargets {
  const model = body.model ?? 'c';
  if (model !== 'c' && model !== 'a') throw invalidField('model', 'model must be c or a');
  checkNumber(body.serviceLevel, 'serviceLevel', (x) => x >= 0 && x <= 1, 'a share in [0, 1]');
  checkNumber(body.maxAbandonment, 'maxAbandonment', (x) => x >= 0 && x <= 1, 'a share in [0, 1]');
  checkNumber(body.targetSeconds, 'targetSeconds', (x) => x >= 0 && x <= 86_400, 'a number of seconds >= 0');
  checkNumber(
    body.preQueueSeconds,
    'preQueueSeconds',
    (x) => x >= 0 && x <= 3600,
    'a number of seconds in [0, 3600]',
  );
  checkNumber(body.patienceSeconds, 'patienceSeconds', (x) => x > 0, 'a number of seconds > 0');
  checkNumber(body.maxOccupancy, 'maxOccupancy', (x) => x > 0 && x <= 1, 'a share in (0, 1]');
  checkNumber(body.minAgents, 'minAgents', (x) => Number.isSafeInteger(x) && x >= 0, 'an integer >= 0');
  const patienceSeconds = body.patienceSeconds ?? profile.patienceSeconds;
  if (model === 'a' && !Number.isFinite(patienceSeconds)) {
    throw invalidField('patienceSeconds', 'Erlang A needs a finite mean patience');
  }
  return {
    model,
    serviceLevel: body.serviceLevel ?? 0.9,
    targetSeconds: body.targetSeconds ?? 20,
    // MR-5 counts the wait from the start of the call: the queue has what the IVR leaves of the target.
    preQueueSeconds: body.preQueueSeconds ?? profile.preQueueSeconds,
    maxAbandonment: body.maxAbandonment ?? 0.1,
    patienceSeconds,
    ...(body.maxOccupancy !== undefined ? { maxOccupancy: body.maxOccupancy } : {}),
    ...(body.minAgents !== undefined ? { minAgents: body.minAgents } : {}),
  };
}

function planOf(body: PlanBody, maxDays: number): { profile: ServiceProfile; plan: StaffingPlan } {
  const { profile, forecast } = profileAndForecast(body, maxDays);
  const targets = targetsOf(body, profile);
  checkNumber(body.shrinkage, 'shrinkage', (x) => x >= 0 && x < 1, 'a share in [0, 1)');
  checkNumber(
    body.contractHoursPerWeek,
    'contractHoursPerWeek',
    (x) => x > 0 && x <= 168,
    'hours in (0, 168]',
  );
  checkNumber(body.blocking, 'blocking', (x) => x > 0 && x <= 1, 'a share in (0, 1]');
  if (
    body.channels !== undefined &&
    !(Number.isSafeInteger(body.channels) && body.channels >= profile.minimumChannels)
  ) {
    throw invalidField(
      'channels',
      `channels must be an integer >= ${profile.minimumChannels}: the CC-5 minimum for a ${profile.lineService} line`,
    );
  }
  const staffing = validateStaffing(body.staffing);
  try {
    const plan = planStaffing(
      forecast,
      targets,
      { shrinkage: body.shrinkage ?? 0.3, contractHoursPerWeek: body.contractHoursPerWeek ?? 40 },
      {
        blocking: body.blocking ?? 0.01,
        minimumChannels: profile.minimumChannels,
        ...(body.channels !== undefined ? { provisionedChannels: body.channels } : {}),
      },
      staffing,
    );
    return { profile, plan };
  } catch (error) {
    if (error instanceof RangeError) throw invalidField('yearlyCalls', error.message);
    throw error;
  }
}

/** JSON has no Infinity: a queue that never clears has no average speed of answer. */
function serialisable(plan: StaffingPlan, detail: PlanBody['detail']): StaffingPlan {
  const t = plan.totals;
  return {
    ...plan,
    targets: { ...plan.targets, patienceSeconds: finite(plan.targets.patienceSeconds) as number },
    totals: {
      ...t,
      averageSpeedOfAnswerSeconds: finiteOrNull(t.averageSpeedOfAnswerSeconds),
      required: {
        ...t.required,
        averageSpeedOfAnswerSeconds: finiteOrNull(t.required.averageSpeedOfAnswerSeconds),
      },
    },
    intervals:
      detail === 'days'
        ? []
        : plan.intervals.map((iv) => ({
            ...iv,
            averageSpeedOfAnswerSeconds: finite(iv.averageSpeedOfAnswerSeconds) as number,
            // Too few planned agents for the load: the queue never clears (null in JSON).
            queueSeconds: finiteOrNull(iv.queueSeconds) as number,
          })),
  };
}

/** POST /planning/plan: forecast → agents per interval → FTE → channels. */
export function planFor(body: PlanBody): StaffingPlan {
  return serialisable(planOf(body, MAX_PLAN_DAYS).plan, body.detail);
}

/** POST /planning/what-if: the plan, and its simulation on the contact-centre engine. */
export async function whatIfFor(
  body: WhatIfBody,
  onProgress?: (p: { replication: number; fraction: number }) => void,
): Promise<{ plan: StaffingPlan; whatIf: WhatIfReport }> {
  const replications = body.replications ?? 5;
  if (!(Number.isSafeInteger(replications) && replications >= 1 && replications <= MAX_REPLICATIONS)) {
    throw invalidField('replications', `replications must be an integer from 1 to ${MAX_REPLICATIONS}`);
  }
  const seed = body.seed ?? 1;
  if (!(Number.isSafeInteger(seed) && seed >= 0 && seed <= 2_147_483_647)) {
    throw invalidField('seed', 'seed must be an integer from 0 to 2147483647');
  }
  checkNumber(body.serviceValueEuros, 'serviceValueEuros', (x) => x >= 0, 'a number >= 0');
  const penalties: PenaltyTable = body.penalties ?? TENDER_PENALTIES;
  validatePenaltyTable(penalties, 'penalties');
  const { profile, plan } = planOf(body, MAX_WHAT_IF_DAYS);
  const expected = plan.totals.calls * replications;
  if (expected > MAX_SIMULATED_CALLS) {
    throw invalidField(
      'replications',
      `this what-if would simulate about ${Math.round(expected).toLocaleString('en')} calls ` +
        `(${Math.round(plan.totals.calls)} × ${replications} replications); at most ` +
        `${MAX_SIMULATED_CALLS.toLocaleString('en')}: fewer days or replications`,
    );
  }
  const zone = 'Europe/Rome';
  const scenario = planScenario(BUILTIN_SCENARIOS[profile.scenario]!, {
    lineNumber: profile.lineNumber,
    channels: plan.channels.provisioned,
    curves: {
      ...(body.curves ?? profile.curves),
      ...(body.yearlyCalls !== undefined ? { yearlyCalls: body.yearlyCalls } : {}),
    },
    ...(body.handling ? { handling: body.handling } : {}),
  });
  const whatIf = await runWhatIf({
    scenario,
    lineNumber: profile.lineNumber,
    lineService: profile.lineService,
    intervals: plan.intervals.map((iv) => ({
      start: iv.start,
      startMs: iv.startMs,
      date: iv.date,
      time: iv.time,
      agents: iv.plannedAgents,
      requiredAgents: iv.requiredAgents,
      modelServiceLevel: iv.serviceLevel,
    })),
    intervalMinutes: plan.intervalMinutes,
    startMs: DateTime.fromISO(plan.from, { zone }).toMillis(),
    endMs: DateTime.fromISO(plan.to, { zone }).plus({ days: 1 }).toMillis(),
    replications,
    seed,
    // The simulation's operational service level is counted from the queue, as the plan's model is.
    targetSeconds: queueTargetSeconds(plan.targets),
    penalties,
    ...(body.serviceValueEuros !== undefined ? { serviceValueEuros: body.serviceValueEuros } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  return {
    plan: serialisable(plan, body.detail),
    whatIf: body.detail === 'days' ? { ...whatIf, intervals: [] } : whatIf,
  };
}
