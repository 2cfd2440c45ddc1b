import { DateTime } from 'luxon';
import { romeDate, ZONE } from '../../../platform/calendar.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField } from '../../../platform/errors.ts';
import { basilicataCentre, normaliseNumber } from '../../contact-centre/index.ts';
import { ticketsOfPeriod } from '../../helpdesk/index.ts';
import * as factsRepo from '../facts/facts.repository.ts';
import { projectCallFacts } from '../facts/facts.service.ts';
import { measureAvailability } from '../figures/availability.service.ts';
import { measureOutbound } from '../figures/outbound.service.ts';
import { lastDayOf, measureTurnover } from '../figures/turnover.service.ts';
import { type MeasuredCall, type MeasuredOutcome, measureFacts } from '../rules/call-facts.ts';
import { helpdeskLevels } from '../rules/helpdesk-levels.ts';
import type { OutboundLevels } from '../rules/outbound.ts';
import {
  assessPenalties,
  PenaltyMeasures,
  type PenaltyTable,
  rulesFor,
  TENDER_PENALTIES,
} from '../rules/penalties.ts';
import type { SlaMonth, SlaRuleResult, SlaToday } from '../rules/report.types.ts';
import { EURO_PER_LATE_WORKING_DAY, lateWorkingDays, reportDeadline } from '../rules/report-delivery.ts';
import * as repo from './reports.repository.ts';

export type { SlaMonth, SlaRuleResult, SlaToday } from '../rules/report.types.ts';

// MR-5 on real events: a month's contact events, as stored, folded into the contract's measures by the
// same code the planning what-if uses on simulated ones, and the penalties they make.

/** Calls arrived in the month may end (and be classified) after it: read this much further. */
export const GRACE_MS = 2 * 86_400_000;

/** The tender's levels this evaluation does not measure yet, and why (shown as such, never as met). */
/** The contract's levels not measured yet: none since the help desk measures its own (issue 16). */
export const NOT_MEASURED: readonly { id: string; description: string; why: string }[] = [];

/** The Rome month 'YYYY-MM' as instants, refusing a month not yet begun. */
export function romeMonth(month: string, now: Date): { from: Date; to: Date } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalidField('month', 'a month is YYYY-MM');
  const start = DateTime.fromISO(`${month}-01`, { zone: ZONE });
  if (start.toMillis() > now.getTime()) throw invalidField('month', 'the month has not begun');
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** The live centre's lines and the service each serves (CUP, regional line, facilities). */
export function lineServices(): Map<string, string> {
  return new Map(basilicataCentre().lines.map((l) => [normaliseNumber(l.number), l.service]));
}

/**
 * The contract's measures of a period, per service, from the facts of the calls that arrived in it (see
 * call-facts.ts): in memory for a report, from the stored projection for the month's evaluation.
 */
export class SlaAccumulator {
  private readonly groups = new Map<
    string,
    { measures: PenaltyMeasures; lines: Set<string>; calls: number }
  >();

  constructor(
    private readonly table: PenaltyTable,
    private readonly services: Map<string, string>,
  ) {}

  private group(service: string) {
    let g = this.groups.get(service);
    if (!g) {
      g = {
        measures: new PenaltyMeasures(this.table, rulesFor(this.table, service)),
        lines: new Set(),
        calls: 0,
      };
      this.groups.set(service, g);
    }
    return g;
  }

  /** The period's calls, counted per service on the way. */
  private *counted(calls: Iterable<MeasuredCall>): Generator<MeasuredCall> {
    for (const c of calls) {
      const service = this.services.get(normaliseNumber(c.line));
      if (service) this.group(service).calls++;
      yield c;
    }
  }

  /** Measures a period's calls and classified conversations with what was known before `cutoff`. */
  measure(calls: Iterable<MeasuredCall>, outcomes: Iterable<MeasuredOutcome>, cutoff: number): void {
    measureFacts(
      this.counted(calls),
      outcomes,
      (line) => {
        const number = normaliseNumber(line);
        const service = this.services.get(number);
        if (!service) return null;
        const g = this.group(service);
        g.lines.add(number);
        return g.measures;
      },
      cutoff,
    );
  }

  /** The levels and penalties; `value`: the period's service value in euro, for the amounts. */
  result(value: number | null): SlaMonth['services'] {
    const table = this.table;
    return [...this.groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, g]) => {
        const rules = g.measures.rules;
        const assessed = assessPenalties(table, rules, g.measures.values());
        return {
          service,
          lines: [...g.lines].sort(),
          calls: g.calls,
          rules: rules.map((r, i): SlaRuleResult => {
            const a = assessed.rules[i]!;
            return {
              id: r.id,
              description: r.description,
              indicator: r.indicator,
              comparison: r.comparison,
              threshold: r.threshold,
              targetSeconds: r.targetSeconds ?? null,
              measured: a.measured,
              met:
                a.measured === null
                  ? null
                  : r.comparison === 'at-least'
                    ? a.measured >= r.threshold
                    : a.measured <= r.threshold,
              points: a.points,
              penaltyShare: a.share,
              penaltyEuro: value === null ? null : Math.round(a.share * value * 100) / 100,
            };
          }),
          penaltyShare: assessed.share,
          penaltyEuro: value === null ? null : Math.round(assessed.share * value * 100) / 100,
        };
      });
  }
}

/** The outbound penalty in euro, when the period's outbound value is known. */
export const withEuro = (o: OutboundLevels, value: number | null) => ({
  ...o,
  penaltyEuro: value === null ? null : Math.round(o.penaltyShare * value * 100) / 100,
});

/** How the table counts, shown beside every figure it produced. */
export const definitionsOf = (table: PenaltyTable) => ({
  waitMeasuredFrom: table.waitMeasuredFrom,
  lostCallsMeasuredByDuration: table.lostCallsMeasuredByDuration,
  points: table.points,
});

/**
 * MR-5: the month's service levels and penalties, per service, from the contact events stored for it
 * (calls that arrived in the month, followed to their end). `serviceValue`: the month's value of the
 * service in euro, to turn penalty shares into amounts.
 */
export async function evaluateSlaMonth(
  db: Db,
  clock: Clock,
  q: {
    month: string;
    serviceValue?: number | undefined;
    outboundValue?: number | undefined;
    /** The supply's value in euro (the turnover's penalty is 0.5% of it). */
    contractValue?: number | undefined;
  },
  table: PenaltyTable = TENDER_PENALTIES,
): Promise<SlaMonth> {
  const now = clock.now();
  const { from, to } = romeMonth(q.month, now);
  const services = await storedLevels(db, table, from, to, to.getTime() + GRACE_MS, q.serviceValue ?? null);
  const [availability, outbound, delivery, turnover, tickets] = await Promise.all([
    // A month still running is measured up to now.
    measureAvailability(db, from, new Date(Math.min(to.getTime(), now.getTime()))),
    measureOutbound(db, from, to, now),
    reportDelivery(db, q.month, now),
    measureTurnover(db, lastDayOf(q.month), romeDate(now), q.contractValue ?? null),
    // The month's tickets, measured as of the evaluation (a month still running: up to now).
    ticketsOfPeriod(db, from, to, now),
  ]);
  return {
    month: q.month,
    from,
    to,
    source: table.source,
    definitions: definitionsOf(table),
    services,
    notMeasured: NOT_MEASURED.map((n) => ({ ...n })),
    availability,
    outbound: withEuro(outbound, q.outboundValue ?? null),
    turnover,
    reportDelivery: delivery,
    helpdesk: helpdeskLevels(tickets).map((l) => ({
      ...l,
      penaltyEuro:
        q.serviceValue === undefined ? null : Math.round(l.penaltyShare * q.serviceValue * 100) / 100,
    })),
  };
}

/**
 * The levels per service of the calls that arrived in [from, to), from the stored call facts, with what
 * was known before `cutoff`. The projection first takes in the events stored since its last run.
 */
async function storedLevels(
  db: Db,
  table: PenaltyTable,
  from: Date,
  to: Date,
  cutoff: number,
  value: number | null,
): Promise<SlaMonth['services']> {
  await projectCallFacts(db);
  const sla = new SlaAccumulator(table, lineServices());
  const facts = await factsRepo.periodFacts(db, from, to);
  sla.measure(facts.calls, facts.outcomes, cutoff);
  return sla.result(value);
}

/**
 * MR-4 read against MR-5: today's contract levels so far (Rome day), by the month's definitions and code,
 * over the calls that arrived today and ended by now. A caller whose callback is still pending counts as
 * not answered within the target, which by now they cannot be.
 */
export async function evaluateSlaToday(
  db: Db,
  clock: Clock,
  table: PenaltyTable = TENDER_PENALTIES,
): Promise<SlaToday> {
  const now = clock.now();
  const from = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').toJSDate();
  return {
    date: romeDate(now),
    from,
    to: now,
    source: table.source,
    definitions: definitionsOf(table),
    services: await storedLevels(db, table, from, now, now.getTime(), null),
  };
}

/** MR-3's penalty for this month's report: made (its first version) after the 15th of the next month. */
async function reportDelivery(db: Db, month: string, now: Date): Promise<SlaMonth['reportDelivery']> {
  const deadline = reportDeadline(month);
  const made = await repo.firstMade(db, 'monthly', month);
  const days = lateWorkingDays(deadline, made ? romeDate(made) : null, romeDate(now));
  return {
    deadline,
    deliveredAt: made?.toISOString() ?? null,
    lateWorkingDays: days,
    penaltyEuro: days * EURO_PER_LATE_WORKING_DAY,
  };
}
