// What the planner types (text, percentages) → the API's requests (numbers, shares), with the field
// errors to show next to each input. Only the fields the chosen model uses are sent.
import type { MessageKey } from '../i18n/i18n.tsx';
import type { Lang } from '../lib/format.ts';
import { parseDecimal } from './numbers.ts';
import type {
  ErlangModel,
  ErlangQuery,
  IntervalMinutes,
  PlanBody,
  QueueModel,
  RosterBand,
  Scenario,
  Staffing,
} from './types.ts';

export type FieldErrors<F extends string> = Partial<Record<F, MessageKey>>;
export type Parsed<T, F extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

type Rule = 'positive' | 'nonNegative' | 'integer' | 'percent' | 'percentPositive' | 'scalePercent' | 'cap';

/** Reads one field; records its error. `required` false: empty → undefined. */
function reader<F extends string>(lang: Lang, errors: FieldErrors<F>) {
  return (field: F, text: string, rule: Rule, required = false): number | undefined => {
    const x = parseDecimal(text, lang);
    if (x === null) {
      if (required) errors[field] = 'planning.error.required';
      return undefined;
    }
    const bad: Record<Rule, (n: number) => MessageKey | null> = {
      positive: (n) => (n > 0 ? null : 'planning.error.positive'),
      nonNegative: (n) => (n >= 0 ? null : 'planning.error.nonNegative'),
      integer: (n) => (Number.isInteger(n) && n >= 0 ? null : 'planning.error.integer'),
      percent: (n) => (n >= 0 && n <= 100 ? null : 'planning.error.percent'),
      percentPositive: (n) => (n > 0 && n <= 100 ? null : 'planning.error.percent'),
      scalePercent: (n) => (n > 0 && n <= 500 ? null : 'planning.error.staffingPercent'),
      cap: (n) => (Number.isInteger(n) && n >= 1 && n <= 10_000 ? null : 'planning.error.maxAgents'),
    };
    const error = Number.isNaN(x) ? 'planning.error.number' : bad[rule](x);
    if (error) {
      errors[field] = error;
      return undefined;
    }
    return x;
  };
}

/** Percent as typed (90) → share the API takes (0.9), without binary noise (0.07 not 0.07000000000000001). */
const share = (percent: number | undefined) =>
  percent === undefined ? undefined : Number((percent / 100).toPrecision(12));

// ---------------------------------------------------------------------------------------------------
// Erlang calculator

export interface ErlangForm {
  model: ErlangModel;
  calls: string;
  period: string;
  aht: string;
  agents: string;
  lines: string;
  target: string;
  patience: string;
  /** Percent. */
  serviceLevel: string;
  /** Percent. */
  maxAbandon: string;
  /** Percent. */
  blocking: string;
}
export type ErlangField = Exclude<keyof ErlangForm, 'model'>;

export const ERLANG_DEFAULTS: ErlangForm = {
  model: 'c',
  calls: '',
  period: '1800',
  aht: '',
  agents: '',
  lines: '',
  target: '20',
  patience: '150',
  serviceLevel: '90',
  maxAbandon: '10',
  blocking: '1',
};

/** The fields each model shows and sends. */
export function erlangFieldsFor(model: ErlangModel): ErlangField[] {
  const traffic: ErlangField[] = ['calls', 'period', 'aht'];
  if (model === 'b') return [...traffic, 'lines', 'blocking'];
  if (model === 'c') return [...traffic, 'agents', 'target', 'serviceLevel'];
  return [...traffic, 'agents', 'target', 'patience', 'serviceLevel', 'maxAbandon'];
}

export function toErlangQuery(form: ErlangForm, lang: Lang): Parsed<ErlangQuery, ErlangField> {
  const errors: FieldErrors<ErlangField> = {};
  const read = reader<ErlangField>(lang, errors);
  const calls = read('calls', form.calls, 'nonNegative', true);
  const period = read('period', form.period, 'positive', true);
  const aht = read('aht', form.aht, 'positive', true);
  const query: Partial<ErlangQuery> = { model: form.model, calls, period, aht };

  if (form.model === 'b') {
    query.lines = read('lines', form.lines, 'integer');
    query.blocking = share(read('blocking', form.blocking, 'percentPositive'));
    if (!errors.lines && !errors.blocking && query.lines === undefined && query.blocking === undefined) {
      errors.lines = 'planning.error.linesOrBlocking';
    }
  } else {
    query.agents = read('agents', form.agents, 'integer');
    query.target = read('target', form.target, 'nonNegative');
    query.serviceLevel = share(read('serviceLevel', form.serviceLevel, 'percent'));
    if (
      !errors.agents &&
      !errors.serviceLevel &&
      query.agents === undefined &&
      query.serviceLevel === undefined
    ) {
      errors.agents = 'planning.error.agentsOrLevel';
    }
    if (form.model === 'a') {
      query.patience = read('patience', form.patience, 'positive', true);
      // The abandonment cap only bounds the agents needed, so it goes with a service level.
      if (query.serviceLevel !== undefined)
        query.maxAbandon = share(read('maxAbandon', form.maxAbandon, 'percent'));
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const value = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as ErlangQuery;
  return { ok: true, value };
}

// ---------------------------------------------------------------------------------------------------
// Month plan

/** How the plan staffs each interval: the requirement, a share of it, a cap on it, or a roster. */
export type StaffingMode = 'required' | 'scale' | 'cap' | 'roster';

/** A roster read from a file: its name, to say what was loaded, and its bands as the API takes them. */
export interface RosterFile {
  name: string;
  bands: RosterBand[];
}

export interface PlanForm {
  scenario: Scenario;
  /** YYYY-MM. */
  month: string;
  intervalMinutes: IntervalMinutes;
  model: QueueModel;
  /** Percent. */
  serviceLevel: string;
  targetSeconds: string;
  /** Percent (Erlang A). */
  maxAbandonment: string;
  /** Percent. */
  shrinkage: string;
  staffing: StaffingMode;
  /** Percent of the required agents (mode 'scale'). */
  staffingPercent: string;
  /** Highest agents in any interval (mode 'cap'). */
  maxAgents: string;
  /** Mode 'roster'. */
  roster: RosterFile | null;
}
export type PlanField =
  | 'month'
  | 'serviceLevel'
  | 'targetSeconds'
  | 'maxAbandonment'
  | 'shrinkage'
  | 'staffingPercent'
  | 'maxAgents'
  | 'roster';

/** The month after `today` ("YYYY-MM-DD"): plans are made ahead. */
export function nextMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function planDefaults(today: string): PlanForm {
  return {
    scenario: 'cup-2013',
    month: nextMonth(today),
    intervalMinutes: 30,
    model: 'c',
    serviceLevel: '90',
    targetSeconds: '20',
    maxAbandonment: '10',
    shrinkage: '30',
    staffing: 'required',
    staffingPercent: '85',
    maxAgents: '',
    roster: null,
  };
}

/**
 * A roster file's text → its bands: a JSON list of { from, to, agents, weekdays? } (the API's
 * staffing.roster, as `sportello plan --roster` takes it). Only the shape is checked here; the server
 * checks times, counts and weekdays and names the band that is wrong.
 */
export function parseRoster(
  text: string,
): { ok: true; bands: RosterBand[] } | { ok: false; error: MessageKey } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'planning.error.rosterJson' };
  }
  const band = (b: unknown) =>
    typeof b === 'object' &&
    b !== null &&
    typeof (b as RosterBand).from === 'string' &&
    typeof (b as RosterBand).to === 'string' &&
    typeof (b as RosterBand).agents === 'number';
  if (!Array.isArray(value) || value.length === 0 || value.length > 200 || !value.every(band)) {
    return { ok: false, error: 'planning.error.rosterShape' };
  }
  return { ok: true, bands: value as RosterBand[] };
}

export function toPlanBody(form: PlanForm, lang: Lang): Parsed<PlanBody, PlanField> {
  const errors: FieldErrors<PlanField> = {};
  const read = reader<PlanField>(lang, errors);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(form.month)) errors.month = 'planning.error.month';
  const serviceLevel = share(read('serviceLevel', form.serviceLevel, 'percent', true));
  const targetSeconds = read('targetSeconds', form.targetSeconds, 'nonNegative', true);
  const maxAbandonment =
    form.model === 'a' ? share(read('maxAbandonment', form.maxAbandonment, 'percent', true)) : undefined;
  const shrinkage = share(read('shrinkage', form.shrinkage, 'percent', true));
  if (shrinkage !== undefined && shrinkage > 0.95) errors.shrinkage = 'planning.error.shrinkage';
  let staffing: Staffing | undefined;
  if (form.staffing === 'scale') {
    const scale = share(read('staffingPercent', form.staffingPercent, 'scalePercent', true));
    if (scale !== undefined) staffing = { scale };
  } else if (form.staffing === 'cap') {
    const maxAgents = read('maxAgents', form.maxAgents, 'cap', true);
    if (maxAgents !== undefined) staffing = { maxAgents };
  } else if (form.staffing === 'roster') {
    if (form.roster) staffing = { roster: form.roster.bands };
    else errors.roster = 'planning.error.rosterMissing';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      scenario: form.scenario,
      month: form.month,
      intervalMinutes: form.intervalMinutes,
      model: form.model,
      serviceLevel: serviceLevel!,
      targetSeconds: targetSeconds!,
      ...(maxAbandonment !== undefined ? { maxAbandonment } : {}),
      shrinkage: shrinkage!,
      ...(staffing ? { staffing } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// What-if

export interface WhatIfForm {
  replications: string;
  seed: string;
  /** Euros in the month, optional: penalties in euros as well as shares. */
  serviceValue: string;
}
export type WhatIfField = keyof WhatIfForm;

export const WHAT_IF_DEFAULTS: WhatIfForm = { replications: '5', seed: '1', serviceValue: '' };

export function toWhatIfOptions(
  form: WhatIfForm,
  lang: Lang,
): Parsed<{ replications: number; seed: number; serviceValueEuros?: number }, WhatIfField> {
  const errors: FieldErrors<WhatIfField> = {};
  const read = reader<WhatIfField>(lang, errors);
  const replications = read('replications', form.replications, 'integer', true);
  if (replications !== undefined && (replications < 1 || replications > 20)) {
    errors.replications = 'planning.error.replications';
  }
  const seed = read('seed', form.seed, 'integer', true);
  if (seed !== undefined && seed > 2_147_483_647) errors.seed = 'planning.error.integer';
  const serviceValueEuros = read('serviceValue', form.serviceValue, 'nonNegative');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      replications: replications!,
      seed: seed!,
      ...(serviceValueEuros !== undefined ? { serviceValueEuros } : {}),
    },
  };
}
