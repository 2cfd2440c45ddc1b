import { DateTime } from 'luxon';
import { ZONE } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { invalidField } from '../../platform/errors.ts';
import { basilicataCentre, normaliseNumber } from '../contact-centre/index.ts';
import * as repo from './reporting.repository.ts';
import {
  assessPenalties,
  PenaltyMeasures,
  type PenaltyTable,
  rulesFor,
  TENDER_PENALTIES,
} from './rules/penalties.ts';
import { type FoldEvent, PenaltyFold } from './rules/penalty-fold.ts';

// MR-5 on real events: a month's contact events, as stored, folded into the contract's measures by the
// same code the planning what-if uses on simulated ones, and the penalties they make.

/** The event types the measures read. */
const FOLDED = [
  'call.arrived',
  'call.answered',
  'call.outcome',
  'call.ended',
  'callback.requested',
  'callback.restored',
];
/** Calls arrived in the month may end (and be classified) after it: read this much further. */
const GRACE_MS = 2 * 86_400_000;
const PAGE = 20_000;

/** The tender's levels this evaluation does not measure yet, and why (shown as such, never as met). */
export const NOT_MEASURED = [
  {
    id: 'risposta-contatti-scritti',
    description: 'Risposta ai contatti scritti (mail, fax, SMS, lettere) entro 24 h',
    why: 'the help desk (tickets) is not built yet',
  },
  {
    id: 'risolte-secondo-livello',
    description: 'Chiamate risolte al secondo livello almeno 90%; tempo di soluzione 4 h nell’80% dei casi',
    why: 'second-level cases are not recorded with their closure yet',
  },
  {
    id: 'outbound',
    description: 'Outbound: esiti positivi almeno 50%; pacchetti da 100 contatti entro 24 h',
    why: "measured per campaign on the Outreach page; not yet in the month's evaluation",
  },
  {
    id: 'continuita-ivr',
    description: 'Continuità del risponditore automatico 24/7 almeno 95%',
    why: "the centre's availability is not recorded as events yet",
  },
] as const;

export interface SlaRuleResult {
  id: string;
  description: string;
  indicator: string;
  comparison: 'at-least' | 'at-most';
  threshold: number;
  targetSeconds: number | null;
  /** The measured share; null when the month had nothing to measure. */
  measured: number | null;
  met: boolean | null;
  /** Percentage points on the wrong side, counted as the table says (whole points by default). */
  points: number;
  /** Share of the month's service value. */
  penaltyShare: number;
  penaltyEuro: number | null;
}

export interface SlaMonth {
  month: string;
  from: Date;
  to: Date;
  source: string;
  /** How the table counts: where the wait starts, a lost call's measure, points. */
  definitions: { waitMeasuredFrom: string; lostCallsMeasuredByDuration: boolean; points: string };
  services: {
    service: string;
    lines: string[];
    calls: number;
    rules: SlaRuleResult[];
    penaltyShare: number;
    penaltyEuro: number | null;
  }[];
  notMeasured: { id: string; description: string; why: string }[];
}

/** The Rome month 'YYYY-MM' as instants, refusing a month not yet begun. */
export function romeMonth(month: string, now: Date): { from: Date; to: Date } {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalidField('month', 'a month is YYYY-MM');
  const start = DateTime.fromISO(`${month}-01`, { zone: ZONE });
  if (start.toMillis() > now.getTime()) throw invalidField('month', 'the month has not begun');
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** The live centre's lines and the service each serves (CUP, regional line, facilities). */
function lineServices(): Map<string, string> {
  return new Map(basilicataCentre().lines.map((l) => [normaliseNumber(l.number), l.service]));
}

/**
 * MR-5: the month's service levels and penalties, per service, from the contact events stored for it
 * (calls that arrived in the month, followed to their end). `serviceValue`: the month's value of the
 * service in euro, to turn penalty shares into amounts.
 */
export async function evaluateSlaMonth(
  db: Db,
  clock: Clock,
  q: { month: string; serviceValue?: number | undefined },
  table: PenaltyTable = TENDER_PENALTIES,
): Promise<SlaMonth> {
  const { from, to } = romeMonth(q.month, clock.now());
  const services = lineServices();
  const groups = new Map<string, { measures: PenaltyMeasures; lines: Set<string>; calls: number }>();
  const group = (service: string) => {
    let g = groups.get(service);
    if (!g) {
      g = { measures: new PenaltyMeasures(table, rulesFor(table, service)), lines: new Set(), calls: 0 };
      groups.set(service, g);
    }
    return g;
  };
  const fold = new PenaltyFold((line) => {
    const number = normaliseNumber(line);
    const service = services.get(number);
    if (!service) return null;
    const g = group(service);
    g.lines.add(number);
    return g.measures;
  });
  const readUntil = new Date(to.getTime() + GRACE_MS);
  let after = '0';
  for (;;) {
    const rows = await repo.eventsAfter(db, { after, from, to: readUntil, types: FOLDED, limit: PAGE });
    for (const r of rows) {
      const e = r.payload as unknown as FoldEvent & { at: number };
      // Calls are the month's by their arrival; their later events are read to follow them to the end.
      if (e.type === 'call.arrived') {
        if (e.at >= to.getTime()) continue;
        const service = services.get(normaliseNumber(e.line));
        if (service) group(service).calls++;
      }
      fold.add(e);
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.id;
  }
  const value = q.serviceValue ?? null;
  return {
    month: q.month,
    from,
    to,
    source: table.source,
    definitions: {
      waitMeasuredFrom: table.waitMeasuredFrom,
      lostCallsMeasuredByDuration: table.lostCallsMeasuredByDuration,
      points: table.points,
    },
    services: [...groups.entries()]
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
      }),
    notMeasured: NOT_MEASURED.map((n) => ({ ...n })),
  };
}
